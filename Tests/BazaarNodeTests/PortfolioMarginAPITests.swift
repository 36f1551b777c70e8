import BazaarAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BazaarCore
@testable import BazaarNode

/// `GET /v1/accounts/{address}/margin/scenarios` and `POST /v1/margin/simulate` through the real
/// router, and their rendering of a real option position.
@Suite struct PortfolioMarginAPITests {
    static func post(_ client: any TestClientProtocol, _ body: String) async throws -> (HTTPResponse.Status, Data) {
        let response = try await client.execute(
            uri: "/v1/margin/simulate", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
        return (response.status, Data(buffer: response.body))
    }

    @Test func theRoutesAnswerAndRefuseBadSimulatorInputWith400() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        try await app.test(.router) { client in
            let bob = network.bob.publicKey.accountID.address
            let matrix = try await MarketAPITests.get(
                MarginScenariosResponse.self, client, "/v1/accounts/\(bob)/margin/scenarios")
            #expect(matrix.address == bob && matrix.underlyings.isEmpty && matrix.initialRequirement == "0")
            try await MarketAPITests.expectError(
                client, "/v1/accounts/bz1nope/margin/scenarios", status: .badRequest, code: "bad_request")
            // Nothing to simulate: nothing required, no account.
            let (status, data) = try await Self.post(client, #"{"positions": []}"#)
            #expect(status == .ok)
            let empty = try JSONDecoder().decode(MarginScenariosResponse.self, from: data)
            #expect(empty.address == nil && empty.initialRequirement == "0" && empty.underlyings.isEmpty)
            let tooMany = (0...LedgerState.simulationPositionsMax).map { _ in #"{"market": "BTC-PERP", "size": "1"}"# }
            for body in [
                "not json", #"{"positions": [{"market": "NOPE", "size": "1"}]}"#,
                #"{"positions": [{"market": "BTC-PERP", "size": "1.2.3"}]}"#,
                #"{"positions": [{"market": "BTC-PERP", "size": "0"}]}"#,
                #"{"positions": [{"market": "BTC-PERP", "size": "0.000000001"}]}"#,
                #"{"positions": [{"market": "BTC-USD", "size": "1"}]}"#,
                #"{"account": "bz1nope", "positions": []}"#,
                #"{"positions": [\#(tooMany.joined(separator: ","))]}"#,
            ] {
                let (status, data) = try await Self.post(client, body)
                #expect(status == .badRequest, "\(body)")
                let error = try JSONDecoder().decode(APIError.self, from: data)
                #expect(error.code == "bad_request" && !error.message.isEmpty, "\(body)")
            }
        }
    }

    /// The 60,000 call of `OptionAPITests`, 0.1 BTC written by `other`, BTC at 62,000, no surface
    /// (values are intrinsic).
    @Test func theScenarioMatrixRendersAndTheSimulatorAgreesWithIt() throws {
        var fixture = try MarginAPIFixture(chainID: "portfolio-api")
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
        let json = Rendering.marginScenarios(
            try fixture.state.marginScenarios(of: other), address: other, quote: "USD", context: context)
        let btc = try #require(json.underlyings.first)
        #expect(json.underlyings.count == 1 && btc.underlying == "BTC" && btc.spot == "62000")
        #expect(btc.scenarios.count == 29)
        // At +15% (71,300) the short loses 0.1 × 9,300 = 930; the +45% tail as much at a third.
        let worst = btc.scenarios[btc.worstScenario]
        #expect(worst.spotShock == "0.15" && worst.volatilityShock == "up" && !worst.tail && worst.pnl == "-930")
        #expect(
            btc.scenarios.last == MarginScenarioJSON(spotShock: "0.45", volatilityShock: "up", tail: true, pnl: "-930"))
        // At −15% the call is worthless: the short keeps its 200.
        #expect(
            btc.scenarios.first
                == MarginScenarioJSON(spotShock: "-0.15", volatilityShock: "up", tail: false, pnl: "200"))
        #expect(btc.worstLoss == "930" && btc.shortOptionAddOn == "62")
        #expect(btc.initialRequirement == "992" && btc.maintenanceRequirement == "793.6")
        #expect(json.initialRequirement == "992" && json.equity == "1000")
        // The simulator, for the same position by the series' name, without the account.
        let size = try #require(MarginSimulationInputError.signedSize("-0.1", decimals: 8))
        #expect(size == -10_000_000)
        let simulated = Rendering.marginScenarios(
            try fixture.state.simulateMargin(positions: [(market.id, size)], adding: nil), address: nil, quote: "USD",
            context: context)
        #expect(simulated.underlyings == json.underlyings)
        #expect(simulated.initialRequirement == json.initialRequirement)
        // Added to the trader's long, the short closes it: nothing to margin.
        let closed = try fixture.state.simulateMargin(positions: [(market.id, size)], adding: trader)
        #expect(closed.underlyings.isEmpty && closed.summary.initialRequirement == 0)
    }

    @Test func simulatorSizesAreParsedStrictly() {
        #expect(MarginSimulationInputError.signedSize("1", decimals: 8) == 100_000_000)
        #expect(MarginSimulationInputError.signedSize("+0.5", decimals: 2) == 50)
        #expect(MarginSimulationInputError.signedSize("-12.34", decimals: 2) == -1_234)
        for bad in [
            "", "-", ".5", "1.", "1.234", "1e3", "0x10", " 1", "1 ", "--1", "١", String(repeating: "9", count: 41),
        ] {
            #expect(MarginSimulationInputError.signedSize(bad, decimals: 2) == nil, "\(bad)")
        }
    }
}
