import BazaarCore
public import BazaarHistory
import Foundation
import GRDB

/// The history feed an indexer follows (`GET /v1/history/blocks`): every stored height's history
/// rows and prints, read back from the tables in one read transaction, so a page never shows
/// half a block and its heights follow each other with no gap.
extension BlockStore {
    /// Up to `limit` consecutive blocks' history after `after` (from height 0 when nil), with the
    /// chain they belong to.
    ///
    /// An order's "open after the block" is not stored; it is implied: an order the block touched
    /// is open after it when a later stored event touches it, or else when its record's status
    /// (which that block last settled) is open or partially filled.
    ///
    /// - Throws: `NodeError.storage` when the store has no genesis; `.corruptStore` when a row
    ///   does not decode.
    /// - Complexity: per block, one key range of each history table and one probe of `trade` per
    ///   market that ever printed.
    public func historyFeed(after: UInt64?, limit: Int, chainID: String) throws -> HistoryFeedPage {
        precondition((1...HistoryFeedPage.limitMax).contains(limit), "feed limit out of range")
        return try read { db in
            guard let genesis = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'"),
                let genesisHash = Hash(validating: [UInt8](genesis))
            else { throw NodeError(.storage, "the block store has no genesis") }
            let height = try Self.historyHeight(db)
            var batches: [HistoryBatch] = []
            let first = after.map { $0 &+ 1 } ?? 0
            if let height, after.map({ $0 < height }) ?? true {
                let last = min(height, first + UInt64(limit) - 1)
                let markets = try Self.printedMarkets(db)
                for block in first...last { batches.append(try Self.feedBatch(at: block, markets: markets, db)) }
            }
            return HistoryFeedPage(
                chainID: chainID, genesisHash: genesisHash, historyHeight: height, batches: batches)
        }
    }

    /// The markets with at least one print: a loose scan of the `trade` key, one probe per market.
    private static func printedMarkets(_ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                WITH RECURSIVE m(x) AS (SELECT MIN(market) FROM trade
                UNION ALL SELECT (SELECT MIN(market) FROM trade WHERE market > x) FROM m WHERE x IS NOT NULL)
                SELECT x FROM m WHERE x IS NOT NULL
                """)
    }

    private static func feedBatch(at height: UInt64, markets: [Int64], _ db: Database) throws -> HistoryBatch {
        let key = Int64(height)
        var rows = HistoryRows(height: height, timeMilliseconds: 0)
        rows.fills = try GRDB.Row.fetchAll(
            db, sql: "SELECT * FROM fill WHERE height = ? ORDER BY position, side", arguments: [key]
        ).map(feedFill(from:))
        rows.orderEvents = try GRDB.Row.fetchAll(
            db, sql: "SELECT * FROM order_event WHERE height = ? ORDER BY position", arguments: [key]
        ).map(feedEvent(from:))
        rows.funding = try GRDB.Row.fetchAll(
            db, sql: "SELECT * FROM funding_payment WHERE height = ? ORDER BY seq", arguments: [key]
        ).map(feedFunding(from:))
        rows.ledger = try GRDB.Row.fetchAll(
            db, sql: "SELECT * FROM ledger WHERE height = ? ORDER BY seq", arguments: [key]
        ).map(feedLedger(from:))
        let order = try db.cachedStatement(sql: "SELECT * FROM order_history WHERE orderId = ?")
        let later = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM order_event WHERE orderId = ? AND height > ?)")
        var seen = Set<UInt64>()
        for event in rows.orderEvents where seen.insert(event.order).inserted {
            guard let record = try GRDB.Row.fetchOne(order, arguments: [Int64(bitPattern: event.order)]) else {
                continue
            }
            let status = record["status"] as Int64
            let open =
                try Bool.fetchOne(later, arguments: [Int64(bitPattern: event.order), key]) ?? false
                || status == Int64(OrderHistoryRecord.Status.open.rawValue)
                || status == Int64(OrderHistoryRecord.Status.partiallyFilled.rawValue)
            if open { rows.openAfterBlock.insert(event.order) }
            if event.kind == .placed { rows.ordersPlaced.append(try feedPlaced(from: record, event: event)) }
        }
        let prints = try db.cachedStatement(
            sql: "SELECT * FROM trade WHERE market = ? AND height = ? ORDER BY position")
        var batchPrints: [HistoryPrint] = []
        for market in markets {
            for row in try GRDB.Row.fetchAll(prints, arguments: [market, key]) {
                let trade = try trade(from: row)
                guard let print = trade.historyPrint else {
                    throw NodeError(.corruptStore, "stored print \(height)-\(trade.position) has a bad position")
                }
                batchPrints.append(print)
            }
        }
        batchPrints.sort { $0.position < $1.position }
        rows.timeMilliseconds = try blockTime(height, db)
        return HistoryBatch(rows: rows, prints: batchPrints)
    }

    /// The block's time: from its header (the genesis has no stored block; its rows carry its time).
    private static func blockTime(_ height: UInt64, _ db: Database) throws -> UInt64 {
        if height == 0 {
            let time = try Int64.fetchOne(
                db,
                sql: """
                    SELECT timeMs FROM ledger WHERE height = 0 UNION ALL SELECT timeMs FROM order_event WHERE height = 0
                    LIMIT 1
                    """)
            return UInt64(time ?? 0)
        }
        guard
            let bytes = try Data.fetchOne(
                db, sql: "SELECT block FROM block WHERE height = ?", arguments: [Int64(height)])
        else { throw NodeError(.corruptStore, "history at height \(height) without its block") }
        do {
            return try Block(canonicalBytes: [UInt8](bytes)).header.timeMilliseconds
        } catch {
            throw NodeError(.corruptStore, "stored block \(height) does not decode: \(error)")
        }
    }

    // MARK: - Rows

    private static func feedCode(_ row: GRDB.Row, _ column: String) throws -> UInt8 {
        let value = row[column] as Int64
        guard let code = UInt8(exactly: value) else {
            throw NodeError(.corruptStore, "stored history column \(column) holds \(value)")
        }
        return code
    }

    private static func feedCode32(_ row: GRDB.Row, _ column: String) throws -> UInt32 {
        let value = row[column] as Int64
        guard let code = UInt32(exactly: value) else {
            throw NodeError(.corruptStore, "stored history column \(column) holds \(value)")
        }
        return code
    }

    private static func feedAccount(_ data: Data) throws -> AccountID {
        guard let id = AccountID(validating: [UInt8](data)) else {
            throw NodeError(.corruptStore, "stored history row has a malformed account id")
        }
        return id
    }

    private static func feedEnum<Code: RawRepresentable>(_: Code.Type, _ row: GRDB.Row, _ column: String) throws
        -> Code where Code.RawValue == UInt8
    {
        guard let code = Code(rawValue: try feedCode(row, column)) else {
            throw NodeError(.corruptStore, "stored history column \(column) holds an unknown code")
        }
        return code
    }

    private static func feedOptionalEnum<Code: RawRepresentable>(_: Code.Type, _ row: GRDB.Row, _ column: String)
        throws -> Code? where Code.RawValue == UInt8
    {
        guard row[column] as Int64? != nil else { return nil }
        return try feedEnum(Code.self, row, column)
    }

    private static func feedFill(from row: GRDB.Row) throws -> FillRow {
        FillRow(
            height: UInt64(row["height"] as Int64), position: try feedCode32(row, "position"),
            side: try feedEnum(MatchingEngine.Side.self, row, "side"), market: MarketID(try feedCode32(row, "market")),
            kind: try feedEnum(FillKind.self, row, "kind"),
            liquidity: try feedEnum(FillLiquidity.self, row, "liquidity"),
            account: try feedAccount(row["account"]), order: UInt64(bitPattern: row["orderId"] as Int64),
            counterparty: try (row["counterparty"] as Data?).map(feedAccount),
            counterpartyOrder: (row["counterOrderId"] as Int64?).map { UInt64(bitPattern: $0) },
            priceTicks: row["priceTicks"], lots: row["lots"], fee: try amount(row["fee"]),
            timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    private static func feedEvent(from row: GRDB.Row) throws -> OrderEventRow {
        OrderEventRow(
            height: UInt64(row["height"] as Int64), position: try feedCode32(row, "position"),
            order: UInt64(bitPattern: row["orderId"] as Int64), account: try feedAccount(row["account"]),
            market: MarketID(try feedCode32(row, "market")), kind: try feedEnum(OrderEventKind.self, row, "kind"),
            reason: try feedOptionalEnum(CancelReason.self, row, "reason"), priceTicks: row["priceTicks"],
            lots: row["lots"], fee: try (row["fee"] as Data?).map(amount),
            fillPosition: try (row["fillPosition"] as Int64?).map { _ in try feedCode32(row, "fillPosition") },
            timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    /// An order's terms as placed: the record keeps the original size, and the placed event the
    /// original price (an amendment changes the record's).
    private static func feedPlaced(from row: GRDB.Row, event: OrderEventRow) throws -> OrderPlacedRow {
        guard let price = event.priceTicks else {
            throw NodeError(.corruptStore, "stored placed event of order \(event.order) has no price")
        }
        return OrderPlacedRow(
            order: event.order, account: try feedAccount(row["account"]),
            market: MarketID(try feedCode32(row, "market")), side: try feedEnum(MatchingEngine.Side.self, row, "side"),
            type: try feedEnum(OrderType.self, row, "type"),
            clientOrderID: (row["clientOrderId"] as Int64?).map { UInt64(bitPattern: $0) },
            expiresAtMilliseconds: (row["expiresAtMs"] as Int64?).map { UInt64(bitPattern: $0) }, priceTicks: price,
            lots: row["lots"], origin: try feedEnum(HistoryJournal.OrderOrigin.self, row, "origin"))
    }

    private static func feedFunding(from row: GRDB.Row) throws -> FundingRow {
        guard let size = try amount(row["positionSize"]).int128, let paid = try amount(row["amount"]).int128 else {
            throw NodeError(.corruptStore, "stored funding payment does not fit 128 bits")
        }
        return FundingRow(
            height: UInt64(row["height"] as Int64), sequence: try feedCode32(row, "seq"),
            account: try feedAccount(row["account"]), market: MarketID(try feedCode32(row, "market")),
            positionSize: size, amount: paid, ratePPM: row["ratePpm"], timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }

    private static func feedLedger(from row: GRDB.Row) throws -> LedgerRow {
        guard let asset = AssetSymbol(validating: row["asset"] as String) else {
            throw NodeError(.corruptStore, "stored ledger entry has a malformed asset")
        }
        let transaction = try (row["txId"] as Data?).map { data in
            guard let hash = Hash(validating: [UInt8](data)) else {
                throw NodeError(.corruptStore, "stored ledger entry has a malformed transaction id")
            }
            return hash
        }
        let action = try (row["actionIndex"] as Int64?).map { value in
            guard let index = UInt16(exactly: value) else {
                throw NodeError(.corruptStore, "stored ledger entry has action index \(value)")
            }
            return index
        }
        return LedgerRow(
            height: UInt64(row["height"] as Int64), sequence: try feedCode32(row, "seq"),
            account: try feedAccount(row["account"]), asset: asset,
            bucket: try feedEnum(HistoryJournal.Bucket.self, row, "bucket"), delta: try amount(row["delta"]),
            after: try amount(row["after"]), cause: try feedEnum(LedgerCause.self, row, "cause"),
            transaction: transaction, action: action,
            actionKind: try feedOptionalEnum(HistoryJournal.ActionKind.self, row, "actionKind"),
            market: try (row["market"] as Int64?).map { _ in MarketID(try feedCode32(row, "market")) },
            timeMilliseconds: UInt64(row["timeMs"] as Int64))
    }
}
