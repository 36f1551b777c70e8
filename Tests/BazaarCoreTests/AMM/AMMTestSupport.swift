import Testing

@testable import BazaarCore

extension TestChain {
    static let q96 = UInt256(high: 0, low: 1 << 96)

    static func createPool(
        _ a: AssetSymbol, _ b: AssetSymbol, fee: UInt32 = 3000, sqrtPriceX96: UInt256? = nil
    ) -> Action {
        .amm(.createPool(AMMAction.CreatePool(assetA: a, assetB: b, feePips: fee, initialSqrtPriceX96: sqrtPriceX96)))
    }

    static func add(_ pool: PoolID, _ amount0: UInt128, _ amount1: UInt128, min0: UInt128 = 0, min1: UInt128 = 0)
        -> Action
    {
        .amm(
            .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: pool, amount0Desired: Amount(baseUnits: amount0), amount1Desired: Amount(baseUnits: amount1),
                    amount0Min: Amount(baseUnits: min0), amount1Min: Amount(baseUnits: min1))))
    }

    static func remove(_ pool: PoolID, _ shares: UInt128, min0: UInt128 = 0, min1: UInt128 = 0) -> Action {
        .amm(
            .removeLiquidity(
                AMMAction.RemoveLiquidity(
                    pool: pool, shares: Amount(baseUnits: shares), amount0Min: Amount(baseUnits: min0),
                    amount1Min: Amount(baseUnits: min1))))
    }

    static func swap(_ pool: PoolID, _ assetIn: AssetSymbol, _ amount: UInt128, exactInput: Bool = true, limit: UInt128)
        -> Action
    {
        .amm(
            .swap(
                AMMAction.Swap(
                    pool: pool, assetIn: assetIn, amount: Amount(baseUnits: amount), exactInput: exactInput,
                    limit: Amount(baseUnits: limit))))
    }

    static func mint(_ pool: PoolID, _ lower: Int32, _ upper: Int32, liquidity: UInt128, max: UInt128 = 1_000_000)
        -> Action
    {
        .amm(
            .mintPosition(
                AMMAction.MintPosition(
                    pool: pool, tickLower: lower, tickUpper: upper, liquidity: liquidity,
                    amount0Max: Amount(baseUnits: max), amount1Max: Amount(baseUnits: max))))
    }

    static func burn(_ position: PositionID, liquidity: UInt128) -> Action {
        .amm(.burnPosition(AMMAction.BurnPosition(position: position, liquidity: liquidity)))
    }

    static func route(
        _ assetIn: AssetSymbol, _ assetOut: AssetSymbol, legs: [(UInt128, [PoolID])], minimumOut: UInt128
    ) -> Action {
        .amm(
            .route(
                AMMAction.Route(
                    assetIn: assetIn, assetOut: assetOut,
                    legs: legs.map { AMMAction.RouteLeg(amountIn: Amount(baseUnits: $0.0), pools: $0.1) },
                    minimumOut: Amount(baseUnits: minimumOut))))
    }

    /// The AMM module's encoding: equal exactly when pools, shares and positions are.
    var ammBytes: [UInt8] {
        var writer = CanonicalWriter()
        writer.write(state.amm)
        return writer.bytes
    }

    /// `expectFailure`, and the AMM state is unchanged too.
    mutating func expectAMMFailure(
        _ code: ResultCode, at index: UInt32 = 0, from sender: Int, _ actions: [Action],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = ammBytes
        expectFailure(code, at: index, from: sender, actions, sourceLocation: sourceLocation)
        #expect(ammBytes == before, "AMM state changed", sourceLocation: sourceLocation)
    }

    func pool(_ id: PoolID) -> Pool { state.amm.pools[id]! }
}
