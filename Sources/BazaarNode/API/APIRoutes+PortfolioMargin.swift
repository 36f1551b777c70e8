import BazaarAPI
import BazaarCore
import Foundation
import Hummingbird
import NIOCore

/// Portfolio margin routes (docs/OPTIONS.md, "Portfolio margin"): an account's scenario matrix
/// and the margin simulator.
extension APIRoutes {
    /// The largest simulator body (64 positions fit many times over).
    static let simulationBodyBytesMax = 16 * 1024

    /// `GET /v1/accounts/{address}/margin/scenarios`: 422 `amount_overflow` when the account's
    /// value does not fit in 128 bits.
    static func marginScenarios(_ address: String, node: Node) async throws -> Response {
        let id = try accountID(address)
        let view: (scenarios: MarginScenarios, quote: AssetSymbol?, context: RenderingContext)
        do {
            view = try await node.marginScenariosView(id)
        } catch {
            throw APIFailure(.unprocessableContent, code: error.code.name, message: error.description)
        }
        return try JSONResponse.make(
            Rendering.marginScenarios(view.scenarios, address: id, quote: view.quote, context: view.context))
    }

    /// `POST /v1/margin/simulate`: 400 with a sentence on bad input; nothing is written.
    static func simulateMargin(_ request: Request, node: Node) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: simulationBodyBytesMax)
        } catch is NIOTooManyBytesError {
            throw APIFailure(
                .contentTooLarge, code: "payload_too_large",
                message: "request body exceeds \(simulationBodyBytesMax) bytes")
        }
        let simulation: MarginSimulationRequest
        do {
            simulation = try JSONDecoder().decode(MarginSimulationRequest.self, from: Data(buffer: body))
        } catch {
            throw APIFailure.badRequest(
                "body must be JSON {\"account\": \"bz1…\" (optional), \"positions\": [{\"market\": \"BTC-20270101-60000-C\", \"size\": \"-0.1\"}, …]}"
            )
        }
        guard simulation.positions.count <= LedgerState.simulationPositionsMax else {
            throw APIFailure.badRequest("at most \(LedgerState.simulationPositionsMax) positions")
        }
        let account = try simulation.account.map(accountID)
        let view: (scenarios: MarginScenarios, quote: AssetSymbol?, context: RenderingContext)
        do {
            view = try await node.simulateMarginView(
                simulation.positions.map { ($0.market, $0.size) }, account: account)
        } catch {
            throw APIFailure.badRequest(error.description)
        }
        return try JSONResponse.make(
            Rendering.marginScenarios(view.scenarios, address: account, quote: view.quote, context: view.context))
    }
}

extension Rendering {
    static func marginScenarios(
        _ scenarios: MarginScenarios, address: AccountID?, quote: AssetSymbol?, context: RenderingContext
    ) -> MarginScenariosResponse {
        let decimals = quote.map { context.decimals(of: $0) } ?? 0
        func amount(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: decimals) }
        return MarginScenariosResponse(
            address: address?.address, quoteAsset: quote?.text,
            equity: MarginFormat.signed(scenarios.summary.equity, decimals: decimals),
            initialRequirement: amount(scenarios.summary.initialRequirement),
            maintenanceRequirement: amount(scenarios.summary.maintenanceRequirement),
            dependsOnStalePrice: scenarios.dependsOnStalePrice,
            underlyings: scenarios.underlyings.map { margin in
                PortfolioMarginJSON(
                    underlying: margin.underlying.text, spot: amount(margin.spot),
                    scenarios: zip(PortfolioMargin.scenarios, margin.scenarioPnL).map { scenario, pnl in
                        MarginScenarioJSON(
                            spotShock: MarginFormat.signed(Int128(scenario.spotShockBasisPoints), decimals: 4),
                            volatilityShock: scenario.volatility.rawValue, tail: scenario.isTail,
                            pnl: MarginFormat.signed(pnl, decimals: decimals))
                    },
                    worstScenario: margin.worstScenario, worstLoss: amount(margin.worstLoss),
                    shortOptionAddOn: amount(margin.shortOptionAddOn),
                    initialRequirement: amount(margin.initialRequirement),
                    maintenanceRequirement: amount(margin.maintenanceRequirement))
            })
    }
}
