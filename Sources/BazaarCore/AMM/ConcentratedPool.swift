/// One initialized tick of a concentrated-liquidity pool.
public struct TickInfo: Sendable, Hashable {
    /// Liquidity of all positions that use this tick as a bound.
    public var liquidityGross: UInt128 = 0
    /// Liquidity added when the price crosses the tick upward (removed downward).
    public var liquidityNet: Int128 = 0
    /// Fee growth per unit of liquidity on the other side of the tick from the current one (Q128.128, modular).
    public var feeGrowthOutside0X128: UInt256 = .zero
    public var feeGrowthOutside1X128: UInt256 = .zero
}

/// A concentrated-liquidity (Uniswap v3) pool's price, liquidity and ticks: the swap engine, with no
/// knowledge of accounts or balances. ``LedgerState`` moves the funds it computes.
public struct ConcentratedPool: Sendable, Hashable {
    public var feePips: UInt32
    public var tickSpacing: Int32
    public var sqrtPriceX96: UInt256
    public var tick: Int32
    /// The in-range liquidity.
    public var liquidity: UInt128 = 0
    public var feeGrowthGlobal0X128: UInt256 = .zero
    public var feeGrowthGlobal1X128: UInt256 = .zero
    public private(set) var ticks: [Int32: TickInfo] = [:]
    /// The initialized ticks in increasing order.
    public private(set) var initializedTicks: [Int32] = []

    public static let q128 = UInt256(high: 1, low: 0)

    public init(feePips: UInt32, tickSpacing: Int32, sqrtPriceX96: UInt256) throws(PoolMathError) {
        self.feePips = feePips
        self.tickSpacing = tickSpacing
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = try TickMath.tick(atSqrtRatio: sqrtPriceX96)
    }

    init(
        feePips: UInt32, tickSpacing: Int32, sqrtPriceX96: UInt256, tick: Int32, liquidity: UInt128,
        feeGrowthGlobal0X128: UInt256, feeGrowthGlobal1X128: UInt256, ticks: [Int32: TickInfo]
    ) {
        self.feePips = feePips
        self.tickSpacing = tickSpacing
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
        self.feeGrowthGlobal0X128 = feeGrowthGlobal0X128
        self.feeGrowthGlobal1X128 = feeGrowthGlobal1X128
        self.ticks = ticks
        self.initializedTicks = ticks.keys.sorted()
    }

    /// The most liquidity any one tick may reference, so that the sum over all ticks fits 128 bits.
    public var maxLiquidityPerTick: UInt128 {
        let minTick = (TickMath.minTick / tickSpacing) * tickSpacing
        let maxTick = (TickMath.maxTick / tickSpacing) * tickSpacing
        let count = UInt128((maxTick - minTick) / tickSpacing + 1)
        return UInt128.max / count
    }

    // MARK: Positions

    /// Fee growth per unit of liquidity between two ticks (modular).
    public func feeGrowthInside(lower: Int32, upper: Int32) -> (UInt256, UInt256) {
        let lowerInfo = ticks[lower] ?? TickInfo()
        let upperInfo = ticks[upper] ?? TickInfo()
        let below0 =
            tick >= lower ? lowerInfo.feeGrowthOutside0X128 : feeGrowthGlobal0X128 &- lowerInfo.feeGrowthOutside0X128
        let below1 =
            tick >= lower ? lowerInfo.feeGrowthOutside1X128 : feeGrowthGlobal1X128 &- lowerInfo.feeGrowthOutside1X128
        let above0 =
            tick < upper ? upperInfo.feeGrowthOutside0X128 : feeGrowthGlobal0X128 &- upperInfo.feeGrowthOutside0X128
        let above1 =
            tick < upper ? upperInfo.feeGrowthOutside1X128 : feeGrowthGlobal1X128 &- upperInfo.feeGrowthOutside1X128
        return (feeGrowthGlobal0X128 &- below0 &- above0, feeGrowthGlobal1X128 &- below1 &- above1)
    }

    /// Checks a range: bounds in order, within ±887272, on the tick spacing.
    public func checkRange(lower: Int32, upper: Int32) throws(PoolMathError) {
        guard lower < upper, lower >= TickMath.minTick, upper <= TickMath.maxTick else { throw .priceOutOfRange }
        guard lower % tickSpacing == 0, upper % tickSpacing == 0 else { throw .priceOutOfRange }
    }

    /// Adds (`delta` > 0) or removes liquidity over [lower, upper): updates the ticks and the in-range
    /// liquidity, and returns the token amounts — owed to the pool (rounded up) when adding, owed by
    /// it (rounded down) when removing. The caller settles the position's fees first with
    /// ``feeGrowthInside(lower:upper:)``.
    public mutating func modifyLiquidity(lower: Int32, upper: Int32, delta: Int128) throws(PoolMathError) -> (
        amount0: UInt256, amount1: UInt256
    ) {
        try checkRange(lower: lower, upper: upper)
        guard delta != 0 else { return (.zero, .zero) }
        var lowerInfo = ticks[lower] ?? TickInfo()
        var upperInfo = ticks[upper] ?? TickInfo()
        try updateTick(lower, &lowerInfo, delta: delta, isUpper: false)
        try updateTick(upper, &upperInfo, delta: delta, isUpper: true)
        let sqrtLower = try TickMath.sqrtRatio(atTick: lower)
        let sqrtUpper = try TickMath.sqrtRatio(atTick: upper)
        let magnitude = delta.magnitude
        let roundUp = delta > 0
        var amount0 = UInt256.zero
        var amount1 = UInt256.zero
        if tick < lower {
            amount0 = try SqrtPriceMath.amount0Delta(sqrtLower, sqrtUpper, liquidity: magnitude, roundUp: roundUp)
        } else if tick < upper {
            amount0 = try SqrtPriceMath.amount0Delta(sqrtPriceX96, sqrtUpper, liquidity: magnitude, roundUp: roundUp)
            amount1 = try SqrtPriceMath.amount1Delta(sqrtLower, sqrtPriceX96, liquidity: magnitude, roundUp: roundUp)
            liquidity = try Self.adding(delta, to: liquidity)
        } else {
            amount1 = try SqrtPriceMath.amount1Delta(sqrtLower, sqrtUpper, liquidity: magnitude, roundUp: roundUp)
        }
        setTick(lower, lowerInfo)
        setTick(upper, upperInfo)
        return (amount0, amount1)
    }

    static func adding(_ delta: Int128, to value: UInt128) throws(PoolMathError) -> UInt128 {
        if delta >= 0 {
            let (sum, overflow) = value.addingReportingOverflow(delta.magnitude)
            guard !overflow else { throw .overflow }
            return sum
        }
        guard value >= delta.magnitude else { throw .insufficientLiquidity }
        return value - delta.magnitude
    }

    private func updateTick(_ index: Int32, _ info: inout TickInfo, delta: Int128, isUpper: Bool) throws(PoolMathError)
    {
        let grossBefore = info.liquidityGross
        let grossAfter = try Self.adding(delta, to: grossBefore)
        guard grossAfter <= maxLiquidityPerTick else { throw .overflow }
        if grossBefore == 0, index <= tick {
            info.feeGrowthOutside0X128 = feeGrowthGlobal0X128
            info.feeGrowthOutside1X128 = feeGrowthGlobal1X128
        }
        info.liquidityGross = grossAfter
        let (net, overflow) =
            isUpper
            ? info.liquidityNet.subtractingReportingOverflow(delta) : info.liquidityNet.addingReportingOverflow(delta)
        guard !overflow else { throw .overflow }
        info.liquidityNet = net
    }

    private mutating func setTick(_ index: Int32, _ info: TickInfo) {
        let position = lowerBound(index)
        let present = position < initializedTicks.count && initializedTicks[position] == index
        if info.liquidityGross == 0 {
            ticks[index] = nil
            if present { initializedTicks.remove(at: position) }
        } else {
            ticks[index] = info
            if !present { initializedTicks.insert(index, at: position) }
        }
    }

    /// The index of the first initialized tick ≥ `index`.
    private func lowerBound(_ index: Int32) -> Int {
        var low = 0
        var high = initializedTicks.count
        while low < high {
            let middle = (low + high) / 2
            if initializedTicks[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: Swaps

    /// What a swap paid and received.
    public struct SwapResult: Sendable, Hashable {
        /// Paid into the pool, fees included.
        public var amountIn: UInt256
        /// Paid out of the pool.
        public var amountOut: UInt256
        /// The part of `amountIn` that is fees.
        public var feeAmount: UInt256
        /// The specified amount not swapped when the price limit stopped the swap.
        public var amountRemaining: UInt256
    }

    /// The next tick to stop at from `tick`, as Uniswap's bitmap finds it: the nearest initialized
    /// tick within the current 256-tick word in the direction of the swap, or that word's edge.
    /// Stopping at word edges changes rounding, so it is kept for exactness.
    func nextTick(from tick: Int32, zeroForOne: Bool) -> (tick: Int32, initialized: Bool) {
        var compressed = tick / tickSpacing
        if tick < 0, tick % tickSpacing != 0 { compressed -= 1 }
        if zeroForOne {
            let wordStart = (compressed >> 8) << 8
            let position = lowerBound(compressed * tickSpacing + 1) - 1  // last ≤ tick on spacing
            if position >= 0, initializedTicks[position] >= wordStart * tickSpacing {
                return (initializedTicks[position], true)
            }
            return (wordStart * tickSpacing, false)
        } else {
            let next = compressed + 1
            let wordEnd = ((next >> 8) << 8) + 255
            let position = lowerBound(next * tickSpacing)
            if position < initializedTicks.count, initializedTicks[position] <= wordEnd * tickSpacing {
                return (initializedTicks[position], true)
            }
            return (wordEnd * tickSpacing, false)
        }
    }

    /// Swaps `amount` (input when `exactInput`, output otherwise) in the direction `zeroForOne`
    /// (token0 in, token1 out) until it is used up or the price reaches `sqrtPriceLimitX96`.
    /// Throws and changes nothing when a step fails.
    public mutating func swap(
        zeroForOne: Bool, amount: UInt256, exactInput: Bool, sqrtPriceLimitX96: UInt256? = nil
    ) throws(PoolMathError) -> SwapResult {
        let limit = sqrtPriceLimitX96 ?? (zeroForOne ? TickMath.minSqrtRatio + .one : TickMath.maxSqrtRatio - .one)
        var growth = FeeGrowth(global: zeroForOne ? feeGrowthGlobal0X128 : feeGrowthGlobal1X128)
        let walked = try walk(zeroForOne: zeroForOne, amount: amount, exactInput: exactInput, limit: limit, &growth)
        (sqrtPriceX96, tick, liquidity) = (walked.sqrtPriceX96, walked.tick, walked.liquidity)
        if zeroForOne {
            feeGrowthGlobal0X128 = growth.global
        } else {
            feeGrowthGlobal1X128 = growth.global
        }
        // A crossed tick's outside growth flips against the global growth at its crossing.
        for (crossed, global) in growth.crossings {
            var info = ticks[crossed]!
            if zeroForOne {
                info.feeGrowthOutside0X128 = global &- info.feeGrowthOutside0X128
                info.feeGrowthOutside1X128 = feeGrowthGlobal1X128 &- info.feeGrowthOutside1X128
            } else {
                info.feeGrowthOutside0X128 = feeGrowthGlobal0X128 &- info.feeGrowthOutside0X128
                info.feeGrowthOutside1X128 = global &- info.feeGrowthOutside1X128
            }
            ticks[crossed] = info
        }
        return walked.result
    }

    /// What ``swap(zeroForOne:amount:exactInput:sqrtPriceLimitX96:)`` with no price limit returns (or
    /// throws), without moving the pool: the same walk with no fee-growth or tick writes and no
    /// copy of the pool. The router's trials use it.
    public func simulateSwap(zeroForOne: Bool, amount: UInt256, exactInput: Bool) throws(PoolMathError) -> SwapResult {
        var checks = OverflowCheck()
        let limit = zeroForOne ? TickMath.minSqrtRatio + .one : TickMath.maxSqrtRatio - .one
        return try walk(zeroForOne: zeroForOne, amount: amount, exactInput: exactInput, limit: limit, &checks).result
    }

    /// Uniswap v3's swap loop, shared by ``swap(zeroForOne:amount:exactInput:sqrtPriceLimitX96:)``
    /// and ``simulateSwap(zeroForOne:amount:exactInput:)``: steps from the pool's price, tick and
    /// liquidity to the next initialized tick or word edge, until `amount` is used up or the
    /// price reaches `limit`; returns the amounts and where the price, tick and liquidity end.
    /// The pool is only read: `fees` is told each step's fee and each initialized tick crossed.
    @inline(__always)
    private func walk<Fees: SwapFees>(
        zeroForOne: Bool, amount: UInt256, exactInput: Bool, limit: UInt256, _ fees: inout Fees
    ) throws(PoolMathError) -> (result: SwapResult, sqrtPriceX96: UInt256, tick: Int32, liquidity: UInt128) {
        guard !amount.isZero else { throw .zeroAmount }
        if zeroForOne {
            guard limit < sqrtPriceX96, limit > TickMath.minSqrtRatio else { throw .priceLimit }
        } else {
            guard limit > sqrtPriceX96, limit < TickMath.maxSqrtRatio else { throw .priceLimit }
        }
        var price = sqrtPriceX96
        var tick = self.tick
        var liquidity = self.liquidity
        var remaining = amount
        var totalIn = UInt256.zero
        var totalOut = UInt256.zero
        var totalFee = UInt256.zero
        while !remaining.isZero, price != limit {
            let start = price
            var (tickNext, initialized) = nextTick(from: tick, zeroForOne: zeroForOne)
            tickNext = min(max(tickNext, TickMath.minTick), TickMath.maxTick)
            let sqrtNext = try TickMath.sqrtRatio(atTick: tickNext)
            let target = (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext
            let step = try SwapMath.computeSwapStep(
                current: price, target: target, liquidity: liquidity, amountRemaining: remaining,
                exactInput: exactInput, feePips: feePips)
            price = step.sqrtRatioNextX96
            let paid = step.amountIn + step.feeAmount
            if exactInput {
                remaining = remaining - paid
            } else {
                remaining = remaining - step.amountOut
            }
            totalIn = totalIn + paid
            totalOut = totalOut + step.amountOut
            totalFee = totalFee + step.feeAmount
            if liquidity > 0 { try fees.add(step.feeAmount, liquidity: liquidity) }
            if price == sqrtNext {
                if initialized, let info = ticks[tickNext] {
                    fees.cross(tickNext)
                    liquidity = try Self.adding(zeroForOne ? 0 &- info.liquidityNet : info.liquidityNet, to: liquidity)
                }
                tick = zeroForOne ? tickNext - 1 : tickNext
            } else if price != start, Fees.needsFinalTick || (!remaining.isZero && price != limit) {
                // A simulation never reads the tick after its last step, so it does not compute it.
                tick = try TickMath.tick(atSqrtRatio: price)
            }
        }
        return (
            SwapResult(amountIn: totalIn, amountOut: totalOut, feeAmount: totalFee, amountRemaining: remaining),
            price, tick, liquidity
        )
    }
}

/// What a swap's walk does with fees: ``ConcentratedPool/FeeGrowth`` grows the input token's global
/// fee growth and records the ticks crossed; ``ConcentratedPool/OverflowCheck`` only fails where
/// that growth would.
private protocol SwapFees {
    /// Whether the walk must compute the tick after its last step.
    static var needsFinalTick: Bool { get }
    /// A step's fee over the in-range `liquidity` (non-zero); throws `overflow` when the growth,
    /// `fee × 2^128 / liquidity`, does not fit 256 bits.
    mutating func add(_ fee: UInt256, liquidity: UInt128) throws(PoolMathError)
    /// The walk crossed the initialized tick `tick`.
    mutating func cross(_ tick: Int32)
}

extension ConcentratedPool {
    /// The global fee growth of a swap's input token as it walks, and each tick crossed with the
    /// growth at its crossing.
    fileprivate struct FeeGrowth: SwapFees {
        static var needsFinalTick: Bool { true }
        var global: UInt256
        var crossings: [(tick: Int32, global: UInt256)] = []

        mutating func add(_ fee: UInt256, liquidity: UInt128) throws(PoolMathError) {
            guard let growth = UInt256.mulDiv(fee, ConcentratedPool.q128, UInt256(liquidity)) else {
                throw .overflow
            }
            global = global &+ growth
        }

        mutating func cross(_ tick: Int32) { crossings.append((tick, global)) }
    }

    /// The simulation's fee check: the growth overflows only when the fee is at least 2^128 times
    /// the liquidity, which needs a fee of 2^128 or more, so most steps skip the division.
    fileprivate struct OverflowCheck: SwapFees {
        static var needsFinalTick: Bool { false }

        func add(_ fee: UInt256, liquidity: UInt128) throws(PoolMathError) {
            if fee.high != 0, UInt256.mulDiv(fee, ConcentratedPool.q128, UInt256(liquidity)) == nil {
                throw .overflow
            }
        }

        func cross(_ tick: Int32) {}
    }
}

extension TickInfo: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(liquidityGross)
        writer.write(liquidityNet)
        writer.write(feeGrowthOutside0X128)
        writer.write(feeGrowthOutside1X128)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        liquidityGross = try reader.read(UInt128.self)
        liquidityNet = try reader.read(Int128.self)
        feeGrowthOutside0X128 = try reader.read(UInt256.self)
        feeGrowthOutside1X128 = try reader.read(UInt256.self)
    }
}

extension ConcentratedPool: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(feePips)
        writer.write(UInt32(bitPattern: tickSpacing))
        writer.write(sqrtPriceX96)
        writer.write(UInt32(bitPattern: tick))
        writer.write(liquidity)
        writer.write(feeGrowthGlobal0X128)
        writer.write(feeGrowthGlobal1X128)
        writer.write(UInt32(initializedTicks.count))
        for index in initializedTicks {
            writer.write(UInt32(bitPattern: index))
            writer.write(ticks[index]!)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let feePips = try reader.read(UInt32.self)
        let tickSpacing = Int32(bitPattern: try reader.read(UInt32.self))
        let sqrtPriceX96 = try reader.read(UInt256.self)
        let tick = Int32(bitPattern: try reader.read(UInt32.self))
        let liquidity = try reader.read(UInt128.self)
        let growth0 = try reader.read(UInt256.self)
        let growth1 = try reader.read(UInt256.self)
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(count)) }
        var ticks: [Int32: TickInfo] = [:]
        var previous: Int32?
        for _ in 0..<count {
            let index = Int32(bitPattern: try reader.read(UInt32.self))
            guard previous.map({ $0 < index }) ?? true else { throw reader.error(.invalidValue("ticks out of order")) }
            ticks[index] = try reader.read(TickInfo.self)
            previous = index
        }
        guard tickSpacing > 0 else { throw reader.error(.invalidValue("tick spacing")) }
        self.init(
            feePips: feePips, tickSpacing: tickSpacing, sqrtPriceX96: sqrtPriceX96, tick: tick, liquidity: liquidity,
            feeGrowthGlobal0X128: growth0, feeGrowthGlobal1X128: growth1, ticks: ticks)
    }
}
