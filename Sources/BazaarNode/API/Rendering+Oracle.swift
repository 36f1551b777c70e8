import BazaarAPI
import BazaarCore

extension Rendering {
    static func oracleParameters(_ parameters: OracleParameters) -> OracleParametersJSON {
        OracleParametersJSON(
            quoteAsset: parameters.quoteAsset.text, stalenessMs: parameters.stalenessMilliseconds,
            minimumReporters: parameters.minimumReporters, maximumMoveBasisPoints: parameters.maximumMoveBasisPoints,
            twapWindowMs: parameters.twapWindowMilliseconds)
    }

    /// One asset's price, observations and the newest `historyCount` history points (newest first).
    static func oraclePrice(_ asset: AssetSymbol, view: Node.OracleView, historyCount: Int) -> OraclePriceJSON {
        let oracle = view.oracle
        let quote = oracle.quoteAsset ?? asset
        let decimals = view.context.decimals(of: quote)
        func text(_ value: UInt128) -> String { Amount(baseUnits: value).formatted(decimals: decimals) }
        let price = oracle.prices[asset]
        let feed = oracle.feeds[asset]
        let staleness = oracle.parameters?.stalenessMilliseconds ?? 0
        let cutoff = view.timeMilliseconds >= staleness ? view.timeMilliseconds - staleness : 0
        let observations = oracle.observations(of: asset).map { reporter, observation in
            ObservationJSON(
                reporter: reporter.address, price: text(observation.quotePerUnit),
                timeMs: observation.timeMilliseconds, height: observation.height,
                fresh: observation.timeMilliseconds >= cutoff)
        }
        let history = (feed?.history ?? []).suffix(historyCount).reversed().map {
            PricePointJSON(height: $0.height, timeMs: $0.timeMilliseconds, price: text($0.quotePerUnit))
        }
        return OraclePriceJSON(
            asset: asset.text, quoteAsset: quote.text, price: price.map { text($0.quotePerUnit) },
            priceBaseUnits: price.map { String($0.quotePerUnit) }, height: price?.height,
            stale: price?.isStale ?? true, twap: feed.flatMap { $0.history.isEmpty ? nil : text($0.twapQuotePerUnit) },
            reporterCount: feed?.reporterCount ?? 0, unclampedPrice: feed?.unclampedQuotePerUnit.map(text),
            observations: observations, history: Array(history))
    }

    /// A wad as a decimal fraction.
    static func wad(_ value: UInt128) -> String { Amount(baseUnits: value).formatted(decimals: 18) }

    /// A 256-bit wad as a decimal fraction (a supply index may pass 128 bits).
    static func wad(_ value: UInt256) -> String {
        if let small = value.uint128 { return wad(small) }
        // Past 128 bits the integer part alone has more than 18 digits.
        let digits = value.description
        let fraction = digits.suffix(18).reversed().drop { $0 == "0" }.reversed()
        return String(digits.dropLast(18)) + (fraction.isEmpty ? "" : "." + String(fraction))
    }

    static func lendingPool(_ pool: LendingPool, context: RenderingContext) -> LendingPoolJSON {
        let decimals = context.decimals(of: pool.asset)
        let parameters = pool.parameters
        return LendingPoolJSON(
            asset: pool.asset.text, supplied: pool.supplierAssets.formatted(decimals: decimals),
            borrowed: pool.borrowed.formatted(decimals: decimals), cash: pool.cash.formatted(decimals: decimals),
            reserves: pool.reserves.formatted(decimals: decimals),
            writtenOff: pool.writtenOff.formatted(decimals: decimals), utilization: wad(pool.utilization),
            borrowRate: wad(pool.borrowRate), supplyRate: wad(pool.supplyRate), borrowIndex: wad(pool.borrowIndex),
            supplyIndex: wad(pool.supplyIndex), baseRateBasisPoints: parameters.baseRateBasisPoints,
            slope1BasisPoints: parameters.slope1BasisPoints, slope2BasisPoints: parameters.slope2BasisPoints,
            kinkUtilizationBasisPoints: parameters.kinkUtilizationBasisPoints,
            reserveFactorBasisPoints: parameters.reserveFactorBasisPoints)
    }
}

extension Rendering {
    /// One underlying's volatility surface: every listed expiry's smile, fresh report count and
    /// staleness at the latest block.
    static func volatilitySurface(_ asset: AssetSymbol, view: Node.OracleView) -> VolatilitySurfaceJSON {
        let oracle = view.oracle
        let parameters = oracle.volatilityParameters
        let now = view.timeMilliseconds
        let cutoff = now >= parameters.stalenessMilliseconds ? now - parameters.stalenessMilliseconds : 0
        let points = VolatilityParameters.moneynessBasisPoints
        let expiries = oracle.smiles(of: asset).map { expiry, smile in
            let key = VolatilityKey(asset: asset, expiryMilliseconds: expiry)
            let fresh = oracle.volatilityObservations(of: key).filter { $0.observation.timeMilliseconds >= cutoff }
            let age = smile.isAggregated ? (now >= smile.timeMilliseconds ? now - smile.timeMilliseconds : 0) : nil
            return VolatilitySmileJSON(
                expiryMs: expiry,
                points: zip(points, smile.volatilities).map { moneyness, volatility in
                    VolatilityPointJSON(
                        moneyness: VolatilityFormat.moneyness(moneyness), moneynessBasisPoints: moneyness,
                        vol: VolatilityFormat.volatility(UInt64(volatility)), volPpm: volatility)
                },
                freshReports: UInt32(fresh.count), reporterCount: smile.reporterCount,
                stale: !smile.isAggregated || smile.isStale || (age ?? 0) > parameters.stalenessMilliseconds,
                height: smile.isAggregated ? smile.height : nil,
                updatedMs: smile.isAggregated ? smile.timeMilliseconds : nil, ageMs: age,
                clamped: smile.unclampedVolatilities != nil)
        }
        return VolatilitySurfaceJSON(
            asset: asset.text, timeMs: now,
            parameters: VolatilityParametersJSON(
                stalenessMs: parameters.stalenessMilliseconds, minimumReporters: parameters.minimumReporters,
                maximumMoveBasisPoints: parameters.maximumMoveBasisPoints,
                moneyness: points.map(VolatilityFormat.moneyness)),
            expiries: expiries)
    }
}
