import BazaarAPI
import Foundation
import Testing

/// The README's options steps with the built `bazaar` against `bazaar devnet`: list the series, see
/// the chain once the market maker quotes it, buy a call, see the position and the Greeks, ask for
/// a settlement price.
@Suite(.serialized) struct OptionCLIEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    /// What `bazaar option positions --json` prints.
    struct Positions: Decodable {
        var address: String
        var optionPositions: [OptionPositionJSON]
        var greeks: [AccountGreeksJSON]?
    }

    @Test func aNewUserListsSeesTheChainBuysACallAndSeesPositionsAndGreeks() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home, extraArguments: ["--report-ms", "200"], quotesOptions: true)
        try await devnet.start()
        defer { kill(devnet.process.processIdentifier, SIGKILL) }
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }

        let list = try Self.json(
            OptionsResponse.self, try await run(["option", "list", "--underlying", "BTC", "--json"]).output)
        #expect(list.options.count == 30)
        #expect(list.options.allSatisfy { $0.status == "trading" && $0.underlying == "BTC" })
        let table = try await run(["option", "list"])
        #expect(table.status == 0 && table.output.contains("BTC-") && table.output.contains("-65000-C"))

        // The market maker quotes once the surface is fresh: wait for the nearest chain's quotes.
        var chain: OptionChainResponse?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let output = try await run(["option", "chain", "BTC", "--json"])
            if output.status == 0, let answer = try? Self.json(OptionChainResponse.self, output.output),
                answer.rows.allSatisfy({ $0.call?.ask != nil && $0.put?.ask != nil && $0.call?.bid != nil })
            {
                chain = answer
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        let nearest = try #require(chain, "the devnet's option chain was not quoted within 120 s")
        #expect(nearest.rows.count == 5 && nearest.expiries.count == 3 && !nearest.stale)

        // The table: calls left, strike in the middle, puts right.
        let week = nearest.expiries[1]
        let date = Date(timeIntervalSince1970: TimeInterval(week / 1000)).formatted(.iso8601.year().month().day())
        let text = try await run(["option", "chain", "BTC", "--expiry", date])
        #expect(text.status == 0)
        let header = try #require(text.output.split(separator: "\n").dropFirst().first.map(String.init))
        let (callColumn, strikeColumn, putColumn) = (
            try #require(header.range(of: "C DELTA")), try #require(header.range(of: "STRIKE")),
            try #require(header.range(of: "P DELTA"))
        )
        #expect(callColumn.lowerBound < strikeColumn.lowerBound && strikeColumn.lowerBound < putColumn.lowerBound)
        #expect(text.output.contains("65000") && text.output.contains("%"))

        // Buy 0.1 BTC of the week's at-the-money call at its ask, margin first.
        let weekChain = try Self.json(
            OptionChainResponse.self, try await run(["option", "chain", "BTC", "--expiry", "\(week)", "--json"]).output)
        let call = try #require(weekChain.rows.first { $0.strike == "65000" }?.call)
        #expect(
            try await run(["margin", "deposit", "--from", "alice", "--asset", "USD", "--amount", "20000"]).status == 0)
        // Above the ask, so that a re-quote in between still fills.
        let price = String(try #require(Int(call.ask ?? "")) + 100)
        let order = try await run([
            "option", "order", "alice", "--series", call.market, "--side", "buy", "--price", price, "--size", "0.1",
            "--json",
        ])
        #expect(order.status == 0, "\(order.output)")
        #expect(order.output.contains("\"filled\"") && order.output.contains("\"\(call.market)\""))

        let positions = try Self.json(Positions.self, try await run(["option", "positions", "alice", "--json"]).output)
        let position = try #require(positions.optionPositions.first)
        #expect(position.market == call.market && position.size == "0.1")
        let greeks = try #require(positions.greeks?.first)
        let delta = try #require(Double(greeks.delta))
        #expect(greeks.underlying == "BTC" && delta > 0.02 && delta < 0.08, "delta \(delta)")
        #expect(Double(greeks.vega) ?? 0 > 0)
        #expect(Double(greeks.theta) ?? 0 < 0)
        let positionsText = try await run(["option", "positions", "alice"])
        #expect(positionsText.output.contains(call.market) && positionsText.output.contains("VEGA"))
        let marginText = try await run(["margin", "show", "alice"])
        #expect(marginText.output.contains(call.market) && marginText.output.contains("THETA"))

        let settle = try await run(["option", "settle-price", call.market])
        #expect(settle.status == 0 && settle.output.contains("not settled yet"))
        let unknown = try await run(["option", "settle-price", "BTC-20000101-1-C"])
        #expect(unknown.status != 0)
    }
}
