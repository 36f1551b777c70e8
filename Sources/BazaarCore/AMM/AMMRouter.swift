/// Best execution across pools: for an input asset and amount and an output asset, the split over
/// direct pools and two-hop paths (through any middle asset) that gives the most output, as a
/// `route` action would execute it (legs in order, each seeing the pools as the previous left them).
///
/// The split is greedy: the amount is cut into `chunkCount` parts and each part goes to the path
/// whose next part pays most on the pools as already moved by the earlier parts. The result is then
/// replayed exactly; if the best single path pays more, that path is the route, so the route never
/// pays less than any single venue.
public enum AMMRouter {
    /// One leg of a quote: an input amount through one or two pools.
    public struct Leg: Sendable, Hashable {
        public var pools: [PoolID]
        /// The assets along the path, input first.
        public var assets: [AssetSymbol]
        public var amountIn: Amount
        public var amountOut: Amount
        /// Fees paid in each hop, in that hop's input asset.
        public var fees: [Amount]
    }

    public struct Quote: Sendable, Hashable {
        public var assetIn: AssetSymbol
        public var assetOut: AssetSymbol
        public var amountIn: Amount
        public var amountOut: Amount
        public var legs: [Leg]
        /// How much worse the average price is than the pools' spot prices, in basis points (rounded up).
        public var priceImpactBasisPoints: UInt64

        /// The route action that executes this quote with a minimum output.
        public func action(minimumOut: Amount) -> AMMAction {
            .route(
                AMMAction.Route(
                    assetIn: assetIn, assetOut: assetOut,
                    legs: legs.map { AMMAction.RouteLeg(amountIn: $0.amountIn, pools: $0.pools) },
                    minimumOut: minimumOut))
        }
    }

    /// Every path of one or two pools from `assetIn` to `assetOut`, direct ones first, in pool id order.
    public static func paths(in pools: [Pool], from assetIn: AssetSymbol, to assetOut: AssetSymbol) -> [[PoolID]] {
        let sorted = pools.sorted { $0.id < $1.id }
        var result: [[PoolID]] = []
        for pool in sorted where pool.contains(assetIn) && pool.contains(assetOut) { result.append([pool.id]) }
        for first in sorted where first.contains(assetIn) && !first.contains(assetOut) {
            let middle = first.asset0 == assetIn ? first.asset1 : first.asset0
            for second in sorted where second.contains(middle) && second.contains(assetOut) {
                result.append([first.id, second.id])
            }
        }
        return result
    }

    /// Runs one leg on `pools`, moving them; nil when a pool cannot take it.
    static func run(
        _ path: [PoolID], amount: Amount, from assetIn: AssetSymbol, on pools: inout [PoolID: Pool]
    ) -> (out: Amount, fees: [Amount], assets: [AssetSymbol])? {
        var asset = assetIn
        var current = amount
        var fees: [Amount] = []
        var assets = [assetIn]
        for id in path {
            guard var pool = pools[id], let outcome = try? pool.swap(assetIn: asset, amount: current, exactInput: true)
            else { return nil }
            pools[id] = pool
            fees.append(outcome.fee)
            asset = outcome.assetOut
            assets.append(asset)
            current = outcome.amountOut
        }
        return (current, fees, assets)
    }

    /// The best route, or nil when no path can take any of the amount.
    public static func quote(
        pools: [Pool], assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, chunkCount: Int = 20
    ) -> Quote? {
        guard !amountIn.isZero, assetIn != assetOut else { return nil }
        let paths = paths(in: pools, from: assetIn, to: assetOut)
        guard !paths.isEmpty else { return nil }
        var byID: [PoolID: Pool] = [:]
        for pool in pools { byID[pool.id] = pool }

        // Greedy split on a working copy.
        var working = byID
        var allocation = [UInt128](repeating: 0, count: paths.count)
        let chunks = UInt128(max(1, min(chunkCount, Int(min(amountIn.baseUnits, 1_000)))))
        let chunk = amountIn.baseUnits / chunks
        var remaining = amountIn.baseUnits
        var round: UInt128 = 0
        while remaining > 0 {
            round += 1
            let part = round == chunks ? remaining : min(chunk, remaining)
            var best: (index: Int, out: Amount, pools: [PoolID: Pool])?
            for (index, path) in paths.enumerated() {
                var trial = working
                guard let result = run(path, amount: Amount(baseUnits: part), from: assetIn, on: &trial) else {
                    continue
                }
                if best == nil || result.out > best!.out { best = (index, result.out, trial) }
            }
            guard let chosen = best else { break }
            allocation[chosen.index] += part
            working = chosen.pools
            remaining -= part
        }
        var candidates: [[(path: [PoolID], amount: UInt128)]] = []
        if remaining == 0 {
            candidates.append(zip(paths, allocation).filter { $0.1 > 0 }.map { ($0.0, $0.1) })
        }
        for path in paths { candidates.append([(path, amountIn.baseUnits)]) }

        var bestQuote: Quote?
        for legs in candidates {
            var state = byID
            var quoteLegs: [Leg] = []
            var total = Amount.zero
            var failed = false
            for (path, amount) in legs {
                guard let result = run(path, amount: Amount(baseUnits: amount), from: assetIn, on: &state),
                    let sum = total.adding(result.out)
                else {
                    failed = true
                    break
                }
                total = sum
                quoteLegs.append(
                    Leg(
                        pools: path, assets: result.assets, amountIn: Amount(baseUnits: amount), amountOut: result.out,
                        fees: result.fees))
            }
            guard !failed, !total.isZero else { continue }
            if bestQuote == nil || total > bestQuote!.amountOut {
                bestQuote = Quote(
                    assetIn: assetIn, assetOut: assetOut, amountIn: amountIn, amountOut: total, legs: quoteLegs,
                    priceImpactBasisPoints: 0)
            }
        }
        guard var quote = bestQuote else { return nil }
        quote.priceImpactBasisPoints = priceImpact(of: quote, pools: byID)
        return quote
    }

    /// The shortfall of the quote's output against its spot output — what the same amounts would
    /// give at the pools' current marginal prices after fees — in basis points, rounded up.
    static func priceImpact(of quote: Quote, pools: [PoolID: Pool]) -> UInt64 {
        let scale = 64  // fixed-point bits kept below the unit
        var spot = UInt256.zero
        for leg in quote.legs {
            var value = UInt256(leg.amountIn.baseUnits) << scale
            var asset = quote.assetIn
            for id in leg.pools {
                guard let pool = pools[id], let next = marginal(value, through: pool, from: asset) else { return 0 }
                value = next
                asset = asset == pool.asset0 ? pool.asset1 : pool.asset0
            }
            spot = spot + value
        }
        let actual = UInt256(quote.amountOut.baseUnits) << scale
        guard !spot.isZero, spot > actual else { return 0 }
        let impact = UInt256.mulDivRoundingUp(spot - actual, UInt256(10_000 as UInt128), spot) ?? .zero
        return UInt64(impact.low)
    }

    /// `value` of `asset` converted at the pool's marginal price, less its fee.
    static func marginal(_ value: UInt256, through pool: Pool, from asset: AssetSymbol) -> UInt256? {
        let zeroForOne = asset == pool.asset0
        let afterFee = UInt256.mulDiv(value, UInt256(UInt128(1_000_000 - pool.feePips)), SwapMath.pipsDenominator)
        guard let afterFee else { return nil }
        switch pool.curve {
        case .constantProduct:
            let (reserveIn, reserveOut) = zeroForOne ? (pool.reserve0, pool.reserve1) : (pool.reserve1, pool.reserve0)
            guard !reserveIn.isZero else { return nil }
            return UInt256.mulDiv(afterFee, UInt256(reserveOut.baseUnits), UInt256(reserveIn.baseUnits))
        case .concentrated(let engine):
            let q96 = SqrtPriceMath.q96
            let price = engine.sqrtPriceX96
            if zeroForOne {
                return UInt256.mulDiv(afterFee, price, q96).flatMap { UInt256.mulDiv($0, price, q96) }
            }
            return UInt256.mulDiv(afterFee, q96, price).flatMap { UInt256.mulDiv($0, q96, price) }
        }
    }
}
