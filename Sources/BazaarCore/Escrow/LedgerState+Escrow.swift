// HTLCs and cross-ledger swap offers. Each action checks everything that can fail before it
// writes; deadlines compare with the block time (`timeMilliseconds`), never a clock.

extension LedgerState {
    /// Applies an action of HTLCs, swap offers or peer-to-peer trades.
    mutating func apply(_ action: EscrowAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        let events: [EscrowEvent]
        switch action {
        case .lockHTLC(let lock): events = try applyLockHTLC(lock, sender: sender)
        case .claimHTLC(let id, let preimage): events = try applyClaimHTLC(id, preimage: preimage, sender: sender)
        case .refundHTLC(let id): events = try applyRefundHTLC(id, sender: sender)
        case .postSwapOffer(let terms): events = try applyPostSwapOffer(terms, sender: sender)
        case .takeSwapOffer(let id): events = try applyTakeSwapOffer(id, sender: sender)
        case .cancelSwapOffer(let id): events = try applyCancelSwapOffer(id, sender: sender)
        case .registerResolver(let account, let roles):
            events = try applyRegisterResolver(account, roles: roles, sender: sender)
        case .offerTrade(let terms): events = try applyOfferTrade(terms, sender: sender)
        case .takeTrade(let id): events = try applyTakeTrade(id, sender: sender)
        case .cancelTradeOffer(let id): events = try applyCancelTradeOffer(id, sender: sender)
        case .markPaymentSent(let id): events = try applyMarkPaymentSent(id, sender: sender)
        case .confirmPaymentReceived(let id): events = try applyConfirmPaymentReceived(id, sender: sender)
        case .openDispute(let id): events = try applyOpenDispute(id, sender: sender)
        case .proposeSplit(let id, let split): events = try applyProposeSplit(id, split: split, sender: sender)
        case .acceptSplit(let id): events = try applyAcceptSplit(id, sender: sender)
        case .decideSplit(let id, let split): events = try applyDecideSplit(id, split: split, sender: sender)
        }
        return events.map { .escrow($0) }
    }

    /// The escrow module's end of block, after order expiry: swap offers and trades whose
    /// deadline the block reached take their default outcome (docs/ESCROW.md), in deadline order.
    mutating func runEscrowEndOfBlock() -> [Event] {
        var events: [EscrowEvent] = []
        while let next = escrow.deadlines.min, next.timeMilliseconds <= timeMilliseconds {
            _ = escrow.deadlines.removeMin()
            switch next.kind {
            case .swapOffer:
                guard let offer = escrow.swapOffers[next.id], offer.status == .open,
                    offer.terms.expiresAtMilliseconds == next.timeMilliseconds
                else { continue }
                events += closeSwapOffer(offer, status: .expired)
            case .trade:
                guard let trade = escrow.trades[next.id], !trade.status.isFinal,
                    trade.deadlineMilliseconds == next.timeMilliseconds
                else { continue }
                events += applyTradeDeadline(trade)
            }
        }
        return events.map { .escrow($0) }
    }

    // MARK: - Funds

    /// Takes `amounts` out of `account`'s free balances, all or none.
    mutating func debitEscrow(_ amounts: [(AssetSymbol, Amount)], from account: AccountID) throws(ActionFailure) {
        var needed: [AssetSymbol: Amount] = [:]
        for (asset, amount) in amounts {
            guard assets[asset] != nil else { throw ActionFailure(.unknownAsset) }
            guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
            guard let sum = needed[asset, default: .zero].adding(amount) else { throw ActionFailure(.amountOverflow) }
            needed[asset] = sum
        }
        for asset in needed.keys.sorted() where balance(of: account, asset: asset) < needed[asset]! {
            throw ActionFailure(.insufficientBalance)
        }
        for asset in needed.keys.sorted() {
            setBalance(balance(of: account, asset: asset).subtracting(needed[asset]!)!, of: account, asset: asset)
        }
    }

    /// Pays escrowed funds out to an account's free balance.
    mutating func creditEscrow(_ amount: Amount, _ asset: AssetSymbol, to account: AccountID) {
        guard !amount.isZero else { return }
        updateAccount(account) { $0.credit(amount, asset) }
    }

    // MARK: - HTLCs

    private mutating func applyLockHTLC(_ lock: EscrowAction.LockHTLC, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        guard lock.timeoutMilliseconds > timeMilliseconds,
            lock.timeoutMilliseconds - timeMilliseconds <= HTLC.durationMillisecondsMax
        else { throw ActionFailure(.invalidTimeout) }
        try debitEscrow([(lock.asset, lock.amount)], from: sender)
        let htlc = HTLC(
            id: UInt64(escrow.htlcs.count + 1), sender: sender, recipient: lock.recipient, asset: lock.asset,
            amount: lock.amount, hashlock: lock.hashlock, timeoutMilliseconds: lock.timeoutMilliseconds,
            lockedAtMilliseconds: timeMilliseconds)
        escrow.htlcs.write(htlc, for: htlc.id)
        return [Self.lockedEvent(htlc)]
    }

    private static func lockedEvent(_ htlc: HTLC) -> EscrowEvent {
        .htlcLocked(
            id: htlc.id, sender: htlc.sender, recipient: htlc.recipient, asset: htlc.asset, amount: htlc.amount,
            hashlock: htlc.hashlock, timeoutMilliseconds: htlc.timeoutMilliseconds, swapOffer: htlc.swapOffer)
    }

    private mutating func applyClaimHTLC(_ id: UInt64, preimage: [UInt8], sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        guard var htlc = escrow.htlcs[id] else { throw ActionFailure(.unknownHTLC) }
        guard htlc.status == .open else { throw ActionFailure(.wrongEscrowState) }
        guard sender == htlc.recipient else { throw ActionFailure(.notHTLCRecipient) }
        guard timeMilliseconds < htlc.timeoutMilliseconds else { throw ActionFailure(.htlcExpired) }
        guard Hash.sha256(preimage) == htlc.hashlock else { throw ActionFailure(.wrongPreimage) }
        htlc.status = .claimed
        htlc.preimage = preimage
        escrow.htlcs.write(htlc, for: id)
        creditEscrow(htlc.amount, htlc.asset, to: htlc.recipient)
        return [
            .htlcClaimed(
                id: id, sender: htlc.sender, recipient: htlc.recipient, asset: htlc.asset, amount: htlc.amount,
                preimage: preimage)
        ]
    }

    private mutating func applyRefundHTLC(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        guard var htlc = escrow.htlcs[id] else { throw ActionFailure(.unknownHTLC) }
        guard htlc.status == .open else { throw ActionFailure(.wrongEscrowState) }
        guard sender == htlc.sender else { throw ActionFailure(.notHTLCSender) }
        guard timeMilliseconds >= htlc.timeoutMilliseconds else { throw ActionFailure(.htlcNotExpired) }
        htlc.status = .refunded
        escrow.htlcs.write(htlc, for: id)
        creditEscrow(htlc.amount, htlc.asset, to: htlc.sender)
        return [
            .htlcRefunded(
                id: id, sender: htlc.sender, recipient: htlc.recipient, asset: htlc.asset, amount: htlc.amount)
        ]
    }

    // MARK: - Swap offers

    private mutating func applyPostSwapOffer(_ terms: SwapOffer.Terms, sender: AccountID) throws(ActionFailure)
        -> [EscrowEvent]
    {
        guard !terms.wantChainID.isEmpty, !Application.isSameChain(terms.wantChainID, parameters.chainID) else {
            throw ActionFailure(.invalidSwapTerms)
        }
        guard !terms.wantAmount.isZero else { throw ActionFailure(.zeroAmount) }
        guard SwapOffer.takerLockMillisecondsRange.contains(terms.takerLockMilliseconds) else {
            throw ActionFailure(.invalidTimeout)
        }
        guard terms.expiresAtMilliseconds > timeMilliseconds else { throw ActionFailure(.invalidExpiry) }
        try debitEscrow([(terms.giveAsset, terms.giveAmount)], from: sender)
        let offer = SwapOffer(id: UInt64(escrow.swapOffers.count + 1), maker: sender, terms: terms)
        escrow.writeSwapOffer(offer)
        return [.swapOfferPosted(id: offer.id, maker: sender, terms: terms)]
    }

    private mutating func applyTakeSwapOffer(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        guard var offer = escrow.swapOffers[id] else { throw ActionFailure(.unknownSwapOffer) }
        guard offer.status == .open || offer.status == .expired else { throw ActionFailure(.wrongEscrowState) }
        guard offer.status == .open, timeMilliseconds < offer.terms.expiresAtMilliseconds else {
            throw ActionFailure(.offerExpired)
        }
        guard sender != offer.maker else { throw ActionFailure(.ownOffer) }
        // The maker's lock lasts twice the taker's, counted from the take.
        // (At most 14 days, so only an absurd block time overflows.)
        let (timeout, overflow) = timeMilliseconds.addingReportingOverflow(2 * offer.terms.takerLockMilliseconds)
        guard !overflow else { throw ActionFailure(.invalidTimeout) }
        let htlc = HTLC(
            id: UInt64(escrow.htlcs.count + 1), sender: offer.maker, recipient: sender, asset: offer.terms.giveAsset,
            amount: offer.terms.giveAmount, hashlock: offer.terms.hashlock, timeoutMilliseconds: timeout,
            lockedAtMilliseconds: timeMilliseconds, swapOffer: id)
        escrow.htlcs.write(htlc, for: htlc.id)
        offer.status = .taken
        offer.taker = sender
        offer.htlc = htlc.id
        escrow.writeSwapOffer(offer)
        return [.swapOfferTaken(id: id, maker: offer.maker, taker: sender, htlc: htlc.id), Self.lockedEvent(htlc)]
    }

    private mutating func applyCancelSwapOffer(_ id: UInt64, sender: AccountID) throws(ActionFailure) -> [EscrowEvent] {
        guard let offer = escrow.swapOffers[id] else { throw ActionFailure(.unknownSwapOffer) }
        guard sender == offer.maker else { throw ActionFailure(.notOfferMaker) }
        guard offer.status == .open else { throw ActionFailure(.wrongEscrowState) }
        return closeSwapOffer(offer, status: .cancelled)
    }

    private mutating func closeSwapOffer(_ offer: SwapOffer, status: SwapOffer.Status) -> [EscrowEvent] {
        var closed = offer
        closed.status = status
        escrow.writeSwapOffer(closed)
        creditEscrow(offer.terms.giveAmount, offer.terms.giveAsset, to: offer.maker)
        return [.swapOfferClosed(id: offer.id, maker: offer.maker, status: status)]
    }
}
