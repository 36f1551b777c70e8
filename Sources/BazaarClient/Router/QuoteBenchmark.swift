public import BazaarCore

/// `bazaar bench quote`: how long the router takes to quote across many pools.
///
/// Builds `poolCount` pools over a few assets (half constant-product, half concentrated with a
/// position around the price, fee tiers in turn, reserves varying by a fixed pattern), then times
/// `iterations` quotes of a fixed amount USD → BTC, which consider every direct and two-hop path.
public enum QuoteBenchmark {
    public struct Result: Sendable {
        public var poolCount: Int
        public var pathCount: Int
        public var iterations: Int
        public var medianMicroseconds: Double
        public var maximumMicroseconds: Double
        public var legs: Int
    }

    public static func pools(count: Int) -> [Pool] {
        let assets: [AssetSymbol] = ["BTC", "ETH", "SOL", "USD", "EUR"]
        var pools: [Pool] = []
        var index = 0
        while pools.count < count {
            let a = assets[index % assets.count]
            let b = assets[(index / assets.count + index + 1) % assets.count]
            index += 1
            guard a != b else { continue }
            let (asset0, asset1) = a < b ? (a, b) : (b, a)
            let tier = Pool.feeTiers[pools.count % Pool.feeTiers.count]
            let scale = UInt128(1_000 + (pools.count * 7_919) % 9_000)
            let id = PoolID(pools.count + 1)
            if pools.count % 2 == 0 {
                pools.append(
                    Pool(
                        id: id, asset0: asset0, asset1: asset1, feePips: tier.feePips,
                        reserve0: Amount(baseUnits: scale * 1_000_000_000),
                        reserve1: Amount(baseUnits: scale * 1_300_000_000),
                        curve: .constantProduct(lpSupply: scale * 1_000_000_000)))
            } else {
                guard
                    var engine = try? ConcentratedPool(
                        feePips: tier.feePips, tickSpacing: tier.tickSpacing,
                        sqrtPriceX96: UInt256(high: 0, low: 1 << 96)),
                    let amounts = try? engine.modifyLiquidity(
                        lower: -100 * tier.tickSpacing, upper: 100 * tier.tickSpacing,
                        delta: Int128(scale) * 10_000_000_000)
                else { continue }
                pools.append(
                    Pool(
                        id: id, asset0: asset0, asset1: asset1, feePips: tier.feePips,
                        reserve0: Amount(baseUnits: amounts.amount0.low),
                        reserve1: Amount(baseUnits: amounts.amount1.low),
                        curve: .concentrated(engine)))
            }
        }
        return pools
    }

    public static func run(poolCount: Int = 100, iterations: Int = 200, clock: () -> UInt64) -> Result {
        let pools = pools(count: poolCount)
        let amount = Amount(baseUnits: 5_000_000_000)
        var samples: [UInt64] = []
        var legs = 0
        for _ in 0..<iterations {
            let start = clock()
            let quote = AMMRouter.quote(pools: pools, assetIn: "USD", amountIn: amount, assetOut: "BTC")
            samples.append(clock() - start)
            legs = quote?.legs.count ?? 0
        }
        samples.sort()
        return Result(
            poolCount: pools.count,
            pathCount: AMMRouter.paths(in: pools.map(AMMRouter.Venue.pool), from: "USD", to: "BTC").count,
            iterations: iterations, medianMicroseconds: Double(samples[samples.count / 2]) / 1_000,
            maximumMicroseconds: Double(samples.last!) / 1_000, legs: legs)
    }
}
