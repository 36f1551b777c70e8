import BazaarAPI
import BazaarCore
import Hummingbird

/// The AMM routes: pools and quotes of the best route across them.
extension APIRoutes {
    static func pools(_ node: Node) async throws -> Response {
        let (pools, context) = await (node.pools, node.renderingContext)
        return try JSONResponse.make(PoolsResponse(pools: pools.map { Rendering.pool($0, context: context) }))
    }

    static func pool(_ text: String, node: Node) async throws -> Response {
        let (pools, context) = await (node.pools, node.renderingContext)
        guard let id = UInt64(text), let pool = pools.first(where: { $0.id == id }) else {
            throw APIFailure(
                .notFound, code: ResultCode.unknownPool.name, message: "no pool \(EchoedInput.quoted(text))")
        }
        return try JSONResponse.make(Rendering.pool(pool, context: context))
    }

    /// `GET /v1/quote?in=USD&out=BTC&amount=1000`: `amount` in whole units of `in`.
    static func quote(_ request: Request, node: Node) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let inText = parameters["in"], let outText = parameters["out"], let amountText = parameters["amount"]
        else {
            throw APIFailure.badRequest("in, out and amount are required, e.g. /v1/quote?in=USD&out=BTC&amount=1000")
        }
        let context = await node.renderingContext
        guard let assetIn = AssetSymbol(validating: String(inText).uppercased()), context.decimals[assetIn] != nil,
            let assetOut = AssetSymbol(validating: String(outText).uppercased()), context.decimals[assetOut] != nil
        else {
            throw APIFailure(
                .notFound, code: ResultCode.unknownAsset.name,
                message: "unknown asset in \(EchoedInput.quoted(inText)) or out \(EchoedInput.quoted(outText))")
        }
        guard assetIn != assetOut else {
            throw APIFailure.badRequest("in and out are both \(assetIn.text): a quote swaps one asset for another")
        }
        let amount: Amount
        do {
            amount = try Amount(parsing: amountText, decimals: context.decimals(of: assetIn))
        } catch {
            throw APIFailure.badRequest(
                "amount \(EchoedInput.quoted(amountText)) is not a decimal amount of \(assetIn.text)")
        }
        guard !amount.isZero else { throw APIFailure.badRequest("amount must be positive") }
        guard let quote = await node.quote(assetIn: assetIn, amountIn: amount, assetOut: assetOut) else {
            throw APIFailure(
                .notFound, code: ResultCode.insufficientLiquidity.name,
                message: "no pool route from \(assetIn.text) to \(assetOut.text) can take \(amountText)")
        }
        return try JSONResponse.make(Rendering.quote(quote, context: context))
    }
}
