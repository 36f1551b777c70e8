/// One market's central limit order book with price-time priority, standalone: no balances, no fees.
///
/// Layout (DESIGN.md, Performance design): a dense price ladder per side indexed by tick, with a
/// bitmap of non-empty levels for finding the next best price; order slots in a preallocated pool
/// of 32-byte structs, linked into an intrusive FIFO per level by slot index; an open-addressing
/// (linear probing, backward-shift deletion) order id → slot index. Everything is allocated once
/// in `init`, so a command allocates nothing and touches no reference count; trades go to a
/// caller-provided ``MatchingTradeSink``.
///
/// The engine is a non-copyable struct that owns its buffers and frees them in `deinit`. Copying
/// a book of a million orders by accident (as a copy-on-write value would on the first mutation
/// of a shared copy) is never what a caller wants, and uniqueness checks would sit in the
/// matching loop; an explicit ``copy()`` exists for snapshots. It is `Sendable` because it owns
/// its memory exclusively: moving it to another task moves the only handle to the buffers
/// (hence `@unchecked`, which the compiler cannot prove for raw pointers).
///
/// Deterministic: integers only, no hashing order is observable (queries walk the ladder), no clock.
public struct MatchingEngine: ~Copyable, @unchecked Sendable {
    /// The engine's fixed limits.
    public struct Configuration: Sendable, Hashable {
        /// The lowest accepted price, in ticks.
        public var minimumPrice: Int64
        /// The highest accepted price, in ticks.
        public var maximumPrice: Int64
        /// How many orders can rest at once.
        public var capacity: Int

        /// The most price levels one engine accepts (about 100 MB of ladder at most).
        public static let levelCountMax = 1 << 22
        /// The most orders one engine holds.
        public static let capacityMax = 1 << 26

        public init(minimumPrice: Int64, maximumPrice: Int64, capacity: Int) {
            self.minimumPrice = minimumPrice
            self.maximumPrice = maximumPrice
            self.capacity = capacity
        }
    }

    @usableFromInline static let none: Int32 = -1

    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline var id: UInt64
        @usableFromInline var quantity: Int64
        @usableFromInline var level: Int32
        @usableFromInline var previous: Int32
        @usableFromInline var next: Int32
        @usableFromInline var side: Side
        /// Whether the order was placed post-only; a move that would cross is then refused. Fits in
        /// the slot's padding, so a slot stays 32 bytes.
        @usableFromInline var isPostOnly: Bool

        @inlinable
        init(id: UInt64, quantity: Int64, level: Int32, previous: Int32, next: Int32, side: Side, isPostOnly: Bool) {
            self.id = id
            self.quantity = quantity
            self.level = level
            self.previous = previous
            self.next = next
            self.side = side
            self.isPostOnly = isPostOnly
        }
    }

    @usableFromInline
    struct LevelState: Sendable {
        @usableFromInline var head: Int32
        @usableFromInline var tail: Int32
        @usableFromInline var count: Int32
        @usableFromInline var total: Int64

        @inlinable
        init(head: Int32, tail: Int32, count: Int32, total: Int64) {
            self.head = head
            self.tail = tail
            self.count = count
            self.total = total
        }

        @usableFromInline static let empty = LevelState(head: none, tail: none, count: 0, total: 0)
    }

    @usableFromInline
    struct IndexEntry: Sendable {
        @usableFromInline var key: UInt64
        @usableFromInline var slot: Int32

        @inlinable
        init(key: UInt64, slot: Int32) {
            self.key = key
            self.slot = slot
        }

        @usableFromInline static let empty = IndexEntry(key: 0, slot: none)
    }

    public let configuration: Configuration
    @usableFromInline let levelCount: Int
    @usableFromInline let wordCount: Int
    @usableFromInline let slots: UnsafeMutablePointer<Slot>
    @usableFromInline let bidLevels: UnsafeMutablePointer<LevelState>
    @usableFromInline let askLevels: UnsafeMutablePointer<LevelState>
    @usableFromInline let bidBits: UnsafeMutablePointer<UInt64>
    @usableFromInline let askBits: UnsafeMutablePointer<UInt64>
    @usableFromInline let index: UnsafeMutablePointer<IndexEntry>
    @usableFromInline let indexMask: Int
    @usableFromInline let indexShift: UInt64
    @usableFromInline var freeHead: Int32
    /// The best bid's level, or -1 with no bids.
    @usableFromInline var bestBidLevel: Int
    /// The best ask's level, or `levelCount` with no asks.
    @usableFromInline var bestAskLevel: Int
    @usableFromInline var bidCount: Int
    @usableFromInline var askCount: Int

    /// Creates an empty book and allocates all of its memory.
    ///
    /// - Precondition: `minimumPrice <= maximumPrice`, at most ``Configuration/levelCountMax``
    ///   levels, and `1...Configuration.capacityMax` orders.
    /// - Complexity: O(capacity + price levels).
    public init(_ configuration: Configuration) {
        let span = configuration.maximumPrice - configuration.minimumPrice
        precondition(
            span >= 0 && span < Configuration.levelCountMax, "price range of 1...\(Configuration.levelCountMax) ticks")
        precondition((1...Configuration.capacityMax).contains(configuration.capacity), "capacity out of range")
        self.configuration = configuration
        levelCount = Int(span) + 1
        wordCount = (levelCount + 63) / 64
        let capacity = configuration.capacity
        slots = .allocate(capacity: capacity)
        for slot in 0..<capacity {
            let next = slot + 1 < capacity ? Int32(slot + 1) : Self.none
            (slots + slot).initialize(
                to: Slot(id: 0, quantity: 0, level: 0, previous: Self.none, next: next, side: .bid, isPostOnly: false))
        }
        freeHead = 0
        bidLevels = .allocate(capacity: levelCount)
        bidLevels.initialize(repeating: .empty, count: levelCount)
        askLevels = .allocate(capacity: levelCount)
        askLevels.initialize(repeating: .empty, count: levelCount)
        bidBits = .allocate(capacity: wordCount)
        bidBits.initialize(repeating: 0, count: wordCount)
        askBits = .allocate(capacity: wordCount)
        askBits.initialize(repeating: 0, count: wordCount)
        // Load factor at most 1/2 keeps linear-probing chains short.
        var indexBits = 4
        while 1 << indexBits < 2 * capacity { indexBits += 1 }
        index = .allocate(capacity: 1 << indexBits)
        index.initialize(repeating: .empty, count: 1 << indexBits)
        indexMask = (1 << indexBits) - 1
        indexShift = UInt64(64 - indexBits)
        bestBidLevel = -1
        bestAskLevel = levelCount
        bidCount = 0
        askCount = 0
    }

    deinit {
        slots.deallocate()
        bidLevels.deallocate()
        askLevels.deallocate()
        bidBits.deallocate()
        askBits.deallocate()
        index.deallocate()
    }

    /// A separate engine with the same configuration and book, time priority included.
    ///
    /// - Complexity: O(capacity + price levels).
    public func copy() -> MatchingEngine {
        let twin = MatchingEngine(configuration)
        twin.slots.update(from: slots, count: configuration.capacity)
        twin.bidLevels.update(from: bidLevels, count: levelCount)
        twin.askLevels.update(from: askLevels, count: levelCount)
        twin.bidBits.update(from: bidBits, count: wordCount)
        twin.askBits.update(from: askBits, count: wordCount)
        twin.index.update(from: index, count: indexMask + 1)
        var result = twin
        result.freeHead = freeHead
        result.bestBidLevel = bestBidLevel
        result.bestAskLevel = bestAskLevel
        result.bidCount = bidCount
        result.askCount = askCount
        return result
    }

    // MARK: - Commands

    /// Applies one command, reporting each trade to `trades` as it happens.
    ///
    /// - Returns: what the command did; a rejected command changes nothing.
    /// - Complexity: O(1) for a command that does not trade, plus O(1) per order filled and per
    ///   emptied price level skipped (a bitmap scan of 64 levels per word).
    @inlinable
    public mutating func execute<Sink: MatchingTradeSink>(_ command: Command, trades: inout Sink) -> Outcome {
        switch command {
        case .limit(let id, let side, let price, let quantity, let timeInForce):
            return place(
                id: id, side: side, price: price, quantity: quantity, timeInForce: timeInForce, trades: &trades)
        case .cancel(let id):
            return cancel(id: id)
        case .move(let id, let price):
            return move(id: id, price: price, trades: &trades)
        case .reduce(let id, let quantity):
            return reduce(id: id, by: quantity)
        }
    }

    /// Places a new limit order. See ``TimeInForce`` for what happens to its remainder.
    @inlinable
    public mutating func place<Sink: MatchingTradeSink>(
        id: UInt64, side: Side, price: Int64, quantity: Int64, timeInForce: TimeInForce, trades: inout Sink
    ) -> Outcome {
        guard quantity > 0 else { return .rejected(.nonPositiveQuantity) }
        guard let level = levelOf(price) else { return .rejected(.priceOutOfRange) }
        guard findSlot(id) == Self.none else { return .rejected(.duplicateOrderID) }
        switch timeInForce {
        case .goodTillCancelled:
            // A full pool refuses only an order whose remainder would rest.
            guard freeHead != Self.none || canFill(side: side, level: level, quantity: quantity) else {
                return .rejected(.bookFull)
            }
        case .immediateOrCancel:
            break
        case .fillOrKill:
            guard canFill(side: side, level: level, quantity: quantity) else { return .rejected(.cannotFill) }
        case .postOnly:
            guard !crosses(side: side, level: level) else { return .rejected(.wouldCross) }
            guard freeHead != Self.none else { return .rejected(.bookFull) }
        }
        let remaining = match(takerID: id, side: side, level: level, quantity: quantity, trades: &trades)
        if remaining == 0 { return .filled }
        if timeInForce == .immediateOrCancel { return .expired(filled: quantity - remaining) }
        appendNew(id: id, side: side, level: level, quantity: remaining, isPostOnly: timeInForce == .postOnly)
        return .rested(filled: quantity - remaining)
    }

    /// Removes resting order `id`.
    @inlinable
    public mutating func cancel(id: UInt64) -> Outcome {
        let slot = findSlot(id)
        guard slot != Self.none else { return .rejected(.unknownOrder) }
        let remaining = slots[Int(slot)].quantity
        unlink(slot: slot)
        release(slot: slot)
        return .cancelled(remaining: remaining)
    }

    /// Takes `quantity` lots off resting order `id`; it keeps its time priority, and reducing it
    /// by its whole remainder or more removes it (`.reduced(remaining: 0)`).
    @inlinable
    public mutating func reduce(id: UInt64, by quantity: Int64) -> Outcome {
        guard quantity > 0 else { return .rejected(.nonPositiveQuantity) }
        let slot = findSlot(id)
        guard slot != Self.none else { return .rejected(.unknownOrder) }
        let remaining = slots[Int(slot)].quantity
        if quantity >= remaining {
            unlink(slot: slot)
            release(slot: slot)
            return .reduced(remaining: 0)
        }
        slots[Int(slot)].quantity = remaining - quantity
        let level = Int(slots[Int(slot)].level)
        let ladder = slots[Int(slot)].side == .bid ? bidLevels : askLevels
        ladder[level].total -= quantity
        return .reduced(remaining: remaining - quantity)
    }

    /// Moves resting order `id` to `price`. It loses its time priority, trades as a taker if the
    /// new price crosses, and rests its remainder at the back of the new level. A move to the
    /// current price is `.unchanged`. A post-only order stays post-only: a move that would cross
    /// is refused with `.wouldCross` and leaves the order where it was.
    @inlinable
    public mutating func move<Sink: MatchingTradeSink>(id: UInt64, price: Int64, trades: inout Sink) -> Outcome {
        let slot = findSlot(id)
        guard slot != Self.none else { return .rejected(.unknownOrder) }
        guard let level = levelOf(price) else { return .rejected(.priceOutOfRange) }
        let order = slots[Int(slot)]
        guard level != Int(order.level) else { return .unchanged }
        guard !order.isPostOnly || !crosses(side: order.side, level: level) else { return .rejected(.wouldCross) }
        unlink(slot: slot)
        let remaining = match(takerID: id, side: order.side, level: level, quantity: order.quantity, trades: &trades)
        let filled = order.quantity - remaining
        if remaining == 0 {
            release(slot: slot)
            return .moved(filled: filled, remaining: 0)
        }
        slots[Int(slot)].quantity = remaining
        slots[Int(slot)].level = Int32(level)
        append(slot: slot)
        return .moved(filled: filled, remaining: remaining)
    }
}
