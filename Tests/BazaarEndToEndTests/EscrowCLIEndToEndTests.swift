import BazaarAPI
import Foundation
import Testing

/// `bazaar htlc` and `bazaar escrow` against a real devnet: ids printed, refusals as one error line
/// with the result code and a non-zero exit, the preimage public after a claim, a trade from offer
/// to confirmation.
@Suite(.serialized) struct EscrowCLIEndToEndTests {

    @Test func htlcLockClaimAndRefusals() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-htlc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
            try await CommandLineRun.run(arguments + global)
        }
        let secret = try await CommandLineRun.run(["htlc", "secret", "--json"])
        let pair = try JSONDecoder().decode([String: String].self, from: Data(secret.output.utf8))
        let hashlock = try #require(pair["hashlock"])
        let preimage = try #require(pair["preimage"])

        let lock = try await run([
            "htlc", "lock", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "12.5", "--hashlock",
            hashlock, "--refund-after", "10m",
        ])
        #expect(lock.status == 0)
        let id = lock.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UInt64(id) != nil)
        let second = try await run([
            "htlc", "lock", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "1", "--hashlock",
            hashlock, "--refund-after", "10m", "--json",
        ])
        struct Locked: Decodable { var id: String }
        #expect(try JSONDecoder().decode(Locked.self, from: Data(second.output.utf8)).id == String(UInt64(id)! + 1))

        let wrong = try await run(["htlc", "claim", "--from", "bob", "--id", id, "--preimage", "00ff"])
        #expect(wrong.status != 0 && wrong.error.contains("wrong_preimage"))
        let notRecipient = try await run(["htlc", "claim", "--from", "carol", "--id", id, "--preimage", preimage])
        #expect(notRecipient.status != 0 && notRecipient.error.contains("not_htlc_recipient"))
        let early = try await run(["htlc", "refund", "--from", "alice", "--id", id])
        #expect(early.status != 0 && early.error.contains("htlc_not_expired"))
        let badHex = try await run(["htlc", "claim", "--from", "bob", "--id", id, "--preimage", "xyz"])
        #expect(badHex.status != 0 && badHex.error.contains("preimage"))

        let claim = try await run(["htlc", "claim", "--from", "bob", "--id", id, "--preimage", preimage])
        #expect(claim.status == 0)
        let shown = try JSONDecoder().decode(
            HTLCJSON.self, from: Data(try await run(["htlc", "show", id, "--json"]).output.utf8))
        #expect(shown.status == "claimed" && shown.preimage == preimage && shown.amount == "12.5")
        let table = try await run(["htlc", "show", id])
        #expect(table.output.contains("preimage") && table.output.contains(preimage))
        let again = try await run(["htlc", "claim", "--from", "bob", "--id", id, "--preimage", preimage])
        #expect(again.status != 0 && again.error.contains("wrong_escrow_state"))
        try await devnet.stop(signal: SIGINT)
    }

    @Test func aTradeFromOfferToConfirmation() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-trade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
            try await CommandLineRun.run(arguments + global)
        }
        _ = try await run(["keys", "new", "dave"])
        #expect(
            try await run(["escrow", "register", "--from", "alice", "--account", "carol", "--mediator"]).status == 0)
        #expect(
            try await run(["escrow", "register", "--from", "alice", "--account", "dave", "--arbitrator"]).status == 0)
        let refused = try await run(["escrow", "register", "--from", "bob", "--account", "bob", "--mediator"])
        #expect(refused.status != 0 && refused.error.contains("not_escrow_authority"))
        let offer = try await run([
            "escrow", "offer", "--from", "alice", "--asset", "BTC", "--amount", "0.5", "--deposit-asset", "USD",
            "--seller-deposit", "500", "--buyer-deposit", "500", "--terms", "15000 EUR by SEPA", "--mediator", "carol",
            "--arbitrator", "dave",
        ])
        #expect(offer.status == 0)
        let id = offer.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await run(["escrow", "take", "--from", "bob", "--id", id]).status == 0)
        let early = try await run(["escrow", "dispute", "--from", "bob", "--id", id])
        #expect(early.status != 0 && early.error.contains("dispute_too_early"))
        #expect(try await run(["escrow", "paid", "--from", "bob", "--id", id]).status == 0)
        #expect(try await run(["escrow", "confirm", "--from", "alice", "--id", id]).status == 0)
        let trade = try JSONDecoder().decode(
            TradeEscrowJSON.self, from: Data(try await run(["escrow", "show", id, "--json"]).output.utf8))
        #expect(trade.status == "completed")
        let bob = try JSONDecoder().decode(
            AccountResponse.self, from: Data(try await run(["account", "bob", "--json"]).output.utf8))
        #expect(bob.balances.first { $0.asset == "BTC" }?.amount == "100.5")
        try await devnet.stop(signal: SIGINT)
    }
}
