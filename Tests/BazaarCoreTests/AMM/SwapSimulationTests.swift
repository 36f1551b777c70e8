import Foundation
import PropertyBased
import Testing

@testable import BazaarCore

/// The router's read-only swaps against the real ones, and its quote against the router as it was
/// before it used them (trials on copies of the venues), so that the two can never drift.
@Suite("Swap simulation and the router")
struct SwapSimulationTests {
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// A concentrated pool at a random price with one to four positions of random ranges around it.
    static func randomEngine(_ rng: inout TestRandom) -> (engine: ConcentratedPool, amount0: UInt128, amount1: UInt128)
    {
        let tier = Pool.feeTiers[Int.random(in: 0..<Pool.feeTiers.count, using: &rng)]
        let tick = Int32.random(in: -3_000...3_000, using: &rng)
        var engine = try! ConcentratedPool(
            feePips: tier.feePips, tickSpacing: tier.tickSpacing, sqrtPriceX96: try! TickMath.sqrtRatio(atTick: tick))
        var amount0: UInt128 = 0
        var amount1: UInt128 = 0
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let center = tick / tier.tickSpacing + Int32.random(in: -30...30, using: &rng)
            let lower = (center - Int32.random(in: 1...300, using: &rng)) * tier.tickSpacing
            let upper = (center + Int32.random(in: 1...300, using: &rng)) * tier.tickSpacing
            let liquidity = Int128(UInt128.random(in: 1_000...1_000_000_000_000, using: &rng))
            guard let amounts = try? engine.modifyLiquidity(lower: lower, upper: upper, delta: liquidity) else {
                continue
            }
            amount0 += amounts.amount0.low
            amount1 += amounts.amount1.low
        }
        return (engine, amount0, amount1)
    }

    /// An amount spread over many scales, from one unit to far beyond any pool's depth.
    static func randomAmount(_ rng: inout TestRandom) -> UInt128 {
        UInt128.random(in: 1...(UInt128(1) << Int.random(in: 1...70, using: &rng)), using: &rng)
    }

    @Test func aSimulatedConcentratedSwapReturnsWhatTheSwapReturns() async {
        await propertyCheck(count: Self.onCI ? 10 : 40, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var engine = Self.randomEngine(&rng).engine
            // A sequence of swaps, so that the simulations also start from crossed ticks and fee growth.
            for _ in 0..<(Self.onCI ? 8 : 20) {
                let zeroForOne = Bool.random(using: &rng)
                let exactInput = Bool.random(using: &rng)
                let amount = UInt256(Self.randomAmount(&rng))
                let before = engine
                let simulated = Result { () throws(PoolMathError) in
                    try engine.simulateSwap(zeroForOne: zeroForOne, amount: amount, exactInput: exactInput)
                }
                #expect(engine == before)
                var moved = engine
                let swapped = Result { () throws(PoolMathError) in
                    try moved.swap(zeroForOne: zeroForOne, amount: amount, exactInput: exactInput)
                }
                #expect(
                    simulated == swapped,
                    "seed \(seed): \(zeroForOne ? "0→1" : "1→0") \(exactInput ? "in" : "out") \(amount)")
                if case .success = swapped { engine = moved }
            }
        }
    }

    @Test func aSimulatedPoolSwapReturnsWhatTheSwapReturns() async {
        await propertyCheck(count: Self.onCI ? 10 : 40, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var pool: Pool
            if Bool.random(using: &rng) {
                let (engine, amount0, amount1) = Self.randomEngine(&rng)
                pool = Pool(
                    id: 1, asset0: "BTC", asset1: "USD", feePips: engine.feePips, reserve0: Amount(baseUnits: amount0),
                    reserve1: Amount(baseUnits: amount1), curve: .concentrated(engine))
            } else {
                pool = Pool(
                    id: 1, asset0: "BTC", asset1: "USD", feePips: Pool.feeTiers.randomElement(using: &rng)!.feePips,
                    reserve0: Amount(baseUnits: UInt128.random(in: 0...1_000_000_000_000, using: &rng)),
                    reserve1: Amount(baseUnits: UInt128.random(in: 0...1_000_000_000_000, using: &rng)),
                    curve: .constantProduct(lpSupply: 1_000_000))
            }
            for _ in 0..<(Self.onCI ? 8 : 20) {
                let assetIn: AssetSymbol = ["BTC", "USD", "ETH"].randomElement(using: &rng)!
                let exactInput = Bool.random(using: &rng)
                let amount = Amount(baseUnits: Int.random(in: 0..<10, using: &rng) == 0 ? 0 : Self.randomAmount(&rng))
                let simulated = Result { () throws(ActionFailure) in
                    try pool.simulateSwap(assetIn: assetIn, amount: amount, exactInput: exactInput)
                }
                var moved = pool
                let swapped = Result { () throws(ActionFailure) in
                    try moved.swap(assetIn: assetIn, amount: amount, exactInput: exactInput)
                }
                switch (simulated, swapped) {
                case (.success(let a), .success(let b)):
                    #expect(a == b, "seed \(seed)")
                    pool = moved
                case (.failure(let a), .failure(let b)):
                    #expect(a.code == b.code, "seed \(seed)")
                    #expect(moved == pool, "seed \(seed): a failed swap moved the pool")
                default:
                    Issue.record("seed \(seed): simulated \(simulated), swapped \(swapped)")
                }
            }
        }
    }

    /// Random pools of both curves and books between USD, BTC and ETH, around one price (1.3 of the
    /// second asset for the first, as the benchmark's).
    static func randomVenues(_ rng: inout TestRandom) -> [AMMRouter.Venue] {
        let pairs: [(AssetSymbol, AssetSymbol)] = [("BTC", "USD"), ("BTC", "ETH"), ("ETH", "USD")]
        var venues: [AMMRouter.Venue] = []
        for _ in 0..<Int.random(in: 1...14, using: &rng) {
            let (asset0, asset1) = pairs.randomElement(using: &rng)!
            let id = PoolID(venues.count + 1)
            if Bool.random(using: &rng) {
                let (engine, amount0, amount1) = Self.randomEngine(&rng)
                venues.append(
                    .pool(
                        Pool(
                            id: id, asset0: asset0, asset1: asset1, feePips: engine.feePips,
                            reserve0: Amount(baseUnits: amount0), reserve1: Amount(baseUnits: amount1),
                            curve: .concentrated(engine))))
            } else {
                let scale = UInt128.random(in: 1_000...1_000_000, using: &rng)
                venues.append(
                    .pool(
                        Pool(
                            id: id, asset0: asset0, asset1: asset1,
                            feePips: Pool.feeTiers.randomElement(using: &rng)!.feePips,
                            reserve0: Amount(baseUnits: scale * 1_000_000),
                            reserve1: Amount(baseUnits: scale * UInt128.random(in: 1_100_000...1_500_000, using: &rng)),
                            curve: .constantProduct(lpSupply: scale))))
            }
        }
        for index in 0..<Int.random(in: 0...4, using: &rng) {
            let (base, quote) = pairs.randomElement(using: &rng)!
            let market = Market(
                id: MarketID(UInt32(index + 1)), base: base, quote: quote, lotSize: Amount(baseUnits: 1_000),
                tickSize: Amount(baseUnits: 1), minimumSize: Amount(baseUnits: 1_000), maximumPriceTicks: 1 << 20,
                makerFeeBasisPoints: 0, takerFeeBasisPoints: Int16.random(in: 0...10, using: &rng), mode: .continuous)
            let mid = Int64.random(in: 1_200...1_400, using: &rng)
            let levels = { (sign: Int64, rng: inout TestRandom) in
                (1...Int64.random(in: 1...10, using: &rng)).map {
                    MatchingEngine.Level(
                        price: mid + sign * $0 * 3, quantity: Int64.random(in: 1...5_000, using: &rng), orderCount: 1)
                }
            }
            let bids = levels(-1, &rng)
            let asks = levels(1, &rng)
            venues.append(.book(BookVenue(market: market, bids: bids, asks: asks)))
        }
        return venues
    }

    @Test func theQuoteIsTheQuoteOfTheRouterWithTrialsOnCopies() async {
        await propertyCheck(count: Self.onCI ? 8 : 30, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let venues = Self.randomVenues(&rng)
            let (assetIn, assetOut): (AssetSymbol, AssetSymbol) =
                [("USD", "BTC"), ("BTC", "USD"), ("ETH", "BTC"), ("USD", "ETH")].randomElement(using: &rng)!
            // Mostly amounts that move the pools (and so split), some tiny or beyond every venue's depth.
            let bits =
                Int.random(in: 0..<5, using: &rng) == 0
                ? Int.random(in: 1...50, using: &rng) : Int.random(in: 30...42, using: &rng)
            let amount = Amount(baseUnits: UInt128.random(in: 1...(UInt128(1) << bits), using: &rng))
            let chunks = [20, 20, 7, 1].randomElement(using: &rng)!
            let quote = AMMRouter.quote(
                venues: venues, assetIn: assetIn, amountIn: amount, assetOut: assetOut, chunkCount: chunks)
            let reference = ReferenceRouter.quote(
                venues: venues, assetIn: assetIn, amountIn: amount, assetOut: assetOut, chunkCount: chunks)
            #expect(quote == reference, "seed \(seed)")
        }
    }
    /// Venues shaped like `bazaar bench quote`'s (QuoteBenchmark), fewer of them: pools over five
    /// assets, every other one concentrated with one position of ±100 tick spacings, fee tiers in
    /// turn, and books of 20 levels a side around the pools' price.
    static func benchmarkVenues(pools poolCount: Int, books bookCount: Int) -> [AMMRouter.Venue] {
        let assets: [AssetSymbol] = ["BTC", "ETH", "SOL", "USD", "EUR"]
        var venues: [AMMRouter.Venue] = []
        var index = 0
        while venues.count < poolCount {
            let a = assets[index % assets.count]
            let b = assets[(index / assets.count + index + 1) % assets.count]
            index += 1
            guard a != b else { continue }
            let (asset0, asset1) = a < b ? (a, b) : (b, a)
            let tier = Pool.feeTiers[venues.count % Pool.feeTiers.count]
            let scale = UInt128(1_000 + (venues.count * 7_919) % 9_000)
            let id = PoolID(venues.count + 1)
            if venues.count % 2 == 0 {
                venues.append(
                    .pool(
                        Pool(
                            id: id, asset0: asset0, asset1: asset1, feePips: tier.feePips,
                            reserve0: Amount(baseUnits: scale * 1_000_000_000),
                            reserve1: Amount(baseUnits: scale * 1_300_000_000),
                            curve: .constantProduct(lpSupply: scale * 1_000_000_000))))
            } else {
                var engine = try! ConcentratedPool(
                    feePips: tier.feePips, tickSpacing: tier.tickSpacing, sqrtPriceX96: UInt256(high: 0, low: 1 << 96))
                let amounts = try! engine.modifyLiquidity(
                    lower: -100 * tier.tickSpacing, upper: 100 * tier.tickSpacing,
                    delta: Int128(scale) * 10_000_000_000)
                venues.append(
                    .pool(
                        Pool(
                            id: id, asset0: asset0, asset1: asset1, feePips: tier.feePips,
                            reserve0: Amount(baseUnits: amounts.amount0.low),
                            reserve1: Amount(baseUnits: amounts.amount1.low), curve: .concentrated(engine))))
            }
        }
        var pairs: [(AssetSymbol, AssetSymbol)] = []
        for (i, a) in assets.enumerated() { for b in assets[(i + 1)...] { pairs.append(a < b ? (a, b) : (b, a)) } }
        for index in 0..<bookCount {
            let (base, quote) = pairs[index % pairs.count]
            let market = Market(
                id: MarketID(UInt32(index + 1)), base: base, quote: quote, lotSize: Amount(baseUnits: 1_000_000),
                tickSize: Amount(baseUnits: 1_000), minimumSize: Amount(baseUnits: 1_000_000),
                maximumPriceTicks: 1 << 20, makerFeeBasisPoints: 0, takerFeeBasisPoints: 5, mode: .continuous)
            let mid = Int64(1_300 + index % 7)
            venues.append(
                .book(
                    BookVenue(
                        market: market,
                        bids: (1...20).map {
                            MatchingEngine.Level(price: mid - Int64($0), quantity: 1_000, orderCount: 1)
                        },
                        asks: (1...20).map {
                            MatchingEngine.Level(price: mid + Int64($0), quantity: 1_000, orderCount: 1)
                        })))
        }
        return venues
    }

    @Test func theBenchmarksVenuesQuoteAsBefore() {
        let venues = Self.benchmarkVenues(pools: Self.onCI ? 12 : 30, books: Self.onCI ? 2 : 5)
        for amount: UInt128 in [1, 1_000_000, 500_000_000, 5_000_000_000, 200_000_000_000] {
            let quote = AMMRouter.quote(
                venues: venues, assetIn: "USD", amountIn: Amount(baseUnits: amount), assetOut: "BTC")
            let reference = ReferenceRouter.quote(
                venues: venues, assetIn: "USD", amountIn: Amount(baseUnits: amount), assetOut: "BTC", chunkCount: 20)
            #expect(quote == reference, "\(amount)")
            #expect(quote != nil || amount == 1)
        }
    }
}

/// The router as it was before its trials were simulated (commit 76da345): each trial swaps copies
/// of its venues. Kept here, unoptimised, as the reference the router's quotes must equal.
enum ReferenceRouter {
    typealias Venue = AMMRouter.Venue

    static func trial(_ path: [Int], amount: Amount, from assetIn: AssetSymbol, on venues: [Venue]) -> (
        out: Amount, spent: Amount, moved: [(Int, Venue)]
    )? {
        var asset = assetIn
        var current = amount
        var spent = Amount.zero
        var moved: [(Int, Venue)] = []
        for index in path {
            var venue = venues[index]
            guard let result = venue.swap(asset, current) else { return nil }
            if spent.isZero { spent = result.spent }
            moved.append((index, venue))
            asset = result.asset
            current = result.out
        }
        return (current, spent, moved)
    }

    static func assets(_ venue: Venue) -> (AssetSymbol, AssetSymbol) {
        switch venue {
        case .pool(let pool): (pool.asset0, pool.asset1)
        case .book(let book): (book.market.base, book.market.quote)
        }
    }

    static func bound(_ path: [Int], amount: Amount, from assetIn: AssetSymbol, on venues: [Venue]) -> UInt256 {
        var value = UInt256(amount.baseUnits) << 64
        var asset = assetIn
        for index in path {
            let venue = venues[index]
            guard let next = marginal(value, through: venue, from: asset) else { return .zero }
            value = next
            asset = asset == assets(venue).0 ? assets(venue).1 : assets(venue).0
        }
        return value + (value >> 20) + (UInt256.one << 64)
    }

    static func marginal(_ value: UInt256, through venue: Venue, from asset: AssetSymbol) -> UInt256? {
        let pool: Pool
        switch venue {
        case .pool(let venuePool): pool = venuePool
        case .book(let book):
            let market = book.market
            let selling = asset == market.base
            guard let level = (selling ? book.bids : book.asks).first,
                let perLot = market.notional(priceTicks: level.price, lots: 1)
            else { return nil }
            let taker = UInt128(max(market.takerFeeBasisPoints, 0))
            let bps = UInt256(10_000 as UInt128)
            let lot = UInt256(market.lotSize.baseUnits)
            let price = UInt256(perLot.baseUnits)
            return selling
                ? UInt256.mulDiv(value, price, lot).flatMap { UInt256.mulDiv($0, UInt256(10_000 - taker), bps) }
                : UInt256.mulDiv(value, lot, price).flatMap { UInt256.mulDiv($0, bps, UInt256(10_000 + taker)) }
        }
        let zeroForOne = asset == pool.asset0
        guard let afterFee = UInt256.mulDiv(value, UInt256(UInt128(1_000_000 - pool.feePips)), SwapMath.pipsDenominator)
        else { return nil }
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

    struct Candidate: Comparable {
        var bound: UInt256
        var index: Int

        static func < (lhs: Candidate, rhs: Candidate) -> Bool {
            lhs.bound != rhs.bound ? lhs.bound < rhs.bound : lhs.index > rhs.index
        }
    }

    static func ratio(_ a: UInt256, _ b: UInt256, isBelow c: UInt256, _ d: UInt256) -> Bool {
        let left = a.multipliedFullWidth(by: d)
        let right = c.multipliedFullWidth(by: b)
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }

    static func quote(
        venues: [Venue], assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, chunkCount: Int
    ) -> AMMRouter.Quote? {
        guard !amountIn.isZero, assetIn != assetOut else { return nil }
        let paths = AMMRouter.paths(in: venues, from: assetIn, to: assetOut)
        guard !paths.isEmpty else { return nil }
        var working = venues
        var allocation = [UInt128](repeating: 0, count: paths.count)
        let chunks = UInt128(max(1, min(chunkCount, Int(min(amountIn.baseUnits, 1_000)))))
        let chunk = amountIn.baseUnits / chunks
        var remaining = amountIn.baseUnits
        var rounds = 0
        while remaining > 0, rounds < 4 * Int(chunks) {
            rounds += 1
            let part = remaining < 2 * chunk ? remaining : chunk
            let partAmount = Amount(baseUnits: part)
            let scaledPart = UInt256(part) << 64
            // Every path, highest bound first (a full sort: the order a heap pops them in).
            let order = paths.indices.map {
                Candidate(bound: bound(paths[$0], amount: partAmount, from: assetIn, on: working), index: $0)
            }.sorted(by: >)
            var best: (index: Int, out: Amount, spent: Amount, moved: [(Int, Venue)])?
            for candidate in order {
                if let current = best,
                    !ratio(
                        UInt256(current.out.baseUnits), UInt256(current.spent.baseUnits), isBelow: candidate.bound,
                        scaledPart)
                {
                    break
                }
                guard let result = trial(paths[candidate.index], amount: partAmount, from: assetIn, on: working),
                    !result.spent.isZero, !result.out.isZero
                else { continue }
                if let current = best,
                    !ratio(
                        UInt256(current.out.baseUnits), UInt256(current.spent.baseUnits),
                        isBelow: UInt256(result.out.baseUnits), UInt256(result.spent.baseUnits))
                {
                    continue
                }
                best = (candidate.index, result.out, result.spent, result.moved)
            }
            guard let chosen = best else { break }
            allocation[chosen.index] += chosen.spent.baseUnits
            for (venueIndex, venue) in chosen.moved { working[venueIndex] = venue }
            remaining -= min(remaining, chosen.spent.baseUnits)
        }
        if remaining > 0, let largest = allocation.indices.max(by: { allocation[$0] < allocation[$1] }),
            allocation[largest] > 0
        {
            allocation[largest] += remaining
            remaining = 0
        }
        var bestSingle: (path: Int, out: Amount)?
        let singleOrder = paths.indices.map {
            Candidate(bound: bound(paths[$0], amount: amountIn, from: assetIn, on: venues), index: $0)
        }.sorted(by: >)
        for candidate in singleOrder {
            if let current = bestSingle, candidate.bound >> 64 < UInt256(current.out.baseUnits) { break }
            guard let result = trial(paths[candidate.index], amount: amountIn, from: assetIn, on: venues) else {
                continue
            }
            if bestSingle == nil || result.out > bestSingle!.out { bestSingle = (candidate.index, result.out) }
        }
        let used = allocation.indices.filter { allocation[$0] > 0 }.sorted { allocation[$0] > allocation[$1] }
        if used.count > AMMAction.routeLegsMax {
            for index in used[AMMAction.routeLegsMax...] {
                allocation[used[0]] += allocation[index]
                allocation[index] = 0
            }
        }
        var candidates: [[(path: [Int], amount: UInt128)]] = []
        if remaining == 0 {
            candidates.append(zip(paths, allocation).filter { $0.1 > 0 }.map { ($0.0, $0.1) })
        }
        if let bestSingle { candidates.append([(paths[bestSingle.path], amountIn.baseUnits)]) }
        var bestQuote: AMMRouter.Quote?
        for legs in candidates {
            var state = venues
            var quoteLegs: [AMMRouter.Leg] = []
            var total = Amount.zero
            var failed = false
            for (path, amount) in legs {
                guard let result = AMMRouter.run(path, amount: Amount(baseUnits: amount), from: assetIn, on: &state),
                    let sum = total.adding(result.out)
                else {
                    failed = true
                    break
                }
                total = sum
                quoteLegs.append(
                    AMMRouter.Leg(
                        hops: path.map { venues[$0].hop }, assets: result.assets, amountIn: Amount(baseUnits: amount),
                        amountOut: result.out, fees: result.fees))
            }
            guard !failed, !total.isZero else { continue }
            if bestQuote == nil || total > bestQuote!.amountOut {
                bestQuote = AMMRouter.Quote(
                    assetIn: assetIn, assetOut: assetOut, amountIn: amountIn, amountOut: total, legs: quoteLegs,
                    priceImpactBasisPoints: 0)
            }
        }
        guard var quote = bestQuote else { return nil }
        quote.priceImpactBasisPoints = priceImpact(of: quote, venues: venues)
        return quote
    }

    static func priceImpact(of quote: AMMRouter.Quote, venues: [Venue]) -> UInt64 {
        var spot = UInt256.zero
        for leg in quote.legs {
            var value = UInt256(leg.amountIn.baseUnits) << 64
            var asset = quote.assetIn
            for hop in leg.hops {
                guard let venue = venues.first(where: { $0.hop == hop }),
                    let next = marginal(value, through: venue, from: asset)
                else { return 0 }
                value = next
                asset = asset == assets(venue).0 ? assets(venue).1 : assets(venue).0
            }
            spot = spot + value
        }
        let actual = UInt256(quote.amountOut.baseUnits) << 64
        guard !spot.isZero, spot > actual else { return 0 }
        let impact = UInt256.mulDivRoundingUp(spot - actual, UInt256(10_000 as UInt128), spot) ?? .zero
        return UInt64(impact.low)
    }
}
