import BazaarAPI
import Foundation
import Testing

/// Real `bazaar` processes on loopback: the devnet, and the CLI talking to it over HTTP.
@Suite(.serialized) struct DevnetEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func aTransferSurvivesSigkillAndRestartWithTheSameHashAndBalances() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]

        let transfer = try await BazaarBinary.run(
            ["transfer", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "25.5", "--json"] + global)
        #expect(transfer.status == 0)
        let committed = try Self.json(TransactionResponse.self, transfer.output)
        #expect(committed.status == .committed)
        #expect(committed.code == "ok")

        let bobBefore = try Self.json(
            AccountResponse.self, try await BazaarBinary.run(["account", "bob", "--json"] + global).output)
        #expect(bobBefore.balances.first { $0.asset == "USD" }?.amount == "1000025.5")
        let statusBefore = try Self.json(
            StatusResponse.self, try await BazaarBinary.run(["status", "--json"] + global).output)

        try await devnet.stop(signal: SIGKILL)

        let restarted = try DevnetProcess(home: home)
        try await restarted.start()
        let restartedGlobal = ["--home", home.path, "--node", restarted.url]
        let statusAfter = try Self.json(
            StatusResponse.self, try await BazaarBinary.run(["status", "--json"] + restartedGlobal).output)
        // The idle producer may have added empty blocks since; the chain up to the old tip must be identical.
        #expect(statusAfter.height >= statusBefore.height)
        let blockAtOldTip = try Self.json(
            BlockResponse.self,
            try await BazaarBinary.run(["block", "\(statusBefore.height)", "--json"] + restartedGlobal).output)
        #expect(blockAtOldTip.appHash == statusBefore.appHash)
        #expect(blockAtOldTip.hash == statusBefore.latestBlockHash)

        let bobAfter = try Self.json(
            AccountResponse.self, try await BazaarBinary.run(["account", "bob", "--json"] + restartedGlobal).output)
        #expect(bobAfter == bobBefore)
        let transaction = try Self.json(
            TransactionResponse.self,
            try await BazaarBinary.run(["tx", committed.id, "--json"] + restartedGlobal).output)
        #expect(transaction.status == .committed)
        #expect(transaction.height == committed.height)

        // Ctrl-C: a clean shutdown that exits 0 after saving a snapshot.
        try await restarted.stop(signal: SIGINT)
        #expect(restarted.process.terminationStatus == 0)
    }

    @Test func aFailedCommandPrintsOneErrorLineAndExitsNonZero() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        // Nothing listens on port 9 of loopback.
        let result = try await BazaarBinary.run(["status", "--home", home.path, "--node", "http://127.0.0.1:9"])
        #expect(result.status != 0)
    }
}
