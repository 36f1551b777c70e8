import BazaarAPI
import BazaarClient
import BazaarCore
import Testing

/// Orders from text, checked against a market's rules before anything is signed.
@Suite struct OrderInputTests {
    /// The devnet's BTC-USD as `GET /v1/markets` shows it.
    static let btc = MarketJSON(
        id: 1, name: "BTC-USD", base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, mode: "continuous",
        lotSize: "0.0001", lotSizeBaseUnits: "10000", tickSize: "1", tickSizeBaseUnits: "100", minimumSize: "0.0002",
        minimumSizeBaseUnits: "20000", maximumPrice: "262144", maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5)
    static let eth = MarketJSON(
        id: 2, name: "ETH-USD", base: "ETH", quote: "USD", baseDecimals: 18, quoteDecimals: 6, mode: "batch_auction",
        lotSize: "0.001", lotSizeBaseUnits: "1000000000000000", tickSize: "0.01", tickSizeBaseUnits: "10",
        minimumSize: "0.001", minimumSizeBaseUnits: "1000000000000000", maximumPrice: "10000",
        maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0, takerFeeBasisPoints: 5)

    /// The message of the error `body` throws, or nil.
    static func message(_ body: () throws -> Action) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? BazaarClientError)?.message
        }
    }

    @Test func aLimitOrderBecomesTicksAndLotsWithItsOptions() throws {
        let action = try TransactionBuilder.placeOrder(
            on: Self.btc,
            OrderInput(
                side: "buy", timeInForce: "post-only", price: "30000", size: "0.5", clientOrderID: 3,
                expiresAtMilliseconds: 99, selfTradePrevention: "cancel-both"))
        #expect(
            action
                == .placeOrder(
                    Action.PlaceOrder(
                        market: 1, side: .bid, type: .postOnly, price: Amount(baseUnits: 3_000_000),
                        size: Amount(baseUnits: 50_000_000), clientOrderID: 3, expiresAtMilliseconds: 99,
                        selfTradePrevention: .cancelBoth)))
    }

    @Test(arguments: [
        ("limit", "gtc", OrderType.limit), ("limit", "ioc", .immediateOrCancel), ("limit", "fok", .fillOrKill),
        ("market", "gtc", .market), ("market", "ioc", .market), ("LIMIT", "post_only", .postOnly),
    ])
    func typeAndTimeInForceChooseTheOrderType(type: String, tif: String, expected: OrderType) throws {
        let action = try TransactionBuilder.placeOrder(
            on: Self.btc, OrderInput(side: "sell", type: type, timeInForce: tif, price: "1", size: "0.0002"))
        guard case .placeOrder(let place) = action else {
            Issue.record("not an order")
            return
        }
        #expect(place.type == expected)
    }

    @Test func mistakesAreRefusedWithTheCodeTheNodeWouldGive() {
        func refusal(_ input: OrderInput, on market: MarketJSON = Self.btc) -> String? {
            Self.message { try TransactionBuilder.placeOrder(on: market, input) }
        }
        #expect(
            refusal(OrderInput(side: "buy", price: "30000.5", size: "1"))
                == "price_off_tick: price 30000.5 is not a multiple of the tick, 1 USD per BTC on BTC-USD")
        #expect(
            refusal(OrderInput(side: "buy", price: "300000", size: "1"))
                == "price_out_of_range: price 300000 is outside 1 to 262144 USD per BTC")
        #expect(
            refusal(OrderInput(side: "buy", price: "30000", size: "0.00015"))
                == "size_off_lot: size 0.00015 BTC is not a multiple of the lot, 0.0001 BTC")
        #expect(
            refusal(OrderInput(side: "buy", price: "30000", size: "0.0001"))
                == "below_minimum_size: size 0.0001 BTC is below BTC-USD's minimum, 0.0002 BTC")
        #expect(refusal(OrderInput(side: "long", price: "1", size: "1")) == "side must be buy or sell, not 'long'")
        #expect(
            refusal(OrderInput(side: "buy", timeInForce: "day", price: "1", size: "1"))
                == "time in force must be gtc, ioc, fok or post-only, not 'day'")
        #expect(
            refusal(OrderInput(side: "buy", timeInForce: "post-only", price: "3000", size: "1"), on: Self.eth)?
                .hasPrefix("unsupported_order_type: ETH-USD clears by batch auction") == true)
        #expect(refusal(OrderInput(side: "buy", price: "30000", size: "0")) == "amount must be greater than zero")
        #expect(
            refusal(OrderInput(side: "buy", price: "1", size: "1", selfTradePrevention: "never"))?
                .hasPrefix("self-trade prevention must be") == true)
    }

    @Test func anAmendmentIsCheckedLikeAnOrder() throws {
        #expect(
            try TransactionBuilder.amendOrder(on: Self.eth, order: .clientID(4), price: "3000.05", size: nil)
                == .amendOrder(Action.AmendOrder(market: 2, order: .clientID(4), price: Amount(baseUnits: 3_000_050))))
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.amendOrder(on: Self.eth, order: .id(1), price: nil, size: nil)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.amendOrder(on: Self.eth, order: .id(1), price: "3000.001", size: nil)
        }
        #expect(throws: BazaarClientError.self) { try TransactionBuilder.orderReference(id: 1, clientID: 2) }
        #expect(try TransactionBuilder.orderReference(id: nil, clientID: 2) == .clientID(2))
    }

    @Test func durationsAreWholeNumbersWithAUnit() throws {
        #expect(try TransactionBuilder.milliseconds("500ms") == 500)
        #expect(try TransactionBuilder.milliseconds("90s") == 90_000)
        #expect(try TransactionBuilder.milliseconds("15m") == 900_000)
        #expect(try TransactionBuilder.milliseconds("2h") == 7_200_000)
        #expect(try TransactionBuilder.milliseconds("7d") == 604_800_000)
        for bad in ["", "10", "0s", "1.5h", "-1m", "m", "99999999999999999999d"] {
            #expect(throws: BazaarClientError.self, "\(bad)") { try TransactionBuilder.milliseconds(bad) }
        }
    }

    @Test func aMarketFromJSONIsTheStateMachinesMarket() throws {
        let market = try Self.eth.coreMarket()
        #expect(market.mode == .batchAuction && market.tickSize == Amount(baseUnits: 10))
        #expect(try Self.eth.format().price(ticks: 300_001) == "3000.01")
    }
}

/// A local book kept from the stream: snapshot, then updates in sequence; a skipped sequence is a gap.
@Suite struct BookMirrorTests {
    static func level(_ ticks: Int64, _ lots: Int64) -> BookLevelJSON {
        BookLevelJSON(price: String(ticks), priceTicks: ticks, size: String(lots), sizeLots: String(lots), orders: 1)
    }

    static func message(
        _ type: String, sequence: UInt64, bids: [BookLevelJSON] = [], asks: [BookLevelJSON] = [],
        market: String = "BTC-USD"
    ) -> StreamMessage {
        StreamMessage(
            type: type, channel: .book, height: sequence, market: market, sequence: sequence, depth: 2, bids: bids,
            asks: asks)
    }

    @Test func updatesReplaceAddAndRemoveLevelsKeepingTheDepth() {
        var mirror = BookMirror(market: "BTC-USD")
        #expect(
            mirror.apply(
                Self.message("book_snapshot", sequence: 4, bids: [Self.level(99, 1), Self.level(98, 2)]))
                == .applied)
        #expect(
            mirror.apply(Self.message("book_update", sequence: 5, bids: [Self.level(100, 3), Self.level(98, 0)]))
                == .applied)
        #expect(mirror.bids == [Self.level(100, 3), Self.level(99, 1)])
        #expect(mirror.sequence == 5 && mirror.height == 5)
    }

    @Test func aSkippedSequenceIsAGapAndChangesNothing() {
        var mirror = BookMirror(market: "BTC-USD")
        #expect(mirror.apply(Self.message("book_update", sequence: 1)) == .gap(expected: nil, received: 1))
        _ = mirror.apply(Self.message("book_snapshot", sequence: 1, asks: [Self.level(101, 1)]))
        let before = mirror
        #expect(
            mirror.apply(Self.message("book_update", sequence: 3, asks: [Self.level(101, 0)]))
                == .gap(expected: 2, received: 3))
        #expect(mirror == before)
        #expect(mirror.apply(Self.message("book_update", sequence: 2, market: "ETH-USD")) == .ignored)
    }
}

/// What became of a placed order, from its transaction's and its block's events.
@Suite struct OrderOutcomeTests {
    static let format = MarketFormat(market: OrderBuilderTests.market, baseDecimals: 8, quoteDecimals: 6)

    static func event(_ kind: String, order: String? = nil, lots: Int64, maker: String? = nil, taker: String? = nil)
        -> EventJSON
    {
        EventJSON(
            kind: kind, market: "BTC-USD", marketId: 1, orderId: order, sizeLots: String(lots), makerOrderId: maker,
            takerOrderId: taker)
    }

    static func transaction(_ events: [EventJSON], code: String = "ok") -> TransactionResponse {
        TransactionResponse(id: "t", status: .committed, height: 3, code: code, events: events)
    }

    @Test func aPartlyFilledLimitOrderIsOpenWithWhatIsLeft() {
        let outcome = OrderOutcome(
            transaction: Self.transaction([
                Self.event("order_placed", order: "9", lots: 100),
                Self.event("trade", lots: 30, maker: "2", taker: "9"),
                // Self-trade prevention cancelled another of the owner's orders: not this one.
                Self.event("order_cancelled", order: "4", lots: 5),
            ]), endBlockEvents: [], format: Self.format)
        #expect(outcome.orderId == "9" && outcome.status == "open")
        #expect(outcome.size == "0.01" && outcome.filled == "0.003" && outcome.open == "0.007")
        #expect(outcome.released == "0" && outcome.fills.count == 1)
    }

    @Test func anAuctionFillAndAReleasedRemainderComeFromTheEndOfTheBlock() {
        let outcome = OrderOutcome(
            transaction: Self.transaction([Self.event("order_placed", order: "9", lots: 100)]),
            endBlockEvents: [
                Self.event("auction_cleared", lots: 80), Self.event("order_filled", order: "3", lots: 80),
                Self.event("order_filled", order: "9", lots: 80), Self.event("order_cancelled", order: "9", lots: 20),
            ], format: Self.format)
        #expect(outcome.status == "cancelled" && outcome.filled == "0.008" && outcome.released == "0.002")
        #expect(outcome.fills.map(\.orderId) == ["9"])
    }

    @Test func aFailedTransactionPlacedNothing() {
        let outcome = OrderOutcome(
            transaction: Self.transaction([], code: "insufficient_balance"), endBlockEvents: [], format: Self.format)
        #expect(outcome.status == "failed" && outcome.orderId == nil && outcome.size == "0")
    }
}
