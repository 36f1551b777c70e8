/// Uniswap v2's constant-product amounts (`UniswapV2Library`), generalised to any fee in pips.
/// Outputs round down and inputs round up, so every swap leaves x·y at least where it was.
public enum ConstantProductMath {
    /// The output for `amountIn`: ⌊in·(1e6−fee)·rOut / (rIn·1e6 + in·(1e6−fee))⌋.
    public static func amountOut(
        amountIn: UInt128, reserveIn: UInt128, reserveOut: UInt128, feePips: UInt32
    ) throws(PoolMathError) -> UInt128 {
        guard amountIn > 0 else { throw .zeroAmount }
        guard reserveIn > 0, reserveOut > 0 else { throw .insufficientLiquidity }
        let inWithFee = UInt256(amountIn) * UInt256(UInt128(1_000_000 - feePips))
        let numerator = inWithFee * UInt256(reserveOut)
        let denominator = UInt256(reserveIn) * SwapMath.pipsDenominator + inWithFee
        return (numerator / denominator).low  // < reserveOut
    }

    /// The input needed for `amountOut`: ⌊rIn·out·1e6 / ((rOut−out)·(1e6−fee))⌋ + 1.
    public static func amountIn(
        amountOut: UInt128, reserveIn: UInt128, reserveOut: UInt128, feePips: UInt32
    ) throws(PoolMathError) -> UInt128 {
        guard amountOut > 0 else { throw .zeroAmount }
        guard reserveIn > 0, amountOut < reserveOut else { throw .insufficientLiquidity }
        let numerator = UInt256(reserveIn) * UInt256(amountOut) * SwapMath.pipsDenominator
        let denominator = UInt256(reserveOut - amountOut) * UInt256(UInt128(1_000_000 - feePips))
        guard let result = (numerator / denominator + .one).uint128 else { throw .overflow }
        return result
    }

    /// What must come back in the same asset for `amountOut` taken out first (Uniswap v2's
    /// optimistic transfer, repaid in the borrowed token): ⌈out·1e6 / (1e6−fee)⌉, the least that
    /// keeps x·y from falling once the fee is taken from the repayment.
    public static func sameAssetRepayment(amountOut: UInt128, feePips: UInt32) throws(PoolMathError) -> UInt128 {
        let value = UInt256.divRoundingUp(
            UInt256(amountOut) * SwapMath.pipsDenominator, UInt256(UInt128(1_000_000 - feePips)))
        guard let result = value.uint128 else { throw .overflow }
        return result
    }

    /// The amount of B worth `amountA` at the reserves' ratio, rounded down.
    public static func quote(amountA: UInt128, reserveA: UInt128, reserveB: UInt128) throws(PoolMathError) -> UInt128 {
        guard amountA > 0 else { throw .zeroAmount }
        guard reserveA > 0, reserveB > 0 else { throw .insufficientLiquidity }
        guard let result = (UInt256(amountA) * UInt256(reserveB) / UInt256(reserveA)).uint128 else { throw .overflow }
        return result
    }

    /// ⌊√value⌋ (Babylonian method), for the first deposit's shares.
    public static func squareRoot(_ value: UInt256) -> UInt256 {
        if value.isZero { return .zero }
        var x = UInt256.one << ((value.bitWidth + 1) / 2)  // ≥ √value
        while true {
            let y = (x + value / x) >> 1
            if y >= x { return x }
            x = y
        }
    }
}
