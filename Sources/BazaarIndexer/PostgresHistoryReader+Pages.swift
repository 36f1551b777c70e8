public import BazaarCore
public import BazaarHistory
import NIOCore
import PostgresNIO

/// The history read routes' pages, newest first by keyset on the tables' keys and indexes (the
/// same keys as the node's SQLite tables, so the same cursor pages both): one index range of at
/// most `limit + 1` rows per page, never a scan of more.
///
/// Run them inside one `REPEATABLE READ` transaction (``PostgresHistorySource`` does), so that a
/// page and the height it reports come from one snapshot; the writer commits whole blocks.
extension PostgresHistoryReader: AccountHistoryReader {
    /// The indexed height and that block's time; (0, 0) before the genesis batch, as a node
    /// reports before its first block.
    public func tip() async throws -> (height: UInt64, timeMilliseconds: UInt64) {
        let rows = try await connection.query("SELECT height, time_ms FROM indexer_state", logger: logger).collect()
        guard let row = rows.first else { return (0, 0) }
        let (height, time) = try row.decode((Int64, Int64).self)
        guard height >= 0 else { return (0, 0) }
        return (try Self.unsigned(height), try Self.unsigned(time))
    }

    /// Whether any history row names `account`.
    public func hasHistory(_ account: AccountID) async throws -> Bool {
        try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM account WHERE id = \(ByteBuffer(bytes: account.bytes)))", logger: logger
        ).collect().first!.decode(Bool.self)
    }

    /// Prints of `market` before (height, position), on the `trade` primary key.
    public func trades(of market: MarketID, before: (height: UInt64, position: UInt32)?, limit: Int) async throws
        -> HistoryReadPage<HistoryPrint>
    {
        try await keysetPage(
            Self.printColumns, from: "trade", matching: ["market": Int64(market.rawValue)],
            below: [
                "height": before.map { Int64(clamping: $0.height) }, "position": before.map { Int64($0.position) },
            ],
            limit: limit, row: Self.print)
    }

    /// Candles of `market` at `resolution` starting within `[from, to]` and before `before`, on the
    /// `candle` primary key.
    public func candles(
        of market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?, before: UInt64?, limit: Int
    ) async throws -> (page: HistoryReadPage<Candle>, timeMilliseconds: UInt64) {
        let lower = Int64(clamping: from ?? 0)
        var upper = Int64(clamping: to ?? UInt64(Int64.max))
        // Nothing starts before 0: an empty range then.
        if let before { upper = min(upper, Int64(clamping: before) - 1) }
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.candleColumns) FROM candle WHERE market = \(Int64(market.rawValue))
            AND resolution = \(Int64(resolution.code)) AND start_ms BETWEEN \(lower) AND \(upper)
            ORDER BY start_ms DESC LIMIT \(limit + 1)
            """, logger: logger
        ).collect()
        let tip = try await tip()
        return (try await page(rows, limit: limit, height: tip.height, row: Self.candle), tip.timeMilliseconds)
    }

    /// `account`'s fills (in `market` when given) before (height, position, side), on
    /// `fill_account` or `fill_account_market`.
    public func fills(
        of account: AccountID, market: MarketID?, before: (height: UInt64, position: UInt32, side: UInt8)?, limit: Int
    ) async throws -> HistoryReadPage<FillRow> {
        try await keysetPage(
            Self.fillColumns, from: "fill", matching: Self.owner(account, "market", market.map { Int64($0.rawValue) }),
            below: [
                "height": before.map { Int64(clamping: $0.height) }, "position": before.map { Int64($0.position) },
                "side": before.map { Int64($0.side) },
            ], limit: limit, row: Self.fill)
    }

    /// `account`'s orders (in `market` when given) placed before (height, order id), on
    /// `order_account` or `order_account_market`.
    public func orderHistory(
        of account: AccountID, market: MarketID?, before: (height: UInt64, order: UInt64)?, limit: Int
    ) async throws -> HistoryReadPage<OrderHistoryRecord> {
        try await keysetPage(
            Self.orderColumns, from: "order_history",
            matching: Self.owner(account, "market", market.map { Int64($0.rawValue) }),
            below: [
                "placed_height": before.map { Int64(clamping: $0.height) },
                "order_id": before.map { Int64(bitPattern: $0.order) },
            ], limit: limit, row: Self.orderRecord)
    }

    /// `account`'s funding payments (in `market` when given) before (height, sequence), on
    /// `funding_account` or `funding_account_market`.
    public func fundingPayments(
        of account: AccountID, market: MarketID?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) async throws -> HistoryReadPage<FundingRow> {
        try await keysetPage(
            Self.fundingColumns, from: "funding_payment",
            matching: Self.owner(account, "market", market.map { Int64($0.rawValue) }),
            below: Self.sequenceKey(before), limit: limit, row: Self.funding)
    }

    /// `account`'s ledger entries (of `asset` when given) before (height, sequence), on
    /// `ledger_account` or `ledger_account_asset`.
    public func ledgerEntries(
        of account: AccountID, asset: AssetSymbol?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) async throws -> HistoryReadPage<LedgerRow> {
        try await keysetPage(
            Self.ledgerColumns, from: "ledger", matching: Self.owner(account, "asset", asset?.text),
            below: Self.sequenceKey(before), limit: limit, row: Self.ledger)
    }

    /// The equality conditions of an account's list: the account, and the filter when given.
    private static func owner(_ account: AccountID, _ column: String, _ value: (some PostgresDynamicTypeEncodable)?)
        -> KeyValuePairs<String, any PostgresDynamicTypeEncodable>
    {
        let id = ByteBuffer(bytes: account.bytes)
        guard let value else { return ["account": id] }
        return ["account": id, column: value]
    }

    private static func sequenceKey(_ before: (height: UInt64, sequence: UInt32)?) -> KeyValuePairs<String, Int64?> {
        ["height": before.map { Int64(clamping: $0.height) }, "seq": before.map { Int64($0.sequence) }]
    }

    /// `SELECT columns FROM table WHERE c = v … AND (k1, k2, …) < (b1, b2, …) ORDER BY k1 DESC, k2 DESC, …
    /// LIMIT limit + 1`: one range of the index on (c…, k…), newest first. Without a bound (`below`'s
    /// values nil) it starts at the newest row.
    private func keysetPage<Row: Sendable>(
        _ columns: String, from table: String,
        matching conditions: KeyValuePairs<String, any PostgresDynamicTypeEncodable>,
        below key: KeyValuePairs<String, Int64?>, limit: Int, row: (PostgresRow) throws -> Row
    ) async throws -> HistoryReadPage<Row> {
        var binds = PostgresBindings()
        var clauses: [String] = []
        for (column, value) in conditions {
            binds.append(value)
            clauses.append("\(column) = $\(binds.count)")
        }
        let bounds = key.compactMap(\.value)
        if bounds.count == key.count {
            var placeholders: [String] = []
            for value in bounds {
                binds.append(value)
                placeholders.append("$\(binds.count)")
            }
            clauses.append("(\(key.map(\.key).joined(separator: ", "))) < (\(placeholders.joined(separator: ", ")))")
        }
        binds.append(limit + 1)
        let sql = """
            SELECT \(columns) FROM \(table) WHERE \(clauses.joined(separator: " AND "))
            ORDER BY \(key.map { "\($0.key) DESC" }.joined(separator: ", ")) LIMIT $\(binds.count)
            """
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        return try await page(rows, limit: limit, row: row)
    }

    /// At most `limit` of `rows` (read with `LIMIT limit + 1`) and whether more follow, at `height`
    /// (the indexed height when not given).
    private func page<Row: Sendable>(
        _ rows: [PostgresRow], limit: Int, height: UInt64? = nil, row: (PostgresRow) throws -> Row
    ) async throws -> HistoryReadPage<Row> {
        let decoded = try rows.prefix(limit).map(row)
        let resolvedHeight: UInt64
        if let height { resolvedHeight = height } else { resolvedHeight = try await tip().height }
        return HistoryReadPage(rows: decoded, height: resolvedHeight, hasMore: rows.count > limit)
    }
}
