extension BatchAuction {
    /// Allocates `volume` lots among one side's orders that accept the clearing price.
    ///
    /// Groups of one price and one class are served whole, best price first and lower class
    /// first within a price, while they fit; the group where the volume runs out is shared
    /// ``proRata(_:among:total:)``; later groups get nothing.
    ///
    /// - Parameters:
    ///   - volume: at most the orders' total quantity.
    ///   - orders: best price first, then class ascending, then id ascending.
    /// - Returns: a fill for each order that trades, in the order of `orders`.
    /// - Complexity: O(k log k) for k orders.
    static func allocate(_ volume: Int64, among orders: ArraySlice<Order>) -> [Fill] {
        var fills: [Fill] = []
        var remaining = volume
        var start = orders.startIndex
        while start < orders.endIndex && remaining > 0 {
            let first = orders[start]
            var end = start
            var total: Int128 = 0
            while end < orders.endIndex && orders[end].price == first.price
                && orders[end].priorityClass == first.priorityClass
            {
                total += Int128(orders[end].quantity)
                end += 1
            }
            if total <= Int128(remaining) {
                for order in orders[start..<end] { fills.append(Fill(id: order.id, quantity: order.quantity)) }
                remaining -= Int64(total)
            } else {
                fills += proRata(remaining, among: orders[start..<end], total: total)
                remaining = 0
            }
            start = end
        }
        precondition(remaining == 0, "batch auction volume exceeds the side's accepting orders")
        return fills
    }

    /// Shares `amount` lots among `group` in proportion to quantity, in whole lots.
    ///
    /// Each order gets the floor of `amount × quantity / total`; the lots left over (fewer than
    /// the orders) go one each by the largest fractional share, then the larger order, then the
    /// smaller ``Order/allocationKey``, then the smaller id. None of these depends on where an
    /// order arrived in its block (unless the caller makes the allocation key do so), and no
    /// order gets more than its quantity: with `amount < total` every floor is below the quantity.
    ///
    /// - Parameters:
    ///   - amount: less than `total`.
    ///   - total: the sum of the group's quantities.
    /// - Complexity: O(k log k) for k orders.
    static func proRata(_ amount: Int64, among group: ArraySlice<Order>, total: Int128) -> [Fill] {
        precondition(amount < total, "a pro-rata share of the whole group")
        var shares = group.map { order in
            // amount and quantity are below 2^63, so the product stays below 2^126.
            let (lots, fraction) = (Int128(amount) * Int128(order.quantity)).quotientAndRemainder(dividingBy: total)
            return Share(order: order, lots: Int64(lots), fraction: fraction)
        }
        let leftOver = amount - shares.reduce(0) { $0 + $1.lots }
        let ranking = shares.indices.sorted { shares[$0].isServedBefore(shares[$1]) }
        for index in ranking.prefix(Int(leftOver)) { shares[index].lots += 1 }
        return shares.filter { $0.lots > 0 }.map { Fill(id: $0.order.id, quantity: $0.lots) }
    }

    /// One order's pro-rata share: whole lots and the fraction left, in units of 1/total.
    private struct Share {
        var order: Order
        var lots: Int64
        var fraction: Int128

        /// Whether this share gets a left-over lot before `other`.
        func isServedBefore(_ other: Share) -> Bool {
            if fraction != other.fraction { return fraction > other.fraction }
            if order.quantity != other.order.quantity { return order.quantity > other.order.quantity }
            if order.allocationKey != other.order.allocationKey {
                return order.allocationKey < other.order.allocationKey
            }
            return order.id < other.order.id
        }
    }
}
