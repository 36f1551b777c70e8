import BazaarAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Four validator processes on loopback, killed with SIGKILL and restarted, as CometBFT's
/// end-to-end suite does it: the network keeps committing with three, a restarted validator
/// catches up to the same application hash, two of four stop without forking, and commits resume
/// when one comes back.
@Suite(.serialized) struct NetworkFaultEndToEndTests {
    let home: URL
    let validators: [TestnetEndToEndTests.Validator]
    let testnet: ServerProcess

    init() async throws {
        home = try NodeEndToEndTests.temporaryHome()
        let basePort = try LocalSystem.freeBasePort(count: 4)
        (testnet, validators) = try await TestnetEndToEndTests.start(validators: 4, home: home, basePort: basePort)
    }

    /// The node's status, or `nil` when it does not answer.
    func status(_ node: Int) async throws -> StatusResponse? {
        let run = try await BazaarBinary.run(["status", "--json", "--home", home.path, "--node", validators[node].url])
        guard run.status == 0 else { return nil }
        return try DevnetEndToEndTests.json(StatusResponse.self, run.output)
    }

    func height(_ node: Int) async throws -> UInt64 { try await status(node)?.height ?? 0 }

    /// The block at `height` as `node` stored it.
    func block(_ height: UInt64, at node: Int) async throws -> BlockResponse {
        let run = try await BazaarBinary.run(
            ["block", "\(height)", "--json", "--home", home.path, "--node", validators[node].url])
        guard run.status == 0 else { throw E2EError("block \(height) at node\(node): \(run.output)") }
        return try DevnetEndToEndTests.json(BlockResponse.self, run.output)
    }

    /// Polls until every listed node is at `height` or above. The limit is generous: on a loaded
    /// two-core machine (the whole suite in parallel, debug builds) a restarted validator's catch-up
    /// has taken more than 90 s; the error names every node's height.
    func waitUntil(_ nodes: [Int], reach height: UInt64, timeout: Duration = .seconds(240)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var lowest = UInt64.max
            for node in nodes { lowest = min(lowest, try await self.height(node)) }
            if lowest >= height { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        var heights: [String] = []
        for node in 0..<validators.count { heights.append("node\(node) \((try? await self.height(node)) ?? 0)") }
        throw E2EError("nodes \(nodes) did not reach height \(height) in time (\(heights.joined(separator: ", ")))")
    }

    /// Every listed node stored the same block and application hash at every height from 1 to `height`.
    func expectOneChain(_ nodes: [Int], upTo height: UInt64) async throws {
        for h in 1...height {
            let blocks = try await nodes.asyncMap { try await block(h, at: $0) }
            #expect(Set(blocks.map(\.hash)).count == 1, "two blocks at height \(h)")
            #expect(Set(blocks.map(\.appHash)).count == 1, "application hashes differ at height \(h)")
            #expect(blocks.allSatisfy { $0.signers.count >= 3 }, "a commit without more than two thirds at \(h)")
        }
    }

    func restart(_ node: Int) throws -> ServerProcess {
        let nodeHome = home.appendingPathComponent("testnet/node\(node)")
        return try ServerProcess(["node", "start", "--home", nodeHome.path], outputIn: home)
    }

    @Test func crashesAndRestartsNeitherForkNorStallTheNetworkAndTransactionsCommitOnce() async throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try await waitUntil([0, 1, 2, 3], reach: 2)

        // Transactions sent to different validators are each committed exactly once.
        var ids: [String] = []
        for (node, sender) in ["alice", "bob", "carol", "alice"].enumerated() {
            let run = try await BazaarBinary.run(
                [
                    "transfer", "--from", sender, "--to", "carol", "--asset", "USD", "--amount", "1", "--json",
                    "--home", home.path, "--node", validators[node].url,
                ])
            #expect(run.status == 0, "transfer through node\(node): \(run.output)")
            let committed = try DevnetEndToEndTests.json(TransactionResponse.self, run.output)
            #expect(committed.code == "ok")
            ids.append(committed.id)
        }
        let top = try await height(0)
        try await waitUntil([0, 1, 2, 3], reach: top)
        var occurrences: [String: Int] = [:]
        for h in 1...top {
            for transaction in try await block(h, at: 0).transactions { occurrences[transaction.id, default: 0] += 1 }
        }
        #expect(ids.allSatisfy { occurrences[$0] == 1 })

        // SIGKILL one: the other three keep committing.
        kill(validators[3].pid, SIGKILL)
        #expect(try await LocalSystem.waitUntilGone(validators[3].pid))
        let beforeCrash = try await height(0)
        try await waitUntil([0, 1, 2], reach: beforeCrash + 3)

        // Restarted, it catches up by block sync to the same chain.
        var node3 = try restart(3)
        let target = try await height(0) + 2
        try await waitUntil([0, 1, 2, 3], reach: target)
        try await expectOneChain([0, 1, 2, 3], upTo: target)

        // SIGKILL two of four: no quorum, so no height is decided, and the survivors agree.
        kill(validators[2].pid, SIGKILL)
        _ = try await node3.stop(signal: SIGKILL)
        #expect(try await LocalSystem.waitUntilGone(validators[2].pid))
        try await Task.sleep(for: .seconds(2))  // A decision already under way may still land.
        let stalled = try await height(0)
        try await Task.sleep(for: .seconds(4))
        #expect(try await height(0) == stalled)
        #expect(try await height(1) <= stalled)
        try await expectOneChain([0, 1], upTo: try await height(1))

        // One comes back: three of four again, so commits resume.
        let node2 = try restart(2)
        try await waitUntil([0, 1, 2], reach: stalled + 2)
        try await expectOneChain([0, 1, 2], upTo: stalled + 2)

        node3 = try restart(3)
        try await waitUntil([0, 1, 2, 3], reach: stalled + 3)
        #expect(try await testnet.stop(signal: SIGINT) == 0)
        _ = try await node2.stop(signal: SIGTERM)
        _ = try await node3.stop(signal: SIGTERM)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
