import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The oracle and lending routes through the real router over a node with the devnet's genesis:
/// the oracle quoted in USD with three reporters (the validator and `Devnet.reporterKeys`), and a
/// USD pool the market maker supplied with 1,000,000 USD.
@Suite struct OracleAPITests {
    let network: TestNetwork
    let node: Node

    init() throws {
        network = try TestNetwork(markets: true)
        node = try network.makeNode()
    }

    func withAPI(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in try await body(client) }
    }

    static func report(_ dollars: UInt128, of asset: AssetSymbol, at time: UInt64) -> Action {
        .derivatives(
            .oracle(
                .report(
                    OracleAction.Report(
                        asset: asset, quotePerUnit: Amount(baseUnits: dollars * 1_000_000), timeMilliseconds: time))))
    }

    @Test func oracleRoutesShowTheMedianObservationsTwapAndHistory() async throws {
        let reporters = [network.validator] + Devnet.reporterKeys
        for (index, key) in reporters.enumerated() {
            let dollars: UInt128 = [65_000, 65_100, 90_000][index]
            #expect(
                await node.admit(network.signed([Self.report(dollars, of: "BTC", at: 5_000)], from: key, nonce: 0))
                    == .ok)
        }
        try await node.produceBlock(clockMilliseconds: 5_000)
        try await withAPI { client in
            let overview = try await MarketAPITests.get(OracleResponse.self, client, "/v1/oracle")
            #expect(overview.parameters?.quoteAsset == "USD")
            #expect(overview.parameters?.minimumReporters == 2)
            #expect(overview.reporters.count == 3)
            #expect(overview.prices.map(\.asset) == ["BTC"])
            let btc = try await MarketAPITests.get(OraclePriceJSON.self, client, "/v1/oracle/btc?history=5")
            #expect(btc.price == "65100")
            #expect(btc.priceBaseUnits == "65100000000")
            #expect(!btc.stale)
            #expect(btc.twap == "65100")
            #expect(btc.reporterCount == 3)
            #expect(btc.observations.map(\.price).sorted() == ["65000", "65100", "90000"])
            #expect(btc.observations.allSatisfy { $0.fresh })
            #expect(btc.history.map(\.price) == ["65100"])
            try await MarketAPITests.expectError(client, "/v1/oracle/ETH", status: .notFound, code: "stale_price")
            try await MarketAPITests.expectError(client, "/v1/oracle/XYZ", status: .notFound, code: "unknown_asset")
            try await MarketAPITests.expectError(
                client, "/v1/oracle/BTC?history=257", status: .badRequest, code: "bad_request")
        }
    }

    @Test func lendingRoutesShowPoolsAndPositions() async throws {
        let supply = Action.derivatives(.lending(.supply(asset: "USD", amount: Amount(baseUnits: 2_500_000_000))))
        #expect(await node.admit(network.signed([supply], from: network.bob, nonce: 0)) == .ok)
        try await node.produceBlock(clockMilliseconds: 5_000)
        try await withAPI { client in
            let pools = try await MarketAPITests.get(LendingPoolsResponse.self, client, "/v1/lending").pools
            #expect(pools.map(\.asset) == ["USD"])
            let usd = try await MarketAPITests.get(LendingPoolJSON.self, client, "/v1/lending/usd")
            #expect(usd.supplied == "1002500" && usd.cash == "1002500" && usd.borrowed == "0")
            #expect(usd.utilization == "0" && usd.borrowRate == "0" && usd.borrowIndex == "1")
            #expect(usd.kinkUtilizationBasisPoints == 8_000)
            let bob = network.bob.publicKey.accountID.address
            let positions = try await MarketAPITests.get(
                LendingPositionsResponse.self, client, "/v1/accounts/\(bob)/lending")
            #expect(
                positions.positions == [
                    LendingPositionJSON(asset: "USD", supplied: "2500", shares: "2500000000", debt: "0")
                ])
            try await MarketAPITests.expectError(
                client, "/v1/lending/BTC", status: .notFound, code: "unknown_lending_pool")
            try await MarketAPITests.expectError(client, "/v1/lending/XYZ", status: .notFound, code: "unknown_asset")
        }
    }
}
