import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A node's reporter reading prices and volatilities from a configured source — a file, a command,
/// or an HTTP feed on loopback — over a node with the devnet's genesis (oracle in USD, two fresh
/// reporters needed: here the validator and `Devnet.reporterKeys[0]`, both reading the source).
@Suite struct OracleSourceReporterTests {
    static let expiry = UInt64(Date().timeIntervalSince1970 * 1000) + 86_400_000
    static let smile: [UInt32] = [800_000, 720_000, 660_000, 620_000, 600_000, 610_000, 630_000, 670_000, 720_000]

    static let feed = """
        {"prices": {"BTC": "65000.5", "XYZ": "1"},
         "volatilities": {"BTC": [{"expiryMs": \(expiry), "points": {"7000": "0.8", "8000": "0.72", "9000": "0.66",
           "9500": "0.62", "10000": "0.6", "10500": "0.61", "11000": "0.63", "12000": "0.67", "13000": "0.72"}}]}}
        """

    /// Runs two reporters on `source` and makes blocks at the wall-clock time until the node agrees on
    /// the feed's BTC price and smile, or 120 s pass (the whole suite runs at once on two cores).
    static func expectReportsArrive(from source: OracleSource, network: TestNetwork, node: Node) async throws {
        let reporters = [network.validator, Devnet.reporterKeys[0]].map { key in
            SourceReporter(
                node: node, key: key, source: source, intervalMilliseconds: 50, logger: Logger(label: "test.oracle"))
        }
        let tasks = reporters.map { reporter in Task { try await reporter.run() } }
        defer { for task in tasks { task.cancel() } }
        let deadline = Date().addingTimeInterval(120)
        var time: UInt64 = 0
        var agreed = false
        while !agreed, Date() < deadline {
            time = max(time + 1, UInt64(Date().timeIntervalSince1970 * 1000))
            try await node.produceBlock(clockMilliseconds: time)
            let oracle = await node.oracleView.oracle
            let smile = oracle.volatilitySmiles[VolatilityKey(asset: "BTC", expiryMilliseconds: expiry)]
            agreed = oracle.prices["BTC"]?.quotePerUnit == 65_000_500_000 && smile?.volatilities == Self.smile
            if !agreed { try await Task.sleep(for: .milliseconds(20)) }
        }
        let oracle = await node.oracleView.oracle
        let height = await node.height
        #expect(
            agreed,
            """
            no agreed BTC price and smile from \(source) within 120 s: height \(height), \
            BTC price \(String(describing: oracle.prices["BTC"])), \(oracle.observations(of: "BTC").count) observations
            """)
        let key = VolatilityKey(asset: "BTC", expiryMilliseconds: expiry)
        #expect(oracle.volatilitySmiles[key]?.reporterCount == 2)
        #expect(oracle.observations(of: "BTC").count == 2)
    }

    /// Each reporter reads the file once and reports; the next block agrees on the feed. Driven
    /// step by step (no reporter task to be scheduled), so a loaded machine cannot starve it.
    @Test func aFileSourceFeedsTheAgreedPriceAndSurface() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let file = network.directory.appendingPathComponent("feed.json")
        try Self.feed.write(to: file, atomically: true, encoding: .utf8)
        let source = try OracleSource(parsing: "file:\(file.path)")
        let reporters = [network.validator, Devnet.reporterKeys[0]].map { key in
            SourceReporter(
                node: node, key: key, source: source, intervalMilliseconds: 50, logger: Logger(label: "test.oracle"))
        }
        for reporter in reporters {
            let ids = try await reporter.reportOnce()
            // One transaction: the BTC price and smile (XYZ, unknown to the chain, is left out).
            #expect(ids.count == 1)
        }
        _ = try await node.produceBlock(clockMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
        let oracle = await node.oracleView.oracle
        let key = VolatilityKey(asset: "BTC", expiryMilliseconds: Self.expiry)
        #expect(oracle.prices["BTC"]?.quotePerUnit == 65_000_500_000)
        #expect(oracle.volatilitySmiles[key]?.volatilities == Self.smile)
        #expect(oracle.volatilitySmiles[key]?.reporterCount == 2)
        #expect(oracle.observations(of: "BTC").count == 2)
        // The API shows the smile as decimals, with its fresh reports.
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in
            let surface = try await MarketAPITests.get(VolatilitySurfaceJSON.self, client, "/v1/oracle/vol/btc")
            #expect(surface.asset == "BTC")
            #expect(surface.expiries.map(\.expiryMs) == [Self.expiry])
            let smile = try #require(surface.expiries.first)
            #expect(smile.points.map(\.vol) == ["0.8", "0.72", "0.66", "0.62", "0.6", "0.61", "0.63", "0.67", "0.72"])
            #expect(smile.points.map(\.moneyness) == ["0.7", "0.8", "0.9", "0.95", "1", "1.05", "1.1", "1.2", "1.3"])
            #expect(!smile.stale && smile.reporterCount == 2 && smile.freshReports == 2)
            try await MarketAPITests.expectError(client, "/v1/oracle/vol/XYZ", status: .notFound, code: "unknown_asset")
            let eth = try await MarketAPITests.get(VolatilitySurfaceJSON.self, client, "/v1/oracle/vol/ETH")
            #expect(eth.expiries.isEmpty)
        }
    }

    @Test func aLoopbackHTTPSourceFeedsTheAgreedPriceAndSurface() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let router = Router()
        router.get("feed") { _, _ in Self.feed }
        let feedServer = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await feedServer.test(.live) { client in
            let port = try #require(client.port)
            let source = try OracleSource(parsing: "http://127.0.0.1:\(port)/feed")
            try await Self.expectReportsArrive(from: source, network: network, node: node)
        }
    }

    @Test func aCommandSourceIsRunAndItsOutputRead() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let file = network.directory.appendingPathComponent("feed.json")
        try Self.feed.write(to: file, atomically: true, encoding: .utf8)
        let source = try OracleSource(parsing: "command:cat '\(file.path)'")
        let data = try await source.read()
        let feed = try OracleFeed.parse(data, quoteDecimals: 6)
        #expect(feed.prices.map(\.asset) == ["BTC", "XYZ"])
        #expect(feed.prices.map(\.quotePerUnit) == [65_000_500_000, 1_000_000])
        #expect(feed.volatilities.map(\.volatilities) == [Self.smile])
        await #expect(throws: NodeError.self) { try await OracleSource(parsing: "command:exit 3").read() }
    }

    @Test func sourcesAndFeedsAreChecked() throws {
        for bad in ["", "file:", "ftp://127.0.0.1/x", "http://example.com/feed", "http://10.0.0.1:80/x", "BTC"] {
            #expect(throws: NodeError.self) { try OracleSource(parsing: bad) }
        }
        #expect(try OracleSource(parsing: "http://localhost:8000/x") == .http(URL(string: "http://localhost:8000/x")!))
        for bad in [
            "not json", #"{"prices": {"BTC": "-1"}}"#, #"{"prices": {"BTC": "0"}}"#, #"{"prices": {"B": "1"}}"#,
            #"{"volatilities": {"BTC": [{"expiryMs": 5, "points": {"10000": "0.6"}}]}}"#,
            #"{"volatilities": {"BTC": [{"expiryMs": 5, "points": {"7000": "0.8", "8000": "0.72", "9000": "0.66", "9500": "0.62", "10000": "0.6", "10500": "0.61", "11000": "0.63", "12000": "0.67", "13000": "11"}}]}}"#,
        ] {
            #expect(throws: NodeError.self) { try OracleFeed.parse(Data(bad.utf8), quoteDecimals: 6) }
        }
        // Unknown assets, the quote asset and past expiries are left out of the reports.
        let feed = try OracleFeed.parse(Data(Self.feed.utf8), quoteDecimals: 6)
        let now = Self.expiry - 1
        let actions = SourceReporter.actions(feed, known: { $0 == "BTC" }, now: now)
        #expect(actions.count == 2)
        #expect(SourceReporter.actions(feed, known: { $0 == "BTC" }, now: Self.expiry).count == 1)
    }

    @Test func configNamesTheSourceAndItsInterval() throws {
        let text = #"{"version": 1, "oracleSource": "http://127.0.0.1:9000/feed", "oracleReportIntervalMs": 500}"#
        let file = try JSONDecoder().decode(NodeConfigFile.self, from: Data(text.utf8))
        try file.validate()
        #expect(file.oracleSource == "http://127.0.0.1:9000/feed" && file.oracleReportIntervalMs == 500)
        let again = try JSONDecoder().decode(NodeConfigFile.self, from: try JSONEncoder().encode(file))
        #expect(again.oracleSource == file.oracleSource && again.oracleReportIntervalMs == 500)
        // Absent by default, and not written when absent.
        let plain = NodeConfigFile()
        #expect(plain.oracleSource == nil)
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("oracle"))
        var bad = file
        bad.oracleSource = "http://203.0.113.5/feed"
        #expect(throws: NodeError.self) { try bad.validate() }
        bad = file
        bad.oracleReportIntervalMs = 10
        #expect(throws: NodeError.self) { try bad.validate() }
    }

    @Test func theDevnetWalkPostsASmileAroundSixtyPercentAtEachExpiryAhead() {
        var walk = VolatilityWalk(asset: "BTC", expiries: [3_000, 1_000, 2_000], seed: 1)
        var again = VolatilityWalk(asset: "BTC", expiries: [1_000, 2_000, 3_000], seed: 1)
        for step in 0..<200 {
            let smiles = walk.next(now: 1_500)
            #expect(smiles == again.next(now: 1_500), "step \(step)")
            #expect(smiles.map(\.expiryMilliseconds) == [2_000, 3_000])
            for smile in smiles {
                #expect(smile.volatilities.count == VolatilityParameters.pointCount)
                #expect(smile.volatilities.allSatisfy(VolatilityParameters.volatilityRange.contains))
                // The skew: the 70% wing above at the money, at the money the lowest.
                #expect(
                    smile.volatilities[0] > smile.volatilities[4] && smile.volatilities.min() == smile.volatilities[4])
            }
            #expect((400_000...900_000).contains(smiles[0].volatilities[4] - 10_000))
        }
    }
}
