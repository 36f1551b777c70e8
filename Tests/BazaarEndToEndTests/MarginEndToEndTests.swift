import BazaarAPI
import BazaarClient
import Foundation
import Testing

/// Margin and BTC-PERP through real `bazaar` processes: the devnet (whose reporters publish BTC
/// prices), and the CLI over HTTP.
@Suite(.serialized) struct MarginEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func marginDepositsPerpetualTradesAndTheWithdrawalRule() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }

        // The reporters' first prices take a few blocks.
        var funding: FundingResponse?
        for _ in 0..<100 {
            let shown = try await run(["perp", "funding", "BTC-PERP", "--json"])
            if shown.status == 0, let parsed = try? Self.json(FundingResponse.self, shown.output),
                parsed.indexPrice != nil
            {
                funding = parsed
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let perpetual = try #require(funding, "BTC-PERP never got an index price")
        #expect(perpetual.maxLeverage == "10" && perpetual.maintenanceMargin == "0.05")
        let index = try #require(Double(perpetual.indexPrice ?? ""))
        let price = String(Int(index.rounded()))

        for account in ["alice", "bob"] {
            let deposit = try await run([
                "margin", "deposit", "--from", account, "--asset", "USD", "--amount", "10000", "--json",
            ])
            #expect(deposit.status == 0)
            #expect(try Self.json(TransactionResponse.self, deposit.output).code == "ok")
        }
        let sell = try await run([
            "perp", "order", "--from", "bob", "--market", "BTC-PERP", "--side", "sell", "--price", price,
            "--size", "0.5", "--json",
        ])
        #expect(sell.status == 0)
        let buy = try await run([
            "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "buy", "--price", price,
            "--size", "0.5", "--json",
        ])
        #expect(buy.status == 0)

        let positions = try Self.json(
            [PositionJSON].self, try await run(["perp", "positions", "alice", "--json"]).output)
        #expect(positions.count == 1)
        #expect(positions.first?.market == "BTC-PERP" && positions.first?.size == "0.5")
        #expect(positions.first?.entryPrice == price)
        #expect(positions.first?.liquidationPrice != nil)
        let short = try Self.json(
            MarginAccountResponse.self, try await run(["margin", "show", "bob", "--json"]).output)
        #expect(short.positions.first?.size == "-0.5")
        #expect(short.healthFactor != nil)

        // 0.5 BTC at ~65,000 needs ~3,250 USD of initial margin: 9,000 of the 10,000 cannot leave.
        let refused = try await run([
            "margin", "withdraw", "--from", "alice", "--asset", "USD", "--amount", "9000", "--json",
        ])
        #expect(refused.status != 0)
        #expect(try Self.json(TransactionResponse.self, refused.output).code == "insufficient_margin")
        let allowed = try await run([
            "margin", "withdraw", "--from", "alice", "--asset", "USD", "--amount", "1000", "--json",
        ])
        #expect(allowed.status == 0)
        let table = try await run(["margin", "show", "alice"])
        #expect(table.status == 0 && table.output.contains("health factor") && table.output.contains("BTC-PERP"))
        try await devnet.stop(signal: SIGINT)
    }
}
