// The matching loop and the data-structure operations behind the commands. Everything here is
// `@inlinable` so that a caller in another module gets a version specialized for its trade sink.

extension MatchingEngine {
    /// The ladder level of `price`, or nil outside the configured range.
    @inlinable
    func levelOf(_ price: Int64) -> Int? {
        guard price >= configuration.minimumPrice, price <= configuration.maximumPrice else { return nil }
        return Int(price &- configuration.minimumPrice)
    }

    @inlinable
    func priceOf(level: Int) -> Int64 {
        configuration.minimumPrice &+ Int64(level)
    }

    // MARK: Id index (open addressing, linear probing)

    @inlinable
    func home(_ id: UInt64) -> Int {
        // Fibonacci hashing spreads sequential ids over the table.
        Int(truncatingIfNeeded: (id &* 0x9e37_79b9_7f4a_7c15) >> indexShift)
    }

    /// The slot of resting order `id`, or `none`.
    @inlinable
    func findSlot(_ id: UInt64) -> Int32 {
        var position = home(id)
        while true {
            let entry = index[position]
            if entry.slot == Self.none { return Self.none }
            if entry.key == id { return entry.slot }
            position = (position &+ 1) & indexMask
        }
    }

    @inlinable
    func insertIndex(id: UInt64, slot: Int32) {
        var position = home(id)
        while index[position].slot != Self.none { position = (position &+ 1) & indexMask }
        index[position] = IndexEntry(key: id, slot: slot)
    }

    /// Removes `id`, shifting later entries of its probe chain back so no tombstones build up.
    @inlinable
    func removeIndex(id: UInt64) {
        var hole = home(id)
        while index[hole].key != id || index[hole].slot == Self.none { hole = (hole &+ 1) & indexMask }
        var probe = hole
        while true {
            probe = (probe &+ 1) & indexMask
            let entry = index[probe]
            if entry.slot == Self.none { break }
            let wanted = home(entry.key)
            // Move the entry into the hole unless its home lies cyclically in (hole, probe].
            let staysPut = hole <= probe ? (wanted > hole && wanted <= probe) : (wanted > hole || wanted <= probe)
            if !staysPut {
                index[hole] = entry
                hole = probe
            }
        }
        index[hole] = .empty
    }

    /// Returns an unlinked slot to the pool and forgets its id.
    @inlinable
    mutating func release(slot: Int32) {
        removeIndex(id: slots[Int(slot)].id)
        slots[Int(slot)].next = freeHead
        freeHead = slot
    }

    // MARK: Levels

    /// Takes a free slot for a new resting order and appends it to the back of its level.
    ///
    /// - Precondition: a slot is free and `id` is not resting.
    @inlinable
    mutating func appendNew(id: UInt64, side: Side, level: Int, quantity: Int64, isPostOnly: Bool) {
        let slot = freeHead
        precondition(slot != Self.none, "no free slot")
        freeHead = slots[Int(slot)].next
        slots[Int(slot)] = Slot(
            id: id, quantity: quantity, level: Int32(level), previous: Self.none, next: Self.none, side: side,
            isPostOnly: isPostOnly)
        insertIndex(id: id, slot: slot)
        append(slot: slot)
    }

    /// Appends a filled-in slot to the back of its level's queue.
    @inlinable
    mutating func append(slot: Int32) {
        let order = slots[Int(slot)]
        let level = Int(order.level)
        let isBid = order.side == .bid
        let ladder = isBid ? bidLevels : askLevels
        let tail = ladder[level].tail
        slots[Int(slot)].previous = tail
        slots[Int(slot)].next = Self.none
        if tail == Self.none {
            ladder[level].head = slot
            (isBid ? bidBits : askBits)[level >> 6] |= 1 << UInt64(level & 63)
        } else {
            slots[Int(tail)].next = slot
        }
        ladder[level].tail = slot
        ladder[level].count &+= 1
        ladder[level].total &+= order.quantity
        if isBid {
            bidCount &+= 1
            if level > bestBidLevel { bestBidLevel = level }
        } else {
            askCount &+= 1
            if level < bestAskLevel { bestAskLevel = level }
        }
    }

    /// Takes a resting slot out of its level's queue (it stays in the id index).
    @inlinable
    mutating func unlink(slot: Int32) {
        let order = slots[Int(slot)]
        let level = Int(order.level)
        let isBid = order.side == .bid
        let ladder = isBid ? bidLevels : askLevels
        if order.previous != Self.none {
            slots[Int(order.previous)].next = order.next
        } else {
            ladder[level].head = order.next
        }
        if order.next != Self.none {
            slots[Int(order.next)].previous = order.previous
        } else {
            ladder[level].tail = order.previous
        }
        ladder[level].count &-= 1
        ladder[level].total &-= order.quantity
        if isBid { bidCount &-= 1 } else { askCount &-= 1 }
        if ladder[level].count == 0 { levelEmptied(level, isBid: isBid) }
    }

    @inlinable
    mutating func levelEmptied(_ level: Int, isBid: Bool) {
        (isBid ? bidBits : askBits)[level >> 6] &= ~(1 << UInt64(level & 63))
        if isBid {
            if level == bestBidLevel { bestBidLevel = highestBid(atOrBelow: level - 1) }
        } else {
            if level == bestAskLevel { bestAskLevel = lowestAsk(atOrAbove: level + 1) }
        }
    }

    /// The highest non-empty bid level at or below `level`, or -1.
    @inlinable
    func highestBid(atOrBelow level: Int) -> Int {
        guard level >= 0 else { return -1 }
        var word = level >> 6
        // Keep bits 0...level%64 of the first word.
        var bits = bidBits[word] & (UInt64.max >> UInt64(63 - (level & 63)))
        while bits == 0 {
            word -= 1
            if word < 0 { return -1 }
            bits = bidBits[word]
        }
        return word << 6 + (63 - bits.leadingZeroBitCount)
    }

    /// The lowest non-empty ask level at or above `level`, or `levelCount`.
    @inlinable
    func lowestAsk(atOrAbove level: Int) -> Int {
        guard level < levelCount else { return levelCount }
        var word = level >> 6
        var bits = askBits[word] & (UInt64.max << UInt64(level & 63))
        while bits == 0 {
            word += 1
            if word >= wordCount { return levelCount }
            bits = askBits[word]
        }
        return word << 6 + bits.trailingZeroBitCount
    }

    // MARK: Matching

    /// Whether an order of `side` at `level` would trade against the book.
    @inlinable
    func crosses(side: Side, level: Int) -> Bool {
        side == .bid ? bestAskLevel <= level : bestBidLevel >= level
    }

    /// Whether the opposite side holds `quantity` lots at prices `level` accepts.
    @inlinable
    func canFill(side: Side, level: Int, quantity: Int64) -> Bool {
        var available: Int64 = 0
        if side == .bid {
            var current = bestAskLevel
            while current <= level {
                available &+= askLevels[current].total
                if available >= quantity { return true }
                current = lowestAsk(atOrAbove: current + 1)
            }
        } else {
            var current = bestBidLevel
            while current >= level {
                available &+= bidLevels[current].total
                if available >= quantity { return true }
                current = highestBid(atOrBelow: current - 1)
            }
        }
        return false
    }

    /// Trades an incoming order against the opposite side, best price first and oldest first
    /// within a price, at the resting orders' prices.
    ///
    /// - Returns: the taker's unfilled lots.
    @inlinable
    mutating func match<Sink: MatchingTradeSink>(
        takerID: UInt64, side: Side, level limit: Int, quantity: Int64, trades: inout Sink
    ) -> Int64 {
        var remaining = quantity
        let isBid = side == .bid
        let ladder = isBid ? askLevels : bidLevels
        while remaining > 0 {
            let level = isBid ? bestAskLevel : bestBidLevel
            guard isBid ? level <= limit : level >= limit else { break }
            let price = priceOf(level: level)
            var slot = ladder[level].head
            while remaining > 0 && slot != Self.none {
                let maker = slots[Int(slot)]
                let fill = min(maker.quantity, remaining)
                remaining &-= fill
                let makerRemaining = maker.quantity &- fill
                ladder[level].total &-= fill
                trades.record(
                    Trade(
                        makerID: maker.id, takerID: takerID, takerSide: side, price: price, quantity: fill,
                        makerRemaining: makerRemaining))
                if makerRemaining > 0 {
                    slots[Int(slot)].quantity = makerRemaining
                    break
                }
                ladder[level].count &-= 1
                if isBid { askCount &-= 1 } else { bidCount &-= 1 }
                let next = maker.next
                release(slot: slot)
                slot = next
            }
            ladder[level].head = slot
            if slot == Self.none {
                ladder[level].tail = Self.none
                levelEmptied(level, isBid: !isBid)
            } else {
                slots[Int(slot)].previous = Self.none
            }
        }
        return remaining
    }
}
