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
        let authority = PrivateKey(seed: [UInt8](repeating: 3, count: 32))!
        let trader = PrivateKey(seed: [UInt8](repeating: 4, count: 32))!.publicKey.accountID
        let other = PrivateKey(seed: [UInt8](repeating: 5, count: 32))!.publicKey.accountID
        let issuer = authority.publicKey.accountID
        let genesis = Genesis(
            parameters: ChainParameters(
                chainID: "margin-api", feeAsset: "BZR", minimumFee: Amount(baseUnits: 1), marketAuthority: issuer),
            timeMilliseconds: 1_000,
            assets: [
                Genesis.Asset(symbol: "BZR", name: "Bazaar", decimals: 6, issuer: issuer, maxSupply: nil),
                Genesis.Asset(symbol: "USD", name: "US Dollar", decimals: 2, issuer: issuer, maxSupply: nil),
                Genesis.Asset(symbol: "BTC", name: "Bitcoin", decimals: 8, issuer: issuer, maxSupply: nil),
            ],
            balances: [trader, other].map {
                Genesis.Balance(account: $0, asset: "USD", amount: Amount(baseUnits: 1_000_000))
            },
            validators: [authority.publicKey])
        var state = try BazaarCore.Application(genesis: genesis).state
        state.derivatives.oracle.quoteAsset = "USD"
        state.setOraclePrice(OraclePrice(quotePerUnit: 6_000_000, height: 0), of: "BTC")
        func run(_ sender: AccountID, _ action: MarginAction) throws {
            state.beginTransaction()
            do {
                _ = try state.apply(action, sender: sender)
                state.commitTransaction()
            } catch {
                state.rollBackTransaction()
                Issue.record("\(error.code)")
            }
        }
        try run(issuer, .setCollateralWeight(asset: "USD", weightBasisPoints: 10_000))
        try run(
            issuer,
            .createPerpetual(
                MarginAction.CreatePerpetual(
                    base: "BTC", lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 10),
                    minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 20_000, makerFeeBasisPoints: 0,
                    takerFeeBasisPoints: 0, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
                    fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 1)))
        try run(trader, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        try run(other, .deposit(asset: "USD", amount: Amount(baseUnits: 100_000)))
        let market = state.markets[0].market
        state.settlePerpetualFill(
            market: market, priceTicks: 6_000, lots: 5, buyer: trader, buyerFeeBasisPoints: 0, seller: other,
            sellerFeeBasisPoints: 0)
        state.setOraclePrice(OraclePrice(quotePerUnit: 6_200_000, height: 0), of: "BTC")
        let context = RenderingContext(assets: state.assets.values, markets: state.marketList)
        let json = Rendering.margin(try state.marginReport(of: trader), address: trader, context: context)
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
        let short = Rendering.margin(try state.marginReport(of: other), address: other, context: context)
        #expect(short.positions.first?.size == "-0.05" && short.positions.first?.unrealizedPnl == "-100")
        let funding = Rendering.funding(try #require(state.fundingView(of: market.id)), context: context)
        #expect(funding.market == "BTC-PERP" && funding.maxLeverage == "10" && funding.openInterest == "0.05")
        #expect(funding.indexPrice == "62000" && funding.impactBid == nil)
    }
}
