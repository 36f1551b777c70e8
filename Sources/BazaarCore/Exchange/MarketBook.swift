/// One market in the ledger: its rules, its open orders and, for a continuous market, the
/// matching engine that holds their queue positions.
///
/// A value type like the rest of `LedgerState`. The engine is non-copyable and owns its memory,
/// so it lives in a class box that is copied (``MatchingEngine/copy()``) only when a shared
/// state is mutated: a node keeps one state and mutates it in place, so in practice the book is
/// never copied; a test that keeps `let before = state` pays one copy of a small book.
public struct MarketBook: Sendable {
    /// The orders a continuous book holds before it first grows.
    static let initialCapacity = 256
    /// The most orders one book holds; an order that would rest beyond it fails with `book_full`.
    public static let restingOrderCountMax = 1 << 22

    public internal(set) var market: Market
    /// Every open order of the market by id: resting orders of a continuous market; resting and
    /// this block's orders of a batch market.
    public internal(set) var orders: [UInt64: Order]
    /// The price of the market's last trade or auction, in ticks.
    public internal(set) var lastPriceTicks: Int64?
    private var storage: EngineStorage?

    init(market: Market) {
        self.market = market
        orders = [:]
        lastPriceTicks = nil
        if market.mode == .continuous {
            storage = EngineStorage(
                MatchingEngine(
                    MatchingEngine.Configuration(
                        minimumPrice: 1, maximumPrice: market.maximumPriceTicks, capacity: Self.initialCapacity)))
        }
    }

    /// Whether orders match on arrival (and `withEngine` may be called).
    var isContinuous: Bool { storage != nil }

    /// Which engine box this book uses, so tests can tell that mutating a state that is not
    /// shared never copies its engine.
    var engineIdentity: ObjectIdentifier? { storage.map(ObjectIdentifier.init) }

    /// Reads the continuous book's engine.
    ///
    /// - Precondition: the market is continuous.
    func readEngine<Result: ~Copyable>(_ body: (borrowing MatchingEngine) -> Result) -> Result {
        body(storage!.engine)
    }

    /// Mutates the continuous book's engine, copying it first if another state shares it.
    ///
    /// - Precondition: the market is continuous.
    mutating func withEngine<Result>(_ body: (inout MatchingEngine) -> Result) -> Result {
        if !isKnownUniquelyReferenced(&storage!) {
            storage = EngineStorage(storage!.engine.copy())
        }
        return body(&storage!.engine)
    }

    /// Gives the engine room for one more resting order, doubling its pool up to
    /// ``restingOrderCountMax``. Growing is not undone by a rollback: the larger pool holds the
    /// same book, and nothing observable depends on its size.
    ///
    /// - Returns: whether a slot is free.
    mutating func reserveSlot() -> Bool {
        let (isFull, capacity) = readEngine { ($0.isFull, $0.configuration.capacity) }
        guard isFull else { return true }
        guard capacity < Self.restingOrderCountMax else { return false }
        let grown = readEngine { $0.copy(capacity: min(capacity * 2, Self.restingOrderCountMax)) }
        storage = EngineStorage(grown)
        return true
    }
}

/// The box that gives a non-copyable engine a place in a copyable state.
///
/// `@unchecked Sendable`: the engine is mutated only through `MarketBook.withEngine`, which
/// first makes the box unique, so no two states ever mutate one engine.
final class EngineStorage: @unchecked Sendable {
    var engine: MatchingEngine

    init(_ engine: consuming MatchingEngine) {
        self.engine = engine
    }
}

extension MarketBook: CanonicalEncodable {
    /// The market, its last price, and its open orders in id order (queue positions follow from
    /// the orders' `priority`).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(market)
        writer.write(lastPriceTicks.map { UInt64($0) })
        writer.write(UInt32(orders.count))
        for id in orders.keys.sorted() { writer.write(orders[id]!) }
    }
}

extension MarketBook {
    /// Reads a market encoded by `encode(to:)` and rebuilds its engine queues from the orders'
    /// priorities. The orders' consistency with balances is checked by `checkOrderBooks()`.
    static func decode(from reader: inout CanonicalReader, expectedID: MarketID) throws(DecodingError) -> MarketBook {
        let market = try reader.read(Market.self)
        guard market.id == expectedID else { throw reader.error(.invalidValue("markets out of order")) }
        var book = MarketBook(market: market)
        let lastPrice = try reader.read(UInt64?.self)
        if let lastPrice {
            guard lastPrice >= 1, lastPrice <= UInt64(market.maximumPriceTicks) else {
                throw reader.error(.invalidValue("last price out of range"))
            }
        }
        book.lastPriceTicks = lastPrice.map { Int64($0) }
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(count)) }
        var previousID: UInt64?
        var orders: [Order] = []
        orders.reserveCapacity(Int(count))
        for _ in 0..<count {
            let order = try reader.read(Order.self)
            guard previousID.map({ $0 < order.id }) ?? true, order.market == expectedID,
                order.priceTicks <= market.maximumPriceTicks
            else { throw reader.error(.invalidValue("orders out of order or outside their market")) }
            previousID = order.id
            book.orders[order.id] = order
            orders.append(order)
        }
        if book.isContinuous {
            // Appending each level's orders in priority order restores every queue exactly.
            orders.sort {
                ($0.side.rawValue, $0.priceTicks, $0.priority) < ($1.side.rawValue, $1.priceTicks, $1.priority)
            }
            for (position, order) in orders.enumerated() {
                guard book.reserveSlot() else { throw reader.error(.invalidValue("too many orders in a book")) }
                let previous = position > 0 ? orders[position - 1] : nil
                let sameLevel = previous.map { $0.side == order.side && $0.priceTicks == order.priceTicks } ?? false
                let tail = sameLevel ? previous?.id : nil
                let inserted = book.withEngine {
                    $0.insert(
                        id: order.id, side: order.side, price: order.priceTicks, quantity: order.lots,
                        isPostOnly: order.type == .postOnly, after: tail)
                }
                guard inserted, order.type.rests else { throw reader.error(.invalidValue("order cannot rest")) }
            }
        }
        return book
    }
}
