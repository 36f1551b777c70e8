import BazaarAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BazaarCore
@testable import BazaarNode

/// `GET /v1/options` through the real router, and the rendering of a real series and option position.
@Suite struct OptionAPITests {
    @Test func theOptionsRouteAnswersWithTheSeriesList() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        try await app.test(.router) { client in
            let list = try await MarketAPITests.get(OptionsResponse.self, client, "/v1/options")
            #expect(list.options.isEmpty)
        }
    }

    /// A 60,000 BTC call expiring 2027-01-01, 0.1 BTC written by `other` to `trader` at 2,000
    /// USD per BTC, BTC at 62,000 (USD with 2 decimals, BTC with 8).
    @Test func aSeriesAndAnOptionPositionRenderInWholeUnits() throws {
        var fixture = try MarginAPIFixture(chainID: "option-api")
        let (issuer, trader, other) = (fixture.issuer, fixture.trader, fixture.other)
        fixture.run(
            issuer,
            .listOption(
                MarginAction.ListOption(
                    underlying: "BTC", quote: "USD", expiryMilliseconds: 1_798_761_600_000,
                    strike: Amount(baseUnits: 6_000_000), strikeStep: Amount(baseUnits: 100_000), kind: .call,
                    contractSize: Amount(baseUnits: 100_000_000), lotSize: Amount(baseUnits: 1_000_000),
                    tickSize: Amount(baseUnits: 1), minimumSize: Amount(baseUnits: 1_000_000),
                    maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, impactLots: 2)))
        fixture.run(trader, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        fixture.run(other, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        let market = fixture.state.markets[0].market
        fixture.state.settlePerpetualFill(
            market: market, priceTicks: 2_000, lots: 10, buyer: trader, buyerFeeBasisPoints: 0, seller: other,
            sellerFeeBasisPoints: 0)
        fixture.state.setOraclePrice(OraclePrice(quotePerUnit: 6_200_000, height: 0), of: "BTC")
        let context = RenderingContext(assets: fixture.state.assets.values, markets: fixture.state.marketList)
        let series = try #require(fixture.state.derivatives.margin.optionSeries[market.id])
        let json = Rendering.option(series, mark: fixture.state.optionMark(of: series), now: 1_000, context: context)
        #expect(json.market == "BTC-20270101-60000-C" && json.kind == "call" && json.status == "trading")
        #expect(json.strike == "60000" && json.strikeStep == "1000" && json.contractSize == "1")
        #expect(json.markPrice == "2000" && json.openInterest == "0.1" && json.settlementPrice == nil)
        #expect(json.expiry.hasPrefix("2027-01-01T00:00:00"))
        let long = Rendering.margin(try fixture.state.marginReport(of: trader), address: trader, context: context)
        let position = try #require(long.optionPositions.first)
        #expect(position.market == "BTC-20270101-60000-C" && position.size == "0.1")
        // Paid 200 USD for 0.1 BTC of calls now 2,000 in the money: worth 200, no PnL.
        #expect(position.averageEntryPremium == "2000" && position.markPrice == "2000")
        // Without a surface values are intrinsic: at −15% the call is worthless, a 200 USD loss.
        #expect(position.unrealizedPnl == "0" && position.initialRequirement == "200")
        #expect(long.equity == "1000")
        let short = Rendering.margin(try fixture.state.marginReport(of: other), address: other, context: context)
        // Portfolio margin on intrinsic values: at +15% (71,300) the short loses 0.1 × 9,300 = 930
        // (the +45% tail too: 0.1 × 27,900 / 3); plus 1% of 0.1 × 62,000 = 62; maintenance 80%.
        #expect(short.optionPositions.first?.initialRequirement == "992")
        #expect(short.optionPositions.first?.maintenanceRequirement == "793.6")
        #expect(short.initialRequirement == "992")
    }
}
