extension BatchAuction {
    /// Demand and supply at one candidate price, summed in `Int128` so that no batch overflows.
    struct PriceLevel: Sendable, Hashable {
        var price: Int64
        /// Lots of bids that accept `price` (limit ≥ `price`, market buys included).
        var demand: Int128
        /// Lots of asks that accept `price` (limit ≤ `price`, market sells included).
        var supply: Int128

        /// Lots that trade if the batch clears at `price`.
        var volume: Int128 { min(demand, supply) }
        /// Positive: excess demand; negative: excess supply.
        var imbalance: Int128 { demand - supply }
    }

    /// The clearing price and the exact volume there, or nil when nothing trades; the rules are
    /// in ``BatchAuction``.
    ///
    /// - Parameters:
    ///   - bids: best (highest price) first.
    ///   - asks: best (lowest price) first.
    /// - Complexity: O(n log n) for n orders.
    static func clearingPrice(bids: [Order], asks: [Order], referencePrice: Int64?) -> (price: Int64, volume: Int128)? {
        let levels = priceLevels(bids: bids, asks: asks)
        let chosen = bestLevel(levels, referencePrice: referencePrice)
        // Every candidate's volume is at least this, as market orders accept every price.
        let marketVolume = min(total(bids.prefix(while: \.isMarket)), total(asks.prefix(while: \.isMarket)))
        if let referencePrice, marketVolume > 0, marketVolume == chosen?.volume ?? marketVolume {
            // Market orders fill the whole volume on both sides: at any price from the best limit bid
            // to the best limit ask, the same fills. Beyond that range a limit order strictly better
            // than the price would get nothing, against price priority, so the reference is moved
            // into it. The range is never empty: a limit bid at or above a limit ask would trade
            // more than the market orders alone.
            let highestLimitBid = bids.first { !$0.isMarket }?.price ?? Int64.min
            let lowestLimitAsk = asks.first { !$0.isMarket }?.price ?? Int64.max
            precondition(highestLimitBid < lowestLimitAsk, "a crossed limit book trades more than its market orders")
            return (min(max(referencePrice, highestLimitBid), lowestLimitAsk), marketVolume)
        }
        guard let chosen else { return nil }
        return (chosen.price, chosen.volume)
    }

    /// Demand and supply at every limit price, ascending.
    ///
    /// - Parameters:
    ///   - bids: best (highest price) first.
    ///   - asks: best (lowest price) first.
    /// - Complexity: O(n log n) for n orders: a sort of the prices, then one sweep per side.
    static func priceLevels(bids: [Order], asks: [Order]) -> [PriceLevel] {
        var prices: [Int64] = []
        prices.reserveCapacity(bids.count + asks.count)
        for order in bids where !order.isMarket { prices.append(order.price) }
        for order in asks where !order.isMarket { prices.append(order.price) }
        prices.sort()
        var levels: [PriceLevel] = []
        levels.reserveCapacity(prices.count)
        for price in prices where levels.last?.price != price {
            levels.append(PriceLevel(price: price, demand: 0, supply: 0))
        }

        // Supply grows with the price, demand shrinks: one sweep each, from the side's best order.
        var supply: Int128 = 0
        var next = asks.startIndex
        for index in levels.indices {
            while next < asks.endIndex && asks[next].accepts(levels[index].price) {
                supply += Int128(asks[next].quantity)
                next += 1
            }
            levels[index].supply = supply
        }
        var demand: Int128 = 0
        next = bids.startIndex
        for index in levels.indices.reversed() {
            while next < bids.endIndex && bids[next].accepts(levels[index].price) {
                demand += Int128(bids[next].quantity)
                next += 1
            }
            levels[index].demand = demand
        }
        return levels
    }

    /// The level the rules pick among `levels` (ascending): volume, imbalance, market pressure,
    /// reference price, lower; nil when no level has volume.
    ///
    /// - Complexity: O(levels).
    static func bestLevel(_ levels: [PriceLevel], referencePrice: Int64?) -> PriceLevel? {
        guard let volume = levels.lazy.map(\.volume).max(), volume > 0 else { return nil }
        let busiest = levels.filter { $0.volume == volume }
        guard let imbalance = busiest.lazy.map(\.imbalance.magnitude).min() else { return nil }
        let balanced = busiest.filter { $0.imbalance.magnitude == imbalance }

        // Imbalance does not increase with the price, so `balanced` (ascending) holds the prices
        // with excess demand first, then those with excess supply. Of each kind only the one
        // nearest the other kind fills every order strictly better than the price. With zero
        // imbalance there are at most two (an ask's price, then a bid's, with no order between).
        let finalists =
            imbalance == 0
            ? balanced
            : [balanced.last { $0.imbalance > 0 }, balanced.first { $0.imbalance < 0 }].compactMap { $0 }
        guard let referencePrice, var best = finalists.first else { return finalists.first }
        // Ascending, and only a strictly closer level replaces the best: equal distance keeps the lower.
        for level in finalists.dropFirst()
        where distance(level.price, referencePrice) < distance(best.price, referencePrice) {
            best = level
        }
        return best
    }

    static func distance(_ a: Int64, _ b: Int64) -> UInt128 { (Int128(a) - Int128(b)).magnitude }

    static func total(_ orders: some Sequence<Order>) -> Int128 {
        orders.reduce(0) { $0 + Int128($1.quantity) }
    }
}
