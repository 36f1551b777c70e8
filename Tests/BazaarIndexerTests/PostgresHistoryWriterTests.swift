import BazaarCore
import BazaarHistory
import BazaarIndexer
import BazaarNode
import Logging
import NIOCore
import PostgresNIO
import Testing

/// The indexer's PostgreSQL side on a real cluster: migrations, one transaction per block, and
/// rows that read back equal to what the node's SQLite store holds for the same heights.
@Suite(.enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.disabledReason), .timeLimit(.minutes(10)))
struct PostgresHistoryWriterTests {
    static let logger = PostgresTestDatabase.logger

    /// A database migrated and bound to `chain`, and a writer on it.
    static func withWriter<T>(
        _ chain: IndexerTestChain, _ body: (PostgresHistoryWriter, PostgresURL) async throws -> T
    ) async throws -> T {
        try await PostgresTestDatabase.withDatabase { url in
            try await PostgresTestDatabase.withConnection(url) { connection in
                try await PostgresSchema.migrate(connection, logger: logger)
                let writer = PostgresHistoryWriter(connection: connection, logger: logger)
                let page = try chain.node.store.historyFeed(after: nil, limit: 1, chainID: chain.node.chainID)
                #expect(try await writer.bind(chainID: page.chainID, genesisHash: page.genesisHash) == nil)
                return try await body(writer, url)
            }
        }
    }

    /// Every stored height's batch from the node's feed.
    static func feedBatches(_ chain: IndexerTestChain) throws -> [HistoryBatch] {
        try chain.node.store.historyFeed(after: nil, limit: HistoryFeedPage.limitMax, chainID: chain.node.chainID)
            .batches
    }

    @Test func twoIndexersStartingAtOnceApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            async let first = PostgresTestDatabase.withConnection(url) {
                try await PostgresSchema.migrate($0, logger: Self.logger)
            }
            async let second = PostgresTestDatabase.withConnection(url) {
                try await PostgresSchema.migrate($0, logger: Self.logger)
            }
            let applied = try await first + second
            #expect(applied.sorted() == Array(1...PostgresSchema.latestVersion))
            try await PostgresTestDatabase.withConnection(url) { connection in
                let rows = try await connection.query("SELECT version FROM schema_migration", logger: Self.logger)
                    .collect()
                #expect(try rows.map { try $0.decode(Int32.self) }.sorted() == Array(1...PostgresSchema.latestVersion))
                #expect(try await PostgresSchema.migrate(connection, logger: Self.logger).isEmpty)
            }
        }
    }

    @Test func indexedBlocksReadBackAsTheNodeStoresThem() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let batches = try Self.feedBatches(chain)
        #expect(batches.map(\.height) == Array(0...5))
        expectSameRows(batches.map(\.rows), try chain.extractedRows())
        #expect(batches.contains { $0.prints.contains { $0.takerSide == nil } }, "an auction print")
        try await Self.withWriter(chain) { writer, _ in
            for batch in batches { try await writer.write(batch) }
            #expect(try await writer.state()?.height == 5)
            let reader = PostgresHistoryReader(connection: writer.connection, logger: Self.logger)
            for batch in batches { #expect(try await reader.batch(at: batch.height) == batch) }
            for market in [MarketID(1), MarketID(2)] {
                for resolution in CandleResolution.allCases {
                    let node = try chain.node.store.candles(
                        of: market, resolution: resolution, from: nil, to: nil, before: nil, limit: 1_500)
                    let indexed = try await reader.candles(of: market, resolution: resolution)
                    #expect(indexed == node.candles, "\(market) \(resolution.rawValue)")
                    #expect(!indexed.isEmpty)
                }
            }
            let accounts = Set(batches.flatMap(\.rows.accounts))
            for account in accounts {
                let node = try chain.node.store.orderHistory(of: account, market: nil, before: nil, limit: 1_000)
                #expect(try await reader.orderRecords(of: account) == node.rows)
            }
            let statuses = Set(
                try await accounts.asyncFlatMap { try await reader.orderRecords(of: $0) }.map(\.status))
            #expect(statuses.isSuperset(of: [.filled, .partiallyFilled, .cancelled, .expired, .open]))
        }
    }

    @Test func aHeightWrittenTwiceOrAfterAGapIsRefused() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let batches = try Self.feedBatches(chain)
        try await Self.withWriter(chain) { writer, _ in
            for batch in batches.prefix(3) { try await writer.write(batch) }
            let reader = PostgresHistoryReader(connection: writer.connection, logger: Self.logger)
            let counts = try await reader.rowCounts()
            for refused in [batches[2], batches[4]] {
                let error = await #expect(throws: PostgresTransactionError.self) { try await writer.write(refused) }
                #expect((error?.closureError as? IndexerError)?.code == .notNextBlock)
            }
            #expect(try await writer.state()?.height == 2)
            #expect(try await reader.rowCounts() == counts)
            try await writer.write(batches[3])
            #expect(try await writer.state()?.height == 3)
        }
    }

    @Test func aBlockThatFailsMidwayLeavesNoneOfItsRows() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let batches = try Self.feedBatches(chain)
        try await Self.withWriter(chain) { writer, url in
            for batch in batches.prefix(3) { try await writer.write(batch) }
            let reader = PostgresHistoryReader(connection: writer.connection, logger: Self.logger)
            let counts = try await reader.rowCounts()
            // Block 3 with its first fill twice: the height moves, accounts and fills go in, then
            // the primary key refuses the copy, and the whole block rolls back.
            var broken = batches[3]
            #expect(!broken.rows.fills.isEmpty)
            broken.rows.fills.append(broken.rows.fills[0])
            await #expect(throws: PostgresTransactionError.self) { try await writer.write(broken) }
            #expect(try await writer.state()?.height == 2)
            #expect(try await reader.rowCounts() == counts)
            // A writer whose connection dies in the middle of a block: PostgreSQL aborts the open
            // transaction, so nothing of it stays. The transaction is opened by hand (the height
            // moved, a table emptied) and the connection closed before its COMMIT.
            try await PostgresTestDatabase.withConnection(url) { connection in
                try await connection.query("BEGIN", logger: Self.logger)
                try await connection.query("UPDATE indexer_state SET height = 3 WHERE height = 2", logger: Self.logger)
                try await connection.query("DELETE FROM fill", logger: Self.logger)
            }
            #expect(try await writer.state()?.height == 2)
            #expect(try await reader.rowCounts() == counts)
            try await writer.write(batches[3])
            #expect(try await reader.batch(at: 3) == batches[3])
            for batch in batches.dropFirst(4) { try await writer.write(batch) }
            #expect(try await writer.state()?.height == 5)
        }
    }

    @Test func aDatabaseOfAnotherChainIsRefused() async throws {
        let chain = try IndexerTestChain()
        defer { chain.remove() }
        try await Self.withWriter(chain) { writer, _ in
            let page = try chain.node.store.historyFeed(after: nil, limit: 1, chainID: chain.node.chainID)
            #expect(try await writer.bind(chainID: page.chainID, genesisHash: page.genesisHash) == nil)
            let error = await #expect(throws: IndexerError.self) {
                _ = try await writer.bind(chainID: page.chainID, genesisHash: Hash.sha256([1]))
            }
            #expect(error?.code == .chainMismatch)
        }
    }
}

extension Sequence {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
