import BazaarAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Validators reporting to the oracle from a configured source, as real processes: `bazaar testnet
/// --oracle-source file:…` gives every validator the file; the devnet's own reporters post a smile.
@Suite(.serialized) struct OracleSourceEndToEndTests {
    static func feed(price: String, expiry: UInt64) -> String {
        """
        {"prices": {"BTC": "\(price)"},
         "volatilities": {"BTC": [{"expiryMs": \(expiry), "points": {"7000": "0.8", "8000": "0.72", "9000": "0.66",
           "9500": "0.62", "10000": "0.6", "10500": "0.61", "11000": "0.63", "12000": "0.67", "13000": "0.72"}}]}}
        """
    }

    /// Polls `bazaar ARGUMENTS --json` until `accept` takes its output, or 60 s pass.
    static func waitFor<T: Decodable>(
        _ type: T.Type, _ arguments: [String], _ accept: (T) -> Bool
    ) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let run = try await CommandLineRun.run(arguments + ["--json"])
            if run.status == 0, let value = try? JSONDecoder().decode(T.self, from: Data(run.output.utf8)),
                accept(value)
            {
                return value
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    @Test func testnetValidatorsReportTheFilesPricesAndSurfaceAndFollowItsChanges() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let basePort = try LocalSystem.freeBasePort(count: 2)
        let file = home.appendingPathComponent("feed.json")
        let expiry = UInt64(Date().timeIntervalSince1970 * 1000) + 7 * 86_400_000
        try Self.feed(price: "65000.5", expiry: expiry).write(to: file, atomically: true, encoding: .utf8)
        let testnet = try ServerProcess(
            [
                "testnet", "--validators", "2", "--home", home.path, "--base-port", "\(basePort)", "--block-ms", "50",
                "--oracle-source", "file:\(file.path)",
            ], outputIn: home)
        _ = try await testnet.waitForLine { $0.hasPrefix("Press Ctrl-C") }
        let global = ["--home", home.path, "--node", "http://127.0.0.1:\(basePort)"]

        // Two validators, two reporters: the devnet oracle's minimum of two fresh reports is met.
        let price = try await Self.waitFor(OraclePriceJSON.self, ["oracle", "show", "BTC"] + global) {
            $0.price == "65000.5" && !$0.stale
        }
        #expect(price?.observations.count == 2, "no agreed BTC price of 65000.5 within 60 s")
        let surface = try await Self.waitFor(VolatilitySurfaceJSON.self, ["oracle", "vol", "BTC"] + global) {
            $0.expiries.first.map { !$0.stale } ?? false
        }
        let smile = try #require(surface?.expiries.first, "no BTC smile within 60 s")
        #expect(smile.expiryMs == expiry)
        #expect(smile.points.map(\.vol) == ["0.8", "0.72", "0.66", "0.62", "0.6", "0.61", "0.63", "0.67", "0.72"])
        #expect(smile.freshReports == 2)

        // The file is read again every interval.
        try Self.feed(price: "65100", expiry: expiry).write(to: file, atomically: true, encoding: .utf8)
        let moved = try await Self.waitFor(OraclePriceJSON.self, ["oracle", "show", "BTC"] + global) {
            $0.price == "65100"
        }
        #expect(moved != nil, "the price did not follow the file within 60 s")
        let table = try await CommandLineRun.run(["oracle", "vol", "BTC"] + global)
        #expect(table.status == 0 && table.output.contains("60%") && table.output.contains("2 fresh"))
        #expect(try await testnet.stop(signal: SIGINT) == 0)
    }

    @Test func theDevnetsReportersPostABTCSmileAtThreeExpiries() async throws {
        let home = try NodeEndToEndTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        let surface = try await Self.waitFor(VolatilitySurfaceJSON.self, ["oracle", "vol", "BTC"] + global) {
            $0.expiries.count == 3 && $0.expiries.allSatisfy { !$0.stale && $0.points.count == 9 }
        }
        let expiries = try #require(surface?.expiries, "no BTC surface within 60 s")
        for smile in expiries {
            // At the money about 60% (a slow walk), the 70% wing above it.
            let atTheMoney = try #require(smile.points.first { $0.moneynessBasisPoints == 10_000 })
            #expect((400_000...950_000).contains(atTheMoney.volPpm))
            #expect(smile.points[0].volPpm > atTheMoney.volPpm)
        }
        try await devnet.stop(signal: SIGINT)
    }
}
