import BazaarAPI
import Foundation
import Testing

/// An operator's recovery with the real commands: a byte flipped in the consensus write-ahead log,
/// `bazaar node repair-wal`, and a lost signer-state file.
@Suite(.serialized) struct NodeRepairEndToEndTests {
    /// `node init` and `genesis create` for a one-validator chain in `home/node`.
    static func initialise(_ home: URL) async throws -> URL {
        let nodeHome = home.appendingPathComponent("node")
        let initialised = try await CommandLineRun.run([
            "node", "init", "--home", nodeHome.path, "--api-port", "0", "--p2p-host", "127.0.0.1", "--p2p-port", "0",
            "--block-ms", "50", "--json",
        ])
        #expect(initialised.status == 0, "\(initialised.error)")
        let created = try NodeEndToEndTests.json(NodeEndToEndTests.Created.self, initialised.output)
        let genesis = try await CommandLineRun.run([
            "genesis", "create", "--chain-id", "repair-net", "--validator", created.validatorId,
            "--out", nodeHome.appendingPathComponent("genesis.json").path, "--home", home.path, "--json",
        ])
        #expect(genesis.status == 0, "\(genesis.error)")
        return nodeHome
    }

    /// Starts the node, waits until it has committed `height`, and stops it.
    static func run(_ nodeHome: URL, home: URL, until height: UInt64, flags: [String] = []) async throws -> String {
        let node = try ServerProcess(["node", "start", "--home", nodeHome.path] + flags, outputIn: home)
        let apiLine = try await node.waitForLine { $0.hasPrefix("API:") }
        let url = String(apiLine.dropFirst("API:".count).trimmingCharacters(in: .whitespaces))
        let deadline = ContinuousClock.now + .seconds(60)
        var reached: UInt64 = 0
        while reached < height, ContinuousClock.now < deadline {
            let status = try await CommandLineRun.run(["status", "--json", "--node", url, "--home", home.path])
            reached = (try? NodeEndToEndTests.json(StatusResponse.self, status.output).height) ?? 0
            if reached < height { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(reached >= height, "height \(reached) after 60 s; the node said:\n\(node.standardError)")
        #expect(try await node.stop(signal: SIGINT) == 0)
        return node.standardError
    }

    @Test func aFlippedByteIsRepairedWithRepairWALAndALostSignerStateNeedsAFlag() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let nodeHome = try await Self.initialise(home)
        _ = try await Self.run(nodeHome, home: home, until: 3)

        let data = nodeHome.appendingPathComponent("data")
        let log = data.appendingPathComponent("consensus.wal")
        var bytes = [UInt8](try Data(contentsOf: log))
        bytes[8 + 8 + 1] ^= 0x01  // the body of the first record, of height 1
        try Data(bytes).write(to: log)
        let refused = try await CommandLineRun.run(["node", "start", "--home", nodeHome.path])
        #expect(refused.status != 0)
        #expect(refused.error.contains("corrupt write-ahead log"))

        let repaired = try await CommandLineRun.run(["node", "repair-wal", "--home", nodeHome.path])
        #expect(repaired.status == 0, "\(repaired.error)")
        #expect(repaired.output.contains("damaged records at byte 8"))
        let backups = try FileManager.default.contentsOfDirectory(atPath: data.path).filter {
            $0.hasPrefix("consensus.wal.damaged-")
        }
        #expect(backups.count == 1)
        _ = try await Self.run(nodeHome, home: home, until: 5)

        try FileManager.default.removeItem(at: data.appendingPathComponent("signer-state"))
        let missing = try await CommandLineRun.run(["node", "start", "--home", nodeHome.path])
        #expect(missing.status != 0)
        #expect(missing.error.contains("--allow-missing-signer-state"))
        let allowed = try await Self.run(nodeHome, home: home, until: 7, flags: ["--allow-missing-signer-state"])
        #expect(allowed.contains("starting without a signer state"))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("signer-state").path))
    }
}
