extension LedgerState {
    /// Applies an action of lending pools: supply, borrowing and interest.
    mutating func apply(_ action: LendingAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }

    /// The end of block of lending pools: supply, borrowing and interest (see `runDerivativesEndOfBlock`).
    mutating func runLendingEndOfBlock() -> [Event] {
        []
    }
}
