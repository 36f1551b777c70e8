/// One step of a concentrated-liquidity swap within a single liquidity range (`SwapMath.sol`).
public enum SwapMath {
    /// Fees are in pips: millionths of the amount in.
    public static let pipsDenominator = UInt256(1_000_000 as UInt128)

    public struct Step: Sendable, Hashable {
        public var sqrtRatioNextX96: UInt256
        public var amountIn: UInt256
        public var amountOut: UInt256
        public var feeAmount: UInt256
    }

    /// Swaps from `current` toward `target` with `amountRemaining` (input when `exactInput`,
    /// output otherwise) at fee `feePips`; the direction is token0 → token1 when current ≥ target.
    public static func computeSwapStep(
        current: UInt256, target: UInt256, liquidity: UInt128, amountRemaining: UInt256, exactInput: Bool,
        feePips: UInt32
    ) throws(PoolMathError) -> Step {
        let zeroForOne = current >= target
        let fee = UInt256(UInt128(feePips))
        var amountIn = UInt256.zero
        var amountOut = UInt256.zero
        let next: UInt256
        if exactInput {
            guard let lessFee = UInt256.mulDiv(amountRemaining, pipsDenominator - fee, pipsDenominator) else {
                throw .overflow
            }
            amountIn =
                zeroForOne
                ? try SqrtPriceMath.amount0Delta(target, current, liquidity: liquidity, roundUp: true)
                : try SqrtPriceMath.amount1Delta(current, target, liquidity: liquidity, roundUp: true)
            if lessFee >= amountIn {
                next = target
            } else {
                next = try SqrtPriceMath.nextSqrtPriceFromInput(
                    current, liquidity: liquidity, amountIn: lessFee, zeroForOne: zeroForOne)
            }
        } else {
            amountOut =
                zeroForOne
                ? try SqrtPriceMath.amount1Delta(target, current, liquidity: liquidity, roundUp: false)
                : try SqrtPriceMath.amount0Delta(current, target, liquidity: liquidity, roundUp: false)
            if amountRemaining >= amountOut {
                next = target
            } else {
                next = try SqrtPriceMath.nextSqrtPriceFromOutput(
                    current, liquidity: liquidity, amountOut: amountRemaining, zeroForOne: zeroForOne)
            }
        }
        let reachedTarget = target == next
        if zeroForOne {
            if !(reachedTarget && exactInput) {
                amountIn = try SqrtPriceMath.amount0Delta(next, current, liquidity: liquidity, roundUp: true)
            }
            if !(reachedTarget && !exactInput) {
                amountOut = try SqrtPriceMath.amount1Delta(next, current, liquidity: liquidity, roundUp: false)
            }
        } else {
            if !(reachedTarget && exactInput) {
                amountIn = try SqrtPriceMath.amount1Delta(current, next, liquidity: liquidity, roundUp: true)
            }
            if !(reachedTarget && !exactInput) {
                amountOut = try SqrtPriceMath.amount0Delta(current, next, liquidity: liquidity, roundUp: false)
            }
        }
        if !exactInput, amountOut > amountRemaining { amountOut = amountRemaining }
        let feeAmount: UInt256
        if exactInput, next != target {
            feeAmount = amountRemaining - amountIn
        } else {
            guard let value = UInt256.mulDivRoundingUp(amountIn, fee, pipsDenominator - fee) else { throw .overflow }
            feeAmount = value
        }
        return Step(sqrtRatioNextX96: next, amountIn: amountIn, amountOut: amountOut, feeAmount: feeAmount)
    }
}
