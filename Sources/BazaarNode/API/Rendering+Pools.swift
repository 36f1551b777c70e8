import BazaarAPI
import BazaarCore

extension Rendering {
    static func pool(_ pool: Pool, context: RenderingContext) -> PoolJSON {
        let decimals0 = context.decimals(of: pool.asset0)
        let decimals1 = context.decimals(of: pool.asset1)
        var json = PoolJSON(
            id: pool.id, asset0: pool.asset0.text, asset1: pool.asset1.text,
            curve: pool.isConcentrated ? "concentrated" : "constant_product", feePips: pool.feePips,
            reserve0: pool.reserve0.formatted(decimals: decimals0), reserve0BaseUnits: pool.reserve0.description,
            reserve1: pool.reserve1.formatted(decimals: decimals1), reserve1BaseUnits: pool.reserve1.description,
            price: price(of: pool, decimals0: decimals0, decimals1: decimals1), lpSupply: nil, sqrtPriceX96: nil,
            tick: nil, liquidity: nil, tickSpacing: nil)
        switch pool.curve {
        case .constantProduct(let supply):
            json.lpSupply = String(supply)
        case .concentrated(let engine):
            json.sqrtPriceX96 = engine.sqrtPriceX96.description
            json.tick = engine.tick
            json.liquidity = String(engine.liquidity)
            json.tickSpacing = engine.tickSpacing
        }
        return json
    }

    /// Asset1 per whole asset0, for display only (a Double, 8 significant digits).
    static func price(of pool: Pool, decimals0: UInt8, decimals1: UInt8) -> String {
        let raw: Double
        switch pool.curve {
        case .constantProduct:
            guard !pool.reserve0.isZero else { return "0" }
            raw = Double(pool.reserve1.baseUnits) / Double(pool.reserve0.baseUnits)
        case .concentrated(let engine):
            let sqrt = (Double(engine.sqrtPriceX96.high) * 0x1p128 + Double(engine.sqrtPriceX96.low)) / 0x1p96
            raw = sqrt * sqrt
        }
        let scaled = raw * pow10(Int(decimals0) - Int(decimals1))
        return formatSignificant(scaled)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    private static func formatSignificant(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        var digits = 8
        var magnitude = value
        while magnitude >= 10 {
            magnitude /= 10
            digits -= 1
        }
        while magnitude < 1 {
            magnitude *= 10
            digits += 1
        }
        let decimals = max(0, digits - 1)
        let scale = pow10(decimals)
        let rounded = (value * scale).rounded() / scale
        if decimals == 0 { return String(Int64(rounded)) }
        let whole = Int64(rounded.rounded(.down))
        var fraction = String(Int64(((rounded - Double(whole)) * scale).rounded()))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    static func quote(_ quote: AMMRouter.Quote, context: RenderingContext) -> QuoteResponse {
        let inDecimals = context.decimals(of: quote.assetIn)
        let outDecimals = context.decimals(of: quote.assetOut)
        return QuoteResponse(
            assetIn: quote.assetIn.text, assetOut: quote.assetOut.text,
            amountIn: quote.amountIn.formatted(decimals: inDecimals), amountInBaseUnits: quote.amountIn.description,
            expectedOut: quote.amountOut.formatted(decimals: outDecimals),
            expectedOutBaseUnits: quote.amountOut.description, priceImpactBasisPoints: quote.priceImpactBasisPoints,
            legs: quote.legs.map { leg in
                QuoteLegJSON(
                    venues: leg.hops.map { hop in
                        switch hop {
                        case .pool(let id): QuoteVenueJSON(kind: "pool", id: id)
                        case .book(let id): QuoteVenueJSON(kind: "book", id: UInt64(id.rawValue))
                        }
                    }, path: leg.assets.map(\.text),
                    amountIn: leg.amountIn.formatted(decimals: inDecimals), amountInBaseUnits: leg.amountIn.description,
                    amountOut: leg.amountOut.formatted(decimals: outDecimals),
                    amountOutBaseUnits: leg.amountOut.description,
                    fees: leg.fees.map { fee in
                        "\(fee.amount.formatted(decimals: context.decimals(of: fee.asset))) \(fee.asset.text)"
                    })
            })
    }
}
