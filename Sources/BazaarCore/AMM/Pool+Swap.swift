extension Pool {
    /// What one pool swap takes in, pays out and keeps as fee (in the input asset).
    public struct SwapOutcome: Sendable, Hashable {
        public var amountIn: Amount
        public var amountOut: Amount
        public var fee: Amount
        public var assetOut: AssetSymbol
    }

    /// Swaps through this pool, updating reserves and curve, or throws and changes nothing. Used by
    /// the ledger and by the router's replay of its chosen legs.
    mutating func swap(assetIn: AssetSymbol, amount: Amount, exactInput: Bool) throws(ActionFailure) -> SwapOutcome {
        let (outcome, engine) = try outcome(assetIn: assetIn, amount: amount, exactInput: exactInput, moving: true)
        if let engine { curve = .concentrated(engine) }
        if assetIn == asset0 {
            reserve0 = reserve0.adding(outcome.amountIn)!
            reserve1 = reserve1.subtracting(outcome.amountOut)!
        } else {
            reserve1 = reserve1.adding(outcome.amountIn)!
            reserve0 = reserve0.subtracting(outcome.amountOut)!
        }
        return outcome
    }

    /// What ``swap(assetIn:amount:exactInput:)`` would return (or throw), without moving the pool or
    /// copying it: the router's trials.
    @inline(__always)
    func simulateSwap(assetIn: AssetSymbol, amount: Amount, exactInput: Bool) throws(ActionFailure) -> SwapOutcome {
        try outcome(assetIn: assetIn, amount: amount, exactInput: exactInput, moving: false).outcome
    }

    /// A swap's outcome, checked against the reserves, and (when `moving`) the concentrated
    /// engine after it; a concentrated pool that is not moving is only simulated.
    @inline(__always)
    private func outcome(assetIn: AssetSymbol, amount: Amount, exactInput: Bool, moving: Bool) throws(ActionFailure)
        -> (outcome: SwapOutcome, engine: ConcentratedPool?)
    {
        guard contains(assetIn) else { throw ActionFailure(code: .assetNotInPool) }
        guard !amount.isZero else { throw ActionFailure(code: .zeroAmount) }
        let zeroForOne = assetIn == asset0
        let reserveIn = zeroForOne ? reserve0 : reserve1
        let reserveOut = zeroForOne ? reserve1 : reserve0
        var outcome = SwapOutcome(amountIn: .zero, amountOut: .zero, fee: .zero, assetOut: zeroForOne ? asset1 : asset0)
        var movedEngine: ConcentratedPool?
        switch curve {
        case .constantProduct:
            do throws(PoolMathError) {
                if exactInput {
                    outcome.amountIn = amount
                    outcome.amountOut = Amount(
                        baseUnits: try ConstantProductMath.amountOut(
                            amountIn: amount.baseUnits, reserveIn: reserveIn.baseUnits,
                            reserveOut: reserveOut.baseUnits,
                            feePips: feePips))
                } else {
                    outcome.amountOut = amount
                    outcome.amountIn = Amount(
                        baseUnits: try ConstantProductMath.amountIn(
                            amountOut: amount.baseUnits, reserveIn: reserveIn.baseUnits,
                            reserveOut: reserveOut.baseUnits,
                            feePips: feePips))
                }
            } catch {
                throw LedgerState.failure(error)
            }
            // The fee is the part of the input that does not count toward the invariant, rounded up.
            let fee = UInt256.mulDivRoundingUp(
                UInt256(outcome.amountIn.baseUnits), UInt256(UInt128(feePips)), SwapMath.pipsDenominator)!
            outcome.fee = Amount(baseUnits: fee.low)
        case .concentrated(let engine):
            let result: ConcentratedPool.SwapResult
            do throws(PoolMathError) {
                if moving {
                    var moved = engine
                    result = try moved.swap(
                        zeroForOne: zeroForOne, amount: UInt256(amount.baseUnits), exactInput: exactInput)
                    movedEngine = moved
                } else {
                    result = try engine.simulateSwap(
                        zeroForOne: zeroForOne, amount: UInt256(amount.baseUnits), exactInput: exactInput)
                }
            } catch {
                throw LedgerState.failure(error)
            }
            guard result.amountRemaining.isZero else { throw ActionFailure(code: .insufficientLiquidity) }
            outcome.amountIn = try LedgerState.amount(result.amountIn)
            outcome.amountOut = try LedgerState.amount(result.amountOut)
            outcome.fee = try LedgerState.amount(result.feeAmount)
        }
        guard !outcome.amountOut.isZero, outcome.amountOut < reserveOut else {
            throw ActionFailure(code: .insufficientLiquidity)
        }
        guard reserveIn.adding(outcome.amountIn) != nil else { throw ActionFailure(code: .amountOverflow) }
        return (outcome, movedEngine)
    }
}
