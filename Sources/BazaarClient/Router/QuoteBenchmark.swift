public import BazaarCore

/// `bazaar bench quote`: how long the router takes to quote across many pools.
///
/// Builds `poolCount` pools over a few assets (half constant-product, half concentrated with a
/// position around the price, fee tiers in turn, reserves varying by a fixed pattern), then times
/// `iterations` quotes of a fixed amount USD → BTC, which consider every direct and two-hop path.
public enum QuoteBenchmark {
    public struct Result: Sendable {
        public var poolCount: Int
        public var bookCount: Int
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

    /// `count` continuous books, one per pair of the pools' assets in turn, 20 levels a side of
    /// 1,000 lots around the pools' prices (1.3 asset1 per asset0).
    public static func books(count: Int) -> [BookVenue] {
        let assets: [AssetSymbol] = ["BTC", "ETH", "SOL", "USD", "EUR"]
        var pairs: [(AssetSymbol, AssetSymbol)] = []
        for (i, a) in assets.enumerated() { for b in assets[(i + 1)...] { pairs.append(a < b ? (a, b) : (b, a)) } }
        return (0..<count).map { index in
            let (base, quote) = pairs[index % pairs.count]
            let market = Market(
                id: MarketID(UInt32(index + 1)), base: base, quote: quote, lotSize: Amount(baseUnits: 1_000_000),
                tickSize: Amount(baseUnits: 1_000), minimumSize: Amount(baseUnits: 1_000_000),
                maximumPriceTicks: 1 << 20,
                makerFeeBasisPoints: 0, takerFeeBasisPoints: 5, mode: .continuous)
            let mid = Int64(1_300 + index % 7)
            return BookVenue(
                market: market,
                bids: (1...20).map { MatchingEngine.Level(price: mid - Int64($0), quantity: 1_000, orderCount: 1) },
                asks: (1...20).map { MatchingEngine.Level(price: mid + Int64($0), quantity: 1_000, orderCount: 1) })
        }
    }

    public static func run(poolCount: Int = 100, bookCount: Int = 10, iterations: Int = 200, clock: () -> UInt64)
        -> Result
    {
        let venues =
            pools(count: poolCount).map(AMMRouter.Venue.pool) + books(count: bookCount).map(AMMRouter.Venue.book)
        let amount = Amount(baseUnits: 5_000_000_000)
        var samples: [UInt64] = []
        var legs = 0
        for _ in 0..<iterations {
            let start = clock()
            let quote = AMMRouter.quote(venues: venues, assetIn: "USD", amountIn: amount, assetOut: "BTC")
            samples.append(clock() - start)
            legs = quote?.legs.count ?? 0
        }
        samples.sort()
        return Result(
            poolCount: poolCount, bookCount: bookCount,
            pathCount: AMMRouter.paths(in: venues, from: "USD", to: "BTC").count,
            iterations: iterations, medianMicroseconds: Double(samples[samples.count / 2]) / 1_000,
            maximumMicroseconds: Double(samples.last!) / 1_000, legs: legs)
    }
}
