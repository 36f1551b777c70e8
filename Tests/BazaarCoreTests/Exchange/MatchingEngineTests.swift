import Testing

@testable import BazaarCore

/// One behaviour per test, on small hand-built books.
@Suite struct MatchingEngineTests {
    typealias Engine = MatchingEngine
    typealias Trade = MatchingEngine.Trade

    static let configuration = Engine.Configuration(minimumPrice: 90, maximumPrice: 110, capacity: 8)

    /// An engine and a reusable trade buffer; `run` clears the buffer before each command.
    struct Harness: ~Copyable {
        var engine = Engine(MatchingEngineTests.configuration)
        var trades: [Trade] = []

        init() {}

        init(capacity: Int) {
            engine = Engine(.init(minimumPrice: 90, maximumPrice: 110, capacity: capacity))
        }

        @discardableResult
        mutating func run(_ command: Engine.Command) -> Engine.Outcome {
            trades.removeAll(keepingCapacity: true)
            return engine.execute(command, trades: &trades)
        }

        @discardableResult
        mutating func gtc(_ id: UInt64, _ side: Engine.Side, _ price: Int64, _ quantity: Int64) -> Engine.Outcome {
            run(.limit(id: id, side: side, price: price, quantity: quantity, timeInForce: .goodTillCancelled))
        }

        func ids(_ side: Engine.Side) -> [UInt64] { engine.restingOrders(side).map(\.id) }

        // Wrappers, since `#expect` cannot take a non-copyable receiver.
        mutating func insert(
            _ id: UInt64, _ side: Engine.Side, _ price: Int64, _ quantity: Int64, postOnly: Bool = false,
            after: UInt64?
        ) -> Bool {
            engine.insert(id: id, side: side, price: price, quantity: quantity, isPostOnly: postOnly, after: after)
        }

        mutating func increase(_ id: UInt64, by quantity: Int64) -> Bool { engine.increase(id: id, by: quantity) }

        func isPostOnly(_ id: UInt64) -> Bool { engine.isPostOnly(id) }

        func orderAhead(of id: UInt64) -> UInt64? { engine.orderAhead(of: id) }
    }

    static func trade(
        _ maker: UInt64, _ taker: UInt64, _ side: Engine.Side, _ price: Int64, _ quantity: Int64, left: Int64
    )
        -> Trade
    {
        Trade(makerID: maker, takerID: taker, takerSide: side, price: price, quantity: quantity, makerRemaining: left)
    }

    @Test func aNonCrossingLimitOrderRests() {
        var book = Harness()
        #expect(book.gtc(1, .bid, 99, 5) == .rested(filled: 0))
        #expect(book.gtc(2, .ask, 101, 3) == .rested(filled: 0))
        #expect(book.engine.bestBid == 99)
        #expect(book.engine.bestAsk == 101)
        #expect(book.engine.order(1) == .init(id: 1, side: .bid, price: 99, quantity: 5))
        #expect(book.trades.isEmpty)
    }

    @Test func aCrossingOrderTradesAtTheRestingPriceBestPriceFirst() {
        var book = Harness()
        book.gtc(1, .ask, 102, 2)
        book.gtc(2, .ask, 101, 2)
        #expect(book.gtc(3, .bid, 105, 3) == .filled)
        #expect(book.trades == [Self.trade(2, 3, .bid, 101, 2, left: 0), Self.trade(1, 3, .bid, 102, 1, left: 1)])
        #expect(book.engine.order(1)?.quantity == 1)
        #expect(book.engine.bestAsk == 102)
    }

    @Test func aTakerLargerThanTheBookRestsItsRemainder() {
        var book = Harness()
        book.gtc(1, .ask, 100, 2)
        #expect(book.gtc(2, .bid, 100, 5) == .rested(filled: 2))
        #expect(book.engine.order(2) == .init(id: 2, side: .bid, price: 100, quantity: 3))
        #expect(book.engine.bestAsk == nil)
    }

    @Test func ordersAtOnePriceFillOldestFirst() {
        var book = Harness()
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .bid, 100, 1)
        book.gtc(3, .bid, 100, 1)
        #expect(book.engine.queue(.bid, price: 100).map(\.id) == [1, 2, 3])
        #expect(book.gtc(4, .ask, 100, 2) == .filled)
        #expect(book.trades.map(\.makerID) == [1, 2])
        #expect(book.ids(.bid) == [3])
    }

    @Test func immediateOrCancelDropsItsRemainder() {
        var book = Harness()
        book.gtc(1, .ask, 100, 2)
        #expect(
            book.run(.limit(id: 2, side: .bid, price: 100, quantity: 5, timeInForce: .immediateOrCancel))
                == .expired(filled: 2))
        #expect(book.engine.order(2) == nil)
        #expect(
            book.run(.limit(id: 3, side: .bid, price: 100, quantity: 5, timeInForce: .immediateOrCancel))
                == .expired(filled: 0))
    }

    @Test func fillOrKillThatCannotFillIsRejectedBeforeAnyTrade() {
        var book = Harness()
        book.gtc(1, .ask, 100, 2)
        book.gtc(2, .ask, 103, 5)
        #expect(
            book.run(.limit(id: 3, side: .bid, price: 102, quantity: 3, timeInForce: .fillOrKill))
                == .rejected(.cannotFill))
        #expect(book.trades.isEmpty)
        #expect(book.engine.order(1)?.quantity == 2)
    }

    @Test func fillOrKillThatCanFillFillsAcrossLevels() {
        var book = Harness()
        book.gtc(1, .ask, 100, 2)
        book.gtc(2, .ask, 103, 5)
        #expect(book.run(.limit(id: 3, side: .bid, price: 103, quantity: 7, timeInForce: .fillOrKill)) == .filled)
        #expect(book.trades.map(\.quantity) == [2, 5])
        #expect(book.engine.restingOrderCount(.ask) == 0)
    }

    @Test func postOnlyThatWouldCrossIsRejected() {
        var book = Harness()
        book.gtc(1, .ask, 100, 2)
        #expect(
            book.run(.limit(id: 2, side: .bid, price: 100, quantity: 1, timeInForce: .postOnly))
                == .rejected(.wouldCross))
        #expect(
            book.run(.limit(id: 3, side: .bid, price: 99, quantity: 1, timeInForce: .postOnly)) == .rested(filled: 0))
        #expect(book.trades.isEmpty)
    }

    @Test func cancelRemovesTheOrderAndAnUnknownIdIsRejected() {
        var book = Harness()
        book.gtc(1, .bid, 100, 4)
        #expect(book.run(.cancel(id: 1)) == .cancelled(remaining: 4))
        #expect(book.engine.bestBid == nil)
        #expect(book.run(.cancel(id: 1)) == .rejected(.unknownOrder))
        #expect(book.run(.move(id: 9, price: 100)) == .rejected(.unknownOrder))
        #expect(book.run(.reduce(id: 9, quantity: 1)) == .rejected(.unknownOrder))
    }

    @Test func cancellingTheBestLevelFindsTheNextBestPrice() {
        var book = Harness()
        book.gtc(1, .bid, 91, 1)
        book.gtc(2, .bid, 108, 1)
        book.gtc(3, .ask, 109, 1)
        book.gtc(4, .ask, 110, 1)
        book.run(.cancel(id: 2))
        book.run(.cancel(id: 3))
        #expect(book.engine.bestBid == 91)
        #expect(book.engine.bestAsk == 110)
    }

    @Test func moveLosesTimePriority() {
        var book = Harness()
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .bid, 99, 1)
        #expect(book.run(.move(id: 1, price: 99)) == .moved(filled: 0, remaining: 1))
        book.run(.move(id: 2, price: 100))
        book.run(.move(id: 2, price: 99))
        #expect(book.engine.queue(.bid, price: 99).map(\.id) == [1, 2])
    }

    @Test func moveToTheSamePriceIsANoOpThatKeepsPriority() {
        var book = Harness()
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .bid, 100, 1)
        #expect(book.run(.move(id: 1, price: 100)) == .unchanged)
        #expect(book.ids(.bid) == [1, 2])
    }

    @Test func moveAcrossTheSpreadTradesAtTheRestingPrice() {
        var book = Harness()
        book.gtc(1, .ask, 102, 2)
        book.gtc(2, .bid, 100, 5)
        #expect(book.run(.move(id: 2, price: 103)) == .moved(filled: 2, remaining: 3))
        #expect(book.trades == [Self.trade(1, 2, .bid, 102, 2, left: 0)])
        #expect(book.engine.order(2) == .init(id: 2, side: .bid, price: 103, quantity: 3))
    }

    @Test func reduceKeepsPriorityAndReducingToZeroRemoves() {
        var book = Harness()
        book.gtc(1, .bid, 100, 5)
        book.gtc(2, .bid, 100, 5)
        #expect(book.run(.reduce(id: 1, quantity: 3)) == .reduced(remaining: 2))
        #expect(book.ids(.bid) == [1, 2])
        #expect(book.engine.depth(.bid, levelCountMax: 1) == [.init(price: 100, quantity: 7, orderCount: 2)])
        #expect(book.run(.reduce(id: 1, quantity: 2)) == .reduced(remaining: 0))
        #expect(book.ids(.bid) == [2])
        #expect(book.run(.reduce(id: 2, quantity: 0)) == .rejected(.nonPositiveQuantity))
    }

    @Test func outOfRangePricesAreRejected() {
        var book = Harness()
        #expect(book.gtc(1, .bid, 89, 1) == .rejected(.priceOutOfRange))
        #expect(book.gtc(2, .ask, 111, 1) == .rejected(.priceOutOfRange))
        book.gtc(3, .bid, 90, 1)
        #expect(book.run(.move(id: 3, price: 111)) == .rejected(.priceOutOfRange))
        #expect(book.engine.order(3)?.price == 90)
    }

    @Test func zeroAndNegativeSizesAreRejected() {
        var book = Harness()
        #expect(book.gtc(1, .bid, 100, 0) == .rejected(.nonPositiveQuantity))
        #expect(book.gtc(2, .bid, 100, -3) == .rejected(.nonPositiveQuantity))
        #expect(book.engine.restingOrderCount(.bid) == 0)
    }

    @Test func aDuplicateRestingIdIsRejected() {
        var book = Harness()
        book.gtc(1, .bid, 100, 1)
        #expect(book.gtc(1, .ask, 105, 1) == .rejected(.duplicateOrderID))
        #expect(book.engine.restingOrderCount(.ask) == 0)
    }

    @Test func aFullBookRejectsOrdersThatWouldRestButStillTakes() {
        var book = Harness(capacity: 2)
        book.gtc(1, .ask, 101, 1)
        book.gtc(2, .ask, 102, 1)
        let full = book.engine.isFull
        #expect(full)
        #expect(book.gtc(3, .bid, 99, 1) == .rejected(.bookFull))
        #expect(
            book.run(.limit(id: 4, side: .bid, price: 99, quantity: 1, timeInForce: .postOnly)) == .rejected(.bookFull))
        #expect(
            book.run(.limit(id: 5, side: .bid, price: 101, quantity: 1, timeInForce: .immediateOrCancel)) == .filled)
        #expect(book.gtc(6, .bid, 99, 1) == .rested(filled: 0))
    }

    @Test func aFullBookAcceptsAGoodTillCancelledOrderThatFillsCompletely() {
        var book = Harness(capacity: 2)
        book.gtc(1, .ask, 101, 1)
        book.gtc(2, .ask, 102, 2)
        #expect(book.gtc(3, .bid, 102, 2) == .filled)
        #expect(book.trades.map(\.quantity) == [1, 1])
        #expect(book.engine.order(2)?.quantity == 1)
        // One lot more than the book holds would leave a remainder to rest: refused, nothing traded.
        book.gtc(4, .ask, 103, 1)
        #expect(book.gtc(5, .bid, 103, 3) == .rejected(.bookFull))
        #expect(book.trades.isEmpty)
        #expect(book.ids(.ask) == [2, 4])
        book.engine.checkInvariants()
    }

    @Test func aMovedPostOnlyOrderThatWouldCrossIsRejectedUnchanged() {
        var book = Harness()
        book.gtc(1, .ask, 102, 1)
        book.run(.limit(id: 2, side: .bid, price: 99, quantity: 3, timeInForce: .postOnly))
        book.gtc(3, .bid, 99, 1)
        #expect(book.run(.move(id: 2, price: 102)) == .rejected(.wouldCross))
        #expect(book.trades.isEmpty)
        #expect(book.engine.queue(.bid, price: 99).map(\.id) == [2, 3])
        #expect(book.engine.order(1)?.quantity == 1)
        // A move that stays passive is fine, and the order is still post-only afterwards.
        #expect(book.run(.move(id: 2, price: 101)) == .moved(filled: 0, remaining: 3))
        #expect(book.isPostOnly(2) == true)
        #expect(book.run(.move(id: 2, price: 103)) == .rejected(.wouldCross))
        // A good-till-cancelled order moved across the spread still trades.
        #expect(book.run(.move(id: 3, price: 102)) == .moved(filled: 1, remaining: 0))
    }

    @Test func insertPlacesAnOrderBehindAGivenOrderOrAtTheFront() {
        var book = Harness()
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .bid, 100, 1)
        #expect(book.insert(3, .bid, 100, 4, postOnly: false, after: 1) == true)
        #expect(book.insert(4, .bid, 100, 5, postOnly: true, after: nil) == true)
        #expect(book.engine.queue(.bid, price: 100).map(\.id) == [4, 1, 3, 2])
        #expect(book.engine.depth(.bid, levelCountMax: 1) == [.init(price: 100, quantity: 11, orderCount: 4)])
        #expect(book.isPostOnly(4) == true)
        #expect(book.isPostOnly(3) == false)
        #expect(book.orderAhead(of: 3) == 1)
        #expect(book.orderAhead(of: 4) == nil)
        // Into an empty level, it becomes the best price.
        #expect(book.insert(5, .ask, 104, 1, postOnly: false, after: nil) == true)
        #expect(book.engine.bestAsk == 104)
        book.engine.checkInvariants()
    }

    @Test func insertRefusesWhatItCannotPlaceExactly() {
        var book = Harness(capacity: 3)
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .ask, 105, 1)
        #expect(book.insert(1, .bid, 99, 1, postOnly: false, after: nil) == false)
        #expect(book.insert(3, .bid, 99, 1, postOnly: false, after: 1) == false)
        #expect(book.insert(3, .bid, 100, 1, postOnly: false, after: 2) == false)
        #expect(book.insert(3, .bid, 100, 0, postOnly: false, after: nil) == false)
        #expect(book.insert(3, .bid, 200, 1, postOnly: false, after: nil) == false)
        #expect(book.insert(3, .bid, 100, 1, postOnly: false, after: 1) == true)
        #expect(book.insert(4, .bid, 100, 1, postOnly: false, after: 1) == false)
        #expect(book.ids(.bid) == [1, 3])
        book.engine.checkInvariants()
    }

    @Test func increaseKeepsPriority() {
        var book = Harness()
        book.gtc(1, .ask, 101, 1)
        book.gtc(2, .ask, 101, 1)
        #expect(book.increase(1, by: 6) == true)
        #expect(book.increase(9, by: 1) == false)
        #expect(book.increase(1, by: 0) == false)
        #expect(book.engine.queue(.ask, price: 101).map(\.quantity) == [7, 1])
        #expect(book.engine.depth(.ask, levelCountMax: 1) == [.init(price: 101, quantity: 8, orderCount: 2)])
        book.engine.checkInvariants()
    }

    @Test func forEachMakerVisitsInMatchingOrderWithinTheLimit() {
        var book = Harness()
        book.gtc(1, .ask, 103, 1)
        book.gtc(2, .ask, 101, 1)
        book.gtc(3, .ask, 101, 1)
        book.gtc(4, .ask, 105, 1)
        book.gtc(5, .bid, 99, 1)
        var visited: [UInt64] = []
        book.engine.forEachMaker(takerSide: .bid, price: 104) { order in
            visited.append(order.id)
            return true
        }
        #expect(visited == [2, 3, 1])
        visited = []
        book.engine.forEachMaker(takerSide: .bid, price: 500) { order in
            visited.append(order.id)
            return visited.count < 2
        }
        #expect(visited == [2, 3])
        visited = []
        book.engine.forEachMaker(takerSide: .ask, price: 50) { order in
            visited.append(order.id)
            return true
        }
        #expect(visited == [5])
        visited = []
        book.engine.forEachMaker(takerSide: .ask, price: 100) { order in
            visited.append(order.id)
            return true
        }
        #expect(visited.isEmpty)
    }

    @Test func aCopyWithALargerPoolKeepsTheBookAndPriority() {
        var book = Harness(capacity: 3)
        book.gtc(1, .bid, 100, 1)
        book.gtc(2, .bid, 100, 2)
        book.run(.limit(id: 3, side: .ask, price: 104, quantity: 3, timeInForce: .postOnly))
        var grown = book.engine.copy(capacity: 8)
        #expect(grown.restingOrders(.bid) == book.engine.restingOrders(.bid))
        #expect(grown.restingOrders(.ask) == book.engine.restingOrders(.ask))
        let postOnly = grown.isPostOnly(3)
        let full = grown.isFull
        #expect(postOnly)
        #expect(!full)
        var trades: [Trade] = []
        let outcome = grown.place(
            id: 4, side: .bid, price: 99, quantity: 1, timeInForce: .goodTillCancelled, trades: &trades)
        #expect(outcome == .rested(filled: 0))
        grown.checkInvariants()
    }

    @Test func depthAggregatesLevelsBestFirst() {
        var book = Harness()
        book.gtc(1, .ask, 104, 1)
        book.gtc(2, .ask, 101, 2)
        book.gtc(3, .ask, 101, 3)
        book.gtc(4, .ask, 107, 4)
        #expect(
            book.engine.depth(.ask, levelCountMax: 2) == [
                .init(price: 101, quantity: 5, orderCount: 2), .init(price: 104, quantity: 1, orderCount: 1),
            ])
        #expect(book.engine.depth(.bid, levelCountMax: 5).isEmpty)
    }

    @Test func aTallySinkCountsTradesAndVolume() {
        var engine = Engine(Self.configuration)
        var tally = MatchingTradeTally()
        _ = engine.place(id: 1, side: .ask, price: 100, quantity: 3, timeInForce: .goodTillCancelled, trades: &tally)
        _ = engine.place(id: 2, side: .ask, price: 100, quantity: 3, timeInForce: .goodTillCancelled, trades: &tally)
        _ = engine.place(id: 3, side: .bid, price: 100, quantity: 5, timeInForce: .immediateOrCancel, trades: &tally)
        #expect(tally.trades == 2 && tally.volume == 5)
    }

    @Test func slotsAreReusedAfterOrdersLeave() {
        var book = Harness(capacity: 1)
        for id in UInt64(1)...50 {
            #expect(book.gtc(id, .bid, 100, 1) == .rested(filled: 0))
            #expect(book.run(.cancel(id: id)) == .cancelled(remaining: 1))
        }
        book.engine.checkInvariants()
    }
}
