public import BazaarAPI
public import BazaarCore
public import BazaarHistory
import Hummingbird
import HummingbirdWebSocket

/// The history routes (prints, candles, and an account's fills, orders, funding payments and
/// ledger), newest first, paged by an opaque cursor; `HistoryReads` checks the input and renders
/// the rows, the same for the node and the indexer, over the node's SQLite store.
///
/// Each page is one read transaction over one key range of at most `limit + 1` rows; keys of
/// stored rows never change and new blocks only add larger ones, so paging with `before` while
/// blocks commit neither repeats nor skips a row.
extension APIRoutes {
    static func registerHistory(on v1: RouterGroup<BasicWebSocketRequestContext>, node: Node) {
        for route in HistoryReads.routes(NodeHistorySource(node: node)) {
            v1.get(RouterPath(route.path)) { request, context in
                try await history(request) {
                    try await route.respond(context.parameters.require(route.pathParameter), $0)
                }
            }
        }
    }

    /// Runs a history read with the request's query parameters; its refusal is the API's error.
    private static func history(
        _ request: Request, _ read: (HistoryReads.Parameters) async throws -> any Encodable
    ) async throws -> Response {
        do {
            return try JSONResponse.make(try await read { request.uri.queryParameters[Substring($0)].map(String.init) })
        } catch let error as HistoryReadError {
            throw APIFailure(error)
        }
    }
}

/// The store's account history lists, one read transaction a page.
extension BlockStore: AccountHistoryReader {}

/// The node's SQLite store and state as the history routes' source.
public struct NodeHistorySource: HistoryReadSource {
    public let node: Node

    public init(node: Node) { self.node = node }

    public func renderingContext(refreshing: Bool) async -> RenderingContext { await node.renderingContext }

    /// Whether the account has history, or the state knows it (an account with no history yet).
    public func isKnown(_ account: AccountID) async throws -> Bool {
        if try node.store.hasHistory(account) { return true }
        return await node.account(account) != nil
    }

    public func trades(of market: MarketID, before: (height: UInt64, position: UInt32)?, limit: Int) throws
        -> HistoryReadPage<HistoryPrint>
    {
        let page = try node.store.trades(
            of: market, limit: limit, before: before.map { (height: $0.height, position: Int($0.position)) })
        let prints = try page.trades.map { trade in
            guard let print = trade.historyPrint else {
                throw NodeError(.corruptStore, "stored print \(trade.height)-\(trade.position) has a bad position")
            }
            return print
        }
        return HistoryReadPage(rows: prints, height: page.height, hasMore: page.nextBefore != nil)
    }

    public func candles(
        of market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?, before: UInt64?, limit: Int
    ) throws -> (page: HistoryReadPage<Candle>, timeMilliseconds: UInt64) {
        let page = try node.store.candles(
            of: market, resolution: resolution, from: from, to: to, before: before, limit: limit)
        return (
            HistoryReadPage(rows: page.candles, height: page.height, hasMore: page.nextBefore != nil),
            page.timeMilliseconds
        )
    }

    /// The store, whose account history lists are read one read transaction a page.
    public func readAccounts<T: Sendable>(_ body: (BlockStore) async throws -> T) async throws -> T {
        try await body(node.store)
    }
}
