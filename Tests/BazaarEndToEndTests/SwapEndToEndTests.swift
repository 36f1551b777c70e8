import BazaarAPI
import BazaarClient
import Foundation
import Testing

/// Two real `bazaar devnet` processes with different chain ids, and the swap coordinator as real
/// `bazaar swap` processes: a swap completes; when the taker never locks, or the maker never
/// claims, or a coordinator is SIGKILLed after any step and resumed, each party ends with either
/// the other's asset or its own back — never less.
///
/// The maker (alice) gives 1 BTC on A for 10 ETH on B; the taker is bob. Both keys are the same on
/// both devnets (B's home gets a copy of A's keystore before its genesis is made).
@Suite(.serialized) struct SwapEndToEndTests {
    /// The taker's lock in block time (the maker's lasts twice as long); short so tests finish quickly.
    static let lock = ProcessInfo.processInfo.environment["CI"] == nil ? "8s" : "10s"

    /// Two devnets sharing a keystore.
    final class Networks {
        let home: URL
        let homeB: URL
        let a: ServerProcess
        let b: ServerProcess
        let urlA: String
        let urlB: String

        init() async throws {
            home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-swap-\(UUID().uuidString)")
            homeB = home.appendingPathComponent("network-b")
            try FileManager.default.createDirectory(at: homeB, withIntermediateDirectories: true)
            a = try ServerProcess(
                [
                    "devnet", "--home", home.path, "--port", "0", "--block-ms", "100", "--chain-id", "swap-test-a",
                    "--no-option-quotes",
                ],
                outputIn: home)
            urlA = try await Networks.url(of: a)
            try FileManager.default.copyItem(
                at: home.appendingPathComponent("keys"), to: homeB.appendingPathComponent("keys"))
            b = try ServerProcess(
                [
                    "devnet", "--home", homeB.path, "--port", "0", "--block-ms", "100", "--chain-id", "swap-test-b",
                    "--no-option-quotes",
                ],
                outputIn: home)
            urlB = try await Networks.url(of: b)
        }

        static func url(of devnet: ServerProcess) async throws -> String {
            let line = try await devnet.waitForLine(timeout: .seconds(120)) { $0.hasPrefix("API:") }
            return String(line.dropFirst("API:".count).trimmingCharacters(in: .whitespaces))
        }

        var flags: [String] { ["--home", home.path, "--node-a", urlA, "--node-b", urlB, "--poll-ms", "100"] }

        /// Free balances of the swapped assets: alice's and bob's BTC on A and ETH on B.
        func balances() async throws -> [String] {
            let apiA = try BazaarAPIClient(baseURL: urlA)
            let apiB = try BazaarAPIClient(baseURL: urlB)
            let keys = BazaarHome(url: home).keystore
            var result: [String] = []
            for name in ["alice", "bob"] {
                let address = try keys.entry(name: name).address
                let onA = try await apiA.account(address: address)
                let onB = try await apiB.account(address: address)
                result.append(onA.balances.first { $0.asset == "BTC" }?.amount ?? "0")
                result.append(onB.balances.first { $0.asset == "ETH" }?.amount ?? "0")
            }
            return result
        }

        deinit {
            for devnet in [a, b] where devnet.process.isRunning { kill(devnet.process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: home)
        }

        func stop() async throws {
            _ = try? await a.stop(signal: SIGINT)
            _ = try? await b.stop(signal: SIGINT)
            try? FileManager.default.removeItem(at: home)
        }
    }

    /// Alice BTC on A, alice ETH on B, bob BTC on A, bob ETH on B.
    static let start = ["100", "1000", "100", "1000"]
    static let swapped = ["99", "1010", "101", "990"]

    static func maker(_ networks: Networks, pollMilliseconds: Int = 100) throws -> ServerProcess {
        try ServerProcess(
            [
                "swap", "offer", "--from", "alice", "--give-asset", "BTC", "--give-amount", "1", "--want-asset",
                "ETH", "--want-amount", "10", "--lock", lock, "--expires", "5m",
            ] + networks.flags.dropLast(2) + ["--poll-ms", String(pollMilliseconds)], outputIn: networks.home)
    }

    static func taker(_ networks: Networks, offer: String, pollMilliseconds: Int = 100) throws -> ServerProcess {
        try ServerProcess(
            ["swap", "take", "--from", "bob", "--offer", offer] + networks.flags.dropLast(2)
                + ["--poll-ms", String(pollMilliseconds)], outputIn: networks.home)
    }

    static func resume(_ networks: Networks, id: String) throws -> ServerProcess {
        try ServerProcess(
            ["swap", "resume", id, "--home", networks.home.path, "--poll-ms", "100"], outputIn: networks.home)
    }

    /// The offer id from the maker's `waiting_for_taker` line.
    static func offerID(of maker: ServerProcess) async throws -> String {
        let line = try await maker.waitForLine { $0.hasPrefix("step waiting_for_taker") }
        let words = line.split(separator: " ")
        return String(words[words.firstIndex(of: "offer")! + 1])
    }

    static func swapID(of process: ServerProcess) async throws -> String {
        String(try await process.waitForLine { $0.hasPrefix("swap ") }.split(separator: " ")[1])
    }

    /// The word after `done ` once the coordinator exits.
    static func outcome(of process: ServerProcess) async throws -> String {
        let line = try await process.waitForLine(timeout: .seconds(150)) { $0.hasPrefix("done ") }
        _ = try await process.waitForExit()
        return String(line.dropFirst("done ".count))
    }

    @Test func aSwapCompletesAcrossTwoDevnets() async throws {
        let networks = try await Networks()
        #expect(try await networks.balances() == Self.start)
        let maker = try Self.maker(networks)
        let offer = try await Self.offerID(of: maker)
        // The offer is discovered on network A.
        let listed = try await BazaarAPIClient(baseURL: networks.urlA).swapOffers().offers
        #expect(listed.map(\.id).contains(offer))
        #expect(listed.first { $0.id == offer }?.wantChainId == "swap-test-b")
        let taker = try Self.taker(networks, offer: offer)
        #expect(try await Self.outcome(of: taker) == "completed")
        #expect(try await Self.outcome(of: maker) == "completed")
        #expect(try await networks.balances() == Self.swapped)
        // The secret went public through the maker's claim on B; one line per step was printed.
        let takerSteps = taker.standardOutput.split(separator: "\n").filter { $0.hasPrefix("step ") }.map {
            $0.split(separator: ":")[0]
        }
        #expect(
            takerSteps == [
                "step taker_locking", "step waiting_for_maker_claim", "step taker_claiming", "step completed",
            ])
        try await networks.stop()
    }

    @Test func whenTheTakerNeverLocksTheMakerRefundsItself() async throws {
        let networks = try await Networks()
        let maker = try Self.maker(networks)
        let offer = try await Self.offerID(of: maker)
        // A slow-polling taker, killed as soon as its take is in: it never locks.
        let taker = try Self.taker(networks, offer: offer, pollMilliseconds: 10_000)
        _ = try await taker.waitForLine { $0.hasPrefix("step taker_locking") }
        try await taker.stop(signal: SIGKILL)
        #expect(try await Self.outcome(of: maker) == "refunded")
        #expect(try await networks.balances() == Self.start)
        try await networks.stop()
    }

    @Test func whenTheMakerNeverClaimsBothRefund() async throws {
        let networks = try await Networks()
        // A slow-polling maker, killed once taken, before it could see the taker's lock.
        let maker = try Self.maker(networks, pollMilliseconds: 10_000)
        let makerID = try await Self.swapID(of: maker)
        let offer = try await Self.offerID(of: maker)
        let taker = try Self.taker(networks, offer: offer)
        _ = try await maker.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("step waiting_for_taker_lock") }
        try await maker.stop(signal: SIGKILL)
        #expect(try await Self.outcome(of: taker) == "refunded")
        // The maker comes back after the taker took its side back: it must not claim, and refunds its own.
        let resumed = try Self.resume(networks, id: makerID)
        #expect(try await Self.outcome(of: resumed) == "refunded")
        #expect(try await networks.balances() == Self.start)
        try await networks.stop()
    }

    /// Each coordinator step after which a process is SIGKILLed and resumed.
    static let killPoints: [(role: String, step: String)] = [
        ("maker", "waiting_for_taker"), ("maker", "waiting_for_taker_lock"), ("maker", "maker_claiming"),
        ("maker", "waiting_for_taker_claim"), ("taker", "taker_locking"), ("taker", "waiting_for_maker_claim"),
        ("taker", "taker_claiming"),
    ]

    @Test func aCoordinatorKilledAfterAnyStepResumesAndNobodyLoses() async throws {
        let networks = try await Networks()
        var expected = Self.start
        for (role, step) in Self.killPoints {
            var maker = try Self.maker(networks)
            let makerID = try await Self.swapID(of: maker)
            let offer = try await Self.offerID(of: maker)
            if role == "maker", step == "waiting_for_taker" {
                try await maker.stop(signal: SIGKILL)
                maker = try Self.resume(networks, id: makerID)
            }
            var taker = try Self.taker(networks, offer: offer)
            let takerID = try await Self.swapID(of: taker)
            if step != "waiting_for_taker" {
                let victim = role == "maker" ? maker : taker
                _ = try await victim.waitForLine { $0.hasPrefix("step \(step)") }
                try await victim.stop(signal: SIGKILL)
                if role == "maker" {
                    maker = try Self.resume(networks, id: makerID)
                } else {
                    taker = try Self.resume(networks, id: takerID)
                }
            }
            let outcomes = [try await Self.outcome(of: maker), try await Self.outcome(of: taker)]
            let balances = try await networks.balances()
            // Either both sides moved or neither did.
            if outcomes == ["completed", "completed"] {
                expected = Self.moved(expected)
            } else {
                Issue.record("killed \(role) after \(step): the swap ended \(outcomes) instead of completing")
            }
            #expect(balances == expected, "killed \(role) after \(step): \(outcomes)")
            expected = balances
        }
        try await networks.stop()
    }

    /// Balances after one more swap of 1 BTC for 10 ETH.
    static func moved(_ balances: [String]) -> [String] {
        let deltas: [Decimal] = [-1, 10, 1, -10]
        return zip(balances, deltas).map { "\((Decimal(string: $0) ?? 0) + $1)" }
    }
}
