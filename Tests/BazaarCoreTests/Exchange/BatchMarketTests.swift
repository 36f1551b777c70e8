import Testing

@testable import BazaarCore

/// ETH-USD, a batch-auction market: orders collect during a block and clear at its end at one
/// price. A lot is 100 ETH units and a tick 2 USD units per lot; taker fee 0.10%, maker fee 0.
@Suite("Batch markets")
struct BatchMarketTests {
    static let market = TestChain.ethUSD

    /// Account 1 rests an ask of 10 lots at 500 ticks; account 2 then bids 6 lots at 510.
    private func chainAfterOneAuction() -> (chain: TestChain, ask: UInt64, bid: UInt64, finalized: FinalizedBlock) {
        var chain = TestChain(exchange: true)
        let ask = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 500, in: Self.market)])
        let bid = chain.nextOrderID
        let finalized = chain.executeBlock([
            chain.transaction(from: 2, [chain.order(.bid, 6, at: 510, in: Self.market)])
        ])
        return (chain, ask, bid, finalized)
    }

    @Test func ordersAreCollectedNotMatchedOnArrival() {
        var chain = TestChain(exchange: true)
        let result = chain.execute(
            chain.transaction(
                from: 1,
                [chain.order(.ask, 10, at: 500, in: Self.market), chain.order(.bid, 10, at: 600, in: Self.market)]))
        #expect(!result.events.contains { if case .trade = $0 { true } else { false } })
        // The account's own orders cross at the end of the block: batch auctions allow it.
        #expect(chain.state.market(Self.market)?.orders.isEmpty == true)
    }

    @Test func theBlocksOrdersClearAtOneUniformPriceAtTheEndOfTheBlock() {
        let (chain, ask, bid, finalized) = chainAfterOneAuction()
        #expect(!finalized.results[0].events.contains { if case .orderFilled = $0 { true } else { false } })
        #expect(
            finalized.endBlockEvents == [
                .auctionCleared(market: Self.market, priceTicks: 500, lots: 6),
                .orderFilled(market: Self.market, order: ask, owner: chain.id(1), side: .ask, priceTicks: 500, lots: 6),
                .orderFilled(market: Self.market, order: bid, owner: chain.id(2), side: .bid, priceTicks: 500, lots: 6),
            ])
        #expect(chain.state.market(Self.market)?.lastPriceTicks == 500)
    }

    @Test func newOrdersPayTheTakerFeeAndRestingOrdersTheMakerFee() {
        let (chain, ask, _, _) = chainAfterOneAuction()
        // Notional 500 × 6 × 2 = 6,000. The bid arrived in this block: fee ⌈6⌉ = 6. The ask rested
        // from the block before: maker fee 0.
        #expect(chain.free(2, TestChain.usd) == 1_000_000 - 6_006)
        #expect(chain.locked(2, TestChain.usd) == 0)
        #expect(chain.free(2, TestChain.eth) == 1_000_000 + 600)
        #expect(chain.free(1, TestChain.usd) == 1_000_000 + 6_000)
        #expect(chain.locked(1, TestChain.eth) == 400)
        #expect(chain.state.tradingFeePools[TestChain.usd] == Amount(baseUnits: 6))
        #expect(chain.state.order(OrderKey(market: Self.market, id: ask))?.lots == 4)
    }

    @Test func anImmediateOrCancelRemainderIsReleasedAfterTheAuction() {
        var (chain, ask, _, _) = chainAfterOneAuction()
        let ioc = chain.nextOrderID
        let finalized = chain.executeBlock([
            chain.transaction(from: 3, [chain.order(.bid, 10, at: 500, in: Self.market, type: .immediateOrCancel)])
        ])
        #expect(
            finalized.endBlockEvents == [
                .auctionCleared(market: Self.market, priceTicks: 500, lots: 4),
                .orderFilled(market: Self.market, order: ask, owner: chain.id(1), side: .ask, priceTicks: 500, lots: 4),
                .orderFilled(market: Self.market, order: ioc, owner: chain.id(3), side: .bid, priceTicks: 500, lots: 4),
                .orderCancelled(market: Self.market, order: ioc, owner: chain.id(3), lots: 6, reason: .unfilled),
            ])
        #expect(chain.locked(3, TestChain.usd) == 0)
        #expect(chain.state.market(Self.market)?.orders.isEmpty == true)
    }

    @Test func aBlockWithoutNewOrdersLeavesTheBatchBookAsItIs() {
        var (chain, _, _, _) = chainAfterOneAuction()
        let before = StateDump(chain.state)
        #expect(chain.produceBlock([]).endBlockEvents.isEmpty)
        #expect(StateDump(chain.state) == before)
    }

    @Test func anUnfilledLimitOrderRestsForTheNextAuction() {
        var chain = TestChain(exchange: true)
        let bid = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 5, at: 400, in: Self.market)])
        chain.produceBlock([])
        #expect(chain.state.order(OrderKey(market: Self.market, id: bid))?.lots == 5)
        #expect(
            chain.state.depth(of: Self.market, levelCountMax: 3)
                == BookDepth(bids: [.init(price: 400, quantity: 5, orderCount: 1)], asks: []))
        let finalized = chain.executeBlock([
            chain.transaction(from: 2, [chain.order(.ask, 5, at: 400, in: Self.market)])
        ])
        #expect(finalized.endBlockEvents.first == .auctionCleared(market: Self.market, priceTicks: 400, lots: 5))
    }

    @Test func aRepricedOrderCountsAsNewForFeesAndPriority() {
        var chain = TestChain(exchange: true)
        let ask = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 1, at: 500, in: Self.market)])
        chain.run(1, [.amendOrder(.init(market: Self.market, order: .id(ask), price: Amount(baseUnits: 1_004)))])
        #expect(chain.state.order(OrderKey(market: Self.market, id: ask))?.height == chain.state.height)
        chain.run(2, [chain.order(.bid, 1, at: 502, in: Self.market)])
        // The ask was repriced a block before the auction: it pays the maker fee (0); the bid the taker fee.
        #expect(chain.free(1, TestChain.usd) == 1_000_000 + 1_004)
        #expect(chain.state.tradingFeePools[TestChain.usd] == Amount(baseUnits: 2))
    }
}
