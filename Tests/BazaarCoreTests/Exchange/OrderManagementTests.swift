import Testing

@testable import BazaarCore

/// Cancel, cancel-all, amend, client order ids, expiry, self-trade prevention and the open-order limit.
@Suite("Order management")
struct OrderManagementTests {
    // MARK: - Cancel

    @Test func cancelReleasesTheLockAndRemovesTheOrder() {
        var chain = TestChain(exchange: true)
        let id = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 10, at: 1_000)])
        let result = chain.run(1, [.cancelOrder(.init(market: 1, order: .id(id)))])
        #expect(
            result.events.last
                == .orderCancelled(market: 1, order: id, owner: chain.id(1), lots: 10, reason: .requested))
        #expect(chain.locked(1, TestChain.usd) == 0)
        #expect(chain.free(1, TestChain.usd) == 1_000_000)
        #expect(chain.queue(.bid).isEmpty)
        #expect(chain.state.openOrderCount(of: chain.id(1)) == 0)
    }

    @Test func cancelByClientOrderID() {
        var chain = TestChain(exchange: true)
        let id = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000, clientOrderID: 77)])
        #expect(chain.state.order(of: chain.id(1), clientOrderID: 77)?.id == id)
        chain.run(1, [.cancelOrder(.init(market: 1, order: .clientID(77)))])
        #expect(chain.state.order(of: chain.id(1), clientOrderID: 77) == nil)
        #expect(chain.locked(1, TestChain.btc) == 0)
        // The client id is free again once the order is gone.
        chain.run(1, [chain.order(.ask, 10, at: 1_000, clientOrderID: 77)])
    }

    @Test func cancelAllCancelsTheSendersOrdersInOneMarketOnly() {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 10, at: 900), chain.order(.ask, 10, at: 1_100)])
        chain.run(2, [chain.order(.bid, 10, at: 950)])
        chain.run(1, [chain.order(.bid, 1, at: 10, in: TestChain.ethUSD)])
        let result = chain.run(1, [.cancelAllOrders(.init(market: 1))])
        #expect(
            Array(result.events.dropFirst()) == [
                .orderCancelled(market: 1, order: first, owner: chain.id(1), lots: 10, reason: .requested),
                .orderCancelled(market: 1, order: first + 1, owner: chain.id(1), lots: 10, reason: .requested),
            ])
        #expect(chain.state.openOrders(of: chain.id(1)).map(\.market) == [TestChain.ethUSD])
        #expect(chain.queue(.bid) == [first + 2])
    }

    // MARK: - Amend

    @Test func reducingSizeKeepsTimePriorityAndReleasesTheLock() {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 10, at: 1_000)])
        chain.run(2, [chain.order(.bid, 10, at: 1_000)])
        let amend = Action.AmendOrder(market: 1, order: .id(first), size: Amount(baseUnits: 40))
        let result = chain.run(1, [.amendOrder(amend)])
        #expect(
            result.events.last == .orderAmended(market: 1, order: first, owner: chain.id(1), priceTicks: 1_000, lots: 4)
        )
        #expect(chain.queue(.bid) == [first, first + 1])
        #expect(chain.locked(1, TestChain.usd) == 4 * 1_003)
    }

    @Test func aPriceChangeLosesTimePriority() {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 10, at: 1_000)])
        chain.run(2, [chain.order(.bid, 10, at: 999)])
        chain.run(1, [.amendOrder(.init(market: 1, order: .id(first), price: Amount(baseUnits: 999)))])
        #expect(chain.queue(.bid) == [first + 1, first])
        #expect(chain.locked(1, TestChain.usd) == 10 * (999 + 3))
    }

    @Test func aLargerSizeLosesTimePriorityAndLocksMore() {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        chain.run(2, [chain.order(.ask, 10, at: 1_000)])
        chain.run(1, [.amendOrder(.init(market: 1, order: .id(first), size: Amount(baseUnits: 150)))])
        #expect(chain.queue(.ask) == [first + 1, first])
        #expect(chain.locked(1, TestChain.btc) == 150)
    }

    @Test func anAmendedPriceThatCrossesTrades() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let bid = chain.nextOrderID
        chain.run(2, [chain.order(.bid, 15, at: 900)])
        chain.run(2, [.amendOrder(.init(market: 1, order: .id(bid), price: Amount(baseUnits: 1_000)))])
        #expect(chain.free(2, TestChain.btc) == 1_000_000 + 100)
        #expect(chain.state.order(OrderKey(market: 1, id: bid))?.lots == 5)
        #expect(chain.locked(2, TestChain.usd) == 5 * 1_003)
    }

    @Test func aPostOnlyOrderMovedAcrossTheSpreadIsRejectedUnchanged() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let bid = chain.nextOrderID
        chain.run(2, [chain.order(.bid, 10, at: 900, type: .postOnly)])
        chain.expectFailure(
            .wouldCross, from: 2, [.amendOrder(.init(market: 1, order: .id(bid), price: Amount(baseUnits: 1_000)))])
        chain.run(2, [.amendOrder(.init(market: 1, order: .id(bid), price: Amount(baseUnits: 999)))])
        #expect(chain.state.order(OrderKey(market: 1, id: bid))?.priceTicks == 999)
    }

    // MARK: - Expiry

    @Test func anOrderExpiresAtTheEndOfTheFirstBlockAtItsTime() {
        var chain = TestChain(exchange: true)
        let id = chain.nextOrderID
        let expiry = chain.state.timeMilliseconds + 2 * TestChain.blockIntervalMilliseconds
        chain.run(1, [chain.order(.bid, 10, at: 1_000, expiresAt: expiry)])  // block time: expiry - 1 interval
        #expect(chain.queue(.bid) == [id])
        let finalized = chain.produceBlock([])  // block time: expiry
        #expect(finalized.endBlockEvents == [.orderExpired(market: 1, order: id, owner: chain.id(1), lots: 10)])
        #expect(chain.queue(.bid).isEmpty)
        #expect(chain.locked(1, TestChain.usd) == 0)
    }

    @Test func aCancelledOrderDoesNotExpireLater() {
        var chain = TestChain(exchange: true)
        let id = chain.nextOrderID
        let expiry = chain.state.timeMilliseconds + 3 * TestChain.blockIntervalMilliseconds
        chain.run(1, [chain.order(.bid, 10, at: 1_000, expiresAt: expiry)])
        chain.run(1, [.cancelOrder(.init(market: 1, order: .id(id)))])
        #expect(chain.produceBlock([]).endBlockEvents.isEmpty)
        #expect(chain.produceBlock([]).endBlockEvents.isEmpty)
    }

    // MARK: - Self-trade prevention

    /// Account 1 rests asks of 10 at 1,000 (first) and 1,001; account 2 rests 10 at 1,000 between them.
    private func bookWithOwnOrders() -> (chain: TestChain, own: UInt64, other: UInt64) {
        var chain = TestChain(exchange: true)
        let own = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        chain.run(2, [chain.order(.ask, 10, at: 1_000)])
        chain.run(1, [chain.order(.ask, 10, at: 1_001)])
        return (chain, own, own + 1)
    }

    @Test func cancelRestingRemovesOwnMakersAndKeepsMatching() {
        var (chain, own, other) = bookWithOwnOrders()
        let result = chain.run(1, [chain.order(.bid, 15, at: 1_001, selfTradePrevention: .cancelResting)])
        #expect(
            result.events.contains(
                .orderCancelled(market: 1, order: own, owner: chain.id(1), lots: 10, reason: .selfTrade)))
        // Traded 10 with account 2; the own ask at 1,001 is cancelled too; 5 rest.
        #expect(chain.free(1, TestChain.btc) == 1_000_000 + 100)
        #expect(chain.state.order(OrderKey(market: 1, id: other)) == nil)
        #expect(chain.queue(.ask).isEmpty)
        #expect(chain.state.order(OrderKey(market: 1, id: own + 3))?.lots == 5)
        #expect(chain.locked(1, TestChain.btc) == 0)
    }

    @Test func cancelIncomingStopsAtTheFirstOwnOrder() {
        var (chain, own, other) = bookWithOwnOrders()
        let taker = chain.nextOrderID
        let result = chain.run(1, [chain.order(.bid, 15, at: 1_001, selfTradePrevention: .cancelIncoming)])
        #expect(
            result.events.last
                == .orderCancelled(market: 1, order: taker, owner: chain.id(1), lots: 15, reason: .selfTrade))
        #expect(chain.queue(.ask) == [own, other, own + 2])
        #expect(chain.locked(1, TestChain.usd) == 0)
    }

    @Test func cancelBothCancelsTheOwnMakerAndTheRemainder() {
        var (chain, own, other) = bookWithOwnOrders()
        chain.run(1, [chain.order(.bid, 15, at: 1_001, selfTradePrevention: .cancelBoth)])
        #expect(chain.queue(.ask) == [other, own + 2])
        #expect(chain.state.openOrderCount(of: chain.id(1)) == 1)
        #expect(chain.locked(1, TestChain.usd) == 0)
    }

    @Test func cancelIncomingTradesWithOthersAheadOfTheOwnOrder() {
        var chain = TestChain(exchange: true)
        chain.run(2, [chain.order(.ask, 10, at: 1_000)])
        let own = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        chain.run(1, [chain.order(.bid, 15, at: 1_000, selfTradePrevention: .cancelIncoming)])
        #expect(chain.free(1, TestChain.btc) == 1_000_000 - 100 + 100)
        #expect(chain.queue(.ask) == [own])
        #expect(chain.queue(.bid).isEmpty)
    }

    @Test func fillOrKillWithCancelIncomingFailsWhenItsOwnOrderIsInTheWay() {
        var (chain, _, _) = bookWithOwnOrders()
        chain.expectFailure(
            .cannotFill, from: 1,
            [chain.order(.bid, 15, at: 1_001, type: .fillOrKill, selfTradePrevention: .cancelIncoming)])
    }

    // MARK: - Limits

    @Test func theOpenOrderLimitStopsRestingOrdersButNotTakers() {
        var chain = TestChain(exchange: true, openOrderCountMax: 2)
        chain.run(1, [chain.order(.bid, 1, at: 900), chain.order(.bid, 1, at: 901)])
        chain.expectFailure(.tooManyOpenOrders, from: 1, [chain.order(.bid, 1, at: 902)])
        chain.expectFailure(.tooManyOpenOrders, from: 1, [chain.order(.bid, 1, at: 1, in: TestChain.ethUSD)])
        chain.run(2, [chain.order(.ask, 1, at: 1_000)])
        chain.run(1, [chain.order(.bid, 1, at: 1_000, type: .immediateOrCancel)])
        #expect(chain.free(1, TestChain.btc) == 1_000_000 + 10)
    }
}
