import BazaarCore

// HTLCs, cross-ledger swap offers and peer-to-peer trades through their whole life: each step is
// signed by the party it belongs to, on an object in the status it needs; deadlines are a few
// seconds of block time, so that timeouts, disputes, mediation and arbitration all happen.

extension TransactionFactory {
    func htlc(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let now = state.timeMilliseconds
        let open = state.escrow.htlcs.sortedKeys.map { state.escrow.htlcs[$0]! }.filter { $0.status == .open }
        switch kind {
        case .claimHTLC:
            let claimable = open.filter { $0.timeoutMilliseconds > now + 2_000 }
            guard let htlc = claimable.isEmpty ? open.last : random.element(of: claimable) else {
                return .escrow(.claimHTLC(id: UInt64(random.int(in: 1...100)), preimage: Self.preimages[0]))
            }
            sender = indexes[htlc.recipient] ?? sender
            let preimage = Self.preimagesByHashlock[htlc.hashlock] ?? []
            return .escrow(.claimHTLC(id: htlc.id, preimage: random.chance(percent: 5) ? [1, 2, 3] : preimage))
        case .refundHTLC:
            let expired = open.filter { $0.timeoutMilliseconds <= now }
            guard let htlc = expired.isEmpty ? open.first : random.element(of: expired) else {
                return .escrow(.refundHTLC(id: UInt64(random.int(in: 1...100))))
            }
            sender = indexes[htlc.sender] ?? sender
            return .escrow(.refundHTLC(id: htlc.id))
        default:
            let asset = heldAsset(of: sender, state: state, random: &random)
            let timeout = random.chance(percent: 95) ? now + UInt64(random.int(in: 2_000...15_000)) : now
            return .escrow(
                .lockHTLC(
                    EscrowAction.LockHTLC(
                        recipient: ids[otherAccount(than: [sender], &random)], asset: asset,
                        amount: share(of: state.balance(of: ids[sender], asset: asset), percent: 5, &random),
                        hashlock: randomHashlock(&random), timeoutMilliseconds: timeout)))
        }
    }

    func swapOffer(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let now = state.timeMilliseconds
        let open = state.escrow.swapOffers.sortedKeys.map { state.escrow.swapOffers[$0]! }.filter {
            $0.status == .open
        }
        switch kind {
        case .takeSwapOffer:
            let takeable = open.filter { $0.terms.expiresAtMilliseconds > now + 2_000 }
            guard let offer = takeable.isEmpty ? open.first : random.element(of: takeable) else {
                return .escrow(.takeSwapOffer(id: UInt64(random.int(in: 1...100))))
            }
            sender = indexes[offer.maker].map { otherAccount(than: [$0], &random) } ?? sender
            return .escrow(.takeSwapOffer(id: offer.id))
        case .cancelSwapOffer:
            guard let offer = open.isEmpty ? nil : random.element(of: open) else {
                return .escrow(.cancelSwapOffer(id: UInt64(random.int(in: 1...100))))
            }
            sender = indexes[offer.maker] ?? sender
            return .escrow(.cancelSwapOffer(id: offer.id))
        default:
            let asset = heldAsset(of: sender, state: state, random: &random)
            let terms = SwapOffer.Terms(
                giveAsset: asset,
                giveAmount: share(of: state.balance(of: ids[sender], asset: asset), percent: 5, &random),
                wantChainID: random.chance(percent: 95) ? "bazaar-other" : chainID, wantAsset: "BTC",
                wantAmount: Amount(baseUnits: UInt128(random.int(in: 1...1_000))), makerWantAddress: ids[sender],
                hashlock: randomHashlock(&random), takerLockMilliseconds: UInt64(random.int(in: 1_000...5_000)),
                expiresAtMilliseconds: now + UInt64(random.int(in: 5_000...30_000)))
            return .escrow(.postSwapOffer(terms))
        }
    }

    /// Registering resolvers, and offering, taking and withdrawing trades.
    func tradeOffer(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let now = state.timeMilliseconds
        let offered = trades(in: [.offered], state: state)
        switch kind {
        case .registerResolver:
            sender = authorityOrOther(&random)
            // Accounts 2 and 3 keep their genesis roles, so that trades always find resolvers.
            let account = otherAccount(than: [2, 3], &random)
            let roles = Resolver(isMediator: random.chance(percent: 50), isArbitrator: random.chance(percent: 50))
            return .escrow(.registerResolver(account: ids[account], roles: roles))
        case .takeTrade:
            let takeable = offered.filter { $0.terms.expiresAtMilliseconds > now + 2_000 }
            guard let trade = takeable.isEmpty ? offered.first : random.element(of: takeable) else {
                return .escrow(.takeTrade(id: UInt64(random.int(in: 1...100))))
            }
            let excluded = [trade.seller, trade.terms.mediator, trade.terms.arbitrator].compactMap { indexes[$0] }
            sender = otherAccount(than: excluded, &random)
            return .escrow(.takeTrade(id: trade.id))
        case .cancelTradeOffer:
            guard let trade = offered.isEmpty ? nil : random.element(of: offered) else {
                return .escrow(.cancelTradeOffer(id: UInt64(random.int(in: 1...100))))
            }
            sender = indexes[trade.seller] ?? sender
            return .escrow(.cancelTradeOffer(id: trade.id))
        default:
            return .escrow(.offerTrade(tradeTerms(sender: &sender, state: state, random: &random)))
        }
    }

    /// A seller's terms: part of a held asset, small USD deposits, registered resolvers, and
    /// windows of a few seconds.
    private func tradeTerms(sender: inout Int, state: LedgerState, random: inout SimulationRandom)
        -> TradeEscrow.Terms
    {
        let resolvers = state.escrow.resolvers.sortedKeys
        let mediators = resolvers.filter { state.escrow.resolvers[$0]!.isMediator }
        let mediator = mediators.isEmpty ? ids[2] : random.element(of: mediators)
        let arbitrators = resolvers.filter { state.escrow.resolvers[$0]!.isArbitrator && $0 != mediator }
        let arbitrator = arbitrators.isEmpty ? ids[3] : random.element(of: arbitrators)
        sender = otherAccount(than: [mediator, arbitrator].compactMap { indexes[$0] }, &random)
        let asset = heldAsset(of: sender, state: state, random: &random)
        return TradeEscrow.Terms(
            asset: asset, amount: share(of: state.balance(of: ids[sender], asset: asset), percent: 10, &random),
            depositAsset: LedgerSimulation.usd, sellerDeposit: Amount(baseUnits: UInt128(random.int(in: 1...500))),
            buyerDeposit: Amount(baseUnits: UInt128(random.int(in: 1...500))),
            paymentTerms: "100 EUR by SEPA", mediator: mediator, arbitrator: arbitrator,
            expiresAtMilliseconds: state.timeMilliseconds + UInt64(random.int(in: 3_000...30_000)),
            paymentWindowMilliseconds: UInt64(random.int(in: 1_000...5_000)),
            disputeWindowMilliseconds: UInt64(random.int(in: 2_000...10_000)))
    }

    /// The steps of a taken trade, each by the party it belongs to.
    func tradeStep(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let now = state.timeMilliseconds
        let statuses: [TradeEscrow.Status] =
            switch kind {
            case .markPaymentSent: [.taken]
            case .confirmPaymentReceived: [.taken, .paymentSent, .mediation, .arbitration]
            case .openDispute: [.taken, .paymentSent]
            case .proposeSplit, .acceptSplit: [.mediation]
            default: [.arbitration]
            }
        var candidates = trades(in: statuses, state: state)
        switch kind {
        case .openDispute: candidates = candidates.filter { $0.paymentDeadlineMilliseconds <= now }
        case .acceptSplit: candidates = candidates.filter { $0.proposal != nil }
        default: break
        }
        // With no trade in the needed status, the step names a trade that does not exist.
        let trade =
            candidates.isEmpty
            ? TradeEscrow(
                id: 1_000_000, seller: ids[sender], terms: tradeTerms(sender: &sender, state: state, random: &random))
            : random.element(of: candidates)
        let buyer = trade.buyer.flatMap { indexes[$0] } ?? sender
        let seller = indexes[trade.seller] ?? sender
        let split = TradeEscrow.Split(
            buyerAmount: Amount(baseUnits: random.uint128(in: 0...trade.terms.amount.baseUnits)),
            buyerDeposits: Amount(baseUnits: random.uint128(in: 0...trade.depositsHeld.baseUnits)))
        switch kind {
        case .markPaymentSent:
            sender = buyer
            return .escrow(.markPaymentSent(id: trade.id))
        case .confirmPaymentReceived:
            sender = seller
            return .escrow(.confirmPaymentReceived(id: trade.id))
        case .openDispute:
            sender = random.chance(percent: 50) ? buyer : seller
            return .escrow(.openDispute(id: trade.id))
        case .proposeSplit:
            sender = indexes[trade.terms.mediator] ?? sender
            return .escrow(.proposeSplit(id: trade.id, split: split))
        case .acceptSplit:
            sender = trade.sellerAccepted ? buyer : trade.buyerAccepted ? seller : random.element(of: [buyer, seller])
            return .escrow(.acceptSplit(id: trade.id))
        default:
            sender = indexes[trade.terms.arbitrator] ?? sender
            return .escrow(.decideSplit(id: trade.id, split: split))
        }
    }

    private func trades(in statuses: [TradeEscrow.Status], state: LedgerState) -> [TradeEscrow] {
        state.escrow.trades.sortedKeys.map { state.escrow.trades[$0]! }.filter { statuses.contains($0.status) }
    }
}
