import Testing

@testable import BazaarCore

/// Collateralized peer-to-peer trades: the asset and both deposits sit in escrow; confirmation,
/// mediation, arbitration and every deadline's default outcome pay them out; refusals change nothing.
///
/// Accounts: 0 the escrow authority, 1 the seller, 2 the buyer, 3 the mediator, 4 the arbitrator.
@Suite("Trade escrow")
struct TradeEscrowTests {
    static let amount: UInt128 = 1_000
    static let sellerDeposit: UInt128 = 150
    static let buyerDeposit: UInt128 = 100
    /// Windows in block time; TestChain blocks are one second apart.
    static let paymentWindow: UInt64 = 20_000
    static let disputeWindow: UInt64 = 20_000

    /// A chain with a registered mediator (3) and arbitrator (4).
    func chain() -> TestChain {
        var chain = TestChain(accountCount: 5, exchange: true)
        chain.run(
            0,
            [.escrow(.registerResolver(account: chain.id(3), roles: Resolver(isMediator: true, isArbitrator: false)))])
        chain.run(
            0,
            [.escrow(.registerResolver(account: chain.id(4), roles: Resolver(isMediator: false, isArbitrator: true)))])
        return chain
    }

    func terms(_ chain: TestChain, mediator: Int = 3, arbitrator: Int = 4, expiresIn: UInt64 = 60_000)
        -> TradeEscrow.Terms
    {
        TradeEscrow.Terms(
            asset: TestChain.btc, amount: Amount(baseUnits: Self.amount), depositAsset: TestChain.usd,
            sellerDeposit: Amount(baseUnits: Self.sellerDeposit), buyerDeposit: Amount(baseUnits: Self.buyerDeposit),
            paymentTerms: "100 EUR by SEPA", mediator: chain.id(mediator), arbitrator: chain.id(arbitrator),
            expiresAtMilliseconds: chain.state.timeMilliseconds + expiresIn,
            paymentWindowMilliseconds: Self.paymentWindow, disputeWindowMilliseconds: Self.disputeWindow)
    }

    /// Offered by 1 and taken by 2: trade 1.
    func takenTrade() -> TestChain {
        var chain = chain()
        chain.run(1, [.escrow(.offerTrade(terms(chain)))])
        chain.run(2, [.escrow(.takeTrade(id: 1))])
        return chain
    }

    func balances(_ chain: TestChain) -> [UInt128] {
        [
            chain.free(1, TestChain.btc), chain.free(1, TestChain.usd), chain.free(2, TestChain.btc),
            chain.free(2, TestChain.usd),
        ]
    }

    var start: UInt128 { TestChain.startingBalance.baseUnits }

    @Test func confirmedTradeReleasesTheAssetAndBothDeposits() {
        var chain = chain()
        chain.run(1, [.escrow(.offerTrade(terms(chain)))])
        #expect(balances(chain) == [start - Self.amount, start - Self.sellerDeposit, start, start])
        chain.run(2, [.escrow(.takeTrade(id: 1))])
        #expect(balances(chain) == [start - Self.amount, start - Self.sellerDeposit, start, start - Self.buyerDeposit])
        chain.run(2, [.escrow(.markPaymentSent(id: 1))])
        #expect(chain.state.escrow.trades[1]!.status == .paymentSent)
        chain.run(1, [.escrow(.confirmPaymentReceived(id: 1))])
        #expect(chain.state.escrow.trades[1]!.status == .completed)
        #expect(balances(chain) == [start - Self.amount, start, start + Self.amount, start])
    }

    @Test func mediatedSplitCompletesWhenBothAccept() {
        var chain = takenTrade()
        chain.advance(to: chain.state.escrow.trades[1]!.paymentDeadlineMilliseconds)
        chain.run(2, [.escrow(.openDispute(id: 1))])
        #expect(chain.state.escrow.trades[1]!.status == .mediation)
        let split = TradeEscrow.Split(buyerAmount: Amount(baseUnits: 600), buyerDeposits: Amount(baseUnits: 50))
        chain.run(3, [.escrow(.proposeSplit(id: 1, split: split))])
        chain.run(1, [.escrow(.acceptSplit(id: 1))])
        #expect(chain.state.escrow.trades[1]!.status == .mediation)
        chain.run(2, [.escrow(.acceptSplit(id: 1))])
        #expect(chain.state.escrow.trades[1]!.status == .settled)
        let deposits = Self.sellerDeposit + Self.buyerDeposit
        #expect(
            balances(chain) == [
                start - 600, start - Self.sellerDeposit + (deposits - 50), start + 600, start - Self.buyerDeposit + 50,
            ])
    }

    @Test func unacceptedMediationGoesToTheArbitrator() {
        var chain = takenTrade()
        chain.advance(to: chain.state.escrow.trades[1]!.paymentDeadlineMilliseconds)
        chain.run(1, [.escrow(.openDispute(id: 1))])
        chain.run(
            3, [.escrow(.proposeSplit(id: 1, split: TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: .zero)))])
        chain.run(1, [.escrow(.acceptSplit(id: 1))])
        chain.advance(to: chain.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(chain.state.escrow.trades[1]!.status == .arbitration)
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .acceptSplit(id: 1))
        chain.run(
            4,
            [
                .escrow(
                    .decideSplit(
                        id: 1,
                        split: TradeEscrow.Split(buyerAmount: Amount(baseUnits: Self.amount), buyerDeposits: .zero)))
            ])
        #expect(chain.state.escrow.trades[1]!.status == .settled)
        #expect(
            balances(chain) == [
                start - Self.amount, start + Self.buyerDeposit, start + Self.amount, start - Self.buyerDeposit,
            ])
    }

    @Test func everyDeadlineHasADefaultOutcome() {
        // Offered and never taken: expired, the seller's funds back.
        var offered = chain()
        offered.run(1, [.escrow(.offerTrade(terms(offered, expiresIn: 3_000)))])
        offered.advance(to: offered.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(offered.state.escrow.trades[1]!.status == .expired)
        #expect(balances(offered) == [start, start, start, start])

        // Taken and then silence: refunded, each party's own back.
        var taken = takenTrade()
        taken.advance(to: taken.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(taken.state.escrow.trades[1]!.status == .refunded)
        #expect(balances(taken) == [start, start, start, start])

        // Payment marked sent and the seller silent: completed for the buyer.
        var paid = takenTrade()
        paid.run(2, [.escrow(.markPaymentSent(id: 1))])
        paid.advance(to: paid.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(paid.state.escrow.trades[1]!.status == .completed)
        #expect(balances(paid) == [start - Self.amount, start, start + Self.amount, start])

        // A dispute nobody resolves: mediation, then arbitration, then refunded.
        var disputed = takenTrade()
        disputed.advance(to: disputed.state.escrow.trades[1]!.paymentDeadlineMilliseconds)
        disputed.run(2, [.escrow(.openDispute(id: 1))])
        disputed.advance(to: disputed.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(disputed.state.escrow.trades[1]!.status == .arbitration)
        disputed.advance(to: disputed.state.escrow.trades[1]!.deadlineMilliseconds)
        #expect(disputed.state.escrow.trades[1]!.status == .refunded)
        #expect(balances(disputed) == [start, start, start, start])
    }

    @Test func takingAnExpiredOffer() {
        var chain = chain()
        chain.run(1, [.escrow(.offerTrade(terms(chain, expiresIn: 3_000)))])
        chain.advance(to: chain.state.escrow.trades[1]!.deadlineMilliseconds)
        chain.expectEscrowFailure(.offerExpired, from: 2, .takeTrade(id: 1))
    }

    @Test func actionsInTheWrongState() {
        var chain = chain()
        chain.run(1, [.escrow(.offerTrade(terms(chain)))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .confirmPaymentReceived(id: 1))
        chain.run(2, [.escrow(.takeTrade(id: 1))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 3, .takeTrade(id: 1))
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .cancelTradeOffer(id: 1))
        chain.expectEscrowFailure(
            .wrongEscrowState, from: 3,
            .proposeSplit(id: 1, split: TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: .zero)))
        chain.expectEscrowFailure(
            .wrongEscrowState, from: 4,
            .decideSplit(id: 1, split: TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: .zero)))
        chain.run(2, [.escrow(.markPaymentSent(id: 1))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .markPaymentSent(id: 1))
        chain.run(1, [.escrow(.confirmPaymentReceived(id: 1))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .confirmPaymentReceived(id: 1))
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .openDispute(id: 1))
    }

    @Test func onlyThePartiesAndResolversActInTheirRoles() {
        var chain = takenTrade()
        chain.expectEscrowFailure(.notTradeParty, from: 1, .markPaymentSent(id: 1))
        chain.expectEscrowFailure(.notTradeParty, from: 2, .confirmPaymentReceived(id: 1))
        chain.expectEscrowFailure(.notTradeParty, from: 3, .openDispute(id: 1))
        chain.advance(to: chain.state.escrow.trades[1]!.paymentDeadlineMilliseconds)
        chain.run(2, [.escrow(.openDispute(id: 1))])
        let split = TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: .zero)
        chain.expectEscrowFailure(.notMediator, from: 4, .proposeSplit(id: 1, split: split))
        chain.expectEscrowFailure(.noProposal, from: 1, .acceptSplit(id: 1))
        chain.expectEscrowFailure(.notTradeParty, from: 3, .acceptSplit(id: 1))
        chain.expectEscrowFailure(.notArbitrator, from: 3, .decideSplit(id: 1, split: split))
        chain.expectEscrowFailure(
            .invalidSplit, from: 3,
            .proposeSplit(
                id: 1, split: TradeEscrow.Split(buyerAmount: Amount(baseUnits: Self.amount + 1), buyerDeposits: .zero)))
        chain.expectEscrowFailure(
            .invalidSplit, from: 3,
            .proposeSplit(
                id: 1,
                split: TradeEscrow.Split(
                    buyerAmount: .zero, buyerDeposits: Amount(baseUnits: Self.sellerDeposit + Self.buyerDeposit + 1))))
    }

    @Test func deadlinesOfThePartiesActions() {
        var chain = takenTrade()
        chain.expectEscrowFailure(.disputeTooEarly, from: 2, .openDispute(id: 1))
        chain.advance(to: chain.state.escrow.trades[1]!.paymentDeadlineMilliseconds)
        chain.expectEscrowFailure(.deadlinePassed, from: 2, .markPaymentSent(id: 1))
    }

    @Test func offerRefusals() {
        var chain = chain()
        chain.expectEscrowFailure(.unknownResolver, from: 1, .offerTrade(terms(chain, mediator: 2)))
        chain.expectEscrowFailure(.unknownResolver, from: 1, .offerTrade(terms(chain, arbitrator: 3)))
        var selfMediated = chain
        selfMediated.run(
            0,
            [.escrow(.registerResolver(account: chain.id(1), roles: Resolver(isMediator: true, isArbitrator: false)))])
        selfMediated.expectEscrowFailure(.invalidTradeTerms, from: 1, .offerTrade(terms(selfMediated, mediator: 1)))
        chain.expectEscrowFailure(.invalidExpiry, from: 1, .offerTrade(terms(chain, expiresIn: 1_000)))
        chain.expectEscrowFailure(
            .notEscrowAuthority, from: 1,
            .registerResolver(account: chain.id(2), roles: Resolver(isMediator: true, isArbitrator: true)))
        chain.run(1, [.escrow(.offerTrade(terms(chain)))])
        chain.expectEscrowFailure(.ownOffer, from: 1, .takeTrade(id: 1))
        chain.expectEscrowFailure(.invalidTradeTerms, from: 3, .takeTrade(id: 1))
        chain.expectEscrowFailure(.notTradeParty, from: 2, .cancelTradeOffer(id: 1))
        chain.expectEscrowFailure(.unknownTrade, from: 2, .takeTrade(id: 9))
    }

    @Test func encodingRoundTrips() throws {
        var chain = takenTrade()
        chain.run(2, [.escrow(.markPaymentSent(id: 1))])
        let restored = try EscrowState(canonicalBytes: chain.state.escrow.canonicalBytes)
        #expect(restored.trades.rows == chain.state.escrow.trades.rows)
        #expect(restored.resolvers.rows == chain.state.escrow.resolvers.rows)
        // The deadline index is rebuilt from the rows.
        #expect(restored.deadlines.count == 1)
        let action = EscrowAction.offerTrade(terms(chain))
        #expect(try EscrowAction(canonicalBytes: action.canonicalBytes) == action)
    }
}
