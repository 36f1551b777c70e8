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

        // A key that is not a reporter is refused with its code.
        let refused = try await run(["oracle", "report", "--from", "carol", "--asset", "BTC", "--price", "1"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("not_reporter") || refused.output.contains("registered reporter"))

        try await devnet.stop(signal: SIGINT)
    }
}
