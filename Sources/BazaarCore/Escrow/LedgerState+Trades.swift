// Collateralized peer-to-peer trades with mediation and arbitration (docs/ESCROW.md has the
// state diagram). Each action checks the trade's status, the sender's role and the deadline in
// block time, then moves the trade; a trade's funds leave the escrow only when it ends.

extension LedgerState {
    mutating func applyRegisterResolver(_ account: AccountID, roles: Resolver, sender: AccountID)
        throws(ActionFailure) -> [EscrowEvent]
    {
        guard sender == parameters.marketAuthority else { throw ActionFailure(.notEscrowAuthority) }
        escrow.resolvers.write(roles.isMediator || roles.isArbitrator ? roles : nil, for: account)
        return [.resolverRegistered(account: account, roles: roles)]
    }

    mutating func applyOfferTrade(_ terms: TradeEscrow.Terms, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        guard escrow.resolvers[terms.mediator]?.isMediator == true,
            escrow.resolvers[terms.arbitrator]?.isArbitrator == true
        else { throw ActionFailure(.unknownResolver) }
        guard sender != terms.mediator, sender != terms.arbitrator, terms.mediator != terms.arbitrator,
            TradeEscrow.windowMillisecondsRange.contains(terms.paymentWindowMilliseconds),
            TradeEscrow.windowMillisecondsRange.contains(terms.disputeWindowMilliseconds)
        else { throw ActionFailure(.invalidTradeTerms) }
        guard terms.expiresAtMilliseconds > timeMilliseconds else { throw ActionFailure(.invalidExpiry) }
        guard assets[terms.depositAsset] != nil else { throw ActionFailure(.unknownAsset) }
        guard !terms.buyerDeposit.isZero else { throw ActionFailure(.zeroAmount) }
        guard terms.sellerDeposit.adding(terms.buyerDeposit) != nil else { throw ActionFailure(.amountOverflow) }
        try debitEscrow([(terms.asset, terms.amount), (terms.depositAsset, terms.sellerDeposit)], from: sender)
        let trade = TradeEscrow(id: UInt64(escrow.trades.count + 1), seller: sender, terms: terms)
        escrow.writeTrade(trade)
        return [.tradeOffered(id: trade.id, seller: sender, terms: terms)]
    }

    mutating func applyTakeTrade(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        var trade = try existingTrade(id)
        guard trade.status == .offered || trade.status == .expired else { throw ActionFailure(.wrongEscrowState) }
        guard trade.status == .offered, timeMilliseconds < trade.terms.expiresAtMilliseconds else {
            throw ActionFailure(.offerExpired)
        }
        guard sender != trade.seller else { throw ActionFailure(.ownOffer) }
        guard sender != trade.terms.mediator, sender != trade.terms.arbitrator else {
            throw ActionFailure(.invalidTradeTerms)
        }
        try debitEscrow([(trade.terms.depositAsset, trade.terms.buyerDeposit)], from: sender)
        trade.buyer = sender
        trade.status = .taken
        trade.paymentDeadlineMilliseconds = try later(timeMilliseconds, trade.terms.paymentWindowMilliseconds)
        trade.deadlineMilliseconds = try later(
            trade.paymentDeadlineMilliseconds, trade.terms.disputeWindowMilliseconds)
        escrow.writeTrade(trade)
        return [updated(trade, actor: sender)]
    }

    mutating func applyCancelTradeOffer(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        let trade = try existingTrade(id)
        guard sender == trade.seller else { throw ActionFailure(.notTradeParty) }
        guard trade.status == .offered else { throw ActionFailure(.wrongEscrowState) }
        return payOut(trade, status: .cancelled, split: refundSplit(trade), actor: sender)
    }

    mutating func applyMarkPaymentSent(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        var trade = try existingTrade(id)
        guard sender == trade.buyer else { throw ActionFailure(.notTradeParty) }
        guard trade.status == .taken else { throw ActionFailure(.wrongEscrowState) }
        guard timeMilliseconds < trade.paymentDeadlineMilliseconds else { throw ActionFailure(.deadlinePassed) }
        trade.status = .paymentSent
        escrow.writeTrade(trade)
        return [updated(trade, actor: sender)]
    }

    mutating func applyConfirmPaymentReceived(_ id: UInt64, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        let trade = try existingTrade(id)
        guard sender == trade.seller else { throw ActionFailure(.notTradeParty) }
        // The seller may concede at any point before an arbitrator's decision, disputes included.
        guard [.taken, .paymentSent, .mediation, .arbitration].contains(trade.status) else {
            throw ActionFailure(.wrongEscrowState)
        }
        return payOut(trade, status: .completed, split: completionSplit(trade), actor: sender)
    }

    mutating func applyOpenDispute(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        var trade = try existingTrade(id)
        guard sender == trade.buyer || sender == trade.seller else { throw ActionFailure(.notTradeParty) }
        guard trade.status == .taken || trade.status == .paymentSent else { throw ActionFailure(.wrongEscrowState) }
        guard timeMilliseconds >= trade.paymentDeadlineMilliseconds else { throw ActionFailure(.disputeTooEarly) }
        guard timeMilliseconds < trade.deadlineMilliseconds else { throw ActionFailure(.deadlinePassed) }
        trade.status = .mediation
        trade.deadlineMilliseconds = try later(timeMilliseconds, trade.terms.disputeWindowMilliseconds)
        escrow.writeTrade(trade)
        return [updated(trade, actor: sender)]
    }

    mutating func applyProposeSplit(_ id: UInt64, split: TradeEscrow.Split, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        var trade = try existingTrade(id)
        guard sender == trade.terms.mediator else { throw ActionFailure(.notMediator) }
        guard trade.status == .mediation else { throw ActionFailure(.wrongEscrowState) }
        guard timeMilliseconds < trade.deadlineMilliseconds else { throw ActionFailure(.deadlinePassed) }
        try checkSplit(split, of: trade)
        trade.proposal = split
        trade.sellerAccepted = false
        trade.buyerAccepted = false
        escrow.writeTrade(trade)
        return [.splitProposed(id: id, seller: trade.seller, buyer: trade.buyer!, mediator: sender, split: split)]
    }

    mutating func applyAcceptSplit(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        var trade = try existingTrade(id)
        guard sender == trade.buyer || sender == trade.seller else { throw ActionFailure(.notTradeParty) }
        guard trade.status == .mediation else { throw ActionFailure(.wrongEscrowState) }
        guard timeMilliseconds < trade.deadlineMilliseconds else { throw ActionFailure(.deadlinePassed) }
        guard let proposal = trade.proposal else { throw ActionFailure(.noProposal) }
        if sender == trade.seller { trade.sellerAccepted = true } else { trade.buyerAccepted = true }
        guard trade.sellerAccepted && trade.buyerAccepted else {
            escrow.writeTrade(trade)
            return [updated(trade, actor: sender)]
        }
        return payOut(trade, status: .settled, split: proposal, actor: sender)
    }

    mutating func applyDecideSplit(_ id: UInt64, split: TradeEscrow.Split, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        let trade = try existingTrade(id)
        guard sender == trade.terms.arbitrator else { throw ActionFailure(.notArbitrator) }
        guard trade.status == .arbitration else { throw ActionFailure(.wrongEscrowState) }
        guard timeMilliseconds < trade.deadlineMilliseconds else { throw ActionFailure(.deadlinePassed) }
        try checkSplit(split, of: trade)
        return payOut(trade, status: .settled, split: split, actor: sender)
    }

    /// The default outcome of a trade whose deadline passed (see ``TradeEscrow``).
    mutating func applyTradeDeadline(_ trade: TradeEscrow) -> [EscrowEvent] {
        switch trade.status {
        case .offered:
            return payOut(trade, status: .expired, split: refundSplit(trade), actor: nil)
        case .taken, .arbitration:
            return payOut(trade, status: .refunded, split: refundSplit(trade), actor: nil)
        case .paymentSent:
            return payOut(trade, status: .completed, split: completionSplit(trade), actor: nil)
        case .mediation:
            var next = trade
            next.status = .arbitration
            // Window lengths are bounded, so the sum cannot overflow a sane block time; saturate otherwise.
            next.deadlineMilliseconds =
                trade.deadlineMilliseconds.addingReportingOverflow(
                    trade.terms.disputeWindowMilliseconds
                ).overflow ? .max : trade.deadlineMilliseconds + trade.terms.disputeWindowMilliseconds
            escrow.writeTrade(next)
            return [updated(next, actor: nil)]
        case .completed, .cancelled, .expired, .refunded, .settled:
            preconditionFailure("a final trade has no deadline")
        }
    }

    // MARK: - Helpers

    private func existingTrade(_ id: UInt64) throws(ActionFailure) -> TradeEscrow {
        guard let trade = escrow.trades[id] else { throw ActionFailure(.unknownTrade) }
        return trade
    }

    private func later(_ time: UInt64, _ window: UInt64) throws(ActionFailure) -> UInt64 {
        let (sum, overflow) = time.addingReportingOverflow(window)
        guard !overflow else { throw ActionFailure(.invalidTimeout) }
        return sum
    }

    private func checkSplit(_ split: TradeEscrow.Split, of trade: TradeEscrow) throws(ActionFailure) {
        guard split.buyerAmount <= trade.terms.amount, split.buyerDeposits <= trade.depositsHeld else {
            throw ActionFailure(.invalidSplit)
        }
    }

    /// Each party gets back what it put in.
    private func refundSplit(_ trade: TradeEscrow) -> TradeEscrow.Split {
        TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: trade.buyer == nil ? .zero : trade.terms.buyerDeposit)
    }

    /// The asset to the buyer, each deposit back to its owner.
    private func completionSplit(_ trade: TradeEscrow) -> TradeEscrow.Split {
        TradeEscrow.Split(buyerAmount: trade.terms.amount, buyerDeposits: trade.terms.buyerDeposit)
    }

    private func updated(_ trade: TradeEscrow, actor: AccountID?) -> EscrowEvent {
        .tradeUpdated(id: trade.id, seller: trade.seller, buyer: trade.buyer, status: trade.status, actor: actor)
    }

    /// Ends a trade: pays the escrow out as `split` says and records the final status.
    private mutating func payOut(
        _ trade: TradeEscrow, status: TradeEscrow.Status, split: TradeEscrow.Split, actor: AccountID?
    )
        -> [EscrowEvent]
    {
        precondition(
            status.isFinal && split.buyerAmount <= trade.terms.amount && split.buyerDeposits <= trade.depositsHeld)
        let sellerAmount = trade.terms.amount.subtracting(split.buyerAmount)!
        let sellerDeposits = trade.depositsHeld.subtracting(split.buyerDeposits)!
        var ended = trade
        ended.status = status
        escrow.writeTrade(ended)
        if let buyer = trade.buyer {
            creditEscrow(split.buyerAmount, trade.terms.asset, to: buyer)
            creditEscrow(split.buyerDeposits, trade.terms.depositAsset, to: buyer)
        }
        creditEscrow(sellerAmount, trade.terms.asset, to: trade.seller)
        creditEscrow(sellerDeposits, trade.terms.depositAsset, to: trade.seller)
        return [
            updated(ended, actor: actor),
            .tradePaidOut(
                id: trade.id, seller: trade.seller, buyer: trade.buyer, buyerAmount: split.buyerAmount,
                buyerDeposits: split.buyerDeposits, sellerAmount: sellerAmount, sellerDeposits: sellerDeposits),
        ]
    }
}
