import BazaarAPI
import BazaarCore
import BazaarHistory
import BazaarIndexer
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

/// The indexer's read routes against the node's, over real HTTP on loopback: for the same chain
/// and heights, every route answers the same bytes, page after page along the cursors, and every
/// bad input gets the same status and error body.
@Suite(.enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.disabledReason), .timeLimit(.minutes(10)))
struct IndexerReadRoutesTests {
    static let logger = PostgresTestDatabase.logger

    /// A GET on both servers: the node's and the indexer's status and body.
    struct Pair {
        let node: any TestClientProtocol
        let indexer: any TestClientProtocol
        var requests = 0

        /// Expects the same status and bytes from both; returns the body's `next` cursor.
        @discardableResult
        mutating func same(
            _ uri: String, status: HTTPResponse.Status = .ok, sourceLocation: SourceLocation = #_sourceLocation
        )
            async throws -> String?
        {
            requests += 1
            let fromNode = try await node.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            let fromIndexer = try await indexer.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            let nodeBody = String(buffer: fromNode.body)
            let indexerBody = String(buffer: fromIndexer.body)
            #expect(fromNode.status == status, "node \(uri): \(nodeBody)", sourceLocation: sourceLocation)
            #expect(fromIndexer.status == fromNode.status, "\(uri): \(indexerBody)", sourceLocation: sourceLocation)
            #expect(indexerBody == nodeBody, "\(uri)", sourceLocation: sourceLocation)
            let object = try JSONSerialization.jsonObject(with: Data(nodeBody.utf8)) as? [String: Any]
            return object?["next"] as? String
        }

        /// Follows `uri`'s cursors to the last page, comparing every page; returns the page count.
        mutating func pages(_ uri: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
            var count = 1
            var next = try await same(uri, sourceLocation: sourceLocation)
            while let cursor = next {
                count += 1
                next = try await same(uri + "&before=\(cursor)", sourceLocation: sourceLocation)
                if count > 200 { throw EndToEndError("\(uri) pages without end") }
            }
            return count
        }
    }

    @Test func everyReadRouteAnswersTheNodesBytes() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let batches = try PostgresHistoryWriterTests.feedBatches(chain)
        let accounts = Set(batches.flatMap(\.rows.accounts)).map(\.address).sorted()
        let alice = chain.alice.publicKey.accountID.address
        let bob = chain.bob.publicKey.accountID.address
        try await PostgresHistoryWriterTests.withWriter(chain) { writer, url in
            for batch in batches { try await writer.write(batch) }
            try await Self.withServers(node: chain.node, database: url) { pair in
                var both = pair
                try await Self.compareRows(&both, accounts: accounts, alice: alice, bob: bob)
                try await Self.compareRefusals(&both, alice: alice, bob: bob)
            }
        }
    }

    /// A market created after the indexer cached the node's markets: naming it makes the indexer
    /// fetch them again, and it answers as the node does (the directory here refetches at once;
    /// `bazaar indexer`'s waits a second between fetches).
    @Test func aMarketCreatedAfterTheMarketsWereCachedIsFoundByRefetching() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let ready = chain
        try await PostgresHistoryWriterTests.withWriter(chain) { writer, url in
            for batch in try PostgresHistoryWriterTests.feedBatches(ready) { try await writer.write(batch) }
            try await Self.withServers(node: ready.node, database: url, refreshInterval: .zero) { pair in
                var both = pair
                try await both.same("/v1/markets/ALC-USD/trades", status: .notFound)
                var chain = ready
                let symbol = try #require(AssetSymbol(validating: "ALC"))
                try await chain.send(
                    [
                        .createAsset(
                            Action.CreateAsset(symbol: symbol, name: "Alice coin", decimals: 2, maxSupply: nil)),
                        .createMarket(
                            Action.CreateMarket(
                                base: symbol, quote: try #require(AssetSymbol(validating: "USD")),
                                lotSize: Amount(baseUnits: 1), tickSize: Amount(baseUnits: 1),
                                minimumSize: Amount(baseUnits: 1), maximumPriceTicks: 1_000_000,
                                makerFeeBasisPoints: 0, takerFeeBasisPoints: 10, mode: .continuous)),
                    ], from: chain.alice)
                try await chain.block(at: 62_000)
                let page = try chain.node.store.historyFeed(after: 5, limit: 1, chainID: chain.node.chainID)
                for batch in page.batches { try await writer.write(batch) }
                try await both.same("/v1/markets/ALC-USD/trades")
                try await both.same("/v1/markets/alc-usd/candles?resolution=1m")
                try await both.same("/v1/accounts/\(chain.alice.publicKey.accountID.address)/ledger?asset=ALC")
            }
        }
    }

    /// `node`'s API and the indexer's routes over the database at `url`, both live on loopback,
    /// the indexer learning markets from the node.
    static func withServers(
        node: Node, database url: PostgresURL, refreshInterval: Duration = .seconds(1),
        _ body: @escaping @Sendable (Pair) async throws -> Void
    ) async throws {
        let nodeApp = APIServer.makeApplication(
            node: node, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await nodeApp.test(.live) { nodeClient in
            let nodeURL = "http://127.0.0.1:\(try #require(nodeClient.port))"
            let pool = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await pool.run() }
                defer { group.cancelAll() }
                let reads = PostgresHistorySource(
                    client: pool, directory: NodeDirectory(node: nodeURL, refreshInterval: refreshInterval),
                    logger: logger)
                let indexerApp = Application(
                    router: IndexerServer.makeRouter(progress: { IndexerService.Progress() }, reads: reads),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)))
                try await indexerApp.test(.live) { indexerClient in
                    try await body(Pair(node: nodeClient, indexer: indexerClient))
                }
            }
        }
    }

    /// Every route, one row per page and the default page, markets by name, id and letter case.
    static func compareRows(_ both: inout Pair, accounts: [String], alice: String, bob: String) async throws {
        var multiPage = 0
        for market in ["BTC-USD", "eth-usd", "1", "2"] {
            if try await both.pages("/v1/markets/\(market)/trades?limit=1") > 1 { multiPage += 1 }
            try await both.same("/v1/markets/\(market)/trades")
            for resolution in CandleResolution.allCases {
                let candles = "/v1/markets/\(market)/candles?resolution=\(resolution.rawValue)"
                _ = try await both.pages(candles + "&limit=1")
                try await both.same(candles)
                _ = try await both.pages(candles + "&from=0&to=60000&limit=1")
            }
        }
        #expect(multiPage >= 2, "BTC-USD's prints span pages, by name and by id")
        for account in accounts {
            for route in ["fills", "orders/history", "funding", "ledger"] {
                let path = "/v1/accounts/\(account)/\(route)"
                _ = try await both.pages(path + "?limit=1")
                _ = try await both.pages(path + "?limit=2")
                try await both.same(path)
            }
            for market in ["BTC-USD", "2"] {
                _ = try await both.pages("/v1/accounts/\(account)/fills?market=\(market)&limit=1")
                _ = try await both.pages("/v1/accounts/\(account)/orders/history?market=\(market)&limit=1")
                _ = try await both.pages("/v1/accounts/\(account)/funding?market=\(market)&limit=1")
            }
            _ = try await both.pages("/v1/accounts/\(account)/ledger?asset=usd&limit=1")
        }
        #expect(try await both.pages("/v1/accounts/\(bob)/fills?limit=1") > 2)
        #expect(try await both.pages("/v1/accounts/\(alice)/orders/history?limit=1") > 2)
        #expect(try await both.pages("/v1/accounts/\(alice)/ledger?limit=1") > 2)
        #expect(both.requests > 300)
    }

    /// Bad input: the same 400 or 404 with the same code and message from both.
    static func compareRefusals(_ both: inout Pair, alice: String, bob: String) async throws {
        let candles = "/v1/markets/BTC-USD/candles"
        try await both.same(candles, status: .badRequest)
        try await both.same(candles + "?resolution=2m", status: .badRequest)
        try await both.same(candles + "?resolution=1m&from=5&to=4", status: .badRequest)
        try await both.same(candles + "?resolution=1m&from=-1", status: .badRequest)
        try await both.same(candles + "?resolution=1m&limit=1501", status: .badRequest)
        try await both.same("/v1/markets/NOPE-USD/candles?resolution=1m", status: .notFound)
        try await both.same("/v1/markets/99/trades", status: .notFound)
        try await both.same("/v1/markets/BTC-USD/trades?limit=0", status: .badRequest)
        try await both.same("/v1/markets/BTC-USD/trades?limit=1001", status: .badRequest)
        try await both.same("/v1/markets/BTC-USD/trades?limit=ten", status: .badRequest)
        try await both.same("/v1/markets/BTC-USD/trades?before=AAAA", status: .badRequest)
        let fills = "/v1/accounts/\(alice)/fills"
        let cursor = try #require(try await both.same(fills + "?limit=1"))
        // Another query's cursor: bob's fills, alice's fills in one market, alice's ledger, trades.
        try await both.same("/v1/accounts/\(bob)/fills?before=\(cursor)", status: .badRequest)
        try await both.same(fills + "?market=BTC-USD&before=\(cursor)", status: .badRequest)
        try await both.same("/v1/accounts/\(alice)/ledger?before=\(cursor)", status: .badRequest)
        try await both.same("/v1/markets/BTC-USD/trades?before=\(cursor)", status: .badRequest)
        // Altered: one character of the key changed.
        var altered = Array(cursor)
        altered[4] = altered[4] == "A" ? "B" : "A"
        try await both.same(fills + "?before=\(String(altered))", status: .badRequest)
        try await both.same(fills + "?limit=1001", status: .badRequest)
        try await both.same(fills + "?market=NOPE-USD", status: .notFound)
        try await both.same("/v1/accounts/bz1nope/fills", status: .badRequest)
        let stranger = PrivateKey().publicKey.accountID.address
        for route in ["fills", "orders/history", "funding", "ledger"] {
            try await both.same("/v1/accounts/\(stranger)/\(route)", status: .notFound)
        }
        try await both.same("/v1/accounts/\(alice)/ledger?asset=NOPE", status: .notFound)
        try await both.same("/v1/accounts/\(alice)/ledger?asset=%21", status: .notFound)
    }
}
