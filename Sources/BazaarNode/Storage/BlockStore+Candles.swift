public import BazaarCore
public import BazaarHistory
import Foundation
import GRDB

/// Candles of every market at every resolution, kept in the `candle` table (migration `v4`).
///
/// `append` adds each block's prints to their candles in the block's own SQLite transaction, so
/// the candles are exactly as durable as the blocks. Volumes are 16-byte big-endian BLOBs of
/// `UInt128` (memcmp order is numeric order, and the value is exact).
extension BlockStore {
    /// A page of candles, newest first, read in one read transaction.
    public struct CandlePage: Sendable {
        public var candles: [Candle]
        /// The newest stored block, and its time (0 before the first block): a candle is closed
        /// when its interval ended by then.
        public var height: UInt64
        public var timeMilliseconds: UInt64
        /// The start of the last candle when older candles match the query.
        public var nextBefore: UInt64?
    }

    /// A page of prints, newest first, read in one read transaction.
    public struct TradePage: Sendable {
        public var trades: [StoredTrade]
        public var height: UInt64
        /// The key of the last print when older prints follow.
        public var nextBefore: (height: UInt64, position: Int)?
    }

    /// The most candles one query returns.
    public static let candleQueryLimitMax = 1_500

    /// The candles of `market` at `resolution` that start within `[from, to]` and before
    /// `before`, newest first, at most `limit`.
    ///
    /// - Complexity: one range of the candle key, at most `limit + 1` rows.
    public func candles(
        of market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?, before: UInt64?, limit: Int
    ) throws -> CandlePage {
        precondition((1...Self.candleQueryLimitMax).contains(limit), "candle limit out of range")
        let lower = Int64(clamping: from ?? 0)
        var upper = Int64(clamping: to ?? UInt64(Int64.max))
        // Nothing starts before 0: an empty range then.
        if let before { upper = min(upper, Int64(clamping: before) - 1) }
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM candle WHERE market = ? AND resolution = ? AND startMs BETWEEN ? AND ?
                    ORDER BY startMs DESC LIMIT ?
                    """,
                arguments: [Int64(market.rawValue), Int64(resolution.code), lower, upper, limit + 1])
            var candles = try rows.map(Self.candle(from:))
            let more = candles.count > limit
            if more { candles.removeLast() }
            let tip = try Self.tip(db)
            return CandlePage(
                candles: candles, height: tip.height, timeMilliseconds: tip.time,
                nextBefore: more ? candles.last?.startMilliseconds : nil)
        }
    }

    /// The newest candle of each of `markets` at each resolution, for the stream at start-up.
    ///
    /// - Complexity: one index probe per market and resolution.
    public func latestCandles(of markets: [MarketID]) throws -> (candles: [Candle], timeMilliseconds: UInt64) {
        try read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT * FROM candle WHERE market = ? AND resolution = ? ORDER BY startMs DESC LIMIT 1")
            var candles: [Candle] = []
            for market in markets.sorted() {
                for resolution in CandleResolution.allCases {
                    if let row = try Row.fetchOne(
                        statement, arguments: [Int64(market.rawValue), Int64(resolution.code)])
                    {
                        candles.append(try Self.candle(from: row))
                    }
                }
            }
            return (candles, try Self.tip(db).time)
        }
    }

    /// The prints of `market` before (`height`, `position`) when given, newest first, at most `limit`.
    ///
    /// - Complexity: one range of the trade key, at most `limit + 1` rows.
    public func trades(of market: MarketID, limit: Int, before: (height: UInt64, position: Int)?) throws -> TradePage {
        precondition((1...Self.tradeQueryLimitMax).contains(limit), "trade limit out of range")
        let bound = before.map { (Int64(clamping: $0.height), $0.position) } ?? (Int64.max, Int.max)
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT market, height, position, timeMs, priceTicks, lots, takerSide, makerOrder, takerOrder, maker, taker
                    FROM trade WHERE market = ? AND height <= ? AND (height < ? OR position < ?)
                    ORDER BY height DESC, position DESC LIMIT ?
                    """,
                arguments: [Int64(market.rawValue), bound.0, bound.0, bound.1, limit + 1])
            var trades = try rows.map(Self.trade(from:))
            let more = trades.count > limit
            if more { trades.removeLast() }
            return TradePage(
                trades: trades, height: try Self.tip(db).height,
                nextBefore: more ? trades.last.map { ($0.height, $0.position) } : nil)
        }
    }

    // MARK: - Writing

    /// Adds a block's candle deltas to the stored candles; runs inside `append`'s transaction.
    static func add(_ deltas: [Candle], into db: Database) throws {
        for delta in deltas { try upsert(delta, into: db) }
    }

    /// Records the newest block's time, by which candles count as closed.
    static func setTipTime(_ milliseconds: UInt64, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('tipTimeMs', ?)",
            arguments: [Data(bigEndian(UInt128(milliseconds)).suffix(8))])
    }

    private static func upsert(_ delta: Candle, into db: Database) throws {
        let select = try db.cachedStatement(
            sql: "SELECT * FROM candle WHERE market = ? AND resolution = ? AND startMs = ?")
        var candle = delta
        if let row = try Row.fetchOne(
            select,
            arguments: [Int64(delta.market.rawValue), Int64(delta.resolution.code), Int64(delta.startMilliseconds)])
        {
            candle = try Self.candle(from: row)
            candle.merge(delta)
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO candle (market, resolution, startMs, openTicks, highTicks, lowTicks, closeTicks,
                volumeLots, volumeTickLots, trades, firstHeight, lastHeight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try insert.execute(arguments: [
            Int64(candle.market.rawValue), Int64(candle.resolution.code), Int64(candle.startMilliseconds),
            candle.openTicks, candle.highTicks, candle.lowTicks, candle.closeTicks, Data(bigEndian(candle.volumeLots)),
            Data(bigEndian(candle.volumeTickLots)), Int64(candle.trades), Int64(candle.firstHeight),
            Int64(candle.lastHeight),
        ])
    }

    // MARK: - Migration

    /// Creates the `candle` table and fills it from the stored prints, so that a chain stored
    /// before candles existed has them from its first open on (part of migration `v4`, and
    /// therefore all or nothing).
    ///
    /// - Complexity: one pass over each market's prints in key order; memory for one open candle
    ///   per resolution.
    static func createCandles(_ db: Database) throws {
        try db.create(table: "candle", options: .withoutRowID) { table in
            table.column("market", .integer).notNull()
            table.column("resolution", .integer).notNull()
            table.column("startMs", .integer).notNull()
            table.column("openTicks", .integer).notNull()
            table.column("highTicks", .integer).notNull()
            table.column("lowTicks", .integer).notNull()
            table.column("closeTicks", .integer).notNull()
            table.column("volumeLots", .blob).notNull()
            table.column("volumeTickLots", .blob).notNull()
            table.column("trades", .integer).notNull()
            table.column("firstHeight", .integer).notNull()
            table.column("lastHeight", .integer).notNull()
            table.primaryKey(["market", "resolution", "startMs"])
        }
        if let bytes = try Data.fetchOne(db, sql: "SELECT block FROM block ORDER BY height DESC LIMIT 1") {
            let block: Block
            do { block = try Block(canonicalBytes: [UInt8](bytes)) } catch {
                throw NodeError(.corruptStore, "the newest stored block does not decode: \(error)")
            }
            try setTipTime(block.header.timeMilliseconds, in: db)
        }
        for market in try Int64.fetchAll(db, sql: "SELECT DISTINCT market FROM trade ORDER BY market") {
            try backfillCandles(of: market, db)
        }
    }

    private static func backfillCandles(of market: Int64, _ db: Database) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT height, timeMs, priceTicks, lots FROM trade WHERE market = ? ORDER BY height, position",
            arguments: [market])
        var open: [CandleResolution: Candle] = [:]
        var block: (height: UInt64, time: UInt64, prints: [CandleAccumulator.Print])?
        func flush() throws {
            guard let block else { return }
            for delta in CandleAccumulator.deltas(
                of: block.prints, height: block.height, timeMilliseconds: block.time)
            {
                if var candle = open[delta.resolution], candle.startMilliseconds == delta.startMilliseconds {
                    candle.merge(delta)
                    open[delta.resolution] = candle
                } else {
                    if let finished = open[delta.resolution] { try upsert(finished, into: db) }
                    open[delta.resolution] = delta
                }
            }
        }
        while let row = try rows.next() {
            let height = UInt64(row["height"] as Int64)
            let print = CandleAccumulator.Print(
                market: MarketID(UInt32(truncatingIfNeeded: market)), priceTicks: row["priceTicks"], lots: row["lots"])
            if block?.height == height {
                block?.prints.append(print)
            } else {
                try flush()
                block = (height, UInt64(row["timeMs"] as Int64), [print])
            }
        }
        try flush()
        for resolution in CandleResolution.allCases {
            if let candle = open[resolution] { try upsert(candle, into: db) }
        }
    }

    // MARK: - Rows

    static func tip(_ db: Database) throws -> (height: UInt64, time: UInt64) {
        let height = try Int64.fetchOne(db, sql: "SELECT MAX(height) FROM block").map { UInt64($0) } ?? 0
        guard let bytes = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'tipTimeMs'") else {
            return (height, 0)
        }
        guard bytes.count == 8 else { throw NodeError(.corruptStore, "stored tipTimeMs is not 8 bytes") }
        return (height, bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    private static func candle(from row: Row) throws -> Candle {
        let code = row["resolution"] as Int64
        guard let resolution = UInt8(exactly: code).flatMap(CandleResolution.init(code:)) else {
            throw NodeError(.corruptStore, "stored candle has an unknown resolution \(code)")
        }
        let start = row["startMs"] as Int64
        let values: [Int64] = [row["openTicks"], row["highTicks"], row["lowTicks"], row["closeTicks"]]
        let counts: [Int64] = [row["trades"], row["firstHeight"], row["lastHeight"]]
        let lots = try uint128(row["volumeLots"] as Data)
        let tickLots = try uint128(row["volumeTickLots"] as Data)
        guard start >= 0, start % Int64(resolution.milliseconds) == 0, values.allSatisfy({ $0 > 0 }),
            values[2] <= min(values[0], values[3]), values[1] >= max(values[0], values[3]), counts[0] > 0,
            counts[1] >= 0, counts[1] <= counts[2]
        else {
            throw NodeError(
                .corruptStore, "stored candle of market \(row["market"] as Int64) at \(start) is inconsistent")
        }
        return Candle(
            market: MarketID(UInt32(truncatingIfNeeded: row["market"] as Int64)), resolution: resolution,
            startMilliseconds: UInt64(start), openTicks: values[0], highTicks: values[1], lowTicks: values[2],
            closeTicks: values[3], volumeLots: lots, volumeTickLots: tickLots, trades: UInt64(counts[0]),
            firstHeight: UInt64(counts[1]), lastHeight: UInt64(counts[2]))
    }

    private static func uint128(_ data: Data) throws -> UInt128 {
        guard data.count == 16 else { throw NodeError(.corruptStore, "stored candle volume is not 16 bytes") }
        return data.reduce(0) { $0 << 8 | UInt128($1) }
    }

    private static func bigEndian(_ value: UInt128) -> [UInt8] {
        (0..<16).map { UInt8(truncatingIfNeeded: value >> (120 - 8 * $0)) }
    }
}
