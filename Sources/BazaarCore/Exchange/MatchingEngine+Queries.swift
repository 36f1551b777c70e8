extension MatchingEngine {
    /// The highest bid price, or nil with no bids.
    public var bestBid: Int64? { bestBidLevel >= 0 ? priceOf(level: bestBidLevel) : nil }

    /// The lowest ask price, or nil with no asks.
    public var bestAsk: Int64? { bestAskLevel < levelCount ? priceOf(level: bestAskLevel) : nil }

    /// How many orders rest on `side`.
    ///
    /// - Complexity: O(1).
    public func restingOrderCount(_ side: Side) -> Int { side == .bid ? bidCount : askCount }

    /// Whether another order can rest.
    public var isFull: Bool { freeHead == Self.none }

    /// Resting order `id`, or nil if it is not on the book.
    ///
    /// - Complexity: O(1) expected.
    public func order(_ id: UInt64) -> RestingOrder? {
        let slot = findSlot(id)
        guard slot != Self.none else { return nil }
        let order = slots[Int(slot)]
        return RestingOrder(id: id, side: order.side, price: priceOf(level: Int(order.level)), quantity: order.quantity)
    }

    /// Aggregated levels of `side`, best price first.
    ///
    /// - Parameter levelCountMax: how many levels to return at most.
    /// - Complexity: O(levels returned + price range / 64).
    public func depth(_ side: Side, levelCountMax: Int) -> [Level] {
        var result: [Level] = []
        var level = side == .bid ? bestBidLevel : bestAskLevel
        let ladder = side == .bid ? bidLevels : askLevels
        while result.count < levelCountMax, level >= 0, level < levelCount {
            let state = ladder[level]
            result.append(Level(price: priceOf(level: level), quantity: state.total, orderCount: Int(state.count)))
            level = side == .bid ? highestBid(atOrBelow: level - 1) : lowestAsk(atOrAbove: level + 1)
        }
        return result
    }

    /// The orders resting on `side` at `price`, in time priority (first to fill first).
    ///
    /// - Complexity: O(orders at the level).
    public func queue(_ side: Side, price: Int64) -> [RestingOrder] {
        guard let level = levelOf(price) else { return [] }
        var result: [RestingOrder] = []
        var slot = (side == .bid ? bidLevels : askLevels)[level].head
        while slot != Self.none {
            let order = slots[Int(slot)]
            result.append(RestingOrder(id: order.id, side: side, price: price, quantity: order.quantity))
            slot = order.next
        }
        return result
    }

    /// Every order resting on `side`, best price first and in time priority within a price.
    ///
    /// - Complexity: O(resting orders + price range / 64).
    public func restingOrders(_ side: Side) -> [RestingOrder] {
        depth(side, levelCountMax: .max).flatMap { queue(side, price: $0.price) }
    }

    /// Checks every structural invariant, stopping the process on the first broken one. For tests
    /// and simulators: it walks the whole book.
    ///
    /// - Complexity: O(capacity + price levels + index size).
    public func checkInvariants() {
        var linked = 0
        for side in Side.allCases {
            let ladder = side == .bid ? bidLevels : askLevels
            let bits = side == .bid ? bidBits : askBits
            var count = 0
            var best = side == .bid ? -1 : levelCount
            for level in 0..<levelCount {
                let state = ladder[level]
                let marked = bits[level >> 6] & (1 << UInt64(level & 63)) != 0
                precondition(marked == (state.count > 0), "bitmap disagrees with level \(level)")
                var slot = state.head
                var previous = Self.none
                var total: Int64 = 0
                var orders: Int32 = 0
                while slot != Self.none {
                    let order = slots[Int(slot)]
                    precondition(order.previous == previous && Int(order.level) == level && order.side == side)
                    precondition(order.quantity > 0 && findSlot(order.id) == slot, "order \(order.id) corrupt")
                    total += order.quantity
                    orders += 1
                    previous = slot
                    slot = order.next
                }
                precondition(state.tail == previous && state.total == total && state.count == orders)
                count += Int(orders)
                if orders > 0 { best = side == .bid ? max(best, level) : min(best, level) }
            }
            precondition(count == restingOrderCount(side))
            precondition(best == (side == .bid ? bestBidLevel : bestAskLevel), "best \(side) stale")
            linked += count
        }
        precondition(bestBidLevel < bestAskLevel, "crossed book")
        var free = 0
        var slot = freeHead
        while slot != Self.none {
            free += 1
            slot = slots[Int(slot)].next
        }
        precondition(free + linked == configuration.capacity, "slots leaked")
        let indexed = (0...indexMask).count { index[$0].slot != Self.none }
        precondition(indexed == linked, "index holds \(indexed) ids for \(linked) orders")
    }
}

extension MatchingEngine {
    /// The bytes the engine allocated in `init` (slots, id index, ladders, bitmaps); it never allocates more.
    public var allocatedBytes: Int {
        configuration.capacity * MemoryLayout<Slot>.stride + (indexMask + 1) * MemoryLayout<IndexEntry>.stride
            + 2 * levelCount * MemoryLayout<LevelState>.stride + 2 * wordCount * MemoryLayout<UInt64>.stride
    }
}
