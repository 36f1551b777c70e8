public import Logging
public import PostgresNIO

/// The indexer's tables in PostgreSQL, as numbered migrations.
///
/// The tables mirror the node's SQLite history tables (BlockStore+History, +Trades, +Candles)
/// with the same keys. Ticks, lots, heights and times are `bigint`; amounts that may pass 64 bits
/// are `numeric(40,0)`, bound and read as decimal text so they stay exact (Int128 needs 39
/// digits). Each migration runs in its own transaction under `pg_advisory_xact_lock`, so two
/// indexers starting on one database at once apply it once; a migration that shipped is never
/// edited, new ones are appended.
public enum PostgresSchema {
    /// The advisory lock key the migrations take.
    static let migrationLockKey: Int64 = 17

    /// (version, name, statements), in version order.
    static let migrations: [(version: Int32, name: String, statements: [String])] = [
        (1, "history", historyTables),
        (2, "indexed block time", ["ALTER TABLE indexer_state ADD COLUMN time_ms bigint NOT NULL DEFAULT 0"]),
    ]

    /// The newest version this indexer knows.
    public static var latestVersion: Int32 { migrations.last!.version }

    /// Applies every migration the database lacks.
    ///
    /// - Returns: the versions applied now (empty when the schema was up to date).
    /// - Throws: `IndexerError.schema` when the database has a version this indexer does not
    ///   know (a newer indexer migrated it), or PostgreSQL's error.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [Int32] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
        }
        var applied: [Int32] = []
        for migration in migrations {
            let didApply = try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
                let newest = try await connection.query(
                    "SELECT max(version) FROM schema_migration", logger: logger
                ).collect().first?.decode(Int32?.self)
                if let newest, newest > latestVersion {
                    throw IndexerError(
                        .schema, "the database has schema version \(newest); this indexer knows up to \(latestVersion)")
                }
                if let newest, newest >= migration.version { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migration (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                return true
            }
            if didApply {
                logger.info("applied schema migration \(migration.version): \(migration.name)")
                applied.append(migration.version)
            }
        }
        return applied
    }

    // Migration 2 records the indexed block's time beside its height, which the read routes
    // report candles as closed by (a block with no rows has no other trace of its time).

    /// Migration 1: the history tables and the indexer's single state row.
    static let historyTables: [String] = [
        """
        CREATE TABLE indexer_state (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            chain_id text NOT NULL, genesis_hash bytea NOT NULL, height bigint NOT NULL)
        """,
        "CREATE TABLE account (id bytea PRIMARY KEY, first_height bigint NOT NULL)",
        """
        CREATE TABLE fill (height bigint NOT NULL, position integer NOT NULL, side smallint NOT NULL,
            market integer NOT NULL, kind smallint NOT NULL, liquidity smallint NOT NULL, account bytea NOT NULL,
            counterparty bytea, order_id bigint NOT NULL, counter_order_id bigint, price_ticks bigint NOT NULL,
            lots bigint NOT NULL, fee numeric(40,0) NOT NULL, time_ms bigint NOT NULL,
            PRIMARY KEY (height, position, side))
        """,
        "CREATE INDEX fill_account ON fill (account, height, position, side)",
        "CREATE INDEX fill_account_market ON fill (account, market, height, position, side)",
        """
        CREATE TABLE order_history (order_id bigint PRIMARY KEY, account bytea NOT NULL, market integer NOT NULL,
            side smallint NOT NULL, type smallint NOT NULL, client_order_id bigint, expires_at_ms bigint,
            origin smallint NOT NULL, lots bigint NOT NULL, price_ticks bigint NOT NULL,
            remaining_lots bigint NOT NULL, filled_lots bigint NOT NULL, filled_tick_lots numeric(40,0) NOT NULL,
            fee numeric(40,0) NOT NULL, status smallint NOT NULL, reason smallint, placed_height bigint NOT NULL,
            placed_time_ms bigint NOT NULL, updated_height bigint NOT NULL, updated_time_ms bigint NOT NULL)
        """,
        "CREATE INDEX order_account ON order_history (account, placed_height, order_id)",
        "CREATE INDEX order_account_market ON order_history (account, market, placed_height, order_id)",
        """
        CREATE TABLE order_event (height bigint NOT NULL, position integer NOT NULL, order_id bigint NOT NULL,
            account bytea NOT NULL, market integer NOT NULL, kind smallint NOT NULL, reason smallint,
            price_ticks bigint, lots bigint NOT NULL, fee numeric(40,0), fill_position integer,
            time_ms bigint NOT NULL, PRIMARY KEY (height, position))
        """,
        "CREATE INDEX order_event_order ON order_event (order_id, height, position)",
        """
        CREATE TABLE funding_payment (height bigint NOT NULL, seq integer NOT NULL, account bytea NOT NULL,
            market integer NOT NULL, position_size numeric(40,0) NOT NULL, amount numeric(40,0) NOT NULL,
            rate_ppm bigint NOT NULL, time_ms bigint NOT NULL, PRIMARY KEY (height, seq))
        """,
        "CREATE INDEX funding_account ON funding_payment (account, height, seq)",
        "CREATE INDEX funding_account_market ON funding_payment (account, market, height, seq)",
        """
        CREATE TABLE ledger (height bigint NOT NULL, seq integer NOT NULL, account bytea NOT NULL,
            asset text NOT NULL, bucket smallint NOT NULL, delta numeric(40,0) NOT NULL,
            balance_after numeric(40,0) NOT NULL, cause smallint NOT NULL, tx_id bytea, action_index integer,
            action_kind smallint, market integer, time_ms bigint NOT NULL, PRIMARY KEY (height, seq))
        """,
        "CREATE INDEX ledger_account ON ledger (account, height, seq)",
        "CREATE INDEX ledger_account_asset ON ledger (account, asset, height, seq)",
        """
        CREATE TABLE trade (market integer NOT NULL, height bigint NOT NULL, position integer NOT NULL,
            time_ms bigint NOT NULL, price_ticks bigint NOT NULL, lots bigint NOT NULL, taker_side smallint,
            maker_order bigint, taker_order bigint, maker bytea, taker bytea, PRIMARY KEY (market, height, position))
        """,
        "CREATE INDEX trade_height ON trade (height, position)",
        """
        CREATE TABLE candle (market integer NOT NULL, resolution smallint NOT NULL, start_ms bigint NOT NULL,
            open_ticks bigint NOT NULL, high_ticks bigint NOT NULL, low_ticks bigint NOT NULL,
            close_ticks bigint NOT NULL, volume_lots numeric(40,0) NOT NULL, volume_tick_lots numeric(40,0) NOT NULL,
            trades bigint NOT NULL, first_height bigint NOT NULL, last_height bigint NOT NULL,
            PRIMARY KEY (market, resolution, start_ms))
        """,
    ]
}
