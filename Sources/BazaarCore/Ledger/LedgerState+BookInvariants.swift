extension LedgerState {
    /// Checks every market's book against the rest of the state: each open order's record agrees
    /// with its engine (side, price, size, post-only, and queue order by `priority`), no
    /// continuous book is crossed, the account index lists exactly the open orders, every order
    /// id is below `nextOrderID`, and every account's locked amounts are exactly what its open
    /// orders lock ("no lock without an owner").
    ///
    /// - Complexity: O(open orders + books' price ranges).
    public func checkOrderBooks() throws(InvariantViolation) {
        var expectedLocks: [AccountID: [AssetSymbol: UInt128]] = [:]
        var orderCount = 0
        for (index, book) in markets.enumerated() {
            let market = book.market
            guard market.id.index == index else { throw InvariantViolation(description: "market \(index) misnumbered") }
            for (id, order) in book.orders {
                guard order.id == id, order.market == market.id, order.lots > 0, order.id < nextOrderID,
                    (1...market.maximumPriceTicks).contains(order.priceTicks)
                else { throw InvariantViolation(description: "order \(id) of market \(market.id) is malformed") }
                guard let lock = market.lock(order.side, priceTicks: order.priceTicks, lots: order.lots) else {
                    throw InvariantViolation(description: "order \(id) locks more than exists")
                }
                if !isMarginMarket(market.id) {
                    expectedLocks[order.owner, default: [:]][market.lockedAsset(order.side), default: 0] &+=
                        lock.baseUnits
                }
                guard orderIndex[order.owner]?.open.contains(order.key) == true else {
                    throw InvariantViolation(description: "order \(id) is missing from its owner's index")
                }
            }
            orderCount += book.orders.count
            if book.isContinuous { try checkEngine(of: book) }
        }
        let indexed = orderIndex.values.reduce(0) { $0 + $1.open.count }
        guard indexed == orderCount else {
            throw InvariantViolation(description: "the account index lists \(indexed) orders for \(orderCount)")
        }
        for (id, account) in accounts {
            let expected = expectedLocks.removeValue(forKey: id) ?? [:]
            guard account.locked.mapValues(\.baseUnits) == expected else {
                throw InvariantViolation(description: "locked amounts of \(id) differ from its orders")
            }
        }
        guard expectedLocks.isEmpty else { throw InvariantViolation(description: "an order's owner has no account") }
    }

    private func checkEngine(of book: MarketBook) throws(InvariantViolation) {
        let market = book.market.id
        let problem: String? = book.readEngine { engine in
            engine.checkInvariants()
            if let bid = engine.bestBid, let ask = engine.bestAsk, bid >= ask { return "book of \(market) is crossed" }
            var resting = 0
            for side in MatchingEngine.Side.allCases {
                var previous: MatchingEngine.RestingOrder?
                var previousPriority: UInt64 = 0
                for order in engine.restingOrders(side) {
                    resting += 1
                    guard let record = book.orders[order.id], record.side == side, record.priceTicks == order.price,
                        record.lots == order.quantity, (record.type == .postOnly) == engine.isPostOnly(order.id),
                        record.type.rests
                    else { return "order \(order.id) of \(market) differs from its record" }
                    if let previous, previous.price == order.price, previousPriority >= record.priority {
                        return "queue at \(order.price) in \(market) is out of priority order"
                    }
                    previous = order
                    previousPriority = record.priority
                }
            }
            return resting == book.orders.count ? nil : "\(market) has records of orders not on its book"
        }
        if let problem { throw InvariantViolation(description: problem) }
    }
}
