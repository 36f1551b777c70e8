import Testing

@testable import BazaarCore

/// Markets and continuous orders through `finalizeBlock`: locking, matching, settlement and fees.
///
/// Every chain checks full conservation (free + locked + pools = supply) and the book
/// invariants after every block.
@Suite("Order placement")
struct OrderPlacementTests {
    // MARK: - Markets

    @Test func genesisCreatesTheMarketsOfTheAuthority() {
        let chain = TestChain(exchange: true)
        #expect(chain.state.marketList.map(\.name) == ["BTC-USD", "ETH-USD"])
        #expect(chain.state.market(named: "ETH-USD")?.market.mode == .batchAuction)
        #expect(chain.state.market(named: "ETH-USD")?.market.id == TestChain.ethUSD)
        #expect(chain.state.market(named: "USD-BTC") == nil)
    }

    @Test func theMarketAuthorityCreatesAMarket() {
        var chain = TestChain(exchange: true)
        let create = Action.CreateMarket(
            base: TestChain.eth, quote: TestChain.btc, lotSize: Amount(baseUnits: 1), tickSize: Amount(baseUnits: 5),
            minimumSize: Amount(baseUnits: 3), maximumPriceTicks: 100, makerFeeBasisPoints: 2,
            takerFeeBasisPoints: 4, mode: .continuous)
        let result = chain.run(0, [.createMarket(create)])
        #expect(result.events.last == .marketCreated(market: 3, base: TestChain.eth, quote: TestChain.btc))
        #expect(chain.state.market(3)?.market.name == "ETH-BTC")
        #expect(chain.state.market(3)?.market.tickSize == Amount(baseUnits: 5))
    }

    @Test func onlyTheAuthorityCreatesValidNewMarkets() {
        var chain = TestChain(exchange: true)
        let valid = Action.CreateMarket(
            base: TestChain.eth, quote: TestChain.btc, lotSize: Amount(baseUnits: 1), tickSize: Amount(baseUnits: 1),
            minimumSize: Amount(baseUnits: 1), maximumPriceTicks: 100, makerFeeBasisPoints: -5,
            takerFeeBasisPoints: 5, mode: .batchAuction)
        chain.expectFailure(.notMarketAuthority, from: 1, [.createMarket(valid)])
        var invalid: [Action.CreateMarket] = []
        for change in 0..<8 {
            var create = valid
            switch change {
            case 0: create.quote = create.base
            case 1: create.lotSize = .zero
            case 2: create.tickSize = .zero
            case 3: create.minimumSize = Amount(baseUnits: 0)
            case 4: create.maximumPriceTicks = 0
            case 5: create.maximumPriceTicks = UInt64(Market.priceTicksMax) + 1
            case 6: create.makerFeeBasisPoints = -6  // a rebate above the taker fee
            default: create.takerFeeBasisPoints = Market.feeBasisPointsMax + 1
            }
            invalid.append(create)
        }
        for create in invalid { chain.expectFailure(.invalidMarket, from: 0, [.createMarket(create)]) }
        var offLot = valid
        offLot.lotSize = Amount(baseUnits: 2)
        offLot.minimumSize = Amount(baseUnits: 3)
        chain.expectFailure(.invalidMarket, from: 0, [.createMarket(offLot)])
        var unknown = valid
        unknown.base = "GOLD"
        chain.expectFailure(.unknownAsset, from: 0, [.createMarket(unknown)])
        var existing = valid
        existing.base = TestChain.btc
        existing.quote = TestChain.usd
        chain.expectFailure(.marketExists, from: 0, [.createMarket(existing)])
    }

    @Test func withoutAnAuthorityNoMarketCanBeCreated() {
        var chain = TestChain()
        chain.expectFailure(.notMarketAuthority, from: 0, [.createMarket(TestChain.markets[0])])
    }

    // MARK: - Locking

    @Test func aRestingBidLocksItsPriceAndTheMaximumTakerFee() {
        var chain = TestChain(exchange: true)
        let id = chain.nextOrderID
        let result = chain.run(1, [chain.order(.bid, 30, at: 2_100)])
        // 2,100 per lot plus ⌈2,100 × 0.30%⌉ = 7 of fee reserve, for 30 lots.
        #expect(chain.locked(1, TestChain.usd) == 30 * 2_107)
        #expect(chain.free(1, TestChain.usd) == 1_000_000 - 30 * 2_107)
        #expect(
            result.events.last
                == .orderPlaced(market: 1, order: id, owner: chain.id(1), side: .bid, priceTicks: 2_100, lots: 30))
        #expect(chain.state.order(OrderKey(market: 1, id: id))?.lots == 30)
        #expect(chain.state.openOrders(of: chain.id(1)).map(\.id) == [id])
    }

    @Test func aRestingAskLocksItsBase() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 50, at: 2_000)])
        #expect(chain.locked(1, TestChain.btc) == 500)
        #expect(chain.free(1, TestChain.btc) == 1_000_000 - 500)
        #expect(
            chain.state.depth(of: 1, levelCountMax: 5)
                == BookDepth(bids: [], asks: [.init(price: 2_000, quantity: 50, orderCount: 1)]))
    }

    // MARK: - Matching and settlement

    @Test func aCrossingOrderTradesAtTheRestingPriceWithFeeAndRebate() {
        var chain = TestChain(exchange: true)
        let maker = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 50, at: 2_000)])
        let taker = chain.nextOrderID
        let result = chain.run(2, [chain.order(.bid, 30, at: 2_100)])
        #expect(
            result.events.last
                == .trade(
                    market: 1, priceTicks: 2_000, lots: 30, takerSide: .bid, maker: maker, taker: taker,
                    makerOwner: chain.id(1), takerOwner: chain.id(2)))
        // Notional 60,000; taker fee ⌈180⌉ = 180; maker rebate ⌊60⌋ = 60.
        #expect(chain.free(2, TestChain.usd) == 1_000_000 - 60_000 - 180)
        #expect(chain.locked(2, TestChain.usd) == 0)
        #expect(chain.free(2, TestChain.btc) == 1_000_000 + 300)
        #expect(chain.free(1, TestChain.usd) == 1_000_000 + 60_000 + 60)
        #expect(chain.locked(1, TestChain.btc) == 200)
        #expect(chain.state.tradingFeePools[TestChain.usd] == Amount(baseUnits: 120))
        #expect(chain.state.order(OrderKey(market: 1, id: maker))?.lots == 20)
        #expect(chain.state.order(OrderKey(market: 1, id: taker)) == nil)
        #expect(chain.state.market(1)?.lastPriceTicks == 2_000)
    }

    @Test func aSellerTakingFromABidReceivesTheBidPriceLessTheTakerFee() {
        // A resting bid trades at its own price: the bidder pays its limit and its maker fee (a
        // rebate here); the seller receives the bid's price less the taker fee.
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.bid, 10, at: 1_000)])
        chain.run(2, [chain.order(.ask, 10, at: 900)])
        // Notional 10,000; taker fee 30, maker rebate 10.
        #expect(chain.free(2, TestChain.usd) == 1_000_000 + 10_000 - 30)
        #expect(chain.free(1, TestChain.usd) == 1_000_000 - 10_000 + 10)
        #expect(chain.free(1, TestChain.btc) == 1_000_000 + 100)
        #expect(chain.locked(1, TestChain.usd) == 0)
        #expect(chain.state.tradingFeePools[TestChain.usd] == Amount(baseUnits: 20))
    }

    @Test func aTakerBidSweepsLevelsAndRestsItsRemainderWithItsLock() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_010)])
        let taker = chain.nextOrderID
        chain.run(2, [chain.order(.bid, 25, at: 1_020)])
        // 10 at 1,000 and 10 at 1,010: notional 20,100; fees ⌈30⌉ + ⌈30.3⌉ = 61 (charged per fill).
        #expect(chain.free(2, TestChain.btc) == 1_000_000 + 200)
        let lockPerLot: UInt128 = 1_020 + 4  // ⌈1,020 × 0.30%⌉ = 4
        #expect(chain.locked(2, TestChain.usd) == 5 * lockPerLot)
        #expect(chain.free(2, TestChain.usd) == 1_000_000 - 20_100 - 61 - 5 * lockPerLot)
        #expect(chain.state.order(OrderKey(market: 1, id: taker))?.lots == 5)
        #expect(chain.queue(.bid) == [taker])
    }

    @Test func immediateOrCancelReleasesItsRemainder() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let taker = chain.nextOrderID
        let result = chain.run(2, [chain.order(.bid, 25, at: 1_000, type: .immediateOrCancel)])
        #expect(
            result.events.last
                == .orderCancelled(market: 1, order: taker, owner: chain.id(2), lots: 15, reason: .unfilled))
        #expect(chain.locked(2, TestChain.usd) == 0)
        #expect(chain.free(2, TestChain.usd) == 1_000_000 - 10_000 - 30)
        #expect(chain.state.openOrders(of: chain.id(2)).isEmpty)
    }

    @Test func aMarketOrderTradesUpToItsWorstPrice() {
        var chain = TestChain(exchange: true)
        chain.run(
            1, [chain.order(.bid, 10, at: 1_000), chain.order(.bid, 10, at: 990), chain.order(.bid, 10, at: 900)])
        chain.run(2, [chain.order(.ask, 30, at: 950, type: .market)])
        #expect(chain.free(2, TestChain.btc) == 1_000_000 - 200)
        #expect(chain.locked(2, TestChain.btc) == 0)
        #expect(chain.state.depth(of: 1, levelCountMax: 5)?.bids == [.init(price: 900, quantity: 10, orderCount: 1)])
    }

    @Test func fillOrKillFillsCompletelyAcrossLevels() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_001)])
        chain.run(2, [chain.order(.bid, 20, at: 1_001, type: .fillOrKill)])
        #expect(chain.free(2, TestChain.btc) == 1_000_000 + 200)
        #expect(chain.state.depth(of: 1, levelCountMax: 5)?.asks == [])
    }

    @Test func postOnlyRestsWhenItDoesNotCross() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let id = chain.nextOrderID
        chain.run(2, [chain.order(.bid, 10, at: 999, type: .postOnly)])
        #expect(chain.state.order(OrderKey(market: 1, id: id))?.type == .postOnly)
        #expect(chain.queue(.bid) == [id])
    }

    @Test func ordersAtOnePriceFillInTimePriority() {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        chain.run(2, [chain.order(.ask, 10, at: 1_000)])
        chain.run(3, [chain.order(.ask, 10, at: 1_000)])
        let result = chain.run(0, [chain.order(.bid, 15, at: 1_000)])
        let makers = result.events.compactMap { event -> UInt64? in
            if case .trade(_, _, _, _, let maker, _, _, _) = event { return maker }
            return nil
        }
        #expect(makers == [first, first + 1])
        #expect(chain.queue(.ask) == [first + 1, first + 2])
    }

    @Test func severalOrdersInOneTransactionSeeEachOther() {
        var chain = TestChain(exchange: true)
        // The account's own ask is cancelled by its crossing bid (self-trade prevention), which then rests.
        let ask = chain.nextOrderID
        let result = chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.bid, 10, at: 1_000)])
        #expect(
            result.events.contains(
                .orderCancelled(market: 1, order: ask, owner: chain.id(1), lots: 10, reason: .selfTrade)))
        #expect(chain.queue(.bid) == [ask + 1])
        #expect(chain.locked(1, TestChain.btc) == 0)
    }
}
