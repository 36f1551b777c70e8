extension LedgerState {
    /// Applies an action of margin accounts, perpetual markets and positions, and the insurance fund.
    mutating func apply(_ action: MarginAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }

    /// The end of block of margin accounts, perpetual markets and positions, and the insurance fund (see `runDerivativesEndOfBlock`).
    mutating func runMarginEndOfBlock() -> [Event] {
        []
    }
}
