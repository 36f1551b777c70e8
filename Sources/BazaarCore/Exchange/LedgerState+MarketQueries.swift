/// Both sides of a book aggregated by price, best first.
public struct BookDepth: Sendable, Hashable {
    public var bids: [MatchingEngine.Level]
    public var asks: [MatchingEngine.Level]

    public init(bids: [MatchingEngine.Level], asks: [MatchingEngine.Level]) {
        self.bids = bids
        self.asks = asks
    }
}

extension LedgerState {
    /// Every market, by id.
    public var marketList: [Market] { markets.map(\.market) }

    /// Market `id`, or nil.
    public func market(_ id: MarketID) -> MarketBook? {
        id.rawValue >= 1 && id.index < markets.count ? markets[id.index] : nil
    }

    /// The market named `BASE-QUOTE`, or nil.
    ///
    /// - Complexity: O(markets).
    public func market(named name: String) -> MarketBook? {
        markets.first { $0.market.name == name }
    }

    /// An open order, or nil.
    public func order(_ key: OrderKey) -> Order? {
        market(key.market)?.orders[key.id]
    }

    /// The account's open order with this client order id, or nil.
    public func order(of account: AccountID, clientOrderID: UInt64) -> Order? {
        orderIndex[account]?.byClientID[clientOrderID].flatMap(order)
    }

    /// The account's open orders, by market and id.
    ///
    /// - Complexity: O(n log n) in the account's open orders (at most `openOrderCountMax`).
    public func openOrders(of account: AccountID) -> [Order] {
        (orderIndex[account]?.open ?? []).sorted().map { order($0)! }
    }

    /// The book of market `id` aggregated by price, at most `levelCountMax` levels a side; for a
    /// batch market, the orders waiting for the next auction. Nil for an unknown market.
    ///
    /// - Complexity: continuous, O(levels returned + price range / 64); batch, O(orders log orders).
    public func depth(of id: MarketID, levelCountMax: Int) -> BookDepth? {
        guard let book = market(id) else { return nil }
        if book.isContinuous {
            return book.readEngine {
                BookDepth(
                    bids: $0.depth(.bid, levelCountMax: levelCountMax),
                    asks: $0.depth(.ask, levelCountMax: levelCountMax))
            }
        }
        func levels(_ side: MatchingEngine.Side) -> [MatchingEngine.Level] {
            var byPrice: [Int64: MatchingEngine.Level] = [:]
            for order in book.orders.values where order.side == side {
                byPrice[order.priceTicks, default: .init(price: order.priceTicks, quantity: 0, orderCount: 0)]
                    .quantity +=
                    order.lots
                byPrice[order.priceTicks]!.orderCount += 1
            }
            let sorted = byPrice.values.sorted { side == .bid ? $0.price > $1.price : $0.price < $1.price }
            return Array(sorted.prefix(levelCountMax))
        }
        return BookDepth(bids: levels(.bid), asks: levels(.ask))
    }

    /// The open orders of one side of market `id` in the order they would fill: best price first,
    /// then by time priority. Empty for an unknown market.
    ///
    /// - Complexity: O(orders on the side (log of it, for a batch market) + price range / 64).
    public func queue(of id: MarketID, side: MatchingEngine.Side) -> [Order] {
        guard let book = market(id) else { return [] }
        if book.isContinuous {
            return book.readEngine { $0.restingOrders(side) }.map { book.orders[$0.id]! }
        }
        return book.orders.values.filter { $0.side == side }.sorted { x, y in
            if x.priceTicks != y.priceTicks {
                return side == .bid ? x.priceTicks > y.priceTicks : x.priceTicks < y.priceTicks
            }
            return x.priority < y.priority
        }
    }
}
