extension LedgerState {
    /// Applies an action of the oracle, margin accounts, perpetual futures, lending pools and liquidations.
    mutating func apply(_ action: DerivativesAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }
}

extension LedgerState {
    /// The derivatives module's end of block, after auctions and expiries: oracle prices, funding,
    /// interest accrual and liquidations. Its events are end-of-block events.
    mutating func runDerivativesEndOfBlock() -> [Event] {
        []
    }
}
