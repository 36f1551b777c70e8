public import BazaarCore
public import BazaarHistory
import Foundation
import GRDB

/// Account history (fills, order history and events, funding payments, the ledger), written with
/// each block in its own SQLite transaction (migration `v5: account history`) and read newest
/// first by keyset: every table is keyed by a (height, position or sequence) that never changes
/// once written, so a page read while blocks commit neither repeats nor skips a row.
///
/// Amounts that may pass 64 bits (fees, funding, balances) are 17-byte BLOBs: a sign byte (0
/// negative, 1 otherwise) and the 16-byte big-endian magnitude, exact for every free, locked and
/// margin amount (free balances reach 2¹²⁸ − 1, claims are signed 128-bit values).
extension BlockStore {
    /// A page of history rows, newest first, read in one read transaction.
    public typealias HistoryPage<Row: Sendable> = HistoryReadPage<Row>

    /// The most rows one account history query returns.
    public static let historyQueryLimitMax = 1_000

    // MARK: - Writing

    /// The height up to which history is stored, or nil when the store has none (a new store
    /// before its genesis rows, or a chain stored before history was kept and not backfilled).
    public func historyHeight() throws -> UInt64? {
        try read { db in try Self.historyHeight(db) }
    }

    /// Stores the genesis state's rows (height 0) on a store without history.
    ///
    /// - Throws: `NodeError.storage` when the store already has history or blocks.
    public func appendGenesisHistory(_ rows: HistoryRows) throws {
        precondition(rows.height == 0, "genesis history at height \(rows.height)")
        try write { db in
            guard try Self.historyHeight(db) == nil, try Self.tip(db).height == 0 else {
                throw NodeError(.storage, "genesis history written to a store that already has history or blocks")
            }
            try Self.insert(rows, into: db)
        }
    }

    /// Stores the rows of consecutive heights in one transaction (the backfill's batches).
    ///
    /// - Throws: `NodeError.storage` when the first does not follow the stored history height
    ///   (or the rest do not follow it), and then stores none of them.
    public func appendHistory(_ batch: [HistoryRows]) throws {
        try write { db in
            for rows in batch { try Self.insert(rows, into: db) }
        }
    }

    /// Inserts one block's rows and sets `historyHeight`; runs inside `append`'s transaction.
    ///
    /// - Throws: `NodeError.storage` when the rows do not follow the stored history height, so
    ///   history never has a gap.
    static func insert(_ rows: HistoryRows, into db: Database) throws {
        let stored = try historyHeight(db)
        let expected: UInt64? = rows.height == 0 ? nil : rows.height - 1
        guard stored == expected else {
            throw NodeError(
                .storage,
                "history of height \(rows.height) does not follow history height \(stored.map(String.init) ?? "none")")
        }
        let height = Int64(rows.height)
        let accounts = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO history_account (id, firstHeight) VALUES (?, ?)")
        for account in rows.accounts { try accounts.execute(arguments: [Data(account.bytes), height]) }
        let fills = try db.cachedStatement(
            sql: """
                INSERT INTO fill (height, position, side, market, kind, liquidity, account, counterparty, orderId,
                counterOrderId, priceTicks, lots, fee, timeMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for fill in rows.fills {
            try fills.execute(arguments: [
                height, Int64(fill.position), Int64(fill.side.rawValue), Int64(fill.market.rawValue),
                Int64(fill.kind.rawValue), Int64(fill.liquidity.rawValue), Data(fill.account.bytes),
                fill.counterparty.map { Data($0.bytes) }, Int64(bitPattern: fill.order),
                fill.counterpartyOrder.map { Int64(bitPattern: $0) }, fill.priceTicks, fill.lots,
                Self.blob(fill.fee), Int64(fill.timeMilliseconds),
            ])
        }
        try insertOrderEvents(rows, into: db)
        let funding = try db.cachedStatement(
            sql: """
                INSERT INTO funding_payment (height, seq, account, market, positionSize, amount, ratePpm, timeMs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for payment in rows.funding {
            try funding.execute(arguments: [
                height, Int64(payment.sequence), Data(payment.account.bytes), Int64(payment.market.rawValue),
                Self.blob(HistoryJournal.SignedAmount(payment.positionSize)),
                Self.blob(HistoryJournal.SignedAmount(payment.amount)), payment.ratePPM,
                Int64(payment.timeMilliseconds),
            ])
        }
        let ledger = try db.cachedStatement(
            sql: """
                INSERT INTO ledger (height, seq, account, asset, bucket, delta, after, cause, txId, actionIndex,
                actionKind, market, timeMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in rows.ledger {
            try ledger.execute(arguments: [
                height, Int64(entry.sequence), Data(entry.account.bytes), entry.asset.text,
                Int64(entry.bucket.rawValue), Self.blob(entry.delta), Self.blob(entry.after),
                Int64(entry.cause.rawValue), entry.transaction.map { Data($0.bytes) }, entry.action.map { Int64($0) },
                entry.actionKind.map { Int64($0.rawValue) }, entry.market.map { Int64($0.rawValue) },
                Int64(entry.timeMilliseconds),
            ])
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('historyHeight', ?)",
            arguments: [Data(bigEndian64(rows.height))])
    }

    /// Writes the order events and brings each touched order's `order_history` row up to date.
    /// An order placed before history was kept has events but no row.
    private static func insertOrderEvents(_ rows: HistoryRows, into db: Database) throws {
        let height = Int64(rows.height)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO order_event (height, position, orderId, account, market, kind, reason, priceTicks, lots,
                fee, fillPosition, timeMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var placed: [UInt64: OrderPlacedRow] = [:]
        for order in rows.ordersPlaced { placed[order.order] = order }
        var records: [UInt64: OrderHistoryRecord] = [:]
        var missing = Set<UInt64>()
        var touched: [UInt64] = []
        for event in rows.orderEvents {
            try insert.execute(arguments: [
                height, Int64(event.position), Int64(bitPattern: event.order), Data(event.account.bytes),
                Int64(event.market.rawValue), Int64(event.kind.rawValue), event.reason.map { Int64($0.rawValue) },
                event.priceTicks, event.lots, event.fee.map(Self.blob), event.fillPosition.map { Int64($0) },
                Int64(event.timeMilliseconds),
            ])
            if event.kind == .placed {
                guard let terms = placed[event.order] else {
                    throw NodeError(.storage, "order \(event.order) placed without its terms")
                }
                records[event.order] = OrderHistoryRecord(
                    placed: terms, height: rows.height, timeMilliseconds: rows.timeMilliseconds)
                touched.append(event.order)
                continue
            }
            if records[event.order] == nil, !missing.contains(event.order) {
                if let record = try orderRecord(event.order, db) {
                    records[event.order] = record
                    touched.append(event.order)
                } else {
                    missing.insert(event.order)
                }
            }
            try records[event.order]?.apply(event)
        }
        for order in touched {
            var record = records[order]!
            record.settle(isOpen: rows.openAfterBlock.contains(order))
            try writeOrderRecord(record, into: db)
        }
    }

    private static func writeOrderRecord(_ record: OrderHistoryRecord, into db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO order_history (orderId, account, market, side, type, clientOrderId, expiresAtMs,
                origin, lots, priceTicks, remainingLots, filledLots, filledTickLots, fee, status, reason, placedHeight,
                placedTimeMs, updatedHeight, updatedTimeMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let placed = record.placed
        try statement.execute(arguments: [
            Int64(bitPattern: placed.order), Data(placed.account.bytes), Int64(placed.market.rawValue),
            Int64(placed.side.rawValue), Int64(placed.type.rawValue),
            placed.clientOrderID.map { Int64(bitPattern: $0) },
            placed.expiresAtMilliseconds.map { Int64(bitPattern: $0) }, Int64(placed.origin.rawValue), placed.lots,
            record.priceTicks, record.remainingLots, record.filledLots,
            Self.blob(HistoryJournal.SignedAmount(isNegative: false, magnitude: record.filledTickLots)),
            Self.blob(record.fee), Int64(record.status.rawValue), record.reason.map { Int64($0.rawValue) },
            Int64(record.placedHeight), Int64(record.placedTimeMilliseconds), Int64(record.updatedHeight),
            Int64(record.updatedTimeMilliseconds),
        ])
    }

    // MARK: - Reading

    /// Whether any history row names `account`.
    public func hasHistory(_ account: AccountID) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM history_account WHERE id = ?)",
                arguments: [Data(account.bytes)]) ?? false
        }
    }

    /// `account`'s fills (in `market` when given) before `before` = (height, position, side),
    /// newest first, at most `limit`.
    ///
    /// - Complexity: one range of `fill_account` or `fill_account_market`, at most `limit + 1` rows.
    public func fills(
        of account: AccountID, market: MarketID?, before: (height: UInt64, position: UInt32, side: UInt8)?, limit: Int
    ) throws -> HistoryPage<FillRow> {
        precondition((1...Self.historyQueryLimitMax).contains(limit), "fill limit out of range")
        let key: [Int64] =
            before.map { [Int64(clamping: $0.height), Int64($0.position), Int64($0.side)] } ?? [Int64.max, 0, 0]
        let marketClause = market == nil ? "" : "AND market = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [Data(account.bytes)]
        if let market { arguments.append(Int64(market.rawValue)) }
        for value in key { arguments.append(value) }
        arguments.append(limit + 1)
        return try page(
            sql: """
                SELECT * FROM fill WHERE account = ? \(marketClause) AND (height, position, side) < (?, ?, ?)
                ORDER BY height DESC, position DESC, side DESC LIMIT ?
                """, arguments: arguments, limit: limit, row: Self.fill(from:))
    }

    /// `account`'s orders (in `market` when given) placed before `before` = (height, order id),
    /// newest first, at most `limit`.
    ///
    /// - Complexity: one range of `order_account` or `order_account_market`, at most `limit + 1` rows.
    public func orderHistory(
        of account: AccountID, market: MarketID?, before: (height: UInt64, order: UInt64)?, limit: Int
    ) throws -> HistoryPage<OrderHistoryRecord> {
        precondition((1...Self.historyQueryLimitMax).contains(limit), "order limit out of range")
        let key: [Int64] = before.map { [Int64(clamping: $0.height), Int64(bitPattern: $0.order)] } ?? [Int64.max, 0]
        let marketClause = market == nil ? "" : "AND market = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [Data(account.bytes)]
        if let market { arguments.append(Int64(market.rawValue)) }
        for value in key { arguments.append(value) }
        arguments.append(limit + 1)
        return try page(
            sql: """
                SELECT * FROM order_history WHERE account = ? \(marketClause) AND (placedHeight, orderId) < (?, ?)
                ORDER BY placedHeight DESC, orderId DESC LIMIT ?
                """, arguments: arguments, limit: limit, row: Self.orderRecord(from:))
    }

    /// `account`'s funding payments (in `market` when given) before (height, sequence), newest first.
    public func fundingPayments(
        of account: AccountID, market: MarketID?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) throws -> HistoryPage<FundingRow> {
        precondition((1...Self.historyQueryLimitMax).contains(limit), "funding limit out of range")
        let key: [Int64] = before.map { [Int64(clamping: $0.height), Int64($0.sequence)] } ?? [Int64.max, 0]
        let marketClause = market == nil ? "" : "AND market = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [Data(account.bytes)]
        if let market { arguments.append(Int64(market.rawValue)) }
        for value in key { arguments.append(value) }
        arguments.append(limit + 1)
        return try page(
            sql: """
                SELECT * FROM funding_payment WHERE account = ? \(marketClause) AND (height, seq) < (?, ?)
                ORDER BY height DESC, seq DESC LIMIT ?
                """, arguments: arguments, limit: limit, row: Self.funding(from:))
    }

    /// `account`'s ledger entries (of `asset` when given) before (height, sequence), newest first.
    public func ledgerEntries(
        of account: AccountID, asset: AssetSymbol?, before: (height: UInt64, sequence: UInt32)?, limit: Int
    ) throws -> HistoryPage<LedgerRow> {
        precondition((1...Self.historyQueryLimitMax).contains(limit), "ledger limit out of range")
        let key: [Int64] = before.map { [Int64(clamping: $0.height), Int64($0.sequence)] } ?? [Int64.max, 0]
        let assetClause = asset == nil ? "" : "AND asset = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [Data(account.bytes)]
        if let asset { arguments.append(asset.text) }
        for value in key { arguments.append(value) }
        arguments.append(limit + 1)
        return try page(
            sql: """
                SELECT * FROM ledger WHERE account = ? \(assetClause) AND (height, seq) < (?, ?)
                ORDER BY height DESC, seq DESC LIMIT ?
                """, arguments: arguments, limit: limit, row: Self.ledger(from:))
    }

    private func page<Row: Sendable>(
        sql: String, arguments: [(any DatabaseValueConvertible)?], limit: Int, row: (GRDB.Row) throws -> Row
    ) throws -> HistoryPage<Row> {
        try read { db in
            var rows = try GRDB.Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(row)
            let more = rows.count > limit
            if more { rows.removeLast() }
            return HistoryPage(rows: rows, height: try Self.historyHeight(db) ?? 0, hasMore: more)
        }
    }

    // MARK: - Migration

    /// The tables of account history (migration `v5: account history`). Every table is
    /// `WITHOUT ROWID`, keyed so that a page is one index range.
    static func createAccountHistory(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE history_account (id BLOB PRIMARY KEY NOT NULL, firstHeight INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE fill (height INTEGER NOT NULL, position INTEGER NOT NULL, side INTEGER NOT NULL,
                    market INTEGER NOT NULL, kind INTEGER NOT NULL, liquidity INTEGER NOT NULL, account BLOB NOT NULL,
                    counterparty BLOB, orderId INTEGER NOT NULL, counterOrderId INTEGER, priceTicks INTEGER NOT NULL,
                    lots INTEGER NOT NULL, fee BLOB NOT NULL, timeMs INTEGER NOT NULL,
                    PRIMARY KEY (height, position, side)) WITHOUT ROWID;
                CREATE INDEX fill_account ON fill (account, height DESC, position DESC, side DESC);
                CREATE INDEX fill_account_market ON fill (account, market, height DESC, position DESC, side DESC);
                CREATE TABLE order_history (orderId INTEGER PRIMARY KEY NOT NULL, account BLOB NOT NULL,
                    market INTEGER NOT NULL, side INTEGER NOT NULL, type INTEGER NOT NULL, clientOrderId INTEGER,
                    expiresAtMs INTEGER, origin INTEGER NOT NULL, lots INTEGER NOT NULL, priceTicks INTEGER NOT NULL,
                    remainingLots INTEGER NOT NULL, filledLots INTEGER NOT NULL, filledTickLots BLOB NOT NULL,
                    fee BLOB NOT NULL, status INTEGER NOT NULL, reason INTEGER, placedHeight INTEGER NOT NULL,
                    placedTimeMs INTEGER NOT NULL, updatedHeight INTEGER NOT NULL, updatedTimeMs INTEGER NOT NULL
                    ) WITHOUT ROWID;
                CREATE INDEX order_account ON order_history (account, placedHeight DESC, orderId DESC);
                CREATE INDEX order_account_market ON order_history (account, market, placedHeight DESC, orderId DESC);
                CREATE TABLE order_event (height INTEGER NOT NULL, position INTEGER NOT NULL, orderId INTEGER NOT NULL,
                    account BLOB NOT NULL, market INTEGER NOT NULL, kind INTEGER NOT NULL, reason INTEGER,
                    priceTicks INTEGER, lots INTEGER NOT NULL, fee BLOB, fillPosition INTEGER, timeMs INTEGER NOT NULL,
                    PRIMARY KEY (height, position)) WITHOUT ROWID;
                CREATE INDEX order_event_order ON order_event (orderId, height DESC, position DESC);
                CREATE TABLE funding_payment (height INTEGER NOT NULL, seq INTEGER NOT NULL, account BLOB NOT NULL,
                    market INTEGER NOT NULL, positionSize BLOB NOT NULL, amount BLOB NOT NULL, ratePpm INTEGER NOT NULL,
                    timeMs INTEGER NOT NULL, PRIMARY KEY (height, seq)) WITHOUT ROWID;
                CREATE INDEX funding_account ON funding_payment (account, height DESC, seq DESC);
                CREATE INDEX funding_account_market ON funding_payment (account, market, height DESC, seq DESC);
                CREATE TABLE ledger (height INTEGER NOT NULL, seq INTEGER NOT NULL, account BLOB NOT NULL,
                    asset TEXT NOT NULL, bucket INTEGER NOT NULL, delta BLOB NOT NULL, after BLOB NOT NULL,
                    cause INTEGER NOT NULL, txId BLOB, actionIndex INTEGER, actionKind INTEGER, market INTEGER,
                    timeMs INTEGER NOT NULL, PRIMARY KEY (height, seq)) WITHOUT ROWID;
                CREATE INDEX ledger_account ON ledger (account, height DESC, seq DESC);
                CREATE INDEX ledger_account_asset ON ledger (account, asset, height DESC, seq DESC);
                """)
    }

    // MARK: - Rows

    static func historyHeight(_ db: Database) throws -> UInt64? {
        guard let bytes = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'historyHeight'") else {
            return nil
        }
        guard bytes.count == 8 else { throw NodeError(.corruptStore, "stored historyHeight is not 8 bytes") }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func orderRecord(_ order: UInt64, _ db: Database) throws -> OrderHistoryRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM order_history WHERE orderId = ?")
        return try GRDB.Row.fetchOne(statement, arguments: [Int64(bitPattern: order)]).map(orderRecord(from:))
    }

    private static func orderRecord(from row: GRDB.Row) throws -> OrderHistoryRecord {
        let order = UInt64(bitPattern: row["orderId"] as Int64)
        guard let side = MatchingEngine.Side(rawValue: try code(row, "side")),
            let type = OrderType(rawValue: try code(row, "type")),
            let origin = HistoryJournal.OrderOrigin(rawValue: try code(row, "origin")),
            let status = OrderHistoryRecord.Status(rawValue: try code(row, "status"))
        else { throw NodeError(.corruptStore, "stored order \(order) has an unknown side, type, origin or status") }
        let reason = try (row["reason"] as Int64?).map { value in
            guard let cancel = UInt8(exactly: value).flatMap(CancelReason.init(rawValue:)) else {
                throw NodeError(.corruptStore, "stored order \(order) has an unknown reason \(value)")
            }
            return cancel
        }
        let placed = OrderPlacedRow(
            order: order, account: try account(row["account"]), market: MarketID(try code32(row, "market")),
            side: side, type: type, clientOrderID: (row["clientOrderId"] as Int64?).map { UInt64(bitPattern: $0) },
            expiresAtMilliseconds: (row["expiresAtMs"] as Int64?).map { UInt64(bitPattern: $0) },
            priceTicks: row["priceTicks"], lots: row["lots"], origin: origin)
        var record = OrderHistoryRecord(
            placed: placed, height: UInt64(row["placedHeight"] as Int64),
            timeMilliseconds: UInt64(row["placedTimeMs"] as Int64))
        record.priceTicks = row["priceTicks"]
        record.remainingLots = row["remainingLots"]
        record.filledLots = row["filledLots"]
        let tickLots = try amount(row["filledTickLots"])
        guard !tickLots.isNegative else { throw NodeError(.corruptStore, "stored order \(order) has negative volume") }
        record.filledTickLots = tickLots.magnitude
        record.fee = try amount(row["fee"])
        record.status = status
        record.reason = reason
        record.updatedHeight = UInt64(row["updatedHeight"] as Int64)
        record.updatedTimeMilliseconds = UInt64(row["updatedTimeMs"] as Int64)
        return record
    }

    private static func fill(from row: GRDB.Row) throws -> FillRow {
        guard let side = MatchingEngine.Side(rawValue: try code(row, "side")),
            let kind = FillKind(rawValue: try code(row, "kind")),
            let liquidity = FillLiquidity(rawValue: try code(row, "liquidity"))
        else { throw NodeError(.corruptStore, "stored fill has an unknown side, kind or liquidity") }
        return FillRow(
            height: UInt64(row["height"] as Int64), position: UInt32(try code32(row, "position")), side: side,
            market: MarketID(try code32(row, "market")), kind: kind, liquidity: liquidity,
            account: try account(row["account"]), order: UInt64(bitPattern: row["orderId"] as Int64),
            counterparty: try (row["counterparty"] as Data?).map(account),
            counterpartyOrder: (row["counterOrderId"] as Int64?).map { UInt64(bitPattern: $0) },
            priceTicks: row["priceTicks"], lots: row["lots"], fee: try amount(row["fee"]),
            timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    private static func funding(from row: GRDB.Row) throws -> FundingRow {
        guard let size = try amount(row["positionSize"]).int128, let paid = try amount(row["amount"]).int128 else {
            throw NodeError(.corruptStore, "stored funding payment does not fit 128 bits")
        }
        return FundingRow(
            height: UInt64(row["height"] as Int64), sequence: try code32(row, "seq"),
            account: try account(row["account"]), market: MarketID(try code32(row, "market")), positionSize: size,
            amount: paid, ratePPM: row["ratePpm"], timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    private static func ledger(from row: GRDB.Row) throws -> LedgerRow {
        guard let bucket = HistoryJournal.Bucket(rawValue: try code(row, "bucket")),
            let cause = LedgerCause(rawValue: try code(row, "cause")),
            let asset = AssetSymbol(validating: row["asset"] as String)
        else { throw NodeError(.corruptStore, "stored ledger entry has an unknown bucket, cause or asset") }
        let kind = try (row["actionKind"] as Int64?).map { value in
            guard let actionKind = UInt8(exactly: value).flatMap(HistoryJournal.ActionKind.init(rawValue:)) else {
                throw NodeError(.corruptStore, "stored ledger entry has an unknown action kind \(value)")
            }
            return actionKind
        }
        let transaction = try (row["txId"] as Data?).map { data in
            guard let hash = Hash(validating: [UInt8](data)) else {
                throw NodeError(.corruptStore, "stored ledger entry has a malformed transaction id")
            }
            return hash
        }
        return LedgerRow(
            height: UInt64(row["height"] as Int64), sequence: try code32(row, "seq"),
            account: try account(row["account"]), asset: asset, bucket: bucket, delta: try amount(row["delta"]),
            after: try amount(row["after"]), cause: cause, transaction: transaction,
            action: (row["actionIndex"] as Int64?).map { UInt16(truncatingIfNeeded: $0) }, actionKind: kind,
            market: (row["market"] as Int64?).map { MarketID(UInt32(truncatingIfNeeded: $0)) },
            timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    private static func code(_ row: GRDB.Row, _ column: String) throws -> UInt8 {
        let value = row[column] as Int64
        guard let code = UInt8(exactly: value) else {
            throw NodeError(.corruptStore, "stored history column \(column) holds \(value)")
        }
        return code
    }

    private static func code32(_ row: GRDB.Row, _ column: String) throws -> UInt32 {
        let value = row[column] as Int64
        guard let code = UInt32(exactly: value) else {
            throw NodeError(.corruptStore, "stored history column \(column) holds \(value)")
        }
        return code
    }

    private static func account(_ data: Data) throws -> AccountID {
        guard let id = AccountID(validating: [UInt8](data)) else {
            throw NodeError(.corruptStore, "stored history row has a malformed account id")
        }
        return id
    }

    /// A signed amount as its 17-byte BLOB (see the type's comment).
    static func blob(_ amount: HistoryJournal.SignedAmount) -> Data {
        var bytes: [UInt8] = [amount.isNegative ? 0 : 1]
        bytes += (0..<16).map { UInt8(truncatingIfNeeded: amount.magnitude >> (120 - 8 * $0)) }
        return Data(bytes)
    }

    static func amount(_ data: Data) throws -> HistoryJournal.SignedAmount {
        let bytes = [UInt8](data)
        guard bytes.count == 17, bytes[0] <= 1 else {
            throw NodeError(.corruptStore, "stored history amount is not a 17-byte signed amount")
        }
        let magnitude = bytes[1...].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        guard bytes[0] == 1 || magnitude != 0 else {
            throw NodeError(.corruptStore, "stored history amount is a negative zero")
        }
        return HistoryJournal.SignedAmount(isNegative: bytes[0] == 0, magnitude: magnitude)
    }

    private static func bigEndian64(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
