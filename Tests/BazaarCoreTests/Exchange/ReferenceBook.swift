@testable import BazaarCore

/// An obviously correct order book to compare the engine with: one array, searched in full.
struct ReferenceBook {
    typealias Side = MatchingEngine.Side

    struct Order: Equatable {
        var id: UInt64
        var side: Side
        var price: Int64
        var quantity: Int64
        /// Arrival order; smaller fills first within a price.
        var sequence: Int
        var isPostOnly = false
    }

    let configuration: MatchingEngine.Configuration
    var orders: [Order] = []
    var nextSequence = 0

    init(_ configuration: MatchingEngine.Configuration) {
        self.configuration = configuration
    }

    func inRange(_ price: Int64) -> Bool {
        (configuration.minimumPrice...configuration.maximumPrice).contains(price)
    }

    /// Whether a taker of `side` at `limit` accepts a resting order.
    static func accepts(_ side: Side, limit: Int64, _ resting: Order) -> Bool {
        resting.side != side && (side == .bid ? resting.price <= limit : resting.price >= limit)
    }

    /// The next maker for a taker: best price, then earliest arrival.
    func bestMaker(for side: Side, limit: Int64) -> Int? {
        orders.indices.filter { Self.accepts(side, limit: limit, orders[$0]) }.min { a, b in
            let x = orders[a]
            let y = orders[b]
            if x.price != y.price { return side == .bid ? x.price < y.price : x.price > y.price }
            return x.sequence < y.sequence
        }
    }

    mutating func match(
        id: UInt64, side: Side, limit: Int64, quantity: Int64, trades: inout [MatchingEngine.Trade]
    ) -> Int64 {
        var remaining = quantity
        while remaining > 0, let maker = bestMaker(for: side, limit: limit) {
            let fill = min(remaining, orders[maker].quantity)
            remaining -= fill
            orders[maker].quantity -= fill
            trades.append(
                .init(
                    makerID: orders[maker].id, takerID: id, takerSide: side, price: orders[maker].price,
                    quantity: fill, makerRemaining: orders[maker].quantity))
            if orders[maker].quantity == 0 { orders.remove(at: maker) }
        }
        return remaining
    }

    mutating func rest(id: UInt64, side: Side, price: Int64, quantity: Int64, isPostOnly: Bool) {
        orders.append(
            Order(
                id: id, side: side, price: price, quantity: quantity, sequence: nextSequence, isPostOnly: isPostOnly))
        nextSequence += 1
    }

    mutating func execute(
        _ command: MatchingEngine.Command, trades: inout [MatchingEngine.Trade]
    ) -> MatchingEngine.Outcome {
        switch command {
        case .limit(let id, let side, let price, let quantity, let timeInForce):
            guard quantity > 0 else { return .rejected(.nonPositiveQuantity) }
            guard inRange(price) else { return .rejected(.priceOutOfRange) }
            guard !orders.contains(where: { $0.id == id }) else { return .rejected(.duplicateOrderID) }
            let full = orders.count == configuration.capacity
            let available = orders.filter { Self.accepts(side, limit: price, $0) }.map(\.quantity).reduce(0, +)
            switch timeInForce {
            case .goodTillCancelled: if full && available < quantity { return .rejected(.bookFull) }
            case .immediateOrCancel: break
            case .fillOrKill: if available < quantity { return .rejected(.cannotFill) }
            case .postOnly:
                if available > 0 { return .rejected(.wouldCross) }
                if full { return .rejected(.bookFull) }
            }
            let remaining = match(id: id, side: side, limit: price, quantity: quantity, trades: &trades)
            if remaining == 0 { return .filled }
            if timeInForce == .immediateOrCancel { return .expired(filled: quantity - remaining) }
            rest(id: id, side: side, price: price, quantity: remaining, isPostOnly: timeInForce == .postOnly)
            return .rested(filled: quantity - remaining)
        case .cancel(let id):
            guard let position = orders.firstIndex(where: { $0.id == id }) else { return .rejected(.unknownOrder) }
            return .cancelled(remaining: orders.remove(at: position).quantity)
        case .move(let id, let price):
            guard let position = orders.firstIndex(where: { $0.id == id }) else { return .rejected(.unknownOrder) }
            guard inRange(price) else { return .rejected(.priceOutOfRange) }
            guard orders[position].price != price else { return .unchanged }
            if orders[position].isPostOnly,
                orders.contains(where: { Self.accepts(orders[position].side, limit: price, $0) })
            {
                return .rejected(.wouldCross)
            }
            let order = orders.remove(at: position)
            let remaining = match(id: id, side: order.side, limit: price, quantity: order.quantity, trades: &trades)
            if remaining > 0 {
                rest(id: id, side: order.side, price: price, quantity: remaining, isPostOnly: order.isPostOnly)
            }
            return .moved(filled: order.quantity - remaining, remaining: remaining)
        case .reduce(let id, let quantity):
            guard quantity > 0 else { return .rejected(.nonPositiveQuantity) }
            guard let position = orders.firstIndex(where: { $0.id == id }) else { return .rejected(.unknownOrder) }
            if quantity >= orders[position].quantity {
                orders.remove(at: position)
                return .reduced(remaining: 0)
            }
            orders[position].quantity -= quantity
            return .reduced(remaining: orders[position].quantity)
        }
    }

    /// The resting orders of `side`, best price first, then by arrival.
    func resting(_ side: Side) -> [MatchingEngine.RestingOrder] {
        orders.filter { $0.side == side }
            .sorted { x, y in
                if x.price != y.price { return side == .bid ? x.price > y.price : x.price < y.price }
                return x.sequence < y.sequence
            }
            .map { .init(id: $0.id, side: $0.side, price: $0.price, quantity: $0.quantity) }
    }
}
