extension LedgerState {
    /// Applies an action of hash-time-locked contracts and collateralized peer-to-peer trades.
    mutating func apply(_ action: EscrowAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {}
    }
}
