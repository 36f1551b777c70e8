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

    /// What `run` would pay and spend for one leg, simulated on the split's working venues without
    /// moving them (a path's venues are distinct, so no hop sees another's move).
    static func trial(_ path: PathVenues, amount: Amount, from assetIn: AssetSymbol, on venues: WorkingVenues) -> (
        out: Amount, spent: Amount
    )? {
        guard let first = venues.simulate(path.first, assetIn, amount) else { return nil }
        guard path.second >= 0 else { return (first.out, first.spent) }
        guard let second = venues.simulate(path.second, first.asset, first.out) else { return nil }
        return (second.out, first.spent.isZero ? second.spent : first.spent)
    }

    /// `run` on the split's working venues, moving them; only what the split needs comes back.
    static func run(_ path: PathVenues, amount: Amount, from assetIn: AssetSymbol, on venues: inout WorkingVenues)
        -> (out: Amount, spent: Amount)?
    {
        guard let first = venues.swap(path.first, assetIn, amount) else { return nil }
        guard path.second >= 0 else { return (first.out, first.spent) }
        guard let second = venues.swap(path.second, first.asset, first.out) else { return nil }
        return (second.out, first.spent.isZero ? second.spent : first.spent)
    }

    /// The rounding margin added to a path's marginal output.
    static func margin(_ value: UInt256) -> UInt256 { value + (value >> 20) + (UInt256.one << 64) }

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

    /// The venues as the greedy split moves them, kept apart by kind so that trials read a pool or a
    /// book in place (a `Venue` read out of an array copies its payload, with a retain per buffer).
    struct WorkingVenues {
        var pools: [Pool] = []
        var books: [BookVenue] = []
        /// Per venue: its index in `pools` (≥ 0) or `~` its index in `books`.
        var slots: [Int] = []

        init(_ venues: [Venue]) {
            slots.reserveCapacity(venues.count)
            pools.reserveCapacity(venues.count)
            for venue in venues {
                switch venue {
                case .pool(let pool):
                    slots.append(pools.count)
                    pools.append(pool)
                case .book(let book):
                    slots.append(~books.count)
                    books.append(book)
                }
            }
        }

        /// What `swap` would spend and pay on venue `index`, and in which asset, without moving it.
        func simulate(_ index: Int, _ assetIn: AssetSymbol, _ amount: Amount) -> (
            spent: Amount, out: Amount, asset: AssetSymbol
        )? {
            let slot = slots[index]
            if slot >= 0 {
                guard let outcome = try? pools[slot].simulateSwap(assetIn: assetIn, amount: amount, exactInput: true)
                else { return nil }
                return (outcome.amountIn, outcome.amountOut, outcome.assetOut)
            }
            guard let plan = books[~slot].plan(assetIn: assetIn, amount: amount) else { return nil }
            return (plan.amountIn, plan.amountOut, plan.assetOut)
        }

        /// `Venue.swap` on venue `index`, in place.
        mutating func swap(_ index: Int, _ assetIn: AssetSymbol, _ amount: Amount) -> (
            spent: Amount, out: Amount, asset: AssetSymbol
        )? {
            let slot = slots[index]
            if slot >= 0 {
                guard let outcome = try? pools[slot].swap(assetIn: assetIn, amount: amount, exactInput: true) else {
                    return nil
                }
                return (outcome.amountIn, outcome.amountOut, outcome.assetOut)
            }
            guard let plan = books[~slot].plan(assetIn: assetIn, amount: amount) else { return nil }
            books[~slot].take(plan)
            return (plan.amountIn, plan.amountOut, plan.assetOut)
        }

        /// The rate of venue `index` from its first asset (`fromFirst`) or its second.
        func rate(_ index: Int, fromFirst: Bool) -> Rate {
            let slot = slots[index]
            return slot >= 0 ? Rate(pools[slot], fromFirst: fromFirst) : Rate(books[~slot], selling: fromFirst)
        }
    }

    /// A path as indexes: its venues (`second` < 0 for a direct path) and the slots of their rates
    /// in the direction the path crosses them (2·venue, + 1 from the venue's second asset).
    struct PathVenues {
        var first: Int
        var second: Int
        var firstRate: Int
        var secondRate: Int
    }

    /// The best route, or nil when no path can take any of the amount.
    ///
    /// Paths are tried in decreasing order of their marginal-price bound and skipped once the bound
    /// cannot beat the best found (an exact pruning: no execution beats its marginal price), and a
    /// path's result for a part is reused until one of its venues moves. Trials are simulated swaps
    /// (nothing copied or written); only the chosen part moves its venues.
    public static func quote(
        venues: [Venue], assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, chunkCount: Int = 20
    ) -> Quote? {
        guard !amountIn.isZero, assetIn != assetOut else { return nil }
        let paths = paths(in: venues, from: assetIn, to: assetOut)
        guard !paths.isEmpty else { return nil }
        let pairs = venues.map(\.assets)
        let pathVenues = paths.map { path -> PathVenues in
            let first = path[0]
            let fromFirst = pairs[first].0 == assetIn
            guard path.count == 2 else {
                return PathVenues(first: first, second: -1, firstRate: 2 * first + (fromFirst ? 0 : 1), secondRate: -1)
            }
            let middle = fromFirst ? pairs[first].1 : pairs[first].0
            return PathVenues(
                first: first, second: path[1], firstRate: 2 * first + (fromFirst ? 0 : 1),
                secondRate: 2 * path[1] + (pairs[path[1]].0 == middle ? 0 : 1))
        }

        let original = WorkingVenues(venues)
        // Both directions' marginal rates of every venue, as they stand (updated when a venue moves).
        var rates: [Rate] = []
        rates.reserveCapacity(2 * venues.count)
        for index in venues.indices {
            rates.append(original.rate(index, fromFirst: true))
            rates.append(original.rate(index, fromFirst: false))
        }

        // The best single path for the whole amount, pruned by the same bound.
        var bestSingle: (path: Int, out: Amount)?
        let scaledAmount = UInt256(amountIn.baseUnits) << 64
        var firstValues = [UInt256??](repeating: nil, count: rates.count)
        let singles = pathVenues.indices.map { index -> Candidate in
            let path = pathVenues[index]
            if firstValues[path.firstRate] == nil {
                firstValues[path.firstRate] = .some(rates[path.firstRate].apply(scaledAmount))
            }
            var value = firstValues[path.firstRate]!
            if path.secondRate >= 0, let first = value { value = rates[path.secondRate].apply(first) }
            return Candidate(bound: value.map(margin) ?? .zero, index: index)
        }
        func trySingle(_ index: Int) {
            guard let result = trial(pathVenues[index], amount: amountIn, from: assetIn, on: original) else { return }
            if bestSingle == nil || result.out > bestSingle!.out { bestSingle = (index, result.out) }
        }
        // As in the split's rounds: the highest bound alone, then a heap of the paths that can beat it.
        let singleTop = singles.max()!
        trySingle(singleTop.index)
        var singleQueue = Heap(
            singles.filter { candidate in
                candidate.index != singleTop.index
                    && (bestSingle.map { candidate.bound >> 64 >= UInt256($0.out.baseUnits) } ?? true)
            })
        while let candidate = singleQueue.popMax() {
            if let current = bestSingle, candidate.bound >> 64 < UInt256(current.out.baseUnits) { break }
            trySingle(candidate.index)
        }

        // Greedy split on a working copy: each part goes to the path paying most per unit it takes
        // (a thin book may take only part of a part; the rest stays for the next round).
        var working = consume original
        var versions = [UInt32](repeating: 0, count: venues.count)
        // A path's venues' versions in one word, so that a cached result is known fresh without allocating.
        func versionKey(_ path: PathVenues) -> UInt64 {
            path.second < 0
                ? UInt64(versions[path.first]) : UInt64(versions[path.first]) | UInt64(versions[path.second]) << 32
        }
        // The first hop's marginal output, shared by every path leaving through that venue and direction.
        var firstHops = [(part: UInt128, version: UInt32, value: UInt256?)?](repeating: nil, count: rates.count)
        var cache = [(part: UInt128, versions: UInt64, result: (out: Amount, spent: Amount)?)?](
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
            // The highest candidate, found on the way (below every real one: bounds are at least 0,
            // indexes at most the last).
            var top = Candidate(bound: .zero, index: Int.max)
            for index in paths.indices {
                let path = pathVenues[index]
                let pathVersions = versionKey(path)
                if let cached = boundCache[index], cached.part == part, cached.versions == pathVersions {
                    let candidate = Candidate(bound: cached.bound, index: index)
                    if top < candidate { top = candidate }
                    order.append(candidate)
                    continue
                }
                let firstValue: UInt256?
                if let hop = firstHops[path.firstRate], hop.part == part, hop.version == versions[path.first] {
                    firstValue = hop.value
                } else {
                    firstValue = rates[path.firstRate].apply(scaledPart)
                    firstHops[path.firstRate] = (part, versions[path.first], firstValue)
                }
                var value = firstValue
                if path.secondRate >= 0, let first = value { value = rates[path.secondRate].apply(first) }
                let pathBound = value.map(margin) ?? .zero
                boundCache[index] = (part, pathVersions, pathBound)
                let candidate = Candidate(bound: pathBound, index: index)
                if top < candidate { top = candidate }
                order.append(candidate)
            }
            // Highest bound first. Most rounds stop after a few paths, so the highest is tried alone;
            // then only the paths whose bound beats what it paid go into a heap — the others would be
            // pruned anyway, since bounds only fall and the best only rises along that order.
            var queue: Heap<Candidate>?
            var best: (index: Int, out: Amount, spent: Amount)?
            while true {
                let candidate: Candidate
                if queue == nil {
                    candidate = top
                    queue = Heap()
                } else {
                    if queue!.isEmpty, order.count > 0 {
                        // After the top, once: the others that can still beat the best, that is whose
                        // bound c has out/spent < c/part, i.e. c > ⌊out·part / spent⌋ (c is whole).
                        if let current = best {
                            let threshold = UInt256.mulDiv(
                                UInt256(current.out.baseUnits), scaledPart, UInt256(current.spent.baseUnits))
                            if let threshold {
                                queue = Heap(order.filter { $0.bound > threshold && $0.index != top.index })
                            }
                        } else {
                            queue = Heap(order.filter { $0.index != top.index })
                        }
                        order.removeAll(keepingCapacity: true)
                    }
                    guard let popped = queue!.popMax() else { break }
                    candidate = popped
                }
                let (index, pathBound) = (candidate.index, candidate.bound)
                if let current = best,
                    !ratio(
                        UInt256(current.out.baseUnits), UInt256(current.spent.baseUnits), isBelow: pathBound, scaledPart
                    )
                {
                    break
                }
                let path = pathVenues[index]
                let pathVersions = versionKey(path)
                let result: (out: Amount, spent: Amount)?
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
                best = (index, result.out, result.spent)
            }
            guard let chosen = best else { break }
            allocation[chosen.index] += chosen.spent.baseUnits
            // The chosen part moves its venues for real; the swap pays what its simulation said.
            let moved = run(pathVenues[chosen.index], amount: partAmount, from: assetIn, on: &working)
            assert(moved?.out == chosen.out && moved?.spent == chosen.spent, "a trial differs from its swap")
            for venueIndex in paths[chosen.index] {
                versions[venueIndex] &+= 1
                rates[2 * venueIndex] = working.rate(venueIndex, fromFirst: true)
                rates[2 * venueIndex + 1] = working.rate(venueIndex, fromFirst: false)
            }
            remaining -= min(remaining, chosen.spent.baseUnits)
        }
        if remaining > 0, let largest = allocation.indices.max(by: { allocation[$0] < allocation[$1] }),
            allocation[largest] > 0
        {
            allocation[largest] += remaining
            remaining = 0
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
        switch venue {
        case .pool(let pool): Rate(pool, fromFirst: asset == pool.asset0).apply(value)
        case .book(let book): Rate(book, selling: asset == book.market.base).apply(value)
        }
    }

    /// A venue's marginal price in one direction, less its fee, as up to three multiply-divides
    /// (each rounding down, as `marginal` applies them): read once per venue state, so that the
    /// bounds of the paths through it touch no venue.
    struct Rate {
        /// Two or three steps; zero for no rate (an empty book side, a pool with no input reserve).
        var count: Int
        var numerator0: UInt256, denominator0: UInt256
        var numerator1: UInt256, denominator1: UInt256
        var numerator2: UInt256 = .zero, denominator2: UInt256 = .zero

        static let none = Rate(count: 0, numerator0: .zero, denominator0: .zero, numerator1: .zero, denominator1: .zero)

        init(
            count: Int, numerator0: UInt256, denominator0: UInt256, numerator1: UInt256, denominator1: UInt256,
            numerator2: UInt256 = .zero, denominator2: UInt256 = .zero
        ) {
            self.count = count
            (self.numerator0, self.denominator0) = (numerator0, denominator0)
            (self.numerator1, self.denominator1) = (numerator1, denominator1)
            (self.numerator2, self.denominator2) = (numerator2, denominator2)
        }

        /// A pool's rate from asset0 (`fromFirst`) or asset1: the fee, then the reserves' ratio or the
        /// square of the √price.
        init(_ pool: Pool, fromFirst zeroForOne: Bool) {
            let (feeNumerator, feeDenominator) = (UInt256(UInt128(1_000_000 - pool.feePips)), SwapMath.pipsDenominator)
            switch pool.curve {
            case .constantProduct:
                let (reserveIn, reserveOut) =
                    zeroForOne ? (pool.reserve0, pool.reserve1) : (pool.reserve1, pool.reserve0)
                guard !reserveIn.isZero else {
                    self = .none
                    return
                }
                self.init(
                    count: 2, numerator0: feeNumerator, denominator0: feeDenominator,
                    numerator1: UInt256(reserveOut.baseUnits), denominator1: UInt256(reserveIn.baseUnits))
            case .concentrated(let engine):
                let (q96, price) = (SqrtPriceMath.q96, engine.sqrtPriceX96)
                let (numerator, denominator) = zeroForOne ? (price, q96) : (q96, price)
                self.init(
                    count: 3, numerator0: feeNumerator, denominator0: feeDenominator, numerator1: numerator,
                    denominator1: denominator, numerator2: numerator, denominator2: denominator)
            }
        }

        /// A book's rate selling base (`selling`) at its best bid, or buying base at its best ask.
        init(_ book: BookVenue, selling: Bool) {
            let market = book.market
            guard let level = (selling ? book.bids : book.asks).first,
                let perLot = market.notional(priceTicks: level.price, lots: 1)
            else {
                self = .none
                return
            }
            // A seller receives the notional less the taker fee; a buyer pays the notional plus it.
            let taker = UInt128(max(market.takerFeeBasisPoints, 0))
            let bps = UInt256(10_000 as UInt128)
            let lot = UInt256(market.lotSize.baseUnits)
            let price = UInt256(perLot.baseUnits)
            if selling {
                self.init(
                    count: 2, numerator0: price, denominator0: lot, numerator1: UInt256(10_000 - taker),
                    denominator1: bps)
            } else {
                self.init(
                    count: 2, numerator0: lot, denominator0: price, numerator1: bps,
                    denominator1: UInt256(10_000 + taker))
            }
        }

        /// `value` through every step, or nil when there is no rate or a step overflows.
        func apply(_ value: UInt256) -> UInt256? {
            guard count > 0, let first = UInt256.mulDiv(value, numerator0, denominator0),
                let second = UInt256.mulDiv(first, numerator1, denominator1)
            else { return nil }
            return count == 2 ? second : UInt256.mulDiv(second, numerator2, denominator2)
        }
    }
}
