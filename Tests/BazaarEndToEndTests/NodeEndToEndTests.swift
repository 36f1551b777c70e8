import BazaarAPI
import Foundation
import Testing

/// `bazaar node init`, `bazaar genesis create` and `bazaar node start` as a real deployment would use them.
@Suite(.serialized) struct NodeEndToEndTests {
    struct Created: Decodable {
        var home: String
        var validatorId: String
        var peerAddress: String?
    }

    struct Written: Decodable {
        var chainId: String
        var genesisHash: String
        var validators: [String]
    }

    static func temporaryHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func anInitialisedNodeWithItsOwnGenesisStartsAndCommitsATransfer() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let nodeHome = home.appendingPathComponent("node")

        let initialised = try await CommandLineRun.run([
            "node", "init", "--home", nodeHome.path, "--api-port", "0", "--p2p-host", "127.0.0.1", "--p2p-port", "0",
            "--block-ms", "50", "--json",
        ])
        #expect(initialised.status == 0, "\(initialised.error)")
        let created = try Self.json(Created.self, initialised.output)
        // Port 0 is chosen at each start, so there is no address to give peers.
        #expect(created.peerAddress == nil)
        let keyMode =
            try FileManager.default.attributesOfItem(
                atPath: nodeHome.appendingPathComponent("validator-key.json").path)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)

        // Without a genesis the node refuses to start and says where the genesis goes.
        let early = try await CommandLineRun.run(["node", "start", "--home", nodeHome.path])
        #expect(early.status != 0)
        #expect(early.error.contains("\(nodeHome.path)/genesis.json does not exist"))

        let genesis = try await CommandLineRun.run([
            "genesis", "create", "--chain-id", "e2e-net", "--validator", created.validatorId, "--demo",
            "--out", nodeHome.appendingPathComponent("genesis.json").path, "--home", home.path, "--json",
        ])
        #expect(genesis.status == 0, "\(genesis.error)")
        #expect(try Self.json(Written.self, genesis.output).validators == [created.validatorId])

        let node = try ServerProcess(["node", "start", "--home", nodeHome.path], outputIn: home)
        let apiLine = try await node.waitForLine { $0.hasPrefix("API:") }
        let url = String(apiLine.dropFirst("API:".count).trimmingCharacters(in: .whitespaces))
        #expect(node.standardOutput.contains("Validator: \(created.validatorId)"))
        let global = ["--home", home.path, "--node", url]

        let transfer = try await CommandLineRun.run(
            ["transfer", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "1.5", "--json"] + global)
        #expect(transfer.status == 0)
        let committed = try Self.json(TransactionResponse.self, transfer.output)
        #expect(committed.code == "ok")
        #expect((committed.height ?? 0) >= 1)
        let status = try Self.json(
            StatusResponse.self, try await CommandLineRun.run(["status", "--json"] + global).output)
        #expect(status.chainId == "e2e-net")

        #expect(try await node.stop(signal: SIGINT) == 0)
        #expect(node.standardError.contains("node stopped"))
    }

    @Test func initRefusesAnExistingHomeAndLeavesItsKey() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let nodeHome = home.appendingPathComponent("node")
        let first = try await CommandLineRun.run(["node", "init", "--home", nodeHome.path, "--json"])
        #expect(first.status == 0)
        let key = try Data(contentsOf: nodeHome.appendingPathComponent("validator-key.json"))
        let second = try await CommandLineRun.run(["node", "init", "--home", nodeHome.path])
        #expect(second.status != 0)
        #expect(second.error.contains("already holds a node"))
        #expect(try Data(contentsOf: nodeHome.appendingPathComponent("validator-key.json")) == key)
    }

    @Test func aBadConfigFileIsReportedWithItsPathAndField() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let nodeHome = home.appendingPathComponent("node")
        #expect(try await CommandLineRun.run(["node", "init", "--home", nodeHome.path]).status == 0)
        let config = nodeHome.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"blockIntervalMs\"", with: "\"blockIntervalMS\"").utf8).write(
            to: config)
        let start = try await CommandLineRun.run(["node", "start", "--home", nodeHome.path])
        #expect(start.status != 0)
        #expect(start.error.contains("\(config.path): blockIntervalMS: unknown field"))
    }
}
