import BazaarAPI
import BazaarCore
import BazaarHistory
import Hummingbird

/// The spot-market routes: markets, books, trades and an account's open orders.
extension APIRoutes {
    static func markets(_ node: Node) async throws -> Response {
        let (summaries, context) = await (node.marketSummaries, node.renderingContext)
        return try JSONResponse.make(
            MarketsResponse(markets: summaries.map { Rendering.market($0, context: context) }))
    }

    static func market(_ text: String, node: Node) async throws -> Response {
        let format = try await market(named: text, node: node)
        guard let summary = await node.marketSummaries.first(where: { $0.market.id == format.market.id }) else {
            throw unknownMarket(text, context: await node.renderingContext)
        }
        return try JSONResponse.make(Rendering.market(summary, context: await node.renderingContext))
    }

    /// `GET /v1/markets/{market}/book?depth=N`, N from 1 to `BookResponse.depthMax`.
    static func book(_ text: String, _ request: Request, node: Node) async throws -> Response {
        let depth = try integer(
            request, "depth", default: BookResponse.depthDefault, range: 1...BookResponse.depthMax)
        let format = try await market(named: text, node: node)
        guard let (book, height, sequence) = await node.book(format.market.id, depth: depth) else {
            throw unknownMarket(text, context: await node.renderingContext)
        }
        return try JSONResponse.make(
            Rendering.book(book, height: height, sequence: sequence, depth: depth, format: format))
    }

    /// `GET /v1/accounts/{address}/orders[?market=M]`.
    static func accountOrders(_ address: String, _ request: Request, node: Node) async throws -> Response {
        let id = try accountID(address)
        var filter: MarketFormat?
        if let text = request.uri.queryParameters["market"] {
            filter = try await market(named: String(text), node: node)
        }
        let (orders, context) = await (node.openOrders(of: id), node.renderingContext)
        let listed = orders.filter { filter == nil || $0.market == filter?.market.id }.compactMap { order in
            context.markets[order.market].map { Rendering.order(order, format: $0, context: context) }
        }
        return try JSONResponse.make(OrdersResponse(address: id.address, orders: listed))
    }

    /// The market named `text` (`BASE-QUOTE` or an id), or a 404 `unknown_market` listing the markets.
    static func market(named text: String, node: Node) async throws -> MarketFormat {
        let context = await node.renderingContext
        guard let format = context.market(text) else { throw unknownMarket(text, context: context) }
        return format
    }

    static func unknownMarket(_ text: String, context: RenderingContext) -> APIFailure {
        APIFailure(HistoryReads.unknownMarket(text, context: context))
    }

    /// A whole-number query parameter within `range`, or `fallback` when absent.
    static func integer(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws
        -> Int
    {
        do {
            return try HistoryReads.integer(
                { request.uri.queryParameters[Substring($0)].map(String.init) }, name, default: fallback, range: range)
        } catch {
            throw APIFailure(error)
        }
    }
}
