import BazaarAPI
import BazaarClient
import Foundation
import Testing

/// Real `bazaar` processes on loopback: the devnet, and the CLI talking to it over HTTP.
@Suite(.serialized) struct DevnetEndToEndTests {
    static func json<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }

    @Test func aTransferSurvivesSigkillAndRestartWithTheSameHashAndBalances() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]

        let transfer = try await BazaarBinary.run(
            ["transfer", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "25.5", "--json"] + global)
        #expect(transfer.status == 0)
        let committed = try Self.json(TransactionResponse.self, transfer.output)
        #expect(committed.status == .committed)
        #expect(committed.code == "ok")

        let bobBefore = try Self.json(
            AccountResponse.self, try await BazaarBinary.run(["account", "bob", "--json"] + global).output)
        #expect(bobBefore.balances.first { $0.asset == "USD" }?.amount == "1000025.5")
        let statusBefore = try Self.json(
            StatusResponse.self, try await BazaarBinary.run(["status", "--json"] + global).output)

        try await devnet.stop(signal: SIGKILL)

        let restarted = try DevnetProcess(home: home)
        try await restarted.start()
        let restartedGlobal = ["--home", home.path, "--node", restarted.url]
        let statusAfter = try Self.json(
            StatusResponse.self, try await BazaarBinary.run(["status", "--json"] + restartedGlobal).output)
        // The idle producer may have added empty blocks since; the chain up to the old tip must be identical.
        #expect(statusAfter.height >= statusBefore.height)
        let blockAtOldTip = try Self.json(
            BlockResponse.self,
            try await BazaarBinary.run(["block", "\(statusBefore.height)", "--json"] + restartedGlobal).output)
        #expect(blockAtOldTip.appHash == statusBefore.appHash)
        #expect(blockAtOldTip.hash == statusBefore.latestBlockHash)

        let bobAfter = try Self.json(
            AccountResponse.self, try await BazaarBinary.run(["account", "bob", "--json"] + restartedGlobal).output)
        #expect(bobAfter == bobBefore)
        let transaction = try Self.json(
            TransactionResponse.self,
            try await BazaarBinary.run(["tx", committed.id, "--json"] + restartedGlobal).output)
        #expect(transaction.status == .committed)
        #expect(transaction.height == committed.height)

        // Ctrl-C: a clean shutdown that exits 0 after saving a snapshot.
        try await restarted.stop(signal: SIGINT)
        #expect(restarted.process.terminationStatus == 0)
    }

    /// What `bazaar order place --json` prints.
    struct Placement: Decodable {
        var transaction: TransactionResponse
        var order: OrderOutcome
    }

    /// Trading through the CLI against the devnet's demo liquidity: BTC-USD asks 0.01 BTC at
    /// $65,010, $65,020, …; ETH-USD (batch auction) asks 1 ETH at $3,001, ….
    @Test func ordersTradeAgainstTheDemoBooksAndShowInTradesBookAndOrderList() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global)
        }

        let before = try Self.json(BookResponse.self, try await run(["book", "BTC-USD", "--json"]).output)
        #expect(before.asks.first?.price == "65010")

        // A crossing buy of 0.015 BTC up to $65,020 takes 0.01 at 65,010 and 0.005 at 65,020.
        let crossing = try await run([
            "order", "place", "--from", "alice", "--market", "BTC-USD", "--side", "buy", "--price", "65020",
            "--size", "0.015", "--json",
        ])
        #expect(crossing.status == 0)
        let filled = try Self.json(Placement.self, crossing.output)
        #expect(filled.order.status == "filled" && filled.order.filled == "0.015")
        #expect(filled.order.fills.map(\.price) == ["65010", "65020"])

        let trades = try Self.json(TradesResponse.self, try await run(["trades", "BTC-USD", "--json"]).output)
        #expect(trades.trades.map(\.price) == ["65020", "65010"])
        #expect(trades.trades.allSatisfy { $0.takerSide == "buy" && $0.takerOrderId == filled.order.orderId })
        let table = try await run(["trades", "BTC-USD"])
        #expect(table.status == 0 && table.output.contains("65020") && table.output.contains("0.005"))
        let candles = try Self.json(
            CandlesResponse.self, try await run(["candles", "BTC-USD", "--resolution", "1m", "--json"]).output)
        #expect(candles.candles.first?.open == "65010" && candles.candles.first?.close == "65020")
        #expect(candles.candles.first?.baseVolume == "0.015" && candles.candles.first?.trades == 2)
        let candleTable = try await run(["candles", "BTC-USD", "--resolution", "1d"])
        #expect(candleTable.status == 0 && candleTable.output.contains("0.015"))
        let page = try await run(["trades", "BTC-USD", "--limit", "1"])
        let cursor = try #require(page.output.split(separator: "\n").last { $0.hasPrefix("next: ") }?.dropFirst(6))
        let older = try Self.json(
            TradesResponse.self,
            try await run(["trades", "BTC-USD", "--limit", "1", "--before", String(cursor), "--json"]).output)
        #expect(older.trades.map(\.price) == ["65010"])

        let after = try Self.json(BookResponse.self, try await run(["book", "BTC-USD", "--json"]).output)
        #expect(after.asks.first?.price == "65020" && after.asks.first?.size == "0.005")
        let ladder = try await run(["book", "BTC-USD", "--depth", "3"])
        #expect(ladder.status == 0)
        let lines = ladder.output.split(separator: "\n")
        let spread = try #require(lines.firstIndex { $0.contains("spread 30 USD") })
        #expect(lines[spread - 1].contains("65020") && lines[spread + 1].contains("64990"))

        // A resting bid with a client id, listed, then cancelled by it.
        let resting = try await run([
            "order", "place", "--from", "alice", "--market", "BTC-USD", "--side", "buy", "--price", "60000",
            "--size", "0.1", "--client-id", "8", "--json",
        ])
        #expect(try Self.json(Placement.self, resting.output).order.status == "open")
        let listed = try Self.json(OrdersResponse.self, try await run(["order", "list", "alice", "--json"]).output)
        #expect(listed.orders.map(\.clientOrderId) == ["8"])
        #expect(listed.orders.first?.price == "60000" && listed.orders.first?.size == "0.1")
        let cancel = try await run([
            "order", "cancel", "--from", "alice", "--market", "BTC-USD", "--client-id", "8", "--json",
        ])
        #expect(cancel.status == 0)
        #expect(
            try Self.json(TransactionResponse.self, cancel.output).events?.contains { $0.kind == "order_cancelled" }
                == true)
        let emptied = try Self.json(OrdersResponse.self, try await run(["order", "list", "alice", "--json"]).output)
        #expect(emptied.orders.isEmpty)

        // A batch order fills at the end of its block, at the auction's price.
        let batch = try await run([
            "order", "place", "--from", "alice", "--market", "ETH-USD", "--side", "buy", "--price", "3001",
            "--size", "1", "--json",
        ])
        #expect(batch.status == 0)
        let auctioned = try Self.json(Placement.self, batch.output)
        #expect(auctioned.order.status == "filled")
        #expect(auctioned.order.fills.map(\.kind) == ["order_filled"])
        let prints = try Self.json(TradesResponse.self, try await run(["trades", "ETH-USD", "--json"]).output)
        #expect(prints.trades.first?.kind == "auction" && prints.trades.first?.price == "3001")

        // Alice's history: her side of each fill, newest first (the auction, then the two takes).
        let fills = try Self.json(FillsResponse.self, try await run(["fills", "alice", "--json"]).output)
        #expect(fills.fills.map(\.kind) == ["auction", "trade", "trade"])
        #expect(fills.fills.map(\.price) == ["3001", "65020", "65010"])
        #expect(fills.fills.dropFirst().allSatisfy { $0.liquidity == "taker" && $0.side == "buy" })
        let fillTable = try await run(["fills", "alice"])
        #expect(fillTable.status == 0 && fillTable.output.contains("taker") && fillTable.output.contains("auction"))
        let orders = try Self.json(
            OrderHistoryResponse.self, try await run(["orders", "history", "alice", "--json"]).output)
        #expect(orders.orders.map(\.status) == ["filled", "cancelled", "filled"])
        #expect(orders.orders[1].reason == "requested" && orders.orders[1].clientOrderId == "8")
        let ledger = try Self.json(
            LedgerResponse.self, try await run(["ledger", "alice", "--asset", "ETH", "--json"]).output)
        #expect(ledger.entries.first?.cause == "auction" && ledger.entries.first?.delta == "1")
        #expect(ledger.entries.last?.cause == "genesis")
        let ledgerTable = try await run(["ledger", "alice", "--asset", "ETH"])
        #expect(ledgerTable.status == 0 && ledgerTable.output.contains("auction ETH-USD"))
        let funding = try await run(["funding", "alice"])
        #expect(funding.status == 0 && funding.output.contains("no funding payments"))

        // A price off the tick is refused before anything is signed: no fee, no nonce used.
        let nonce = try Self.json(AccountResponse.self, try await run(["account", "alice", "--json"]).output).nonce
        let offTick = try await run([
            "order", "place", "--from", "alice", "--market", "BTC-USD", "--side", "buy", "--price", "65000.5",
            "--size", "0.01",
        ])
        #expect(offTick.status != 0)
        #expect(
            try Self.json(AccountResponse.self, try await run(["account", "alice", "--json"]).output).nonce == nonce)
        #expect(try await run(["book", "NOPE-USD"]).status != 0)

        try await devnet.stop(signal: SIGINT)
    }

    @Test func theMarketAuthorityCreatesAMarketThatTradesAndNobodyElseCan() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        let rules = [
            "--base", "ETH", "--quote", "BTC", "--lot", "0.001", "--tick", "0.00001", "--max-price", "1",
            "--taker-fee-bp", "5", "--mode", "batch",
        ]
        let refused = try await BazaarBinary.run(["market", "create", "--from", "bob"] + rules + global)
        #expect(refused.status != 0 && refused.output.contains("not_market_authority"))
        let created = try await BazaarBinary.run(["market", "create", "--from", "alice"] + rules + global)
        #expect(created.status == 0, "\(created.output)")
        let markets = try Self.json(
            MarketsResponse.self, try await BazaarBinary.run(["markets", "--json"] + global).output)
        let market = try #require(markets.markets.first { $0.name == "ETH-BTC" })
        #expect(market.mode == "batch_auction" && market.lotSize == "0.001" && market.tickSize == "0.00001")
        // Both sides from alice and bob at one price clear in the block's auction.
        for (from, side) in [("alice", "sell"), ("bob", "buy")] {
            let placed = try await BazaarBinary.run(
                [
                    "order", "place", "--from", from, "--market", "ETH-BTC", "--side", side, "--price", "0.05",
                    "--size", "0.5",
                ] + global)
            #expect(placed.status == 0, "\(placed.output)")
        }
        let trades = try Self.json(
            TradesResponse.self, try await BazaarBinary.run(["trades", "ETH-BTC", "--json"] + global).output)
        #expect(trades.trades.first?.price == "0.05" && trades.trades.first?.size == "0.5")
        try await devnet.stop(signal: SIGTERM)
    }

    @Test func aFailedCommandPrintsOneErrorLineAndExitsNonZero() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        // Nothing listens on port 9 of loopback.
        let result = try await BazaarBinary.run(["status", "--home", home.path, "--node", "http://127.0.0.1:9"])
        #expect(result.status != 0)
    }
}
