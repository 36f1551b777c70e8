import Testing

@testable import BazaarCore

@Suite("Reduce-only orders")
struct ReduceOnlyTests {
    typealias F = MarginFixture

    /// Account 1 long and account 2 short 5 lots of the perpetual at 600 USD a lot; account 3
    /// with 1,000 USD of margin and no position.
    static func opened() -> (F, MarketID) {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(100_000)))
        return (f, market)
    }

    /// The lots of the `orderPlaced` event among `events`.
    static func placedLots(_ events: [Event]) -> Int64? {
        for case .orderPlaced(_, _, _, _, _, let lots) in events { return lots }
        return nil
    }

    @Test func aReduceOnlyOrderIsCutToThePositionAndClosesItWithoutFlipping() {
        var (f, market) = Self.opened()
        f.expectOK(3, f.perpOrder(market, .bid, 8, at: 6_000))
        // 1 is long 5 lots and asks to sell 8: only 5 are placed, and all 5 trade.
        let events = f.expectOK(1, f.perpOrder(market, .ask, 8, at: 6_000, type: .immediateOrCancel, reduceOnly: true))
        #expect(Self.placedLots(events) == 5)
        #expect(f.position(1, market)?.size ?? 0 == 0)
        #expect(f.position(3, market)?.size == 5_000_000)
        // 3's bid keeps the 3 lots the reduce-only order did not take.
        let resting = f.state.market(market)!.orders.values.filter { $0.owner == f.id(3) }
        #expect(resting.map(\.lots) == [3])
        f.checkInvariants()
    }

    @Test func aPartlyReducingOrderLeavesTheRestOfThePosition() {
        var (f, market) = Self.opened()
        f.expectOK(3, f.perpOrder(market, .ask, 10, at: 6_000))
        // 2 is short 5 lots and buys back 2 at market.
        let events = f.expectOK(2, f.perpOrder(market, .bid, 2, at: 6_500, type: .market, reduceOnly: true))
        #expect(Self.placedLots(events) == 2)
        #expect(f.position(2, market)?.size == -3_000_000)
        f.checkInvariants()
    }

    @Test func theSideThatWouldOpenOrGrowAPositionIsRefused() {
        var (f, market) = Self.opened()
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(4, f.perpOrder(market, .ask, 10, at: 6_000))
        // Long 1 buying more, short 2 selling more, flat 3 either way.
        f.expectFailure(
            1, f.perpOrder(market, .bid, 1, at: 6_000, type: .immediateOrCancel, reduceOnly: true),
            .reduceOnlyWouldIncrease)
        f.expectFailure(
            2, f.perpOrder(market, .ask, 1, at: 5_000, type: .immediateOrCancel, reduceOnly: true),
            .reduceOnlyWouldIncrease)
        f.expectFailure(
            3, f.perpOrder(market, .bid, 1, at: 6_000, type: .market, reduceOnly: true), .reduceOnlyWouldIncrease)
        f.expectFailure(
            3, f.perpOrder(market, .ask, 1, at: 6_000, type: .fillOrKill, reduceOnly: true), .reduceOnlyWouldIncrease)
        f.expectTransactionFailure(
            1, f.perpOrder(market, .bid, 1, at: 6_000, type: .immediateOrCancel, reduceOnly: true),
            .reduceOnlyWouldIncrease)
    }

    @Test func aSecondReductionInOneTransactionSeesThePositionTheFirstLeft() throws {
        var (f, market) = Self.opened()
        f.expectOK(3, f.perpOrder(market, .bid, 10, at: 6_000))
        f.state.beginTransaction()
        let first = try f.state.apply(
            f.perpOrder(market, .ask, 5, at: 6_000, type: .immediateOrCancel, reduceOnly: true), sender: f.id(1))
        #expect(Self.placedLots(first) == 5)
        do {
            _ = try f.state.apply(
                f.perpOrder(market, .ask, 1, at: 6_000, type: .immediateOrCancel, reduceOnly: true), sender: f.id(1))
            Issue.record("a reduce-only order without a position was placed")
        } catch {
            #expect(error.code == .reduceOnlyWouldIncrease)
        }
        f.state.rollBackTransaction()
        #expect(f.position(1, market)?.size == 5_000_000)
    }

    @Test func reduceOnlyOrdersMustBeImmediateAndAContinuousPerpetuals() {
        var (f, market) = Self.opened()
        f.expectFailure(1, f.perpOrder(market, .ask, 1, at: 6_000, reduceOnly: true), .reduceOnlyUnsupported)
        f.expectFailure(
            1, f.perpOrder(market, .ask, 1, at: 9_000, type: .postOnly, reduceOnly: true), .reduceOnlyUnsupported)
        // Market 1 is the spot BTC-USD book, 2 the ETH-USD batch auction.
        for spot in [MarketID(1), MarketID(2)] {
            f.expectFailure(
                1, f.perpOrder(spot, .ask, 1, at: 1, type: .immediateOrCancel, reduceOnly: true),
                .reduceOnlyUnsupported)
        }
    }

    @Test func aFillOrKillReductionMustFillItsCutSize() {
        var (f, market) = Self.opened()
        f.expectOK(3, f.perpOrder(market, .bid, 4, at: 6_000))
        // Cut to 5 lots, with 4 on the book: killed.
        f.expectFailure(
            1, f.perpOrder(market, .ask, 7, at: 6_000, type: .fillOrKill, reduceOnly: true), .cannotFill)
        f.expectOK(3, f.perpOrder(market, .bid, 1, at: 6_000))
        f.expectOK(1, f.perpOrder(market, .ask, 7, at: 6_000, type: .fillOrKill, reduceOnly: true))
        #expect(f.position(1, market)?.size ?? 0 == 0)
        f.checkInvariants()
    }

    @Test func aReductionNeedsNeitherMarginNorAFreshPrice() {
        var (f, market) = Self.opened()
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 5_000))
        f.setPrice(F.btcPrice, of: F.btc, isStale: true)
        f.expectFailure(2, f.perpOrder(market, .ask, 1, at: 5_000, type: .immediateOrCancel), .stalePrice)
        f.expectOK(1, f.perpOrder(market, .ask, 5, at: 5_000, type: .immediateOrCancel, reduceOnly: true))
        #expect(f.position(1, market)?.size ?? 0 == 0)
    }

    @Test func theFlagIsTheLastByteOfThePlacementAndMustBeABoolean() throws {
        let place = Action.PlaceOrder(
            market: 3, side: .ask, type: .market, price: Amount(10), size: Amount(1_000_000), reduceOnly: true)
        var bytes = Action.placeOrder(place).canonicalBytes
        #expect(bytes.last == 1)
        #expect(try Action(canonicalBytes: bytes) == .placeOrder(place))
        bytes[bytes.count - 1] = 2
        #expect(throws: DecodingError.self) { try Action(canonicalBytes: bytes) }
    }
}
