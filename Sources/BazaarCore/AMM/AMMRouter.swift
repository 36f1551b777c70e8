internal import HeapModule

/// Best execution across pools and order books: for an input asset and amount and an output asset,
/// the split over direct venues and two-hop paths (through any middle asset) that gives the most
/// output, as a `route` action would execute it (legs in order, each seeing the venues as the
/// previous legs left them).
///
/// The split is greedy: the amount is cut into `chunkCount` parts and each part goes to the path
/// whose next part pays most on the pools as already moved by the earlier parts. The result is then
/// replayed exactly; if the best single path pays more, that path is the route, so the route never
/// pays less than any single venue.
public enum AMMRouter {
    /// One leg of a quote: an input amount through one or two venues.
    public struct Leg: Sendable, Hashable {
        public var hops: [AMMAction.RouteHop]
        /// The assets along the path, input first.
        public var assets: [AssetSymbol]
        public var amountIn: Amount
        public var amountOut: Amount
        /// The fee of each hop: a pool's in its input asset, a book's taker fee in its quote asset.
        public var fees: [Fee]
    }

    public struct Fee: Sendable, Hashable {
        public var amount: Amount
        public var asset: AssetSymbol
    }

    public struct Quote: Sendable, Hashable {
        public var assetIn: AssetSymbol
        public var assetOut: AssetSymbol
        public var amountIn: Amount
        public var amountOut: Amount
        public var legs: [Leg]
        /// How much worse the average price is than the venues' spot prices, in basis points (rounded up).
        public var priceImpactBasisPoints: UInt64

        /// The route action that executes this quote with a minimum output.
        public func action(minimumOut: Amount) -> AMMAction {
            .route(
                AMMAction.Route(
                    assetIn: assetIn, assetOut: assetOut,
                    legs: legs.map { AMMAction.RouteLeg(amountIn: $0.amountIn, hops: $0.hops) },
                    minimumOut: minimumOut))
        }
    }

    /// A pool or a book, as the router sees it.
    public enum Venue: Sendable, Hashable {
        case pool(Pool)
        case book(BookVenue)

        public var hop: AMMAction.RouteHop {
            switch self {
            case .pool(let pool): .pool(pool.id)
            case .book(let book): .book(book.market.id)
            }
        }

        var assets: (AssetSymbol, AssetSymbol) {
            switch self {
            case .pool(let pool): (pool.asset0, pool.asset1)
            case .book(let book): (book.market.base, book.market.quote)
            }
        }

        func contains(_ asset: AssetSymbol) -> Bool { assets.0 == asset || assets.1 == asset }

        /// Swaps `amount` of `assetIn` exactly in, moving this venue; nil when it cannot.
        mutating func swap(_ assetIn: AssetSymbol, _ amount: Amount) -> (
            spent: Amount, out: Amount, fee: Fee, asset: AssetSymbol
        )? {
            switch self {
            case .pool(var pool):
                guard let outcome = try? pool.swap(assetIn: assetIn, amount: amount, exactInput: true) else {
                    return nil
                }
                self = .pool(pool)
                return (outcome.amountIn, outcome.amountOut, Fee(amount: outcome.fee, asset: assetIn), outcome.assetOut)
            case .book(var book):
                guard let plan = book.plan(assetIn: assetIn, amount: amount) else { return nil }
                book.take(plan)
                self = .book(book)
                return (plan.amountIn, plan.amountOut, Fee(amount: plan.fee, asset: book.market.quote), plan.assetOut)
            }
        }
    }

    /// Every path of one or two venues from `assetIn` to `assetOut` (indexes into `venues`), direct ones first.
    public static func paths(in venues: [Venue], from assetIn: AssetSymbol, to assetOut: AssetSymbol) -> [[Int]] {
        // The venues' asset pairs, read once: reading them through `Venue` copies a pool per look.
        let pairs = venues.map(\.assets)
        func contains(_ pair: (AssetSymbol, AssetSymbol), _ asset: AssetSymbol) -> Bool {
            pair.0 == asset || pair.1 == asset
        }
        var result: [[Int]] = []
        for (index, pair) in pairs.enumerated() where contains(pair, assetIn) && contains(pair, assetOut) {
            result.append([index])
        }
        let seconds = pairs.indices.filter { contains(pairs[$0], assetOut) }
        for (first, pair) in pairs.enumerated() where contains(pair, assetIn) && !contains(pair, assetOut) {
            let middle = pair.0 == assetIn ? pair.1 : pair.0
            for second in seconds where contains(pairs[second], middle) {
                result.append([first, second])
            }
        }
        return result
    }

    /// Runs one leg on `venues`, moving them; nil when a venue cannot take it.
    static func run(_ path: [Int], amount: Amount, from assetIn: AssetSymbol, on venues: inout [Venue]) -> (
        out: Amount, fees: [Fee], assets: [AssetSymbol], spent: Amount
    )? {
        var asset = assetIn
        var current = amount
        var fees: [Fee] = []
        var assets = [assetIn]
        var spent = Amount.zero
        for index in path {
            guard let result = venues[index].swap(asset, current) else { return nil }
            if spent.isZero { spent = result.spent }
            fees.append(result.fee)
            asset = result.asset
            assets.append(asset)
            current = result.out
        }
        return (current, fees, assets, spent)
    }

    /// The best route over pools only.
    public static func quote(
        pools: [Pool], assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, chunkCount: Int = 20
    ) -> Quote? {
        quote(
            venues: pools.map(Venue.pool), assetIn: assetIn, amountIn: amountIn, assetOut: assetOut,
            chunkCount: chunkCount)
    }

    /// Runs one leg on copies of its venues only; the moved venues come back with the result.
    static func trial(_ path: [Int], amount: Amount, from assetIn: AssetSymbol, on venues: [Venue]) -> (
        out: Amount, spent: Amount, moved: [(Int, Venue)]
    )? {
        var asset = assetIn
        var current = amount
        var spent = Amount.zero
        var moved: [(Int, Venue)] = []
        moved.reserveCapacity(path.count)
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

    /// An upper bound on what `amount` pays through `path` (its marginal output, in units · 2^64,
    /// plus a margin for rounding): no execution of that amount pays more.
    static func bound(_ path: [Int], amount: Amount, from assetIn: AssetSymbol, on venues: [Venue]) -> UInt256 {
        var value = UInt256(amount.baseUnits) << 64
        var asset = assetIn
        for index in path {
            let venue = venues[index]
            guard let next = marginal(value, through: venue, from: asset) else { return .zero }
            value = next
            asset = asset == venue.assets.0 ? venue.assets.1 : venue.assets.0
        }
        return value + (value >> 20) + (UInt256.one << 64)
    }

    /// A path and its bound, ordered by bound and then by path order (the earlier path is the
    /// larger), so that equal bounds are tried in path order.
    struct Candidate: Comparable {
        var bound: UInt256
        var index: Int

        static func < (lhs: Candidate, rhs: Candidate) -> Bool {
            lhs.bound != rhs.bound ? lhs.bound < rhs.bound : lhs.index > rhs.index
        }
    }

    /// Whether a/b < c/d, exactly.
    static func ratio(_ a: UInt256, _ b: UInt256, isBelow c: UInt256, _ d: UInt256) -> Bool {
        let left = a.multipliedFullWidth(by: d)
        let right = c.multipliedFullWidth(by: b)
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }

    /// The best route, or nil when no path can take any of the amount.
    ///
    /// Paths are tried in decreasing order of their marginal-price bound and skipped once the bound
    /// cannot beat the best found (an exact pruning: no execution beats its marginal price), and a
    /// path's result for a part is reused until one of its venues moves.
    public static func quote(
        venues: [Venue], assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, chunkCount: Int = 20
    ) -> Quote? {
        guard !amountIn.isZero, assetIn != assetOut else { return nil }
        let paths = paths(in: venues, from: assetIn, to: assetOut)
        guard !paths.isEmpty else { return nil }

        // Greedy split on a working copy: each part goes to the path paying most per unit it takes
        // (a thin book may take only part of a part; the rest stays for the next round).
        var working = venues
        var versions = [UInt32](repeating: 0, count: venues.count)
        // A path's venues' versions in one word (paths have one or two venues), so that a cached
        // result is known fresh without allocating.
        func versionKey(_ path: [Int]) -> UInt64 {
            path.count == 1 ? UInt64(versions[path[0]]) : UInt64(versions[path[0]]) | UInt64(versions[path[1]]) << 32
        }
        var cache = [(part: UInt128, versions: UInt64, result: (out: Amount, spent: Amount, moved: [(Int, Venue)])?)?](
            repeating: nil, count: paths.count)
        var boundCache = [(part: UInt128, versions: UInt64, bound: UInt256)?](repeating: nil, count: paths.count)
        var order: [Candidate] = []
        order.reserveCapacity(paths.count)
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
            // Bounds move only with their venues: recompute those whose venues moved (or all, for a new part size).
            order.removeAll(keepingCapacity: true)
            for index in paths.indices {
                let pathVersions = versionKey(paths[index])
                if let cached = boundCache[index], cached.part == part, cached.versions == pathVersions {
                    order.append(Candidate(bound: cached.bound, index: index))
                    continue
                }
                let value = bound(paths[index], amount: partAmount, from: assetIn, on: working)
                boundCache[index] = (part, pathVersions, value)
                order.append(Candidate(bound: value, index: index))
            }
            // Highest bound first; most rounds stop after a few paths, so a heap beats a sort.
            var queue = Heap(order)
            var best: (index: Int, out: Amount, spent: Amount, moved: [(Int, Venue)])?
            while let candidate = queue.popMax() {
                let (index, pathBound) = (candidate.index, candidate.bound)
                if let current = best,
                    !ratio(
                        UInt256(current.out.baseUnits), UInt256(current.spent.baseUnits), isBelow: pathBound, scaledPart
                    )
                {
                    break
                }
                let path = paths[index]
                let pathVersions = versionKey(path)
                let result: (out: Amount, spent: Amount, moved: [(Int, Venue)])?
                if let cached = cache[index], cached.part == part, cached.versions == pathVersions {
                    result = cached.result
                } else {
                    result = trial(path, amount: partAmount, from: assetIn, on: working)
                    cache[index] = (part, pathVersions, result)
                }
                guard let result, !result.spent.isZero, !result.out.isZero else { continue }
                if let current = best,
                    !ratio(
                        UInt256(current.out.baseUnits), UInt256(current.spent.baseUnits),
                        isBelow: UInt256(result.out.baseUnits), UInt256(result.spent.baseUnits))
                {
                    continue
                }
                best = (index, result.out, result.spent, result.moved)
            }
            guard let chosen = best else { break }
            allocation[chosen.index] += chosen.spent.baseUnits
            for (venueIndex, venue) in chosen.moved {
                working[venueIndex] = venue
                versions[venueIndex] &+= 1
            }
            remaining -= min(remaining, chosen.spent.baseUnits)
        }
        if remaining > 0, let largest = allocation.indices.max(by: { allocation[$0] < allocation[$1] }),
            allocation[largest] > 0
        {
            allocation[largest] += remaining
            remaining = 0
        }

        // The best single path for the whole amount, pruned by the same bound.
        var bestSingle: (path: Int, out: Amount)?
        var singleQueue = Heap(
            paths.indices.map {
                Candidate(bound: bound(paths[$0], amount: amountIn, from: assetIn, on: venues), index: $0)
            })
        while let candidate = singleQueue.popMax() {
            let (index, pathBound) = (candidate.index, candidate.bound)
            if let current = bestSingle, pathBound >> 64 < UInt256(current.out.baseUnits) { break }
            guard let result = trial(paths[index], amount: amountIn, from: assetIn, on: venues) else { continue }
            if bestSingle == nil || result.out > bestSingle!.out { bestSingle = (index, result.out) }
        }

        // A route has at most `AMMAction.routeLegsMax` legs: the smallest allocations join the largest.
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

        // Replay each candidate exactly as the route action runs it: legs in order.
        var bestQuote: Quote?
        for legs in candidates {
            var state = venues
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
                        hops: path.map { venues[$0].hop }, assets: result.assets, amountIn: Amount(baseUnits: amount),
                        amountOut: result.out, fees: result.fees))
            }
            guard !failed, !total.isZero else { continue }
            if bestQuote == nil || total > bestQuote!.amountOut {
                bestQuote = Quote(
                    assetIn: assetIn, assetOut: assetOut, amountIn: amountIn, amountOut: total, legs: quoteLegs,
                    priceImpactBasisPoints: 0)
            }
        }
        guard var quote = bestQuote else { return nil }
        quote.priceImpactBasisPoints = priceImpact(of: quote, venues: venues)
        return quote
    }

    /// The shortfall of the quote's output against its spot output — what the same amounts would
    /// give at the pools' current marginal prices after fees — in basis points, rounded up.
    static func priceImpact(of quote: Quote, venues: [Venue]) -> UInt64 {
        let scale = 64  // fixed-point bits kept below the unit
        var spot = UInt256.zero
        for leg in quote.legs {
            var value = UInt256(leg.amountIn.baseUnits) << scale
            var asset = quote.assetIn
            for hop in leg.hops {
                guard let venue = venues.first(where: { $0.hop == hop }),
                    let next = marginal(value, through: venue, from: asset)
                else { return 0 }
                value = next
                asset = asset == venue.assets.0 ? venue.assets.1 : venue.assets.0
            }
            spot = spot + value
        }
        let actual = UInt256(quote.amountOut.baseUnits) << scale
        guard !spot.isZero, spot > actual else { return 0 }
        let impact = UInt256.mulDivRoundingUp(spot - actual, UInt256(10_000 as UInt128), spot) ?? .zero
        return UInt64(impact.low)
    }

    /// `value` of `asset` converted at the venue's marginal price (a book's best level), less its fee.
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
            // A seller receives the notional less the taker fee; a buyer pays the notional plus it.
            let taker = UInt128(max(market.takerFeeBasisPoints, 0))
            let bps = UInt256(10_000 as UInt128)
            let lot = UInt256(market.lotSize.baseUnits)
            let price = UInt256(perLot.baseUnits)
            return selling
                ? UInt256.mulDiv(value, price, lot).flatMap { UInt256.mulDiv($0, UInt256(10_000 - taker), bps) }
                : UInt256.mulDiv(value, lot, price).flatMap { UInt256.mulDiv($0, bps, UInt256(10_000 + taker)) }
        }
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
