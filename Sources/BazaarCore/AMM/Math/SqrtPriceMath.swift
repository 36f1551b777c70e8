/// Uniswap v3's price and amount functions of liquidity (`SqrtPriceMath.sol`), in Q64.96, with its
/// rounding: amounts paid to the pool round up, amounts paid out round down, and the next price
/// rounds so that the pool never gives more than it took.
public enum SqrtPriceMath {
    static let q96 = UInt256(high: 0, low: 1 << 96)
    static let uint160Max = (UInt256.one << 160) - .one

    private static func checkedUInt160(_ value: UInt256) throws(PoolMathError) -> UInt256 {
        guard value <= uint160Max else { throw .overflow }
        return value
    }

    /// The price after adding (or removing) `amount` of token0, rounded up.
    public static func nextSqrtPriceFromAmount0RoundingUp(
        _ sqrtPX96: UInt256, liquidity: UInt128, amount: UInt256, add: Bool
    ) throws(PoolMathError) -> UInt256 {
        if amount.isZero { return sqrtPX96 }
        let numerator1 = UInt256(liquidity) << 96
        let (product, productOverflow) = amount.multipliedReportingOverflow(by: sqrtPX96)
        if add {
            if !productOverflow {
                let (denominator, overflow) = numerator1.addingReportingOverflow(product)
                if !overflow {
                    guard let result = UInt256.mulDivRoundingUp(numerator1, sqrtPX96, denominator) else {
                        throw .overflow
                    }
                    return result
                }
            }
            let (sum, overflow) = (numerator1 / sqrtPX96).addingReportingOverflow(amount)
            guard !overflow else { throw .overflow }
            return UInt256.divRoundingUp(numerator1, sum)
        } else {
            guard !productOverflow, numerator1 > product else { throw .insufficientLiquidity }
            guard let result = UInt256.mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product) else {
                throw .overflow
            }
            return try checkedUInt160(result)
        }
    }

    /// The price after adding (or removing) `amount` of token1, rounded down.
    public static func nextSqrtPriceFromAmount1RoundingDown(
        _ sqrtPX96: UInt256, liquidity: UInt128, amount: UInt256, add: Bool
    ) throws(PoolMathError) -> UInt256 {
        let liquidity = UInt256(liquidity)
        if add {
            let quotient: UInt256
            if amount <= uint160Max {
                quotient = (amount << 96) / liquidity
            } else {
                guard let value = UInt256.mulDiv(amount, q96, liquidity) else { throw .overflow }
                quotient = value
            }
            let (sum, overflow) = sqrtPX96.addingReportingOverflow(quotient)
            guard !overflow else { throw .overflow }
            return try checkedUInt160(sum)
        } else {
            let quotient: UInt256
            if amount <= uint160Max {
                quotient = UInt256.divRoundingUp(amount << 96, liquidity)
            } else {
                guard let value = UInt256.mulDivRoundingUp(amount, q96, liquidity) else { throw .overflow }
                quotient = value
            }
            guard sqrtPX96 > quotient else { throw .insufficientLiquidity }
            return sqrtPX96 - quotient
        }
    }

    /// The price after `amountIn` of the input token.
    public static func nextSqrtPriceFromInput(
        _ sqrtPX96: UInt256, liquidity: UInt128, amountIn: UInt256, zeroForOne: Bool
    ) throws(PoolMathError) -> UInt256 {
        guard !sqrtPX96.isZero, liquidity > 0 else { throw .insufficientLiquidity }
        return zeroForOne
            ? try nextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity: liquidity, amount: amountIn, add: true)
            : try nextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity: liquidity, amount: amountIn, add: true)
    }

    /// The price after `amountOut` of the output token.
    public static func nextSqrtPriceFromOutput(
        _ sqrtPX96: UInt256, liquidity: UInt128, amountOut: UInt256, zeroForOne: Bool
    ) throws(PoolMathError) -> UInt256 {
        guard !sqrtPX96.isZero, liquidity > 0 else { throw .insufficientLiquidity }
        return zeroForOne
            ? try nextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity: liquidity, amount: amountOut, add: false)
            : try nextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity: liquidity, amount: amountOut, add: false)
    }

    /// Token0 between two prices for `liquidity`: L·2^96·(√B − √A) / (√B·√A).
    public static func amount0Delta(
        _ sqrtA: UInt256, _ sqrtB: UInt256, liquidity: UInt128, roundUp: Bool
    ) throws(PoolMathError) -> UInt256 {
        let (lower, upper) = sqrtA > sqrtB ? (sqrtB, sqrtA) : (sqrtA, sqrtB)
        guard !lower.isZero else { throw .priceOutOfRange }
        let numerator1 = UInt256(liquidity) << 96
        let numerator2 = upper - lower
        if roundUp {
            guard let step = UInt256.mulDivRoundingUp(numerator1, numerator2, upper) else { throw .overflow }
            return UInt256.divRoundingUp(step, lower)
        } else {
            guard let step = UInt256.mulDiv(numerator1, numerator2, upper) else { throw .overflow }
            return step / lower
        }
    }

    /// Token1 between two prices for `liquidity`: L·(√B − √A) / 2^96.
    public static func amount1Delta(
        _ sqrtA: UInt256, _ sqrtB: UInt256, liquidity: UInt128, roundUp: Bool
    ) throws(PoolMathError) -> UInt256 {
        let (lower, upper) = sqrtA > sqrtB ? (sqrtB, sqrtA) : (sqrtA, sqrtB)
        let result =
            roundUp
            ? UInt256.mulDivRoundingUp(UInt256(liquidity), upper - lower, q96)
            : UInt256.mulDiv(UInt256(liquidity), upper - lower, q96)
        guard let result else { throw .overflow }
        return result
    }
}
