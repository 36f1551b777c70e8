public import BazaarAPI
public import BazaarCore

/// Read-only views of the state's markets for the API, as plain values: nothing that shares a
/// book's engine leaves the actor (a shared engine would be copied at the next order).
extension Node {
    /// A market's rules and the top of its book.
    public struct MarketSummary: Sendable {
        public let market: Market
        public let lastPriceTicks: Int64?
        public let bestBidTicks: Int64?
        public let bestAskTicks: Int64?
        public let openOrderCount: Int
    }

    /// Every market by id, with the top of its book.
    ///
    /// - Complexity: O(markets), plus O(orders) for each batch market.
    public var marketSummaries: [MarketSummary] {
        let state = application.state
        return state.marketList.map { market in
            let top = state.depth(of: market.id, levelCountMax: 1)
            let book = state.market(market.id)
            return MarketSummary(
                market: market, lastPriceTicks: book?.lastPriceTicks, bestBidTicks: top?.bids.first?.price,
                bestAskTicks: top?.asks.first?.price, openOrderCount: book?.orders.count ?? 0)
        }
    }

    /// The assets' decimals and the markets' units, for rendering.
    public var renderingContext: RenderingContext {
        RenderingContext(assets: application.state.assets.values, markets: application.state.marketList)
    }

    /// The best `depth` levels a side of `market` after the committed block, with that block's
    /// height and the market's book sequence (`StreamHub`); nil for an unknown market.
    public func book(_ market: MarketID, depth: Int) -> (book: BookDepth, height: UInt64, sequence: UInt64)? {
        guard let book = application.state.depth(of: market, levelCountMax: depth) else { return nil }
        return (book, application.state.height, hub.bookSequence(of: market))
    }

    /// The account's open orders by market and id.
    public func openOrders(of account: AccountID) -> [Order] { application.state.openOrders(of: account) }

    /// An account with its open-order count and the rendering context, in one visit to the actor.
    public func accountView(_ id: AccountID) -> (account: Account?, openOrders: Int, context: RenderingContext) {
        (application.state.account(id), application.state.openOrderCount(of: id), renderingContext)
    }

    /// How many open orders the account has.
    public func openOrderCount(of account: AccountID) -> Int { application.state.openOrderCount(of: account) }

    /// The whole aggregated book of every market an event of `finalized` concerns: the only
    /// markets whose books the block can have changed.
    func touchedBooks(_ finalized: FinalizedBlock) -> [MarketID: BookDepth] {
        var touched = Set<MarketID>()
        for result in finalized.results {
            for event in result.events { if let market = event.market { touched.insert(market) } }
        }
        for event in finalized.endBlockEvents { if let market = event.market { touched.insert(market) } }
        return Node.books(of: touched, in: application.state)
    }

    /// Whole aggregated books of `markets`.
    static func books(of markets: some Sequence<MarketID>, in state: LedgerState) -> [MarketID: BookDepth] {
        var books: [MarketID: BookDepth] = [:]
        for market in markets {
            books[market] = state.depth(of: market, levelCountMax: .max)
        }
        return books
    }
}
