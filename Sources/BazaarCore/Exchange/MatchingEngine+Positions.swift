// Commands that place an order at an exact queue position, visit the makers an order would meet,
// or rebuild the book with a larger pool. A wrapper uses them to undo its own commands (a journal
// of exact inverses), to apply self-trade prevention before it matches, and to grow a book on demand.

extension MatchingEngine {
    /// Puts an order at an exact place in its level's queue: directly behind resting order
    /// `predecessor`, or at the front of the level when `predecessor` is nil.
    ///
    /// This is the inverse of taking an order out of a queue (a fill that emptied it, a cancel,
    /// a reduce to zero), for undo journals and for rebuilding a book from a snapshot. It never
    /// trades: the caller guarantees the book stays uncrossed (``checkInvariants()`` checks it).
    ///
    /// - Returns: `false`, changing nothing, when `id` is already resting, the price is out of
    ///   range, `quantity` is not positive, no slot is free, or `predecessor` does not rest on
    ///   `side` at `price`.
    /// - Complexity: O(1) expected.
    @discardableResult
    public mutating func insert(
        id: UInt64, side: Side, price: Int64, quantity: Int64, isPostOnly: Bool, after predecessor: UInt64?
    ) -> Bool {
        guard quantity > 0, let level = levelOf(price), freeHead != Self.none, findSlot(id) == Self.none else {
            return false
        }
        let ladder = side == .bid ? bidLevels : askLevels
        var previous = Self.none
        var next = ladder[level].head
        if let predecessor {
            previous = findSlot(predecessor)
            guard previous != Self.none, slots[Int(previous)].side == side, Int(slots[Int(previous)].level) == level
            else { return false }
            next = slots[Int(previous)].next
        }
        let slot = freeHead
        freeHead = slots[Int(slot)].next
        slots[Int(slot)] = Slot(
            id: id, quantity: quantity, level: Int32(level), previous: previous, next: next, side: side,
            isPostOnly: isPostOnly)
        insertIndex(id: id, slot: slot)
        if previous == Self.none { ladder[level].head = slot } else { slots[Int(previous)].next = slot }
        if next == Self.none { ladder[level].tail = slot } else { slots[Int(next)].previous = slot }
        if ladder[level].count == 0 {
            (side == .bid ? bidBits : askBits)[level >> 6] |= 1 << UInt64(level & 63)
        }
        ladder[level].count &+= 1
        ladder[level].total &+= quantity
        if side == .bid {
            bidCount &+= 1
            if level > bestBidLevel { bestBidLevel = level }
        } else {
            askCount &+= 1
            if level < bestAskLevel { bestAskLevel = level }
        }
        return true
    }

    /// Adds `quantity` lots to resting order `id`, keeping its place in the queue.
    ///
    /// The inverse of a partial fill or a reduce, for undo journals: an order that grows at the
    /// client's request loses its time priority, which this does not do.
    ///
    /// - Returns: `false`, changing nothing, when `id` is not resting or `quantity` is not positive
    ///   or the new size would overflow.
    /// - Complexity: O(1) expected.
    @discardableResult
    public mutating func increase(id: UInt64, by quantity: Int64) -> Bool {
        let slot = findSlot(id)
        guard slot != Self.none, quantity > 0 else { return false }
        let order = slots[Int(slot)]
        let ladder = order.side == .bid ? bidLevels : askLevels
        let (size, sizeOverflow) = order.quantity.addingReportingOverflow(quantity)
        let (total, totalOverflow) = ladder[Int(order.level)].total.addingReportingOverflow(quantity)
        guard !sizeOverflow, !totalOverflow else { return false }
        slots[Int(slot)].quantity = size
        ladder[Int(order.level)].total = total
        return true
    }

    /// The order directly ahead of resting order `id` in its level's queue: nil when `id` is at
    /// the front or not resting.
    ///
    /// - Complexity: O(1) expected.
    public func orderAhead(of id: UInt64) -> UInt64? {
        let slot = findSlot(id)
        guard slot != Self.none else { return nil }
        let previous = slots[Int(slot)].previous
        return previous == Self.none ? nil : slots[Int(previous)].id
    }

    /// Whether resting order `id` was placed post-only (false when it is not resting).
    public func isPostOnly(_ id: UInt64) -> Bool {
        let slot = findSlot(id)
        return slot != Self.none && slots[Int(slot)].isPostOnly
    }

    /// Visits the resting orders that an incoming order of `takerSide` limited at `price` would
    /// meet, in the order it would meet them (best price first, oldest first within a price),
    /// until `body` returns `false` or no acceptable order is left. Changes nothing, allocates nothing.
    ///
    /// - Complexity: O(orders visited + emptied levels skipped / 64).
    public func forEachMaker<Failure: Error>(
        takerSide: Side, price: Int64, _ body: (RestingOrder) throws(Failure) -> Bool
    ) throws(Failure) {
        let makerSide = takerSide.opposite
        let ladder = makerSide == .bid ? bidLevels : askLevels
        if takerSide == .bid {
            guard price >= configuration.minimumPrice else { return }
            let limit = Int(min(price, configuration.maximumPrice) &- configuration.minimumPrice)
            var level = bestAskLevel
            while level <= limit {
                guard try visitQueue(ladder[level].head, side: makerSide, level: level, body) else { return }
                level = lowestAsk(atOrAbove: level + 1)
            }
        } else {
            guard price <= configuration.maximumPrice else { return }
            let limit = Int(max(price, configuration.minimumPrice) &- configuration.minimumPrice)
            var level = bestBidLevel
            while level >= limit && level >= 0 {
                guard try visitQueue(ladder[level].head, side: makerSide, level: level, body) else { return }
                level = highestBid(atOrBelow: level - 1)
            }
        }
    }

    /// Visits one level's queue from `head`; false when `body` asked to stop.
    private func visitQueue<Failure: Error>(
        _ head: Int32, side: Side, level: Int, _ body: (RestingOrder) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        var slot = head
        let price = priceOf(level: level)
        while slot != Self.none {
            let order = slots[Int(slot)]
            guard try body(RestingOrder(id: order.id, side: side, price: price, quantity: order.quantity)) else {
                return false
            }
            slot = order.next
        }
        return true
    }

    /// A separate engine with the same book and time priority and a pool of `capacity` orders.
    ///
    /// A wrapper grows a full book with this instead of refusing orders; the new engine's slot
    /// layout differs, which nothing observable depends on.
    ///
    /// - Precondition: `capacity` holds every resting order and is within ``Configuration/capacityMax``.
    /// - Complexity: O(capacity + price levels + resting orders).
    public func copy(capacity: Int) -> MatchingEngine {
        precondition(capacity >= bidCount + askCount, "the new pool must hold every resting order")
        var twin = MatchingEngine(
            Configuration(
                minimumPrice: configuration.minimumPrice, maximumPrice: configuration.maximumPrice,
                capacity: capacity))
        for side in Side.allCases {
            let ladder = side == .bid ? bidLevels : askLevels
            var level = side == .bid ? bestBidLevel : bestAskLevel
            while level >= 0 && level < levelCount {
                var slot = ladder[level].head
                while slot != Self.none {
                    let order = slots[Int(slot)]
                    twin.appendNew(
                        id: order.id, side: side, level: level, quantity: order.quantity, isPostOnly: order.isPostOnly)
                    slot = order.next
                }
                level = side == .bid ? highestBid(atOrBelow: level - 1) : lowestAsk(atOrAbove: level + 1)
            }
        }
        return twin
    }
}
