extension Pool {
    /// What one pool swap takes in, pays out and keeps as fee (in the input asset).
    public struct SwapOutcome: Sendable, Hashable {
        public var amountIn: Amount
        public var amountOut: Amount
        public var fee: Amount
        public var assetOut: AssetSymbol
    }

    /// Swaps through this pool, updating reserves and curve, or throws and changes nothing. Used by
    /// the ledger and, on copies, by the router's quotes.
    mutating func swap(assetIn: AssetSymbol, amount: Amount, exactInput: Bool) throws(ActionFailure) -> SwapOutcome {
        var pool = self
        guard pool.contains(assetIn) else { throw ActionFailure(code: .assetNotInPool) }
        guard !amount.isZero else { throw ActionFailure(code: .zeroAmount) }
        let zeroForOne = assetIn == pool.asset0
        let reserveIn = zeroForOne ? pool.reserve0 : pool.reserve1
        let reserveOut = zeroForOne ? pool.reserve1 : pool.reserve0
        var outcome = SwapOutcome(
            amountIn: .zero, amountOut: .zero, fee: .zero, assetOut: zeroForOne ? pool.asset1 : pool.asset0)
        switch pool.curve {
        case .constantProduct:
            do throws(PoolMathError) {
                if exactInput {
                    outcome.amountIn = amount
                    outcome.amountOut = Amount(
                        baseUnits: try ConstantProductMath.amountOut(
                            amountIn: amount.baseUnits, reserveIn: reserveIn.baseUnits,
                            reserveOut: reserveOut.baseUnits,
                            feePips: pool.feePips))
                } else {
                    outcome.amountOut = amount
                    outcome.amountIn = Amount(
                        baseUnits: try ConstantProductMath.amountIn(
                            amountOut: amount.baseUnits, reserveIn: reserveIn.baseUnits,
                            reserveOut: reserveOut.baseUnits,
                            feePips: pool.feePips))
                }
            } catch {
                throw LedgerState.failure(error)
            }
            // The fee is the part of the input that does not count toward the invariant, rounded up.
            let fee = UInt256.mulDivRoundingUp(
                UInt256(outcome.amountIn.baseUnits), UInt256(UInt128(pool.feePips)), SwapMath.pipsDenominator)!
            outcome.fee = Amount(baseUnits: fee.low)
        case .concentrated(var engine):
            let result: ConcentratedPool.SwapResult
            do throws(PoolMathError) {
                result = try engine.swap(
                    zeroForOne: zeroForOne, amount: UInt256(amount.baseUnits), exactInput: exactInput)
            } catch {
                throw LedgerState.failure(error)
            }
            guard result.amountRemaining.isZero else { throw ActionFailure(code: .insufficientLiquidity) }
            outcome.amountIn = try LedgerState.amount(result.amountIn)
            outcome.amountOut = try LedgerState.amount(result.amountOut)
            outcome.fee = try LedgerState.amount(result.feeAmount)
            pool.curve = .concentrated(engine)
        }
        guard !outcome.amountOut.isZero, outcome.amountOut < reserveOut else {
            throw ActionFailure(code: .insufficientLiquidity)
        }
        guard let newIn = reserveIn.adding(outcome.amountIn) else { throw ActionFailure(code: .amountOverflow) }
        let newOut = reserveOut.subtracting(outcome.amountOut)!
        if zeroForOne {
            (pool.reserve0, pool.reserve1) = (newIn, newOut)
        } else {
            (pool.reserve1, pool.reserve0) = (newIn, newOut)
        }
        self = pool
        return outcome
    }
}
