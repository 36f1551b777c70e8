import BazaarAPI
import BazaarClient
import Foundation
import Testing

/// The devnet's oracle reporters and USD lending pool, through the CLI over HTTP.
@Suite(.serialized) struct OracleLendingEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func devnetReportersMovePricesAndTheUSDPoolTakesSupply() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }

        // The three reporters report about once a second; wait for a few fresh prices.
        var price: OraclePriceJSON?
        for _ in 0..<60 {
            let shown = try await run(["oracle", "show", "BTC", "--history", "50", "--json"])
            if shown.status == 0 {
                let current = try Self.json(OraclePriceJSON.self, shown.output)
                if !current.stale, Set(current.history.map(\.price)).count >= 3 {
                    price = current
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let btc = try #require(price, "no moving BTC price within 30 s")
        #expect(btc.quoteAsset == "USD")
        #expect(btc.observations.count == 3)
        #expect(btc.reporterCount >= 2)
        // A gentle walk from the demo book's $65,000.
        let value = try #require(Double(btc.price ?? ""))
        #expect(value > 50_000 && value < 80_000)
        #expect(btc.twap != nil)
        let overview = try Self.json(OracleResponse.self, try await run(["oracle", "show", "--json"]).output)
        #expect(overview.reporters.count == 3)
        #expect(Set(overview.prices.map(\.asset)) == ["BTC", "ETH"])

        let pools = try Self.json(LendingPoolsResponse.self, try await run(["lend", "pools", "--json"]).output)
        #expect(pools.pools.map(\.asset) == ["USD"])
        #expect(pools.pools.first?.supplied == "1000000")

        let supply = try await run(["lend", "supply", "--from", "bob", "--asset", "USD", "--amount", "2500", "--json"])
        #expect(supply.status == 0)
        #expect(try Self.json(TransactionResponse.self, supply.output).code == "ok")
        var position = try Self.json(
            LendingPositionsResponse.self, try await run(["lend", "position", "bob", "--json"]).output)
        #expect(position.positions.map(\.supplied) == ["2500"])
        let withdraw = try await run(["lend", "withdraw", "--from", "bob", "--asset", "USD", "--json"])
        #expect(withdraw.status == 0)
        position = try Self.json(
            LendingPositionsResponse.self, try await run(["lend", "position", "bob", "--json"]).output)
        #expect(position.positions.isEmpty)

        // Borrowing against margin: 1 BTC of collateral (80% weight, about 52,000 USD) carries a
        // 10,000 USD loan, which lands in carol's margin account and accrues interest.
        #expect(try await run(["margin", "deposit", "--from", "carol", "--asset", "BTC", "--amount", "1"]).status == 0)
        let borrow = try await run([
            "lend", "borrow", "--from", "carol", "--asset", "USD", "--amount", "10000", "--json",
        ])
        #expect(try Self.json(TransactionResponse.self, borrow.output).code == "ok")
        let debt = try Self.json(
            LendingPositionsResponse.self, try await run(["lend", "position", "carol", "--json"]).output)
        let owed = try #require(Double(debt.positions.first?.debt ?? ""))
        #expect(owed >= 10_000 && owed < 10_001)
        let pool = try Self.json(LendingPoolJSON.self, try await run(["lend", "pools", "USD", "--json"]).output)
        #expect((Double(pool.borrowed) ?? 0) >= 10_000)
        #expect((Double(pool.borrowRate) ?? 0) > 0)
        // Too much for the collateral: refused, nothing borrowed.
        let tooMuch = try await run(["lend", "borrow", "--from", "carol", "--asset", "USD", "--amount", "60000"])
        #expect(tooMuch.status != 0 && tooMuch.output.contains("insufficient_margin"))
        // Half from the borrowed funds in margin, the rest (with its interest) from the free balance.
        let fromMargin = try await run(
            ["lend", "repay", "--from", "carol", "--asset", "USD", "--amount", "5000", "--from-margin", "--json"])
        #expect(try Self.json(TransactionResponse.self, fromMargin.output).code == "ok")
        let repay = try await run(["lend", "repay", "--from", "carol", "--asset", "USD", "--json"])
        #expect(try Self.json(TransactionResponse.self, repay.output).code == "ok")
        let repaid = try Self.json(
            LendingPositionsResponse.self, try await run(["lend", "position", "carol", "--json"]).output)
        #expect(repaid.positions.isEmpty)

        // A key that is not a reporter is refused with its code.
        let refused = try await run(["oracle", "report", "--from", "carol", "--asset", "BTC", "--price", "1"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("not_reporter") || refused.output.contains("registered reporter"))

        try await devnet.stop(signal: SIGINT)
    }

    /// With `--price-path FILE`, every reporter reports the file's prices exactly, step after step.
    @Test func aPriceFileDrivesTheOracle() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let prices = home.appendingPathComponent("prices.txt")
        try "# one step\nBTC=64000.5 ETH=2900\n".write(to: prices, atomically: true, encoding: .utf8)
        let devnet = try DevnetProcess(home: home, extraArguments: ["--price-path", prices.path, "--report-ms", "200"])
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        var shown: OraclePriceJSON?
        for _ in 0..<60 {
            let output = try await BazaarBinary.run(["oracle", "show", "ETH", "--json"] + global)
            if output.status == 0, let price = try? Self.json(OraclePriceJSON.self, output.output), !price.stale {
                shown = price
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let eth = try #require(shown, "no ETH price within 30 s")
        #expect(eth.price == "2900")
        #expect(eth.observations.allSatisfy { $0.price == "2900" })
        let btc = try Self.json(
            OraclePriceJSON.self, try await BazaarBinary.run(["oracle", "show", "BTC", "--json"] + global).output)
        #expect(btc.price == "64000.5")
        try await devnet.stop(signal: SIGINT)
    }
}
