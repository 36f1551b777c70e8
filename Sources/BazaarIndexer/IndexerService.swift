import BazaarCore
import BazaarHistory
import Foundation
public import Logging
import NIOCore
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// `bazaar indexer`'s loop: follows a node's history feed by height into PostgreSQL.
///
/// It starts where `indexer_state.height` stands (so a restart after `kill -9` resumes with no
/// gap and no duplicate), binds the database to the node's chain on first contact and refuses a
/// node of another chain, takes an advisory lock so that one database has one writer, and
/// retries an unreachable node or database with exponential backoff.
public final class IndexerService: Service, Sendable {
    public struct Configuration: Sendable {
        public var postgres: PostgresURL
        /// The node's base URL.
        public var node: String
        /// Blocks per feed request.
        public var pageLimit = HistoryFeedPage.limitMax
        /// How long to wait at the node's tip before asking again.
        public var pollInterval: Duration = .milliseconds(250)
        public var backoffInitial: Duration = .milliseconds(200)
        public var backoffMax: Duration = .seconds(5)
        /// Return once the node has nothing newer (a catch-up run) instead of following it.
        public var exitsAtTip = false

        public init(postgres: PostgresURL, node: String) {
            self.postgres = postgres
            self.node = node
        }
    }

    /// What the status route reports.
    public struct Progress: Sendable, Equatable {
        public var indexedHeight: UInt64?
        public var nodeHeight: UInt64?

        public init(indexedHeight: UInt64? = nil, nodeHeight: UInt64? = nil) {
            self.indexedHeight = indexedHeight
            self.nodeHeight = nodeHeight
        }
    }

    /// The key of the session lock one writer holds on a database.
    static let writerLockKey: Int64 = 1717

    public let configuration: Configuration
    let logger: Logger
    let feed: HistoryFeedClient
    private let progressState = Mutex(Progress())

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        feed = HistoryFeedClient(node: configuration.node)
    }

    public var progress: Progress { progressState.withLock { $0 } }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await self.runSession()
                    return
                } catch let error as IndexerError where error.code == .chainMismatch || error.code == .schema {
                    throw error
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    self.logger.warning("indexer session ended, starting again: \(String(reflecting: error))")
                    try await Task.sleep(for: self.configuration.backoffMax)
                }
            }
        }
    }

    /// One connection's life: migrate, lock, bind, then follow the feed until an error.
    private func runSession() async throws {
        let connection = try await retrying("connect to PostgreSQL at \(configuration.postgres)") {
            try await PostgresConnection.connect(
                configuration: self.configuration.postgres.configuration, id: 1, logger: self.logger)
        }
        do {
            try await follow(on: connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func follow(on connection: PostgresConnection) async throws {
        try await PostgresSchema.migrate(connection, logger: logger)
        let locked = try await connection.query(
            "SELECT pg_try_advisory_lock(\(Self.writerLockKey))", logger: logger
        ).collect().first!.decode(Bool.self)
        guard locked else {
            throw IndexerError(
                .schema, "another indexer is writing to \(configuration.postgres); run this one with its own database")
        }
        try await connection.query("SET synchronous_commit = off", logger: logger)
        let writer = PostgresHistoryWriter(connection: connection, logger: logger)
        var height = try await writer.state()?.height
        var chain: (id: String, genesis: Hash)?
        while true {
            try Task.checkCancellation()
            let after = height
            let page = try await retrying("read the history feed of \(configuration.node)") {
                try await self.feed.page(after: after, limit: self.configuration.pageLimit)
            }
            if let chain {
                guard chain.id == page.chainID, chain.genesis == page.genesisHash else {
                    throw IndexerError(.chainMismatch, "the node at \(configuration.node) changed chains")
                }
            } else {
                height = try await writer.bind(chainID: page.chainID, genesisHash: page.genesisHash)
                chain = (page.chainID, page.genesisHash)
                logger.info("indexing chain \(page.chainID) from height \(height.map { String($0 + 1) } ?? "0")")
                guard height == after else { continue }
            }
            for batch in page.batches {
                try await writer.write(batch)
                height = batch.height
            }
            progressState.withLock { $0 = Progress(indexedHeight: height, nodeHeight: page.historyHeight) }
            if let first = page.batches.first, let last = page.batches.last {
                logger.debug("indexed blocks \(first.height)–\(last.height)")
                continue
            }
            if configuration.exitsAtTip { return }
            try await Task.sleep(for: configuration.pollInterval)
        }
    }

    /// Runs `body` until it succeeds, waiting twice as long after each failure (up to the maximum).
    private func retrying<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        var delay = configuration.backoffInitial
        while true {
            do {
                return try await body()
            } catch let error as IndexerError where error.code == .feed {
                throw error
            } catch {
                try Task.checkCancellation()
                logger.warning("cannot \(what), retrying in \(delay): \(String(reflecting: error))")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.backoffMax)
            }
        }
    }
}
