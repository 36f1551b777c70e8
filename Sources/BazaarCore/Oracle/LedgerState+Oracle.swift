extension LedgerState {
    /// Applies an action of the oracle: reporters' observations and the agreed prices.
    mutating func apply(_ action: OracleAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }

    /// The end of block of the oracle: reporters' observations and the agreed prices (see `runDerivativesEndOfBlock`).
    mutating func runOracleEndOfBlock() -> [Event] {
        []
    }
}
