public import BazaarAPI
public import BazaarCore

/// A history read refused before any row is read: a 400 or a 404 with the API's error code and a
/// sentence for people. The node and the indexer answer it alike.
public struct HistoryReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Status: Sendable, Equatable {
        case badRequest
        case notFound
    }

    public let status: Status
    public let body: APIError

    public init(_ status: Status, code: String, message: String) {
        self.status = status
        body = APIError(code: code, message: message)
    }

    public static func badRequest(_ message: String) -> HistoryReadError {
        HistoryReadError(.badRequest, code: "bad_request", message: message)
    }

    public var description: String { body.description }
}

/// A page of history rows, newest first, read at one height (one read transaction).
public struct HistoryReadPage<Row: Sendable>: Sendable {
    public var rows: [Row]
    /// The height the page was read at: the newest block (trades, candles) or the newest block
    /// whose history is stored (account history).
    public var height: UInt64
    /// Whether older rows follow the last one.
    public var hasMore: Bool

    public init(rows: [Row], height: UInt64, hasMore: Bool) {
        self.rows = rows
        self.height = height
        self.hasMore = hasMore
    }
}

/// Pages of an account's history lists: the node's SQLite store (`BlockStore`) and the indexer's
/// PostgreSQL reader implement these with the same keys. Each reads one keyset range of at most
/// `limit + 1` rows, newest first, strictly below `before` when given; `limit` is within the
/// route's bounds (``HistoryReads`` checks it).
public protocol AccountHistoryReader: Sendable {
    func fills(
        of account: AccountID, market: MarketID?, before: (height: UInt64, position: UInt32, side: UInt8)?, limit: Int
    ) async throws -> HistoryReadPage<FillRow>
    func orderHistory(of account: AccountID, market: MarketID?, before: (height: UInt64, order: UInt64)?, limit: Int)
        async throws -> HistoryReadPage<OrderHistoryRecord>
    func fundingPayments(
        of account: AccountID, market: MarketID?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) async throws -> HistoryReadPage<FundingRow>
    func ledgerEntries(
        of account: AccountID, asset: AssetSymbol?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) async throws -> HistoryReadPage<LedgerRow>
}

/// Where the history read routes find their rows: the node's SQLite store or the indexer's
/// PostgreSQL. Each page is one keyset range of at most `limit + 1` rows, newest first, strictly
/// below `before` when given, read in one read transaction.
public protocol HistoryReadSource: Sendable {
    associatedtype Accounts: AccountHistoryReader

    /// The assets' decimals and the markets' units. `refreshing` asks for a copy newer than a
    /// cached one (a market or asset the last copy lacked); a source with no cache ignores it.
    func renderingContext(refreshing: Bool) async throws -> RenderingContext
    /// Whether the account has history, or the source knows it otherwise.
    func isKnown(_ account: AccountID) async throws -> Bool
    func trades(of market: MarketID, before: (height: UInt64, position: UInt32)?, limit: Int) async throws
        -> HistoryReadPage<HistoryPrint>
    /// Candles starting within `[from, to]` and before `before`; `timeMilliseconds` is the time
    /// of the block at `height` (0 before the first), by which a candle counts as closed.
    func candles(
        of market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?, before: UInt64?, limit: Int
    ) async throws -> (page: HistoryReadPage<Candle>, timeMilliseconds: UInt64)
    /// Runs `body` with a reader of account history, in one read snapshot.
    func readAccounts<T: Sendable>(_ body: (Accounts) async throws -> T) async throws -> T
}

/// The history read routes, once for every server: parameters checked in one order with one set
/// of messages, cursors bound to their query, rows rendered as the API's JSON.
///
/// `parameter` looks up a query parameter by name (the first value when repeated). Every route
/// checks all of its input before it reads a row, so bad input is a ``HistoryReadError`` and
/// never a scan.
public enum HistoryReads {
    public typealias Parameters = (String) -> String?

    /// One read route: its path below `/v1`, the path parameter it names its market or account
    /// with, and its answer for that parameter and the query parameters.
    public struct Route: Sendable {
        public let path: String
        public let pathParameter: String
        public let respond: @Sendable (String, Parameters) async throws -> any Encodable
    }

    /// The six read routes over `source`, for a server to register (the node and the indexer alike).
    public static func routes(_ source: some HistoryReadSource) -> [Route] {
        [
            Route(path: "markets/{market}/trades", pathParameter: "market") {
                try await trades(market: $0, $1, source: source)
            },
            Route(path: "markets/{market}/candles", pathParameter: "market") {
                try await candles(market: $0, $1, source: source)
            },
            Route(path: "accounts/{address}/fills", pathParameter: "address") {
                try await fills(account: $0, $1, source: source)
            },
            Route(path: "accounts/{address}/orders/history", pathParameter: "address") {
                try await orderHistory(account: $0, $1, source: source)
            },
            Route(path: "accounts/{address}/funding", pathParameter: "address") {
                try await funding(account: $0, $1, source: source)
            },
            Route(path: "accounts/{address}/ledger", pathParameter: "address") {
                try await ledger(account: $0, $1, source: source)
            },
        ]
    }

    /// `GET /v1/markets/{market}/trades?limit=N&before=CURSOR`, N from 1 to `TradesResponse.limitMax`.
    public static func trades(market text: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> TradesResponse
    {
        let limit = try integer(
            parameter, "limit", default: TradesResponse.limitDefault, range: 1...TradesResponse.limitMax)
        let format = try await market(named: text, source: source).format
        let query = HistoryCursor.Query.trades(market: format.market.id)
        let before = try cursor(parameter, for: query).map { (height: $0.height, position: $0.position) }
        let page = try await source.trades(of: format.market.id, before: before, limit: limit)
        let next = nextCursor(page) { HistoryCursor(height: $0.height, position: $0.position).text(for: query) }
        return TradesResponse(
            market: format.market.name, trades: page.rows.map { TradeJSON($0, format: format) }, height: page.height,
            next: next)
    }

    /// `GET /v1/markets/{market}/candles?resolution=R&from=MS&to=MS&limit=N&before=CURSOR`.
    public static func candles(market text: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> CandlesResponse
    {
        let resolution = try Self.resolution(parameter)
        let from = try milliseconds(parameter, "from")
        let to = try milliseconds(parameter, "to")
        if let from, let to, from > to {
            throw HistoryReadError.badRequest("from (\(from)) is after to (\(to))")
        }
        let limit = try integer(
            parameter, "limit", default: CandlesResponse.limitDefault, range: 1...CandlesResponse.limitMax)
        let format = try await market(named: text, source: source).format
        let query = HistoryCursor.Query.candles(market: format.market.id, resolution: resolution, from: from, to: to)
        let before = try cursor(parameter, for: query)?.startMilliseconds
        let (page, time) = try await source.candles(
            of: format.market.id, resolution: resolution, from: from, to: to, before: before, limit: limit)
        return CandlesResponse(
            market: format.market.name, resolution: resolution.rawValue, height: page.height,
            candles: page.rows.map { $0.json(format: format, asOf: time) },
            next: nextCursor(page) { HistoryCursor(startMilliseconds: $0.startMilliseconds).text(for: query) })
    }

    /// `GET /v1/accounts/{address}/fills?market=M&limit=N&before=CURSOR`.
    public static func fills(account address: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> FillsResponse
    {
        let (id, limit, market) = try await accountQuery(address, parameter, source: source)
        let page = try await accountPage(
            parameter, .fills(account: id, market: market), source: source,
            read: { before in
                try await source.readAccounts {
                    try await $0.fills(
                        of: id, market: market, before: before.map { ($0.height, $0.position, $0.third) }, limit: limit)
                }
            }, key: { HistoryCursor(height: $0.height, position: $0.position, side: $0.side.rawValue) },
            market: \.market, render: FillJSON.init)
        return FillsResponse(address: id.address, height: page.height, fills: page.rows, next: page.next)
    }

    /// `GET /v1/accounts/{address}/orders/history?market=M&limit=N&before=CURSOR`.
    public static func orderHistory(account address: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> OrderHistoryResponse
    {
        let (id, limit, market) = try await accountQuery(address, parameter, source: source)
        let page = try await accountPage(
            parameter, .orders(account: id, market: market), source: source,
            read: { before in
                try await source.readAccounts {
                    try await $0.orderHistory(
                        of: id, market: market, before: before.map { ($0.height, $0.second) }, limit: limit)
                }
            }, key: { HistoryCursor(placedHeight: $0.placedHeight, order: $0.placed.order) },
            market: \.placed.market, render: OrderHistoryJSON.init)
        return OrderHistoryResponse(address: id.address, height: page.height, orders: page.rows, next: page.next)
    }

    /// `GET /v1/accounts/{address}/funding?market=M&limit=N&before=CURSOR`.
    public static func funding(account address: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> FundingPaymentsResponse
    {
        let (id, limit, market) = try await accountQuery(address, parameter, source: source)
        let page = try await accountPage(
            parameter, .funding(account: id, market: market), source: source,
            read: { before in
                try await source.readAccounts {
                    try await $0.fundingPayments(
                        of: id, market: market, before: before.map { ($0.height, $0.position) }, limit: limit)
                }
            }, key: { HistoryCursor(height: $0.height, position: $0.sequence) }, market: \.market,
            render: FundingPaymentJSON.init)
        return FundingPaymentsResponse(address: id.address, height: page.height, payments: page.rows, next: page.next)
    }

    /// `GET /v1/accounts/{address}/ledger?asset=A&limit=N&before=CURSOR`.
    public static func ledger(account address: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> LedgerResponse
    {
        let id = try account(address)
        let limit = try integer(
            parameter, "limit", default: FillsResponse.limitDefault, range: 1...FillsResponse.limitMax)
        var asset: AssetSymbol?
        if let text = parameter("asset") {
            let symbol = AssetSymbol(validating: text.uppercased())
            var context = try await source.renderingContext(refreshing: false)
            if let symbol, context.decimals[symbol] == nil {
                context = try await source.renderingContext(refreshing: true)
            }
            guard let symbol, context.decimals[symbol] != nil else {
                throw HistoryReadError(
                    .notFound, code: ResultCode.unknownAsset.name, message: "no asset \(EchoedInput.quoted(text))")
            }
            asset = symbol
        }
        try await requireKnown(id, source: source)
        let page = try await accountPage(
            parameter, .ledger(account: id, asset: asset), source: source,
            read: { before in
                try await source.readAccounts {
                    try await $0.ledgerEntries(
                        of: id, asset: asset, before: before.map { ($0.height, $0.position) }, limit: limit)
                }
            }, key: { HistoryCursor(height: $0.height, position: $0.sequence) }, market: \.market,
            render: LedgerEntryJSON.init)
        return LedgerResponse(address: id.address, height: page.height, entries: page.rows, next: page.next)
    }

    /// One page of an account's list: `before` read for `query`, the rows, rendered in a context
    /// that names their markets, and the next page's cursor (the last row's `key`) when more follow.
    private static func accountPage<Row, JSON>(
        _ parameter: Parameters, _ query: HistoryCursor.Query, source: some HistoryReadSource,
        read: (HistoryCursor?) async throws -> HistoryReadPage<Row>, key: (Row) -> HistoryCursor,
        market: (Row) -> MarketID?, render: (Row, RenderingContext) -> JSON
    ) async throws -> (height: UInt64, rows: [JSON], next: String?) {
        let page = try await read(try cursor(parameter, for: query))
        let context = try await Self.context(covering: page.rows.compactMap(market), source: source)
        return (page.height, page.rows.map { render($0, context) }, nextCursor(page) { key($0).text(for: query) })
    }

    // MARK: - Parameters

    /// A whole-number query parameter within `range`, or `fallback` when absent.
    public static func integer(_ parameter: Parameters, _ name: String, default fallback: Int, range: ClosedRange<Int>)
        throws(HistoryReadError) -> Int
    {
        guard let text = parameter(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(EchoedInput.quoted(text))"
            )
        }
        return value
    }

    /// A `bz1…` address, or a 400 saying it is not one.
    public static func account(_ address: String) throws(HistoryReadError) -> AccountID {
        guard let id = AccountID(address: address) else {
            throw .badRequest("\(EchoedInput.quoted(address)) is not a bz1 address (checksum or format is wrong)")
        }
        return id
    }

    /// The market named `text` (`BASE-QUOTE` or an id) with the context it was found in, or a
    /// 404 `unknown_market` listing the markets. A name the context lacks is looked up once more
    /// in a refreshed context (a market created since a cache was filled).
    public static func market(named text: String, source: some HistoryReadSource) async throws -> (
        format: MarketFormat, context: RenderingContext
    ) {
        var context = try await source.renderingContext(refreshing: false)
        if context.market(text) == nil { context = try await source.renderingContext(refreshing: true) }
        guard let format = context.market(text) else { throw unknownMarket(text, context: context) }
        return (format, context)
    }

    public static func unknownMarket(_ text: String, context: RenderingContext) -> HistoryReadError {
        HistoryReadError(.notFound, code: ResultCode.unknownMarket.name, message: context.unknownMarket(text))
    }

    /// The required `resolution`, or a 400 naming the six.
    static func resolution(_ parameter: Parameters) throws(HistoryReadError) -> CandleResolution {
        guard let text = parameter("resolution") else {
            throw .badRequest("resolution is required, one of \(CandleResolution.namesListed)")
        }
        guard let resolution = CandleResolution(rawValue: text) else {
            throw .badRequest(
                "resolution must be one of \(CandleResolution.namesListed), not \(EchoedInput.quoted(text))")
        }
        return resolution
    }

    /// An optional time in Unix milliseconds.
    static func milliseconds(_ parameter: Parameters, _ name: String) throws(HistoryReadError) -> UInt64? {
        guard let text = parameter(name) else { return nil }
        guard let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw .badRequest(
                "\(name) must be a time in Unix milliseconds from 0 to \(Int64.max), not \(EchoedInput.quoted(text))")
        }
        return value
    }

    /// The `before` cursor, checked against `query`; a 400 `bad_cursor` when it is malformed or another query's.
    static func cursor(_ parameter: Parameters, for query: HistoryCursor.Query) throws(HistoryReadError)
        -> HistoryCursor?
    {
        guard let text = parameter("before") else { return nil }
        do {
            return try HistoryCursor(text: text, for: query)
        } catch {
            throw HistoryReadError(.badRequest, code: "bad_cursor", message: error.description)
        }
    }

    /// The parts every account history route but the ledger shares: the account (400 when
    /// malformed, 404 `unknown_account` when the source does not know it), `limit` (400 naming
    /// the bounds) and the optional `market` (404 `unknown_market`).
    private static func accountQuery(_ address: String, _ parameter: Parameters, source: some HistoryReadSource)
        async throws -> (AccountID, Int, MarketID?)
    {
        let id = try account(address)
        let limit = try integer(
            parameter, "limit", default: FillsResponse.limitDefault, range: 1...FillsResponse.limitMax)
        var market: MarketID?
        if let text = parameter("market") {
            market = try await self.market(named: text, source: source).format.market.id
        }
        try await requireKnown(id, source: source)
        return (id, limit, market)
    }

    private static func requireKnown(_ id: AccountID, source: some HistoryReadSource) async throws {
        guard try await source.isKnown(id) else {
            throw HistoryReadError(.notFound, code: "unknown_account", message: "no history of account \(id.address)")
        }
    }

    /// A context that names every market of `markets`, refreshed once when the cached one does not.
    private static func context(covering markets: [MarketID], source: some HistoryReadSource) async throws
        -> RenderingContext
    {
        let context = try await source.renderingContext(refreshing: false)
        guard markets.contains(where: { context.markets[$0] == nil }) else { return context }
        return try await source.renderingContext(refreshing: true)
    }

    private static func nextCursor<Row>(_ page: HistoryReadPage<Row>, _ text: (Row) -> String) -> String? {
        page.hasMore ? page.rows.last.map(text) : nil
    }
}
