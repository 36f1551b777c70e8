extension LedgerState {
    /// Applies an action of AMM pools (constant-product and concentrated liquidity) and the router's route action.
    mutating func apply(_ action: AMMAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }
}
