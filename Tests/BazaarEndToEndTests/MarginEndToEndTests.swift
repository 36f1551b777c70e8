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

        // Reduce-only: alice's sell of 0.8 at market is cut to her 0.5 long and closes it against
        // bob's bid, which keeps the rest; she cannot then buy "reduce-only", and a resting
        // reduce-only order is refused before anything is signed.
        let bid = try await run([
            "perp", "order", "--from", "bob", "--market", "BTC-PERP", "--side", "buy", "--price", price,
            "--size", "0.6", "--json",
        ])
        #expect(bid.status == 0, "\(bid.output)")
        let worst = String(Int(index.rounded()) / 2)
        let close = try await run([
            "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "sell", "--type", "market",
            "--price", worst, "--size", "0.8", "--reduce-only", "--json",
        ])
        #expect(close.status == 0, "\(close.output)")
        let closed = try Self.json([PositionJSON].self, try await run(["perp", "positions", "alice", "--json"]).output)
        #expect(closed.isEmpty, "alice still holds \(closed)")
        let bobAfter = try Self.json(
            MarginAccountResponse.self, try await run(["margin", "show", "bob", "--json"]).output)
        #expect(bobAfter.positions.isEmpty, "bob's short should be closed: \(bobAfter.positions)")
        let grow = try await run([
            "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "buy", "--type", "market",
            "--price", String(Int(index.rounded()) * 2), "--size", "0.1", "--reduce-only", "--json",
        ])
        #expect(grow.status != 0)
        #expect(try Self.json(TransactionResponse.self, grow.output).code == "reduce_only_would_increase")
        let resting = try await BazaarBinary.run(
            [
                "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "sell", "--price", price,
                "--size", "0.1", "--reduce-only",
            ] + global, withErrors: true)
        #expect(resting.status != 0 && resting.output.contains("reduce_only_unsupported"), "\(resting.output)")
        try await devnet.stop(signal: SIGINT)
    }

    /// A crash along a price file: BTC holds at 65,000, then falls 3% a step to about 41,000.
    /// Alice's 10× long is liquidated in the block that takes the price under her maintenance
    /// requirement: the empty book cannot absorb it, so the insurance fund takes it over.
    @Test func aCrashLiquidatesALeveragedLongIntoTheInsuranceFund() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        var lines = Array(repeating: "BTC=65000 ETH=3000", count: 150)
        var price = 65_000.0
        for _ in 0..<15 {
            price *= 0.97
            lines.append("BTC=\(Int(price)) ETH=3000")
        }
        lines += Array(repeating: "BTC=\(Int(price)) ETH=3000", count: 600)
        let path = home.appendingPathComponent("crash.txt")
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        let devnet = try DevnetProcess(home: home, extraArguments: ["--price-path", path.path, "--report-ms", "100"])
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }
        func index() async throws -> Double? {
            let shown = try await run(["perp", "funding", "BTC-PERP", "--json"])
            return (try? Self.json(FundingResponse.self, shown.output))?.indexPrice.flatMap(Double.init)
        }
        // The reporters quote around the path (a small seeded spread): wait for the plateau.
        var plateau = false
        for _ in 0..<100 {
            if let price = try await index(), abs(price - 65_000) < 500 {
                plateau = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(plateau)

        for (account, amount) in [("alice", "7000"), ("bob", "20000")] {
            let deposit = try await run(["margin", "deposit", "--from", account, "--asset", "USD", "--amount", amount])
            #expect(deposit.status == 0)
        }
        let sell = try await run([
            "perp", "order", "--from", "bob", "--market", "BTC-PERP", "--side", "sell", "--price", "65000",
            "--size", "1",
        ])
        #expect(sell.status == 0)
        let buy = try await run([
            "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "buy", "--price", "65000",
            "--size", "1",
        ])
        #expect(buy.status == 0)
        let long = try Self.json(
            MarginAccountResponse.self, try await run(["margin", "show", "alice", "--json"]).output)
        #expect(long.positions.first?.size == "1")
        // Equity is 7,000 less the 0.05% taker fee (32.50) plus the mark's move: the account
        // reaches maintenance at P with 6,967.5 + (P − 65,000) = 5% × P at an unchanged mark,
        // about 61,087.
        let mark = try #require(Double(long.positions.first?.markPrice ?? ""))
        #expect(abs(try #require(Double(long.equity)) - (6_967.5 + mark - 65_000)) < 0.01)
        let liquidation = try #require(Double(long.positions.first?.liquidationPrice ?? ""))
        #expect(abs(liquidation - 61_086.84) < 600)

        var after = long
        for _ in 0..<300 where !after.positions.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            after = try Self.json(
                MarginAccountResponse.self, try await run(["margin", "show", "alice", "--json"]).output)
        }
        #expect(after.positions.isEmpty, "alice's long was never liquidated")
        // What is left after the penalty, or nothing when an idle block let the price fall past
        // the bankruptcy price (the fund then covered the deficit): never less than nothing.
        let equity = try #require(Double(after.equity))
        #expect(equity >= 0 && equity < 3_000)
        let fund = try Self.json(
            MarginAccountResponse.self,
            try await run(["margin", "show", "bz1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqw59j8j", "--json"]).output)
        #expect(fund.positions.first?.market == "BTC-PERP" && fund.positions.first?.size == "1")
        let short = try Self.json(
            MarginAccountResponse.self, try await run(["margin", "show", "bob", "--json"]).output)
        #expect(short.positions.first?.size == "-1")
        try await devnet.stop(signal: SIGINT)
    }
}
