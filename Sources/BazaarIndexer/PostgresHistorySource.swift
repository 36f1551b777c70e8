public import BazaarAPI
public import BazaarCore
public import BazaarHistory
public import Logging
public import PostgresNIO

/// The indexer's PostgreSQL tables as the history routes' source: each page is one read-only
/// `REPEATABLE READ` transaction on a pooled connection, so its rows and its height come from one
/// snapshot of whole blocks; markets and assets come from the followed node (``NodeDirectory``).
public struct PostgresHistorySource: HistoryReadSource {
    public let client: PostgresClient
    public let directory: NodeDirectory
    let logger: Logger

    /// - Parameter client: a pool on the indexer's database, run by the caller (it is a `Service`).
    public init(client: PostgresClient, directory: NodeDirectory, logger: Logger) {
        self.client = client
        self.directory = directory
        self.logger = logger
    }

    public func renderingContext(refreshing: Bool) async throws -> RenderingContext {
        try await directory.context(refreshing: refreshing)
    }

    public func isKnown(_ account: AccountID) async throws -> Bool {
        try await read { try await $0.hasHistory(account) }
    }

    public func trades(of market: MarketID, before: (height: UInt64, position: UInt32)?, limit: Int) async throws
        -> HistoryReadPage<HistoryPrint>
    {
        try await read { try await $0.trades(of: market, before: before, limit: limit) }
    }

    public func candles(
        of market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?, before: UInt64?, limit: Int
    ) async throws -> (page: HistoryReadPage<Candle>, timeMilliseconds: UInt64) {
        try await read {
            try await $0.candles(of: market, resolution: resolution, from: from, to: to, before: before, limit: limit)
        }
    }

    public func readAccounts<T: Sendable>(_ body: (PostgresHistoryReader) async throws -> T) async throws -> T {
        try await read(body)
    }

    /// Runs `body` in one read-only snapshot.
    private func read<T: Sendable>(_ body: (PostgresHistoryReader) async throws -> T) async throws -> T {
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(PostgresHistoryReader(connection: connection, logger: logger))
        }
    }
}
