import BazaarAPI
import BazaarCore
import BazaarHistory
import Hummingbird

/// The market history routes: prints and candles, newest first, paged by an opaque cursor.
///
/// Each page is one read transaction over one key range of at most `limit + 1` rows; keys of
/// stored rows never change and new blocks only add larger ones, so paging with `before` while
/// blocks commit neither repeats nor skips a print.
extension APIRoutes {
    /// `GET /v1/markets/{market}/trades?limit=N&before=CURSOR`, N from 1 to `TradesResponse.limitMax`.
    static func trades(_ text: String, _ request: Request, node: Node) async throws -> Response {
        let limit = try integer(
            request, "limit", default: TradesResponse.limitDefault, range: 1...TradesResponse.limitMax)
        let format = try await market(named: text, node: node)
        let query = HistoryCursor.Query.trades(market: format.market.id)
        let before = try cursor(request, for: query).map { (height: $0.height, position: Int($0.position)) }
        let page = try node.store.trades(of: format.market.id, limit: limit, before: before)
        let next = page.nextBefore.map { key in
            // A block holds far fewer than 2³² prints (it is bounded in bytes).
            HistoryCursor(height: key.height, position: UInt32(key.position)).text(for: query)
        }
        return try JSONResponse.make(
            TradesResponse(
                market: format.market.name, trades: page.trades.map { Rendering.trade($0, format: format) },
                height: page.height, next: next))
    }

    /// `GET /v1/markets/{market}/candles?resolution=R&from=MS&to=MS&limit=N&before=CURSOR`.
    static func candles(_ text: String, _ request: Request, node: Node) async throws -> Response {
        let resolution = try resolution(request)
        let from = try milliseconds(request, "from")
        let to = try milliseconds(request, "to")
        if let from, let to, from > to {
            throw APIFailure.badRequest("from (\(from)) is after to (\(to))")
        }
        let limit = try integer(
            request, "limit", default: CandlesResponse.limitDefault, range: 1...CandlesResponse.limitMax)
        let format = try await market(named: text, node: node)
        let query = HistoryCursor.Query.candles(market: format.market.id, resolution: resolution, from: from, to: to)
        let before = try cursor(request, for: query)?.startMilliseconds
        let page = try node.store.candles(
            of: format.market.id, resolution: resolution, from: from, to: to, before: before, limit: limit)
        return try JSONResponse.make(
            CandlesResponse(
                market: format.market.name, resolution: resolution.rawValue, height: page.height,
                candles: page.candles.map { $0.json(format: format, asOf: page.timeMilliseconds) },
                next: page.nextBefore.map { HistoryCursor(startMilliseconds: $0).text(for: query) }))
    }

    /// The required `resolution`, or a 400 naming the six.
    static func resolution(_ request: Request) throws -> CandleResolution {
        guard let text = request.uri.queryParameters["resolution"] else {
            throw APIFailure.badRequest("resolution is required, one of \(CandleResolution.namesListed)")
        }
        guard let resolution = CandleResolution(rawValue: String(text)) else {
            throw APIFailure.badRequest(
                "resolution must be one of \(CandleResolution.namesListed), not \(EchoedInput.quoted(String(text)))")
        }
        return resolution
    }

    /// An optional time in Unix milliseconds.
    static func milliseconds(_ request: Request, _ name: String) throws -> UInt64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw APIFailure.badRequest(
                "\(name) must be a time in Unix milliseconds from 0 to \(Int64.max), not \(EchoedInput.quoted(String(text)))"
            )
        }
        return value
    }

    /// The `before` cursor, checked against `query`; a 400 `bad_cursor` when it is malformed or another query's.
    static func cursor(_ request: Request, for query: HistoryCursor.Query) throws -> HistoryCursor? {
        guard let text = request.uri.queryParameters["before"] else { return nil }
        do {
            return try HistoryCursor(text: String(text), for: query)
        } catch {
            throw APIFailure(.badRequest, code: "bad_cursor", message: error.description)
        }
    }
}
