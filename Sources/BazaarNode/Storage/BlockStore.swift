public import BazaarCore
public import BazaarHistory
import Foundation
import GRDB

/// Blocks, their results and periodic state snapshots in one SQLite file.
///
/// A block, its transactions' locations and (every `snapshotInterval` blocks)
/// a state snapshot are written in one SQLite transaction with
/// `synchronous=FULL`, so a block the node reports as committed survives
/// `kill -9` and power loss alike. Reads may run concurrently with the writer
/// (WAL mode through `DatabasePool`).
public final class BlockStore: Sendable {
    /// A block as stored: the block, what it did and the application hash after it.
    public struct StoredBlock: Sendable {
        public let block: Block
        public let results: [TransactionResult]
        /// What the end of the block did (auction fills, expiries); empty for blocks stored before
        /// the store kept them (migration `v3`).
        public let endBlockEvents: [Event]
        public let appHash: Hash
        /// The consensus commit that decided the block (precommits of more than two thirds of the
        /// power), in its canonical encoding; `nil` for blocks of the one-validator producer.
        public let commit: [UInt8]?
    }

    /// Where a committed transaction is, and what it did.
    public struct CommittedTransaction: Sendable, Equatable {
        public let height: UInt64
        public let index: Int
        public let result: TransactionResult
    }

    private let database: DatabasePool

    /// Opens or creates the store at `path`.
    ///
    /// - Throws: `NodeError.storage` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        try self.init(path: path, migratingUpTo: nil)
    }

    /// Opens or creates the store at `path`, migrated up to and including the migration named
    /// `lastMigration` (all when nil): tests make stores as older nodes left them.
    init(path: String, migratingUpTo lastMigration: String?) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            if let lastMigration {
                try BlockStore.migrator.migrate(database, upTo: lastMigration)
            } else {
                try BlockStore.migrator.migrate(database)
            }
        } catch {
            throw NodeError(.storage, "cannot open block store at \(path): \(error)")
        }
    }

    /// Shipped migrations are never edited; add new ones below.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "meta") { table in
                table.primaryKey("key", .text)
                table.column("value", .blob).notNull()
            }
            try db.create(table: "block") { table in
                table.primaryKey("height", .integer)
                table.column("hash", .blob).notNull()
                table.column("appHash", .blob).notNull()
                table.column("block", .blob).notNull()
                table.column("results", .blob).notNull()
            }
            // A row per transaction with its own result, so a status query reads one row, not the whole block.
            try db.create(table: "tx", options: .withoutRowID) { table in
                table.primaryKey("id", .blob)
                table.column("height", .integer).notNull()
                table.column("position", .integer).notNull()
                table.column("result", .blob).notNull()
            }
            try db.create(table: "snapshot") { table in
                table.primaryKey("height", .integer)
                table.column("appHash", .blob).notNull()
                table.column("state", .blob).notNull()
                table.column("checksum", .blob).notNull()
            }
        }
        migrator.registerMigration("v2: commits") { db in
            try db.alter(table: "block") { table in table.add(column: "commit", .blob) }
        }
        migrator.registerMigration("v3: end-of-block events and trades") { db in
            // Canonical list<Event>; NULL for blocks stored before this migration.
            try db.alter(table: "block") { table in table.add(column: "endBlockEvents", .blob) }
            // A row per print (a continuous trade, or an auction's volume), for GET .../trades.
            try db.create(table: "trade", options: .withoutRowID) { table in
                table.column("market", .integer).notNull()
                table.column("height", .integer).notNull()
                table.column("position", .integer).notNull()
                table.column("timeMs", .integer).notNull()
                table.column("priceTicks", .integer).notNull()
                table.column("lots", .integer).notNull()
                // NULL for an auction, which has no taker.
                table.column("takerSide", .integer)
                table.column("makerOrder", .integer)
                table.column("takerOrder", .integer)
                table.column("maker", .blob)
                table.column("taker", .blob)
                table.primaryKey(["market", "height", "position"])
            }
        }
        migrator.registerMigration("v4: candles") { db in
            // The candle table, meta 'tipTimeMs', and candles from the prints already stored.
            try BlockStore.createCandles(db)
        }
        migrator.registerMigration("v5: account history") { db in
            // Fills, order history and events, funding payments and the ledger (BlockStore+History).
            try BlockStore.createAccountHistory(db)
        }
        return migrator
    }

    // MARK: - Genesis

    /// Records the genesis hash on first use and refuses a store made from another genesis.
    public func bind(toGenesis hash: Hash) throws {
        try write { db in
            if let stored = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'") {
                guard Array(stored) == hash.bytes else {
                    throw NodeError(
                        .genesisMismatch, "the block store belongs to another genesis (\(Array(stored).hexString))")
                }
            } else {
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('genesis', ?)", arguments: [Data(hash.bytes)])
            }
        }
    }

    // MARK: - Writing

    /// Stores a finalized block with its end-of-block events, the commit that decided it, the
    /// locations of its transactions, its trades, its prints added to their candles and, if given,
    /// a snapshot of the state after it, and its account history rows when given (which must
    /// follow the stored history height: see ``historyHeight()``).
    ///
    /// History is a record of the chain, not the chain: rows the store refuses (a gap, an order
    /// event that does not follow the order's history) are rolled back alone, and the block is
    /// stored all the same.
    ///
    /// - Returns: why the history rows were not stored, or nil when they were (or none were given).
    /// - Throws: `NodeError.storage` when the block cannot be stored.
    @discardableResult
    public func append(
        _ finalized: FinalizedBlock, commit: [UInt8]? = nil, snapshot: LedgerState?, history: HistoryRows? = nil
    ) throws -> (any Error)? {
        let block = finalized.block
        precondition(history.map { $0.height == block.header.height } ?? true, "history rows of another block")
        var resultsWriter = CanonicalWriter(capacity: finalized.results.count * 64)
        resultsWriter.write(finalized.results)
        var eventsWriter = CanonicalWriter(capacity: finalized.endBlockEvents.count * 64 + 4)
        eventsWriter.write(finalized.endBlockEvents)
        let snapshotBytes = snapshot?.canonicalBytes
        let trades = StoredTrade.prints(of: finalized)
        let candles = CandleAccumulator.deltas(
            of: trades.map { CandleAccumulator.Print(market: $0.market, priceTicks: $0.priceTicks, lots: $0.lots) },
            height: block.header.height, timeMilliseconds: block.header.timeMilliseconds)
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO block (height, hash, appHash, block, results, "commit", endBlockEvents)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Int64(block.header.height), Data(block.hash.bytes), Data(finalized.appHash.bytes),
                    Data(block.canonicalBytes), Data(resultsWriter.bytes), commit.map { Data($0) },
                    Data(eventsWriter.bytes),
                ])
            let insert = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO tx (id, height, position, result) VALUES (?, ?, ?, ?)")
            for (position, result) in finalized.results.enumerated() {
                try insert.execute(arguments: [
                    Data(result.id.bytes), Int64(block.header.height), position, Data(result.canonicalBytes),
                ])
            }
            try BlockStore.insert(trades, into: db)
            try BlockStore.add(candles, into: db)
            try BlockStore.setTipTime(block.header.timeMilliseconds, in: db)
            var historyFailure: (any Error)?
            if let history {
                do {
                    try db.inSavepoint {
                        try BlockStore.insert(history, into: db)
                        return .commit
                    }
                } catch {
                    historyFailure = error
                }
            }
            if let snapshot, let snapshotBytes {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO snapshot (height, appHash, state, checksum) VALUES (?, ?, ?, ?)",
                    arguments: [
                        Int64(snapshot.height), Data(snapshot.appHash.bytes), Data(snapshotBytes),
                        Data(Hash.sha256(snapshotBytes).bytes),
                    ])
                // Two snapshots are enough: the newest, and one behind it should the newest be unreadable.
                try db.execute(
                    sql:
                        "DELETE FROM snapshot WHERE height NOT IN (SELECT height FROM snapshot ORDER BY height DESC LIMIT 2)"
                )
            }
            return historyFailure
        }
    }

    /// Stores a snapshot outside a block, e.g. at a clean shutdown.
    public func saveSnapshot(_ state: LedgerState) throws {
        let bytes = state.canonicalBytes
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO snapshot (height, appHash, state, checksum) VALUES (?, ?, ?, ?)",
                arguments: [
                    Int64(state.height), Data(state.appHash.bytes), Data(bytes), Data(Hash.sha256(bytes).bytes),
                ])
        }
    }

    // MARK: - Reading

    public func latestHeight() throws -> UInt64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(height) FROM block").map { UInt64($0) } ?? 0 }
    }

    /// The newest snapshot whose checksum matches, or `nil` if there is none.
    public func latestSnapshot() throws -> LedgerState? {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT height, state, checksum FROM snapshot ORDER BY height DESC")
        }
        for row in rows {
            let bytes = [UInt8](row["state"] as Data)
            guard Hash.sha256(bytes).bytes == [UInt8](row["checksum"] as Data),
                let state = try? LedgerState(canonicalBytes: bytes)
            else { continue }
            return state
        }
        return nil
    }

    public func block(at height: UInt64) throws -> StoredBlock? {
        // SQLite integers are signed; no block can sit above Int64.max.
        guard height <= UInt64(Int64.max) else { return nil }
        let row = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT block, results, appHash, \"commit\", endBlockEvents FROM block WHERE height = ?",
                arguments: [Int64(height)])
        }
        return try row.map { try BlockStore.decode($0, height: height) }
    }

    /// Blocks above `height` in order, for replay at start-up.
    ///
    /// - Parameter body: called for each block; reading stops when it throws.
    public func forEachBlock(after height: UInt64, _ body: (StoredBlock) throws -> Void) throws {
        var next = height + 1
        while let stored = try block(at: next) {
            try body(stored)
            next += 1
        }
    }

    /// The committed transaction with this id, or `nil` if no stored block holds it.
    public func committedTransaction(_ id: Hash) throws -> CommittedTransaction? {
        guard
            let row = try read({ db in
                try Row.fetchOne(
                    db, sql: "SELECT height, position, result FROM tx WHERE id = ?", arguments: [Data(id.bytes)])
            })
        else { return nil }
        let height = UInt64(row["height"] as Int64)
        do {
            return CommittedTransaction(
                height: height, index: row["position"],
                result: try TransactionResult(canonicalBytes: [UInt8](row["result"] as Data)))
        } catch {
            throw NodeError(
                .corruptStore, "stored result of transaction \(id) in block \(height) does not decode: \(error)")
        }
    }

    private static func decode(_ row: Row, height: UInt64) throws -> StoredBlock {
        do {
            let block = try Block(canonicalBytes: [UInt8](row["block"] as Data))
            var reader = CanonicalReader([UInt8](row["results"] as Data))
            let results = try reader.read([TransactionResult].self)
            try reader.expectEnd()
            guard let appHash = Hash(validating: [UInt8](row["appHash"] as Data)) else {
                throw NodeError(.corruptStore, "block \(height) has a malformed application hash")
            }
            let commit = (row["commit"] as Data?).map { [UInt8]($0) }
            var endBlockEvents: [Event] = []
            if let bytes = row["endBlockEvents"] as Data? {
                var eventReader = CanonicalReader([UInt8](bytes))
                endBlockEvents = try eventReader.read([Event].self)
                try eventReader.expectEnd()
            }
            return StoredBlock(
                block: block, results: results, endBlockEvents: endBlockEvents, appHash: appHash, commit: commit)
        } catch let error as DecodingError {
            throw NodeError(.corruptStore, "stored block \(height) does not decode: \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.storage, "block store read failed: \(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.storage, "block store write failed: \(error)")
        }
    }
}
