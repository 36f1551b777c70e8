public import BazaarCore
public import BazaarHistory
import Foundation
public import Logging
import NIOCore
public import PostgresNIO

/// Writes the history feed's blocks into PostgreSQL, one database transaction per block.
///
/// Each transaction first moves `indexer_state.height` from h − 1 to h (`UPDATE … WHERE height =
/// h − 1`, with the block's time); no row updated means a gap or another writer, and the block is refused before any of
/// its rows are written. The rows, the prints and the candles recomputed from them commit with
/// the height or not at all, so after a crash or a `kill -9` the database holds whole blocks up
/// to `height`, and the writer resumes at `height + 1` with no gap and no duplicate (the primary
/// keys would refuse a duplicate anyway). Multi-row inserts bind one array per column and
/// `unnest` them: one round trip per table.
public final class PostgresHistoryWriter: Sendable {
    /// The chain a database holds and how far.
    public struct State: Sendable, Equatable {
        public var chainID: String
        public var genesisHash: Hash
        /// The newest indexed block, nil before the genesis batch.
        public var height: UInt64?
    }

    public let connection: PostgresConnection
    let logger: Logger

    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// The state row, nil on a database no writer has bound yet.
    public func state() async throws -> State? {
        let rows = try await connection.query(
            "SELECT chain_id, genesis_hash, height FROM indexer_state", logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (chainID, genesis, height) = try row.decode((String, ByteBuffer, Int64).self)
        guard let hash = Hash(validating: Array(buffer: genesis)), height >= -1 else {
            throw IndexerError(.schema, "indexer_state holds a malformed genesis hash or height \(height)")
        }
        return State(chainID: chainID, genesisHash: hash, height: height < 0 ? nil : UInt64(height))
    }

    /// Binds the database to a chain on first use, and refuses another chain after.
    ///
    /// - Returns: the indexed height (nil: nothing yet).
    /// - Throws: `IndexerError.chainMismatch` when the database holds another chain.
    public func bind(chainID: String, genesisHash: Hash) async throws -> UInt64? {
        try await connection.query(
            """
            INSERT INTO indexer_state (chain_id, genesis_hash, height)
            VALUES (\(chainID), \(ByteBuffer(bytes: genesisHash.bytes)), -1) ON CONFLICT DO NOTHING
            """, logger: logger)
        guard let state = try await state() else {
            throw IndexerError(.schema, "indexer_state has no row after binding it")
        }
        guard state.chainID == chainID, state.genesisHash == genesisHash else {
            throw IndexerError(
                .chainMismatch,
                "the database holds chain \(state.chainID) (genesis \(state.genesisHash.hex)), not \(chainID) (genesis \(genesisHash.hex))"
            )
        }
        return state.height
    }

    /// Writes one block's history in one transaction.
    ///
    /// - Throws: `IndexerError.notNextBlock` when `batch` does not follow the indexed height;
    ///   PostgreSQL's error otherwise. Either way nothing of the block is written.
    public func write(_ batch: HistoryBatch) async throws {
        let height = batch.height
        guard height < UInt64(Int64.max) else { throw IndexerError(.notNextBlock, "height \(height) is out of range") }
        try await connection.withTransaction(logger: logger) { connection in
            let moved = try await connection.query(
                """
                UPDATE indexer_state SET height = \(Int64(height)), time_ms = \(Int64(clamping: batch.rows.timeMilliseconds))
                WHERE height = \(Int64(height) - 1) RETURNING height
                """, logger: logger
            ).collect()
            guard moved.count == 1 else {
                throw IndexerError(
                    .notNextBlock,
                    "block \(height) does not follow the indexed height (a gap, or another writer on the database)")
            }
            try await Self.insertAccounts(batch.rows, connection, logger)
            try await Self.insertFills(batch.rows, connection, logger)
            try await Self.insertOrderEvents(batch.rows, connection, logger)
            try await Self.upsertOrders(batch.rows, connection, logger)
            try await Self.insertFunding(batch.rows, connection, logger)
            try await Self.insertLedger(batch.rows, connection, logger)
            try await Self.insertPrints(batch.prints, connection, logger)
            try await Self.upsertCandles(batch, connection, logger)
        }
    }

    // MARK: - Tables

    private static func insertAccounts(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let accounts = rows.accounts
        guard !accounts.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO account (id, first_height) SELECT id, \(Int64(rows.height))
            FROM unnest(\(accounts.map(bytes))::bytea[]) AS r(id) ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    private static func insertFills(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let fills = rows.fills
        guard !fills.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO fill (height, position, side, market, kind, liquidity, account, counterparty, order_id,
                counter_order_id, price_ticks, lots, fee, time_ms)
            SELECT \(Int64(rows.height)), p, s, m, k, l, a, decode(NULLIF(cp, ''), 'hex'), o, NULLIF(co, '')::bigint,
                pt, lt, fee::numeric, t
            FROM unnest(\(fills.map { Int64($0.position) })::bigint[], \(fills.map { Int64($0.side.rawValue) })::bigint[],
                \(fills.map { Int64($0.market.rawValue) })::bigint[], \(fills.map { Int64($0.kind.rawValue) })::bigint[],
                \(fills.map { Int64($0.liquidity.rawValue) })::bigint[], \(fills.map { bytes($0.account) })::bytea[],
                \(fills.map { hex($0.counterparty) })::text[], \(fills.map { Int64(bitPattern: $0.order) })::bigint[],
                \(fills.map { text($0.counterpartyOrder.map { Int64(bitPattern: $0) }) })::text[],
                \(fills.map(\.priceTicks))::bigint[], \(fills.map(\.lots))::bigint[],
                \(fills.map { $0.fee.description })::text[], \(fills.map { Int64($0.timeMilliseconds) })::bigint[])
                AS r(p, s, m, k, l, a, cp, o, co, pt, lt, fee, t)
            """, logger: logger)
    }

    private static func insertOrderEvents(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let events = rows.orderEvents
        guard !events.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO order_event (height, position, order_id, account, market, kind, reason, price_ticks, lots, fee,
                fill_position, time_ms)
            SELECT \(Int64(rows.height)), p, o, a, m, k, NULLIF(r, '')::smallint, NULLIF(pt, '')::bigint, lt,
                NULLIF(fee, '')::numeric, NULLIF(fp, '')::integer, t
            FROM unnest(\(events.map { Int64($0.position) })::bigint[], \(events.map { Int64(bitPattern: $0.order) })::bigint[],
                \(events.map { bytes($0.account) })::bytea[], \(events.map { Int64($0.market.rawValue) })::bigint[],
                \(events.map { Int64($0.kind.rawValue) })::bigint[], \(events.map { text($0.reason.map { Int64($0.rawValue) }) })::text[],
                \(events.map { text($0.priceTicks) })::text[], \(events.map(\.lots))::bigint[],
                \(events.map { $0.fee?.description ?? "" })::text[], \(events.map { text($0.fillPosition.map { Int64($0) }) })::text[],
                \(events.map { Int64($0.timeMilliseconds) })::bigint[])
                AS x(p, o, a, m, k, r, pt, lt, fee, fp, t)
            """, logger: logger)
    }

    /// Brings the `order_history` row of every order the block touched up to date, with the same
    /// rule as the node's store (``OrderHistoryRecord/afterBlock(_:stored:)``).
    private static func upsertOrders(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !rows.orderEvents.isEmpty else { return }
        let load = OrderHistoryRecord.ordersToLoad(for: rows).sorted().map { Int64(bitPattern: $0) }
        var stored: [UInt64: OrderHistoryRecord] = [:]
        if !load.isEmpty {
            let found = try await connection.query(
                "SELECT \(unescaped: PostgresHistoryReader.orderColumns) FROM order_history WHERE order_id = ANY(\(load))",
                logger: logger
            ).collect()
            for row in found {
                let record = try PostgresHistoryReader.orderRecord(row)
                stored[record.placed.order] = record
            }
        }
        let records = try OrderHistoryRecord.afterBlock(rows, stored: stored)
        guard !records.isEmpty else { return }
        let placed = records.map(\.placed)
        try await connection.query(
            """
            INSERT INTO order_history (order_id, account, market, side, type, client_order_id, expires_at_ms, origin,
                lots, price_ticks, remaining_lots, filled_lots, filled_tick_lots, fee, status, reason, placed_height,
                placed_time_ms, updated_height, updated_time_ms)
            SELECT o, a, m, s, ty, NULLIF(c, '')::bigint, NULLIF(e, '')::bigint, og, l, pt, rl, fl, ftl::numeric,
                fee::numeric, st, NULLIF(r, '')::smallint, ph, pm, uh, um
            FROM unnest(\(placed.map { Int64(bitPattern: $0.order) })::bigint[], \(placed.map { bytes($0.account) })::bytea[],
                \(placed.map { Int64($0.market.rawValue) })::bigint[], \(placed.map { Int64($0.side.rawValue) })::bigint[],
                \(placed.map { Int64($0.type.rawValue) })::bigint[],
                \(placed.map { text($0.clientOrderID.map { Int64(bitPattern: $0) }) })::text[],
                \(placed.map { text($0.expiresAtMilliseconds.map { Int64(bitPattern: $0) }) })::text[],
                \(placed.map { Int64($0.origin.rawValue) })::bigint[], \(placed.map(\.lots))::bigint[],
                \(records.map(\.priceTicks))::bigint[], \(records.map(\.remainingLots))::bigint[],
                \(records.map(\.filledLots))::bigint[], \(records.map { String($0.filledTickLots) })::text[],
                \(records.map { $0.fee.description })::text[], \(records.map { Int64($0.status.rawValue) })::bigint[],
                \(records.map { text($0.reason.map { Int64($0.rawValue) }) })::text[],
                \(records.map { Int64($0.placedHeight) })::bigint[], \(records.map { Int64($0.placedTimeMilliseconds) })::bigint[],
                \(records.map { Int64($0.updatedHeight) })::bigint[], \(records.map { Int64($0.updatedTimeMilliseconds) })::bigint[])
                AS x(o, a, m, s, ty, c, e, og, l, pt, rl, fl, ftl, fee, st, r, ph, pm, uh, um)
            ON CONFLICT (order_id) DO UPDATE SET price_ticks = EXCLUDED.price_ticks,
                remaining_lots = EXCLUDED.remaining_lots, filled_lots = EXCLUDED.filled_lots,
                filled_tick_lots = EXCLUDED.filled_tick_lots, fee = EXCLUDED.fee, status = EXCLUDED.status,
                reason = EXCLUDED.reason, updated_height = EXCLUDED.updated_height,
                updated_time_ms = EXCLUDED.updated_time_ms
            """, logger: logger)
    }

    private static func insertFunding(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let payments = rows.funding
        guard !payments.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO funding_payment (height, seq, account, market, position_size, amount, rate_ppm, time_ms)
            SELECT \(Int64(rows.height)), q, a, m, ps::numeric, am::numeric, r, t
            FROM unnest(\(payments.map { Int64($0.sequence) })::bigint[], \(payments.map { bytes($0.account) })::bytea[],
                \(payments.map { Int64($0.market.rawValue) })::bigint[], \(payments.map { String($0.positionSize) })::text[],
                \(payments.map { String($0.amount) })::text[], \(payments.map(\.ratePPM))::bigint[],
                \(payments.map { Int64($0.timeMilliseconds) })::bigint[]) AS x(q, a, m, ps, am, r, t)
            """, logger: logger)
    }

    private static func insertLedger(_ rows: HistoryRows, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let entries = rows.ledger
        guard !entries.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO ledger (height, seq, account, asset, bucket, delta, balance_after, cause, tx_id, action_index,
                action_kind, market, time_ms)
            SELECT \(Int64(rows.height)), q, a, s, b, d::numeric, af::numeric, c, decode(NULLIF(tx, ''), 'hex'),
                NULLIF(ai, '')::integer, NULLIF(ak, '')::smallint, NULLIF(m, '')::integer, t
            FROM unnest(\(entries.map { Int64($0.sequence) })::bigint[], \(entries.map { bytes($0.account) })::bytea[],
                \(entries.map(\.asset.text))::text[], \(entries.map { Int64($0.bucket.rawValue) })::bigint[],
                \(entries.map { $0.delta.description })::text[], \(entries.map { $0.after.description })::text[],
                \(entries.map { Int64($0.cause.rawValue) })::bigint[], \(entries.map { $0.transaction?.hex ?? "" })::text[],
                \(entries.map { text($0.action.map { Int64($0) }) })::text[],
                \(entries.map { text($0.actionKind.map { Int64($0.rawValue) }) })::text[],
                \(entries.map { text($0.market.map { Int64($0.rawValue) }) })::text[],
                \(entries.map { Int64($0.timeMilliseconds) })::bigint[]) AS x(q, a, s, b, d, af, c, tx, ai, ak, m, t)
            """, logger: logger)
    }

    private static func insertPrints(_ prints: [HistoryPrint], _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !prints.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO trade (market, height, position, time_ms, price_ticks, lots, taker_side, maker_order, taker_order,
                maker, taker)
            SELECT m, h, p, t, pt, l, NULLIF(ts, '')::smallint, NULLIF(mo, '')::bigint, NULLIF(tko, '')::bigint,
                decode(NULLIF(mk, ''), 'hex'), decode(NULLIF(tk, ''), 'hex')
            FROM unnest(\(prints.map { Int64($0.market.rawValue) })::bigint[], \(prints.map { Int64($0.height) })::bigint[],
                \(prints.map { Int64($0.position) })::bigint[], \(prints.map { Int64($0.timeMilliseconds) })::bigint[],
                \(prints.map(\.priceTicks))::bigint[], \(prints.map(\.lots))::bigint[],
                \(prints.map { text($0.takerSide.map { Int64($0.rawValue) }) })::text[],
                \(prints.map { text($0.makerOrder.map { Int64(bitPattern: $0) }) })::text[],
                \(prints.map { text($0.takerOrder.map { Int64(bitPattern: $0) }) })::text[],
                \(prints.map { hex($0.maker) })::text[], \(prints.map { hex($0.taker) })::text[])
                AS x(m, h, p, t, pt, l, ts, mo, tko, mk, tk)
            """, logger: logger)
    }

    /// Adds the block's prints to their candles: the same deltas as the node's store
    /// (``CandleAccumulator/deltas(of:height:timeMilliseconds:)``), merged in SQL: the open stays,
    /// the close is the newest, volumes and counts add up.
    private static func upsertCandles(_ batch: HistoryBatch, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !batch.prints.isEmpty else { return }
        let candles = CandleAccumulator.deltas(
            of: batch.prints.map(\.candlePrint), height: batch.height, timeMilliseconds: batch.rows.timeMilliseconds)
        try await connection.query(
            """
            INSERT INTO candle AS c (market, resolution, start_ms, open_ticks, high_ticks, low_ticks, close_ticks,
                volume_lots, volume_tick_lots, trades, first_height, last_height)
            SELECT m, r, s, o, h, l, cl, vl::numeric, vt::numeric, n, fh, lh
            FROM unnest(\(candles.map { Int64($0.market.rawValue) })::bigint[], \(candles.map { Int64($0.resolution.code) })::bigint[],
                \(candles.map { Int64($0.startMilliseconds) })::bigint[], \(candles.map(\.openTicks))::bigint[],
                \(candles.map(\.highTicks))::bigint[], \(candles.map(\.lowTicks))::bigint[],
                \(candles.map(\.closeTicks))::bigint[], \(candles.map { String($0.volumeLots) })::text[],
                \(candles.map { String($0.volumeTickLots) })::text[], \(candles.map { Int64($0.trades) })::bigint[],
                \(candles.map { Int64($0.firstHeight) })::bigint[], \(candles.map { Int64($0.lastHeight) })::bigint[])
                AS x(m, r, s, o, h, l, cl, vl, vt, n, fh, lh)
            ON CONFLICT (market, resolution, start_ms) DO UPDATE SET high_ticks = GREATEST(c.high_ticks, EXCLUDED.high_ticks),
                low_ticks = LEAST(c.low_ticks, EXCLUDED.low_ticks), close_ticks = EXCLUDED.close_ticks,
                volume_lots = c.volume_lots + EXCLUDED.volume_lots,
                volume_tick_lots = c.volume_tick_lots + EXCLUDED.volume_tick_lots, trades = c.trades + EXCLUDED.trades,
                last_height = EXCLUDED.last_height
            """, logger: logger)
    }

    // MARK: - Binding

    private static func bytes(_ account: AccountID) -> ByteBuffer { ByteBuffer(bytes: account.bytes) }

    /// A nullable bytea column as hex text ('' for NULL): postgres-nio binds no arrays of optionals.
    private static func hex(_ account: AccountID?) -> String { account.map { $0.bytes.hexString } ?? "" }

    /// A nullable integer column as text ('' for NULL).
    private static func text(_ value: Int64?) -> String { value.map(String.init) ?? "" }
}
