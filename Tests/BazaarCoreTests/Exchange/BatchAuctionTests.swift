import BazaarCore
import Testing

/// Hand-computed auctions, one rule per test. Each comment lists, per candidate price p,
/// D = demand (bids with limit ≥ p, market buys included), S = supply (asks with limit ≤ p,
/// market sells included), V = min(D, S) and I = D - S.
@Suite struct BatchAuctionTests {
    typealias Order = BatchAuction.Order
    typealias Fill = BatchAuction.Fill

    static func bid(_ id: UInt64, _ price: Int64, _ quantity: Int64, priority: UInt64 = 0) -> Order {
        Order(id: id, side: .bid, price: price, quantity: quantity, priorityClass: priority)
    }

    static func ask(_ id: UInt64, _ price: Int64, _ quantity: Int64, priority: UInt64 = 0) -> Order {
        Order(id: id, side: .ask, price: price, quantity: quantity, priorityClass: priority)
    }

    static func marketBid(_ id: UInt64, _ quantity: Int64) -> Order { bid(id, .max, quantity) }

    static func marketAsk(_ id: UInt64, _ quantity: Int64) -> Order { ask(id, .min, quantity) }

    static func result(_ price: Int64, _ volume: Int64, _ fills: [(UInt64, Int64)]) -> BatchAuction.Result {
        BatchAuction.Result(price: price, volume: volume, fills: fills.map { Fill(id: $0.0, quantity: $0.1) })
    }

    // MARK: - The clearing price

    /// bid 1: 10 @ 101, ask 2: 10 @ 100.
    /// p=100: D 10, S 10, V 10, I 0.  p=101: D 10, S 10, V 10, I 0.
    /// Both clear everything; no reference price, so the lower: 100. Both orders fill 10.
    @Test func aSimpleCrossFillsBothOrdersAtTheLowerOfTwoEqualPrices() {
        let orders = [Self.bid(1, 101, 10), Self.ask(2, 100, 10)]
        #expect(BatchAuction.clear(orders, referencePrice: nil) == Self.result(100, 10, [(1, 10), (2, 10)]))
    }

    /// bids 1: 5 @ 103, 2: 5 @ 102, 3: 5 @ 101, 4: 5 @ 100; asks 5: 4 @ 99, 6: 4 @ 101, 7: 6 @ 102, 8: 6 @ 104.
    /// p:   99  100  101  102  103  104
    /// D:   20   20   15   10    5    0
    /// S:    4    4    8   14   14   20
    /// V:    4    4    8   10    5    0   → 102 alone has the most volume; I = -4, asks are long.
    /// Bids ≥ 102 (1, 2) fill 5 each; asks 5 and 6 are better than 102 and fill 4 each; ask 7 at
    /// 102 gets the 2 lots left; ask 8 and bids 3, 4 do not accept 102.
    @Test func severalLevelsClearAtThePriceOfTheMostVolume() {
        let orders = [
            Self.bid(1, 103, 5), Self.bid(2, 102, 5), Self.bid(3, 101, 5), Self.bid(4, 100, 5),
            Self.ask(5, 99, 4), Self.ask(6, 101, 4), Self.ask(7, 102, 6), Self.ask(8, 104, 6),
        ]
        #expect(
            BatchAuction.clear(orders, referencePrice: nil)
                == Self.result(102, 10, [(1, 5), (2, 5), (5, 4), (6, 4), (7, 2)]))
    }

    /// bids 1: 5 @ 101, 2: 3 @ 100; asks 3: 5 @ 99, 4: 1 @ 101.
    /// p=99: D 8, S 5, V 5, I +3.  p=100: D 8, S 5, V 5, I +3.  p=101: D 5, S 6, V 5, I -1.
    /// All three execute 5; 101 turns away the fewest lots (|I| = 1), so it wins although the
    /// reference price is 99. Bid 1 fills 5; ask 3 (better than 101) fills 5; ask 4 gets nothing.
    @Test func aTieOnVolumeGoesToTheSmallestImbalanceBeforeTheReferencePrice() {
        let orders = [Self.bid(1, 101, 5), Self.bid(2, 100, 3), Self.ask(3, 99, 5), Self.ask(4, 101, 1)]
        #expect(BatchAuction.clear(orders, referencePrice: 99) == Self.result(101, 5, [(1, 5), (3, 5)]))
    }

    /// bid 1: 10 @ 102, ask 2: 5 @ 100.
    /// p=100: D 10, S 5, V 5, I +5.  p=102: D 10, S 5, V 5, I +5.
    /// Excess demand at both: the highest, 102, even with the reference at 100. At 100 the bid
    /// would be strictly better than the price and still be cut to 5 lots.
    @Test func excessDemandClearsAtTheHighestTiedPrice() {
        let orders = [Self.bid(1, 102, 10), Self.ask(2, 100, 5)]
        #expect(BatchAuction.clear(orders, referencePrice: 100) == Self.result(102, 5, [(1, 5), (2, 5)]))
    }

    /// bid 1: 5 @ 102, ask 2: 10 @ 100.
    /// p=100: D 5, S 10, V 5, I -5.  p=102: D 5, S 10, V 5, I -5.
    /// Excess supply at both: the lowest, 100, even with the reference at 102.
    @Test func excessSupplyClearsAtTheLowestTiedPrice() {
        let orders = [Self.bid(1, 102, 5), Self.ask(2, 100, 10)]
        #expect(BatchAuction.clear(orders, referencePrice: 102) == Self.result(100, 5, [(1, 5), (2, 5)]))
    }

    /// bid 1: 10 @ 106, ask 2: 10 @ 100.
    /// p=100: D 10, S 10, V 10, I 0.  p=106: D 10, S 10, V 10, I 0.
    /// A tie on everything: the price closer to the reference; halfway (103) or none, the lower.
    @Test(
        arguments: [
            (nil, 100), (90, 100), (100, 100), (102, 100), (103, 100), (104, 106), (106, 106), (200, 106),
        ] as [(Int64?, Int64)])
    func aFullTieGoesToThePriceClosestToTheReference(reference: Int64?, price: Int64) {
        let orders = [Self.bid(1, 106, 10), Self.ask(2, 100, 10)]
        #expect(BatchAuction.clear(orders, referencePrice: reference) == Self.result(price, 10, [(1, 10), (2, 10)]))
    }

    /// bids 1: 5 @ 101, 2: 2 @ 100; asks 3: 5 @ 100, 4: 2 @ 101.
    /// p=100: D 7, S 5, V 5, I +2.  p=101: D 5, S 7, V 5, I -2.
    /// Excess demand at the lower price, excess supply at the higher, equally large: the fills are
    /// the same at both (bid 1 and ask 3, 5 each), and the reference picks the price.
    @Test(arguments: [(nil, 100), (100, 100), (101, 101), (150, 101)] as [(Int64?, Int64)])
    func opposingImbalancesGoToThePriceClosestToTheReference(reference: Int64?, price: Int64) {
        let orders = [Self.bid(1, 101, 5), Self.bid(2, 100, 2), Self.ask(3, 100, 5), Self.ask(4, 101, 2)]
        #expect(BatchAuction.clear(orders, referencePrice: reference) == Self.result(price, 5, [(1, 5), (3, 5)]))
    }

    @Test(arguments: [nil, 99, 100] as [Int64?])
    func nothingTradesWhenNoBidReachesAnAsk(reference: Int64?) {
        let orders = [Self.bid(1, 99, 5), Self.ask(2, 100, 5)]
        #expect(BatchAuction.clear(orders, referencePrice: reference) == .noTrade)
    }

    @Test func nothingTradesWithOneSideEmpty() {
        let bids = [Self.bid(1, 100, 5), Self.marketBid(2, 3)]
        let asks = [Self.ask(3, 100, 5), Self.marketAsk(4, 3)]
        #expect(BatchAuction.clear(bids, referencePrice: 100) == .noTrade)
        #expect(BatchAuction.clear(asks, referencePrice: 100) == .noTrade)
        #expect(BatchAuction.clear([], referencePrice: 100) == .noTrade)
    }

    // MARK: - Allocation at the marginal price

    /// ask 1: 10 @ 100; bids 2: 7, 3: 5, 4: 3, all @ 100. p=100: D 15, S 10, V 10, I +5.
    /// Bids share 10 lots of 15: bid 2 70/15 = 4 rest 10/15, bid 3 50/15 = 3 rest 5/15,
    /// bid 4 30/15 = 2 rest 0. Floors give 9; the last lot goes to the largest rest, bid 2.
    @Test func theLongSideIsSharedProRataAndTheLeftOverLotGoesToTheLargestFraction() {
        let orders = [Self.ask(1, 100, 10), Self.bid(2, 100, 7), Self.bid(3, 100, 5), Self.bid(4, 100, 3)]
        #expect(
            BatchAuction.clear(orders, referencePrice: nil)
                == Self.result(100, 10, [(1, 10), (2, 5), (3, 3), (4, 2)]))
    }

    /// ask 1: 4 @ 100; bids 2: 1, 3: 3, 4: 4, all @ 100. p=100: D 8, S 4, V 4.
    /// Shares of 4 lots of 8: bid 2 4/8 = 0 rest 4/8, bid 3 12/8 = 1 rest 4/8, bid 4 16/8 = 2.
    /// Floors give 3; bids 2 and 3 tie on the rest, so the larger, bid 3, gets the last lot.
    @Test func aTieOnTheFractionGoesToTheLargerOrder() {
        let orders = [Self.ask(1, 100, 4), Self.bid(2, 100, 1), Self.bid(3, 100, 3), Self.bid(4, 100, 4)]
        #expect(BatchAuction.clear(orders, referencePrice: nil) == Self.result(100, 4, [(1, 4), (3, 2), (4, 2)]))
    }

    /// ask 1: 1 @ 100; bids 2, 3, 4: 1 lot each @ 100. Each share is 1/3 lot: all floors are 0 and
    /// the three tie on everything but the allocation key, so the smallest key gets the lot.
    @Test func aTieBetweenEqualOrdersGoesToTheSmallestAllocationKey() {
        func bid(_ id: UInt64, key: UInt64) -> Order {
            Order(id: id, side: .bid, price: 100, quantity: 1, priorityClass: 0, allocationKey: key)
        }
        let keyed = [Self.ask(1, 100, 1), bid(2, key: 30), bid(3, key: 10), bid(4, key: 20)]
        #expect(BatchAuction.clear(keyed, referencePrice: nil) == Self.result(100, 1, [(1, 1), (3, 1)]))
        // By default the key is the id.
        let plain = [Self.ask(1, 100, 1), Self.bid(4, 100, 1), Self.bid(3, 100, 1), Self.bid(2, 100, 1)]
        #expect(BatchAuction.clear(plain, referencePrice: nil) == Self.result(100, 1, [(1, 1), (2, 1)]))
    }

    /// ask 1: 12 @ 100; bids 6: 2 @ 101 class 9, 2: 5 and 4: 3 @ 100 class 5, 3: 6 and 5: 4 @ 100 class 7.
    /// p=100: D 20, S 12, V 12, I +8.  p=101: D 2, S 12, V 2.  → 100.
    /// Bid 6 is better than the price and fills 2 whatever its class; 10 lots left. Class 5
    /// (8 lots) fills completely; class 7 shares the last 2 of its 10: bid 3 12/10 = 1 rest 2,
    /// bid 5 8/10 = 0 rest 8; the left-over lot goes to bid 5.
    @Test func lowerClassesFillFirstAtTheMarginalPriceButNotBeforeBetterPrices() {
        let orders = [
            Self.ask(1, 100, 12), Self.bid(6, 101, 2, priority: 9),
            Self.bid(2, 100, 5, priority: 5), Self.bid(4, 100, 3, priority: 5),
            Self.bid(3, 100, 6, priority: 7), Self.bid(5, 100, 4, priority: 7),
        ]
        #expect(
            BatchAuction.clear(orders, referencePrice: nil)
                == Self.result(100, 12, [(1, 12), (2, 5), (3, 1), (4, 3), (5, 1), (6, 2)]))
    }

    /// docs/AUCTIONS.md, "A worked example": all the rules at once.
    /// p:   99  100  101  102  103
    /// D:   20   20   20   10    4
    /// S:    5   10   16   16   22
    /// V:    5   10   16   10    4   → 101, I = +4, the asks are short and fill completely.
    /// Bids 1 and 2 are better than 101 (4 + 6); 6 lots left at 101: class 10 (bid 3) fills 3;
    /// class 11 shares 3 of 7: bid 4 15/7 = 2 rest 1, bid 5 6/7 = 0 rest 6; the last lot to bid 5.
    @Test func theWorkedExampleOfTheDocumentation() {
        let orders = [
            Self.bid(1, 103, 4, priority: 10), Self.bid(2, 102, 6, priority: 10), Self.bid(3, 101, 3, priority: 10),
            Self.bid(4, 101, 5, priority: 11), Self.bid(5, 101, 2, priority: 11),
            Self.ask(6, 99, 5), Self.ask(7, 100, 5), Self.ask(8, 101, 6), Self.ask(9, 103, 6),
        ]
        #expect(
            BatchAuction.clear(orders, referencePrice: 100)
                == Self.result(101, 16, [(1, 4), (2, 6), (3, 3), (4, 2), (5, 1), (6, 5), (7, 5), (8, 6)]))
    }

    // MARK: - Market orders

    /// market bids 1: 6, 2: 4; bid 4: 5 @ 100; ask 3: 5 @ 100. p=100: D 15, S 5, V 5, I +10.
    /// Market bids come first and alone exceed the 5 lots: they share them 3 and 2; bid 4, at the
    /// price, gets nothing. A limit order trades, so the reference price plays no part.
    @Test func marketOrdersHavePricePriorityAndAreSharedWhenTheyAloneExceedTheOtherSide() {
        let orders = [Self.marketBid(1, 6), Self.marketBid(2, 4), Self.bid(4, 100, 5), Self.ask(3, 100, 5)]
        let expected = Self.result(100, 5, [(1, 3), (2, 2), (3, 5)])
        #expect(BatchAuction.clear(orders, referencePrice: nil) == expected)
        #expect(BatchAuction.clear(orders, referencePrice: 90) == expected)
    }

    /// market bid 1: 10, market ask 2: 7, no limit order: no candidate price. With a reference
    /// price they trade 7 lots there; without one nothing trades.
    @Test func marketOrdersAloneTradeAtTheReferencePriceOrNotAtAll() {
        let orders = [Self.marketBid(1, 10), Self.marketAsk(2, 7)]
        #expect(BatchAuction.clear(orders, referencePrice: 250) == Self.result(250, 7, [(1, 7), (2, 7)]))
        #expect(BatchAuction.clear(orders, referencePrice: nil) == .noTrade)
    }

    /// market bid 1: 10, market ask 2: 10, bid 3: 1 @ 1. p=1: D 11, S 10, V 10, I +1.
    /// Only the market orders trade (bid 3 is at the price but the market bid fills it all), so
    /// with a reference the price is the reference, not the far-off bid's 1. Without, 1.
    @Test func whenOnlyMarketOrdersTradeTheyTradeAtTheReferencePrice() {
        let orders = [Self.marketBid(1, 10), Self.marketAsk(2, 10), Self.bid(3, 1, 1)]
        #expect(BatchAuction.clear(orders, referencePrice: 100) == Self.result(100, 10, [(1, 10), (2, 10)]))
        #expect(BatchAuction.clear(orders, referencePrice: nil) == Self.result(1, 10, [(1, 10), (2, 10)]))
    }

    /// market bid 1: 10, market ask 2: 10, bid 3: 5 @ 90, ask 4: 5 @ 110.
    /// p=90: D 15, S 10, V 10, I +5.  p=110: D 10, S 15, V 10, I -5.
    /// Only market orders trade at either; without a reference the lower of the two, 90; with one,
    /// the reference held between the limit bid and the limit ask (at 120, ask 4 would be better
    /// than the price and get nothing).
    @Test(arguments: [(nil, 90), (100, 100), (120, 110), (50, 90)] as [(Int64?, Int64)])
    func marketOrdersBetweenLimitOrdersTradeBetweenTheirPrices(reference: Int64?, price: Int64) {
        let orders = [Self.marketBid(1, 10), Self.marketAsk(2, 10), Self.bid(3, 90, 5), Self.ask(4, 110, 5)]
        #expect(BatchAuction.clear(orders, referencePrice: reference) == Self.result(price, 10, [(1, 10), (2, 10)]))
    }

    /// market bid 1: 5, market ask 2: 5, bid 3: 3 @ 100. p=100: D 8, S 5, V 5, I +3.
    /// Only the market orders trade; the reference, 98, is below bid 3, which would then be better
    /// than the price and get nothing, so the price is 100, where bid 3 is the marginal level.
    /// (The shape of the failing seeds 18424970098586692933 and 4641236650203301271.)
    @Test func aReferenceBeyondALimitOrderThatGetsNothingMovesToItsPrice() {
        let orders = [Self.marketBid(1, 5), Self.marketAsk(2, 5), Self.bid(3, 100, 3)]
        #expect(BatchAuction.clear(orders, referencePrice: 98) == Self.result(100, 5, [(1, 5), (2, 5)]))
        #expect(BatchAuction.clear(orders, referencePrice: 104) == Self.result(104, 5, [(1, 5), (2, 5)]))
        let mirrored = [Self.marketBid(1, 5), Self.marketAsk(2, 5), Self.ask(3, 100, 3)]
        #expect(BatchAuction.clear(mirrored, referencePrice: 102) == Self.result(100, 5, [(1, 5), (2, 5)]))
    }

    // MARK: - Extremes

    /// Two bids and two asks of Int64.max lots each @ 100: 2 × Int64.max lots could trade, but the
    /// volume is an Int64, so Int64.max trade and both sides are shared: each order's share is
    /// Int64.max / 2 = 2^62 - 1/2, floors 2^62 - 1, and the left-over lot per side goes to the
    /// smaller key (the id).
    @Test func aVolumeBeyondInt64IsCappedAndSharedOnBothSides() {
        let orders = [
            Self.bid(1, 100, .max), Self.bid(2, 100, .max), Self.ask(3, 100, .max), Self.ask(4, 100, .max),
        ]
        let half: Int64 = 1 << 62
        #expect(
            BatchAuction.clear(orders, referencePrice: nil)
                == Self.result(100, .max, [(1, half), (2, half - 1), (3, half), (4, half - 1)]))
    }

    @Test func extremePricesAndReferencesDoNotOverflow() {
        let high = [Self.bid(1, .max - 1, 10), Self.ask(2, .max - 5, 10)]
        #expect(BatchAuction.clear(high, referencePrice: .min) == Self.result(.max - 5, 10, [(1, 10), (2, 10)]))
        #expect(BatchAuction.clear(high, referencePrice: .max) == Self.result(.max - 1, 10, [(1, 10), (2, 10)]))
        // A limit bid at the lowest price against a market sell, and a limit ask at the highest
        // against a market buy: the limit sets the price.
        let lowest = [Self.bid(1, .min, 3), Self.marketAsk(2, 5)]
        #expect(BatchAuction.clear(lowest, referencePrice: nil) == Self.result(.min, 3, [(1, 3), (2, 3)]))
        let highest = [Self.ask(1, .max, 3), Self.marketBid(2, 5)]
        #expect(BatchAuction.clear(highest, referencePrice: nil) == Self.result(.max, 3, [(1, 3), (2, 3)]))
    }
}
