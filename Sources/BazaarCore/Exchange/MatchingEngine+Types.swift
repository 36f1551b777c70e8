extension MatchingEngine {
    /// The side of an order: a bid buys the base asset, an ask sells it.
    public enum Side: UInt8, Sendable, Hashable, CaseIterable {
        case bid = 0
        case ask = 1

        /// The side an order of this side trades against.
        @inlinable public var opposite: Side { self == .bid ? .ask : .bid }
    }

    /// How long a new limit order's unfilled remainder lives.
    public enum TimeInForce: UInt8, Sendable, Hashable, CaseIterable {
        /// Good till cancelled: the remainder rests on the book.
        case goodTillCancelled
        /// Immediate or cancel: fills what it can now; the remainder is dropped.
        case immediateOrCancel
        /// Fill or kill: fills completely now or is rejected with nothing filled.
        case fillOrKill
        /// Post only: rests without trading, or is rejected if it would cross the book.
        case postOnly
    }

    /// One input to the engine.
    public enum Command: Sendable, Hashable {
        /// A new limit order `id`, unique among resting orders.
        case limit(id: UInt64, side: Side, price: Int64, quantity: Int64, timeInForce: TimeInForce)
        /// Removes resting order `id`.
        case cancel(id: UInt64)
        /// Moves resting order `id` to `price`: it trades if it crosses, then rests at the back of the new level.
        case move(id: UInt64, price: Int64)
        /// Takes `quantity` lots off resting order `id`, keeping its place; reducing by all of it removes it.
        case reduce(id: UInt64, quantity: Int64)
    }

    /// Why the engine refused a command. A rejected command changes nothing.
    public enum Rejection: UInt8, Sendable, Hashable, CaseIterable {
        /// The id names no resting order (never placed, filled, cancelled, or an IOC/FOK order).
        case unknownOrder
        /// A new order reused the id of an order still resting.
        case duplicateOrderID
        /// A post-only order would have traded.
        case wouldCross
        /// A fill-or-kill order could not be filled completely.
        case cannotFill
        /// The order pool is full; the order would have rested.
        case bookFull
        /// The price is outside the engine's configured price range.
        case priceOutOfRange
        /// A size (or reduce-by amount) of zero or less.
        case nonPositiveQuantity
    }

    /// What a command did.
    public enum Outcome: Sendable, Hashable {
        /// A new order traded `filled` lots and its remainder rests on the book.
        case rested(filled: Int64)
        /// A new order traded its whole size.
        case filled
        /// An immediate-or-cancel order traded `filled` lots (possibly none); the rest was dropped.
        case expired(filled: Int64)
        /// A resting order was removed with `remaining` lots unfilled.
        case cancelled(remaining: Int64)
        /// A resting order was reduced and keeps `remaining` lots and its time priority.
        case reduced(remaining: Int64)
        /// A resting order moved, traded `filled` lots, and rests with `remaining` (zero: filled completely).
        case moved(filled: Int64, remaining: Int64)
        /// The command asked for no change (a move to the order's current price).
        case unchanged
        /// The command was refused and changed nothing.
        case rejected(Rejection)

        /// Whether the command was refused.
        @inlinable public var isRejected: Bool {
            if case .rejected = self { return true }
            return false
        }
    }

    /// One execution between an incoming (taker) order and a resting (maker) order.
    public struct Trade: Sendable, Hashable {
        public var makerID: UInt64
        public var takerID: UInt64
        /// The taker's side; the maker is on the other side.
        public var takerSide: Side
        /// The resting order's price, in ticks.
        public var price: Int64
        public var quantity: Int64
        /// Lots the maker still has after this trade; zero means it left the book.
        public var makerRemaining: Int64

        @inlinable
        public init(
            makerID: UInt64, takerID: UInt64, takerSide: Side, price: Int64, quantity: Int64, makerRemaining: Int64
        ) {
            self.makerID = makerID
            self.takerID = takerID
            self.takerSide = takerSide
            self.price = price
            self.quantity = quantity
            self.makerRemaining = makerRemaining
        }
    }

    /// An order resting on the book, as the queries report it.
    public struct RestingOrder: Sendable, Hashable {
        public var id: UInt64
        public var side: Side
        public var price: Int64
        public var quantity: Int64

        public init(id: UInt64, side: Side, price: Int64, quantity: Int64) {
            self.id = id
            self.side = side
            self.price = price
            self.quantity = quantity
        }
    }

    /// One aggregated price level of the book.
    public struct Level: Sendable, Hashable {
        public var price: Int64
        /// The sum of the resting orders' remaining lots.
        public var quantity: Int64
        public var orderCount: Int

        public init(price: Int64, quantity: Int64, orderCount: Int) {
            self.price = price
            self.quantity = quantity
            self.orderCount = orderCount
        }
    }
}

/// Receives the engine's trades as they happen, so that matching allocates nothing per command.
///
/// The engine is generic over the sink, so a concrete sink is specialized and inlined into the
/// matching loop. `[MatchingEngine.Trade]` is a sink (reuse one with `removeAll(keepingCapacity:)`).
public protocol MatchingTradeSink {
    mutating func record(_ trade: MatchingEngine.Trade)
}

extension Array: MatchingTradeSink where Element == MatchingEngine.Trade {
    @inlinable public mutating func record(_ trade: MatchingEngine.Trade) { append(trade) }
}

/// A sink that only counts trades and traded lots.
public struct MatchingTradeTally: MatchingTradeSink, Sendable, Hashable {
    public var trades: Int = 0
    public var volume: Int64 = 0

    public init() {}

    @inlinable public mutating func record(_ trade: MatchingEngine.Trade) {
        trades &+= 1
        volume &+= trade.quantity
    }
}
