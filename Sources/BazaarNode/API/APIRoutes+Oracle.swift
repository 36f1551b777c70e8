import BazaarAPI
import BazaarCore
import Hummingbird
import HummingbirdWebSocket

/// The oracle and lending routes.
extension APIRoutes {
    static func registerOracleAndLending(_ v1: RouterGroup<BasicWebSocketRequestContext>, node: Node) {
        v1.get("oracle") { _, _ in try await oracle(node) }
        v1.get("oracle/{asset}") { request, context in
            try await oraclePrice(context.parameters.require("asset"), request, node: node)
        }
        v1.get("oracle/vol/{asset}") { _, context in
            try await volatilitySurface(context.parameters.require("asset"), node: node)
        }
        v1.get("lending") { _, _ in try await lendingPools(node) }
        v1.get("lending/{asset}") { _, context in try await lendingPool(context.parameters.require("asset"), node: node)
        }
        v1.get("accounts/{address}/lending") { _, context in
            try await lendingPositions(context.parameters.require("address"), node: node)
        }
    }

    /// `GET /v1/oracle`: parameters, reporters and every reported asset's price (without history).
    static func oracle(_ node: Node) async throws -> Response {
        let view = await node.oracleView
        return try JSONResponse.make(
            OracleResponse(
                parameters: view.oracle.parameters.map(Rendering.oracleParameters),
                reporters: view.oracle.reporters.sortedKeys.map(\.address),
                prices: view.oracle.feeds.sortedKeys.map { Rendering.oraclePrice($0, view: view, historyCount: 0) }))
    }

    /// `GET /v1/oracle/{asset}?history=N`, N from 0 to `OraclePriceJSON.historyMax`.
    static func oraclePrice(_ text: String, _ request: Request, node: Node) async throws -> Response {
        let count = try integer(
            request, "history", default: OraclePriceJSON.historyDefault, range: 0...OraclePriceJSON.historyMax)
        let view = await node.oracleView
        let asset = try knownAsset(text, context: view.context)
        guard view.oracle.feeds[asset] != nil else {
            throw APIFailure(
                .notFound, code: ResultCode.stalePrice.name, message: "the oracle has no observations of \(asset)")
        }
        return try JSONResponse.make(Rendering.oraclePrice(asset, view: view, historyCount: count))
    }

    /// `GET /v1/oracle/vol/{asset}`: the underlying's smiles by expiry (none yet: an empty list).
    static func volatilitySurface(_ text: String, node: Node) async throws -> Response {
        let view = await node.oracleView
        let asset = try knownAsset(text, context: view.context)
        return try JSONResponse.make(Rendering.volatilitySurface(asset, view: view))
    }

    /// `GET /v1/lending`
    static func lendingPools(_ node: Node) async throws -> Response {
        let (pools, context) = await node.lendingPools
        return try JSONResponse.make(
            LendingPoolsResponse(pools: pools.map { Rendering.lendingPool($0, context: context) }))
    }

    /// `GET /v1/lending/{asset}`
    static func lendingPool(_ text: String, node: Node) async throws -> Response {
        let (pools, context) = await node.lendingPools
        let asset = try knownAsset(text, context: context)
        guard let pool = pools.first(where: { $0.asset == asset }) else {
            throw APIFailure(
                .notFound, code: ResultCode.unknownLendingPool.name,
                message: "no lending pool for \(asset); pools: \(pools.map(\.asset.text).joined(separator: ", "))")
        }
        return try JSONResponse.make(Rendering.lendingPool(pool, context: context))
    }

    /// `GET /v1/accounts/{address}/lending`
    static func lendingPositions(_ address: String, node: Node) async throws -> Response {
        let id = try accountID(address)
        let (positions, context) = await node.lendingPositions(of: id)
        return try JSONResponse.make(
            LendingPositionsResponse(
                address: id.address,
                positions: positions.map { position in
                    let decimals = context.decimals(of: position.asset)
                    return LendingPositionJSON(
                        asset: position.asset.text, supplied: position.supplied.formatted(decimals: decimals),
                        shares: String(position.shares), debt: position.debt.formatted(decimals: decimals))
                }))
    }

    /// The asset named `text` (any letter case), or a 404 `unknown_asset`.
    static func knownAsset(_ text: String, context: RenderingContext) throws -> AssetSymbol {
        guard let asset = AssetSymbol(validating: text.uppercased()), context.decimals[asset] != nil else {
            throw APIFailure(
                .notFound, code: ResultCode.unknownAsset.name, message: "no asset \(EchoedInput.quoted(text))")
        }
        return asset
    }
}
