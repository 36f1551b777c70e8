import BazaarAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `bazaar testnet` as a real process supervising real validator processes on loopback.
@Suite(.serialized) struct TestnetEndToEndTests {
    /// One validator line of the banner: `  node0  API: http://127.0.0.1:P  P2P: 127.0.0.1:Q  pid N`.
    struct Validator {
        var name: String
        var url: String
        var pid: Int32
    }

    static func validators(in output: String) -> [Validator] {
        output.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 7, words[0].hasPrefix("node"), words[1] == "API:", words[5] == "pid",
                let pid = Int32(words[6])
            else { return nil }
            return Validator(name: String(words[0]), url: String(words[2]), pid: pid)
        }
    }

    /// Starts a testnet and waits for its banner.
    static func start(validators: Int, home: URL, basePort: Int) async throws -> (ServerProcess, [Validator]) {
        let testnet = try ServerProcess(
            [
                "testnet", "--validators", "\(validators)", "--home", home.path, "--base-port", "\(basePort)",
                "--block-ms", "50",
            ], outputIn: home)
        _ = try await testnet.waitForLine { $0.hasPrefix("Press Ctrl-C") }
        return (testnet, Self.validators(in: testnet.standardOutput))
    }

    @Test func oneValidatorStartsServesTheDemoAccountsStopsOnCtrlCAndResumes() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let basePort = try LocalSystem.freeBasePort(count: 1)

        let (testnet, validators) = try await Self.start(validators: 1, home: home, basePort: basePort)
        #expect(testnet.standardOutput.contains("Bazaar testnet created (chain bazaar-testnet, 1 validator)"))
        let node = try #require(validators.first)
        #expect(validators.count == 1)
        #expect(node.url == "http://127.0.0.1:\(basePort)")
        #expect(LocalSystem.isAlive(node.pid))
        let global = ["--home", home.path, "--node", node.url]
        let transfer = try await CommandLineRun.run(
            ["transfer", "--from", "alice", "--to", "carol", "--asset", "BTC", "--amount", "0.25", "--json"] + global)
        #expect(transfer.status == 0)
        let before = try DevnetEndToEndTests.json(
            StatusResponse.self, try await CommandLineRun.run(["status", "--json"] + global).output)
        #expect(before.chainId == "bazaar-testnet")
        let log = home.appendingPathComponent("testnet/node0/node.log")
        #expect(try String(contentsOf: log, encoding: .utf8).contains("API:       \(node.url)"))

        // Ctrl-C: the supervisor stops its validator and exits 0, leaving no child behind.
        #expect(try await testnet.stop(signal: SIGINT) == 0)
        #expect(!LocalSystem.isAlive(node.pid))
        #expect(testnet.standardError.contains("testnet stopped"))

        let (resumed, again) = try await Self.start(validators: 1, home: home, basePort: basePort)
        #expect(resumed.standardOutput.contains("Bazaar testnet resumed"))
        let after = try DevnetEndToEndTests.json(
            StatusResponse.self, try await CommandLineRun.run(["status", "--json"] + global).output)
        #expect(after.height >= before.height)
        let block = try DevnetEndToEndTests.json(
            BlockResponse.self, try await CommandLineRun.run(["block", "\(before.height)", "--json"] + global).output)
        #expect(block.appHash == before.appHash)
        #expect(try await resumed.stop(signal: SIGTERM) == 0)
        #expect(try !LocalSystem.isAlive(#require(again.first).pid))
    }

    @Test func aValidatorThatDiesIsReportedAndTheOthersKeepRunning() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let (testnet, validators) = try await Self.start(
            validators: 2, home: home, basePort: try LocalSystem.freeBasePort(count: 2))
        #expect(validators.map(\.name) == ["node0", "node1"])
        let victim = validators[1]
        kill(victim.pid, SIGKILL)
        let report = try await testnet.waitForLine(in: \.standardError) { $0.hasPrefix("node1 (pid") }
        #expect(
            report.contains("node1 (pid \(victim.pid)) stopped: killed by SIGKILL; 1 of 2 validators still running"))
        #expect(report.contains("bazaar node start --home \(home.path)/testnet/node1"))
        let status = try await CommandLineRun.run(["status", "--json", "--node", validators[0].url])
        #expect(status.status == 0)
        #expect(try await testnet.stop(signal: SIGTERM) == 0)
        #expect(!LocalSystem.isAlive(validators[0].pid))
    }

    @Test func validatorsStopByThemselvesWhenTheSupervisorIsKilled() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let (testnet, validators) = try await Self.start(
            validators: 1, home: home, basePort: try LocalSystem.freeBasePort(count: 1))
        let child = try #require(validators.first)
        #expect(LocalSystem.isAlive(child.pid))
        #expect(try await testnet.stop(signal: SIGKILL) != 0)
        #expect(try await LocalSystem.waitUntilGone(child.pid))
    }

    @Test func aPortInUseIsNamedAndNothingStarts() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let basePort = try LocalSystem.freeBasePort(count: 1)
        let holder = try ListeningSocket(port: basePort + 100)
        defer { holder.release() }
        let result = try await CommandLineRun.run([
            "testnet", "--validators", "1", "--home", home.path, "--base-port", "\(basePort)",
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("port \(basePort + 100) (node0's peer-to-peer port) is in use"))
    }

    @Test func resumingWithAnotherValidatorCountAsksForReset() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let basePort = try LocalSystem.freeBasePort(count: 2)
        let (testnet, _) = try await Self.start(validators: 1, home: home, basePort: basePort)
        // While it runs, a second testnet on the same home is refused before it touches anything.
        let clash = try await CommandLineRun.run([
            "testnet", "--validators", "1", "--home", home.path, "--base-port", "\(basePort)", "--reset",
        ])
        #expect(clash.status != 0)
        #expect(clash.error.contains("is running; stop that testnet first"))
        #expect(try await testnet.stop(signal: SIGINT) == 0)
        let other = try await CommandLineRun.run([
            "testnet", "--validators", "2", "--home", home.path, "--base-port", "\(basePort)",
        ])
        #expect(other.status != 0)
        #expect(other.error.contains("has 1 validator; start it with --validators 1, or add --reset"))
    }
}
