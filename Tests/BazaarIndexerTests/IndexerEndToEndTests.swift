import BazaarCore
import BazaarHistory
import BazaarIndexer
import Foundation
import Logging
import PostgresNIO
import Testing

/// A real `bazaar devnet` and a real `bazaar indexer` process on loopback, with PostgreSQL:
/// the indexer is killed with SIGKILL while blocks with trades flow, restarted, and catches up
/// with every block whole, once.
@Suite(
    .serialized, .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.disabledReason),
    .timeLimit(.minutes(15)))
struct IndexerEndToEndTests {
    /// The `bazaar` executable beside this test bundle, or `$BAZAAR_BINARY`.
    static var binary: URL {
        get throws {
            if let path = ProcessInfo.processInfo.environment["BAZAAR_BINARY"] { return URL(fileURLWithPath: path) }
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("bazaar")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw EndToEndError("cannot find the bazaar executable next to \(CommandLine.arguments[0])")
        }
    }

    /// Starts `bazaar` with `arguments`, its output going to `log`.
    static func start(_ arguments: [String], log: URL) throws -> Process {
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits for `condition` until `timeout`, looking every 100 ms.
    static func wait(
        _ what: String, timeout: Duration = .seconds(120), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        if try await condition() { return }
        throw EndToEndError("timed out waiting for \(what)")
    }

    @Test func anIndexerKilledMidStreamResumesWithNoGapAndNoDuplicate() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-indexer-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnetOut = home.appendingPathComponent("devnet.out")
        let devnet = try Self.start(
            ["devnet", "--home", home.path, "--port", "0", "--block-ms", "100", "--no-option-quotes"], log: devnetOut)
        defer {
            if devnet.isRunning { kill(devnet.processIdentifier, SIGKILL) }
            devnet.waitUntilExit()
        }
        var node = ""
        try await Self.wait("the devnet's API line") {
            let text = (try? String(contentsOf: devnetOut, encoding: .utf8)) ?? ""
            guard devnet.isRunning else { throw EndToEndError("devnet exited: \(text)") }
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("API:") }),
                let port = Int(line.split(separator: ":").last ?? "")
            else { return false }
            node = "http://127.0.0.1:\(port)"
            return true
        }
        let feed = HistoryFeedClient(node: node)
        try await PostgresTestDatabase.withDatabase { url in
            let indexerLog = home.appendingPathComponent("indexer.log")
            let arguments = ["indexer", "--postgres", "\(url)", "--node", node, "--port", "0"]
            try await PostgresTestDatabase.withConnection(url) { connection in
                func indexedHeight() async throws -> UInt64? {
                    let exists = try await connection.query(
                        "SELECT to_regclass('indexer_state') IS NOT NULL", logger: PostgresTestDatabase.logger
                    ).collect().first!.decode(Bool.self)
                    guard exists else { return nil }
                    return try await PostgresHistoryWriter(connection: connection, logger: PostgresTestDatabase.logger)
                        .state()?.height
                }
                var orders: [Process] = []
                // Five kills at moments that differ: after 1, 3, 5, 7 and 9 more indexed blocks,
                // with orders trading while it runs.
                for (round, blocks) in [1, 3, 5, 7, 9].enumerated() {
                    let before = try await indexedHeight()
                    let indexer = try Self.start(arguments, log: indexerLog)
                    defer { if indexer.isRunning { kill(indexer.processIdentifier, SIGKILL) } }
                    let side = round.isMultiple(of: 2) ? "buy" : "sell"
                    let price = side == "buy" ? "65050" : "64950"
                    orders.append(
                        try Self.start(
                            [
                                "order", "place", "--home", home.path, "--node", node, "--from", "alice", "--market",
                                "BTC-USD", "--side", side, "--price", price, "--size", "0.0001",
                            ], log: home.appendingPathComponent("orders.log")))
                    try await Self.wait("the indexer to pass height \(before.map(String.init) ?? "none") by \(blocks)")
                    {
                        guard indexer.isRunning else { throw EndToEndError("the indexer exited") }
                        guard let height = try await indexedHeight() else { return false }
                        return height >= (before ?? 0) + UInt64(blocks)
                    }
                    kill(indexer.processIdentifier, SIGKILL)
                    indexer.waitUntilExit()
                }
                // A last run catches up with the node (--exit-at-tip) and exits by itself.
                let final = try Self.start(arguments + ["--exit-at-tip"], log: indexerLog)
                try await Self.wait("the last indexer run to exit") { !final.isRunning }
                #expect(final.terminationStatus == 0)
                let height = try #require(try await indexedHeight())
                // Every block from the genesis to the indexed height equals the node's: no gap, no
                // duplicate, no half block. Row counts follow.
                let reader = PostgresHistoryReader(connection: connection, logger: PostgresTestDatabase.logger)
                var after: UInt64?
                var fills = 0
                var prints = 0
                var ledger = 0
                while after.map({ $0 < height }) ?? true {
                    let page = try await feed.page(after: after, limit: 100)
                    for batch in page.batches where batch.height <= height {
                        let indexed = try await reader.batch(at: batch.height)
                        #expect(indexed == batch, "block \(batch.height): \(Self.difference(indexed, batch))")
                        fills += batch.rows.fills.count
                        prints += batch.prints.count
                        ledger += batch.rows.ledger.count
                        after = batch.height
                    }
                }
                let counts = try await reader.rowCounts()
                #expect(counts["fill"] == Int64(fills) && counts["trade"] == Int64(prints))
                #expect(counts["ledger"] == Int64(ledger))
                #expect(fills > 0 && prints > 0)
                for order in orders { order.waitUntilExit() }
            }
        }
    }

    /// Which parts of two batches of one height differ, with both values, for a failure message.
    static func difference(_ indexed: HistoryBatch, _ fed: HistoryBatch) -> String {
        var parts: [String] = []
        func compare<T: Equatable>(_ name: String, _ left: T, _ right: T) {
            if left != right { parts.append("\(name): indexer \(left), node \(right)") }
        }
        compare("time", indexed.rows.timeMilliseconds, fed.rows.timeMilliseconds)
        compare("fills", indexed.rows.fills, fed.rows.fills)
        compare("ordersPlaced", indexed.rows.ordersPlaced, fed.rows.ordersPlaced)
        compare("orderEvents", indexed.rows.orderEvents, fed.rows.orderEvents)
        compare("openAfterBlock", indexed.rows.openAfterBlock.sorted(), fed.rows.openAfterBlock.sorted())
        compare("funding", indexed.rows.funding, fed.rows.funding)
        compare("ledger", indexed.rows.ledger, fed.rows.ledger)
        compare("prints", indexed.prints, fed.prints)
        return parts.isEmpty ? "equal parts, unequal batches" : parts.joined(separator: "; ")
    }
}

struct EndToEndError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
