import BazaarAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BazaarCore
@testable import BazaarNode

/// The margin routes through the real router, and their rendering of a real margin report.
@Suite struct MarginAPITests {
    @Test func marginAndFundingRoutesRefuseBadInputWithACode() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        try await app.test(.router) { client in
            try await MarketAPITests.expectError(
                client, "/v1/accounts/bz1nope/margin", status: .badRequest, code: "bad_request")
            // BTC-USD is a spot market: it has no funding.
            try await MarketAPITests.expectError(
                client, "/v1/markets/1/funding", status: .notFound, code: "unknown_market")
            try await MarketAPITests.expectError(
                client, "/v1/markets/NOPE/funding", status: .notFound, code: "unknown_market")
            let bob = network.bob.publicKey.accountID.address
            let empty = try await MarketAPITests.get(MarginAccountResponse.self, client, "/v1/accounts/\(bob)/margin")
            #expect(empty.address == bob && empty.equity == "0" && empty.positions.isEmpty)
            #expect(empty.healthFactor == nil)
            _ = try await MarketAPITests.get(PerpetualsResponse.self, client, "/v1/perpetuals")
        }
    }

    /// A long of 0.05 BTC bought at 60,000 USD with 1,000 USD of margin, BTC now at 62,000
    /// (USD with 2 decimals, BTC with 8; 10% initial, 5% maintenance).
    @Test func aMarginReportRendersInWholeUnitsWithItsLiquidationPrice() throws {
        var fixture = try MarginAPIFixture(chainID: "margin-api")
        let (issuer, trader, other) = (fixture.issuer, fixture.trader, fixture.other)
        fixture.run(
            issuer,
            .createPerpetual(
                MarginAction.CreatePerpetual(
                    base: "BTC", lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 10),
                    minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 20_000, makerFeeBasisPoints: 0,
                    takerFeeBasisPoints: 0, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
                    fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 1)))
        fixture.run(trader, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        fixture.run(other, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        let market = fixture.state.markets[0].market
        fixture.state.settlePerpetualFill(
            market: market, priceTicks: 6_000, lots: 5, buyer: trader, buyerFeeBasisPoints: 0, seller: other,
            sellerFeeBasisPoints: 0)
        fixture.state.setOraclePrice(OraclePrice(quotePerUnit: 6_200_000, height: 0), of: "BTC")
        let context = RenderingContext(assets: fixture.state.assets.values, markets: fixture.state.marketList)
        let json = Rendering.margin(try fixture.state.marginReport(of: trader), address: trader, context: context)
        #expect(json.quoteAsset == "USD")
        #expect(json.equity == "1100" && json.initialRequirement == "310" && json.maintenanceRequirement == "155")
        // (1,100 + 0) / (155 + 0)
        #expect(json.healthFactor == "7.096774")
        #expect(json.collateral == [MarginCollateralJSON(asset: "USD", amount: "1000", weight: "1", value: "1000")])
        let position = try #require(json.positions.first)
        #expect(position.market == "BTC-PERP" && position.size == "0.05")
        #expect(position.entryPrice == "60000" && position.markPrice == "62000" && position.unrealizedPnl == "100")
        // 1,100 + 0.05 (P − 62,000) = 0.05 × P × 5%  ⇒  P = 42,105.26…
        #expect(position.liquidationPrice == "42105.26")
        let short = Rendering.margin(try fixture.state.marginReport(of: other), address: other, context: context)
        #expect(short.positions.first?.size == "-0.05" && short.positions.first?.unrealizedPnl == "-100")
        let funding = Rendering.funding(try #require(fixture.state.fundingView(of: market.id)), context: context)
        #expect(funding.market == "BTC-PERP" && funding.maxLeverage == "10" && funding.openInterest == "0.05")
        #expect(funding.indexPrice == "62000" && funding.impactBid == nil)
    }
}
