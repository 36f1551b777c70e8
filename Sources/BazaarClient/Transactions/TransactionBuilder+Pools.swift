public import BazaarAPI
public import BazaarCore

/// AMM actions from user input: decimal amounts in whole units of each asset, checked before signing.
extension TransactionBuilder {
    /// The fee tier of a percentage such as "0.3" (0.3%), or of pips such as "3000".
    public static func feePips(_ text: String) throws(BazaarClientError) -> UInt32 {
        let tiers: [String: UInt32] = ["0.01": 100, "0.05": 500, "0.3": 3000, "1": 10_000]
        if let pips = tiers[text.replacingOccurrences(of: "%", with: "")] { return pips }
        if let pips = UInt32(text), Pool.tickSpacing(forFee: pips) != nil { return pips }
        throw BazaarClientError(.invalidInput, "fee tier '\(text)' is not one of 0.01%, 0.05%, 0.3%, 1%")
    }

    /// A constant-product pool, or a concentrated one starting at `price` (asset1 per whole asset0, the
    /// assets ordered by symbol).
    public static func createPool(
        assetA: String, assetB: String, fee: String, price: String?, context: ChainContext
    ) throws(BazaarClientError) -> Action {
        let a = try symbol(assetA.uppercased())
        let b = try symbol(assetB.uppercased())
        let (asset0, asset1) = a < b ? (a, b) : (b, a)
        var sqrtPrice: UInt256?
        if let price {
            sqrtPrice = try sqrtPriceX96(
                price, decimals0: try context.decimals(of: asset0.text),
                decimals1: try context.decimals(of: asset1.text))
        }
        return .amm(
            .createPool(
                AMMAction.CreatePool(
                    assetA: asset0, assetB: asset1, feePips: try feePips(fee), initialSqrtPriceX96: sqrtPrice)))
    }

    /// √(price in base units) · 2^96 for a decimal price of asset1 per whole asset0, rounded down.
    public static func sqrtPriceX96(_ price: String, decimals0: UInt8, decimals1: UInt8) throws(BazaarClientError)
        -> UInt256
    {
        // price · 10^d1 / 10^d0 base units; scaled by 2^192 before the square root. Use 18 extra decimals.
        let scaled = try amount(price, decimals: 18).baseUnits  // price · 10^18
        guard scaled > 0 else { throw BazaarClientError(.invalidInput, "price must be positive") }
        var numerator = UInt256(scaled) * UInt256(Amount.powerOfTen(Int(decimals1)))
        var denominator = UInt256(Amount.powerOfTen(18)) * UInt256(Amount.powerOfTen(Int(decimals0)))
        // ratio · 2^192, keeping within 256 bits: shift the numerator as far as it goes.
        let shift = min(192, 255 - numerator.bitWidth)
        numerator = numerator << shift
        if shift < 192 { denominator = denominator >> (192 - shift) }
        guard !denominator.isZero else { throw BazaarClientError(.invalidInput, "price '\(price)' is out of range") }
        let root = ConstantProductMath.squareRoot(numerator / denominator)
        guard root >= TickMath.minSqrtRatio, root < TickMath.maxSqrtRatio else {
            throw BazaarClientError(.invalidInput, "price '\(price)' is out of range")
        }
        return root
    }

    public static func addLiquidity(pool: PoolJSON, amount0: String, amount1: String, context: ChainContext)
        throws(BazaarClientError) -> Action
    {
        .amm(
            .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: pool.id,
                    amount0Desired: try positiveAmount(amount0, decimals: try context.decimals(of: pool.asset0)),
                    amount1Desired: try positiveAmount(amount1, decimals: try context.decimals(of: pool.asset1)))))
    }

    /// Burns `shares` LP shares (base units, as `bazaar account` shows) of a constant-product pool.
    public static func removeLiquidity(pool: PoolJSON, shares: String) throws(BazaarClientError) -> Action {
        guard let value = UInt128(shares), value > 0 else {
            throw BazaarClientError(.invalidInput, "shares must be a positive whole number, not '\(shares)'")
        }
        return .amm(.removeLiquidity(AMMAction.RemoveLiquidity(pool: pool.id, shares: Amount(baseUnits: value))))
    }

    /// Opens a position over [lowerTick, upperTick) with `liquidity`, paying at most the given amounts.
    public static func mintPosition(
        pool: PoolJSON, lowerTick: Int32, upperTick: Int32, liquidity: String, max0: String, max1: String,
        context: ChainContext
    ) throws(BazaarClientError) -> Action {
        guard let value = UInt128(liquidity), value > 0 else {
            throw BazaarClientError(.invalidInput, "liquidity must be a positive whole number, not '\(liquidity)'")
        }
        return .amm(
            .mintPosition(
                AMMAction.MintPosition(
                    pool: pool.id, tickLower: lowerTick, tickUpper: upperTick, liquidity: value,
                    amount0Max: try amount(max0, decimals: try context.decimals(of: pool.asset0)),
                    amount1Max: try amount(max1, decimals: try context.decimals(of: pool.asset1)))))
    }

    /// The route action of a quote, with a minimum output `slippageBasisPoints` below the expected.
    public static func route(_ quote: QuoteResponse, slippageBasisPoints: UInt32) throws(BazaarClientError) -> Action {
        guard slippageBasisPoints <= 10_000, let expected = UInt128(quote.expectedOutBaseUnits) else {
            throw BazaarClientError(.invalidInput, "slippage must be 0 to 10000 basis points")
        }
        let minimum = expected - expected * UInt128(slippageBasisPoints) / 10_000
        var legs: [AMMAction.RouteLeg] = []
        for leg in quote.legs {
            guard let amount = UInt128(leg.amountInBaseUnits) else {
                throw BazaarClientError(.unexpectedResponse, "quote leg amount '\(leg.amountInBaseUnits)'")
            }
            var hops: [AMMAction.RouteHop] = []
            for venue in leg.venues {
                switch venue.kind {
                case "pool": hops.append(.pool(venue.id))
                case "book":
                    guard let id = UInt32(exactly: venue.id) else {
                        throw BazaarClientError(.unexpectedResponse, "quote venue market id \(venue.id)")
                    }
                    hops.append(.book(MarketID(id)))
                default: throw BazaarClientError(.unexpectedResponse, "quote venue kind '\(venue.kind)'")
                }
            }
            legs.append(AMMAction.RouteLeg(amountIn: Amount(baseUnits: amount), hops: hops))
        }
        return .amm(
            .route(
                AMMAction.Route(
                    assetIn: try symbol(quote.assetIn), assetOut: try symbol(quote.assetOut), legs: legs,
                    minimumOut: Amount(baseUnits: minimum))))
    }
}
