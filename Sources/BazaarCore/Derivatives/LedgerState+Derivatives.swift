extension LedgerState {
    /// Applies an action of the derivatives half of the protocol.
    mutating func apply(_ action: DerivativesAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .oracle(let action): try apply(action, sender: sender)
        case .lending(let action): try apply(action, sender: sender)
        case .margin(let action): try apply(action, sender: sender)
        }
    }

    /// The derivatives' end of block, after auctions and expiries, in this fixed order: the oracle
    /// aggregates the block's observations into prices, lending pools accrue interest, then margin
    /// accounts pay funding and are liquidated where under maintenance. Its events are end-of-block events.
    mutating func runDerivativesEndOfBlock() -> [Event] {
        var events: [Event] = []
        runDerivativesEndOfBlock(appendingTo: &events)
        return events
    }

    /// ``runDerivativesEndOfBlock()``, appending to the block's events rather than returning
    /// a list to copy into them (a storm's liquidations emit hundreds of thousands).
    mutating func runDerivativesEndOfBlock(appendingTo events: inout [Event]) {
        events += runOracleEndOfBlock()
        historyJournal?.cause = .lendingAccrual
        events += runLendingEndOfBlock()
        runMarginEndOfBlock(appendingTo: &events)
    }
}
