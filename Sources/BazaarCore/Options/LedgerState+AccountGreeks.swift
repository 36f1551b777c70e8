// An account's Greeks per underlying: its option positions' Greeks at the oracle price and the
// surface's volatility, plus its perpetual positions' delta (docs/OPTIONS.md, "Greeks, option
// chain and the command line"). A read-only view for the margin API and the CLI.

/// One underlying's net Greeks of an account's option and perpetual positions.
///
/// Sizes are signed (a short counts negative); every figure is a `Decimal18` in whole units,
/// each position's contribution truncated towards zero before the (exact) sum.
public struct AccountGreeks: Sendable, Hashable {
    public var underlying: AssetSymbol
    /// The underlying's oracle price, quote base units per whole unit; nil before the first.
    public var spot: UInt128?
    /// Net delta in whole units of the underlying: Σ size × delta over options, plus each
    /// perpetual position's size (a perpetual's delta is 1).
    public var delta: Decimal18
    /// `delta × spot`, in whole quote units; nil without a spot.
    public var deltaValue: Decimal18?
    /// Σ size × gamma: the change of `delta` per one whole quote unit of the underlying's price.
    public var gamma: Decimal18
    /// `gamma × spot² / 100`, in whole quote units: how much `deltaValue` changes, through delta,
    /// when the underlying moves 1%; nil without a spot.
    public var gammaValue: Decimal18?
    /// Σ size × vega: whole quote units per volatility point (0.01).
    public var vega: Decimal18
    /// Σ size × theta: whole quote units per calendar day.
    public var theta: Decimal18
    /// Option positions counted.
    public var optionPositionCount: Int
    /// Perpetual positions counted.
    public var perpetualPositionCount: Int
    /// False when an option's Greeks could not be computed from a fresh surface: without a price
    /// or a surface (then only intrinsic delta counts), on a stale surface (last agreed smiles),
    /// or outside the pricing's domain (intrinsic delta).
    public var isComplete: Bool
}

extension LedgerState {
    /// `account`'s Greeks per underlying, by underlying symbol; empty without positions.
    ///
    /// - Throws: `OptionMathError.overflow` when a figure leaves `Decimal18`'s range (±1.7 × 10²⁰
    ///   whole units): the view says so rather than show a substitute.
    /// - Complexity: O(positions), one Black-Scholes evaluation per option position.
    public func accountGreeks(of account: AccountID) throws(OptionMathError) -> [AccountGreeks] {
        guard let row = derivatives.margin.accounts[account] else { return [] }
        var byUnderlying: [AssetSymbol: AccountGreeks] = [:]
        for market in row.positions.keys.sorted() {
            let position = row.positions[market]!
            guard position.size != 0 else { continue }
            let underlying: AssetSymbol
            if let series = derivatives.margin.optionSeries[market] {
                underlying = series.underlying
            } else if let perpetual = derivatives.margin.perpetuals[market] {
                underlying = perpetual.base
            } else {
                continue
            }
            let price = oraclePrice(of: underlying)
            var entry =
                byUnderlying[underlying]
                ?? AccountGreeks(
                    underlying: underlying, spot: price?.quotePerUnit, delta: .zero, deltaValue: nil, gamma: .zero,
                    gammaValue: nil, vega: .zero, theta: .zero, optionPositionCount: 0, perpetualPositionCount: 0,
                    isComplete: !(price?.isStale ?? true))
            let size = try OptionGreeks.wholeUnits(signed: position.size, decimals: listedAssetDecimals(underlying))
            if let series = derivatives.margin.optionSeries[market] {
                let (greeks, isFresh) = positionGreeks(series, spot: price?.quotePerUnit)
                entry.delta = try entry.delta.adding(try size.multiplied(by: greeks.delta, rounding: .down))
                entry.gamma = try entry.gamma.adding(try size.multiplied(by: greeks.gamma, rounding: .down))
                entry.vega = try entry.vega.adding(try size.multiplied(by: greeks.vega, rounding: .down))
                entry.theta = try entry.theta.adding(try size.multiplied(by: greeks.theta, rounding: .down))
                entry.optionPositionCount += 1
                entry.isComplete = entry.isComplete && isFresh
            } else {
                entry.delta = try entry.delta.adding(size)
                entry.perpetualPositionCount += 1
            }
            byUnderlying[underlying] = entry
        }
        var result: [AccountGreeks] = []
        for underlying in byUnderlying.keys.sorted() {
            var entry = byUnderlying[underlying]!
            // A spot exists only under an oracle with a quote asset.
            if let spot = entry.spot, let quote = derivatives.oracle.quoteAsset, let decimals = assets[quote]?.decimals
            {
                let price = try OptionGreeks.wholeUnits(spot, decimals: decimals)
                entry.deltaValue = try entry.delta.multiplied(by: price, rounding: .down)
                entry.gammaValue = try entry.gamma.multiplied(by: price, rounding: .down)
                    .multiplied(by: price, rounding: .down).divided(byInteger: 100, rounding: .down)
            }
            result.append(entry)
        }
        return result
    }

    /// One option position's Greeks per whole unit, and whether they rest on a fresh surface.
    /// Settled series count nothing; from expiry, or without a surface or a price, or outside the
    /// pricing's domain, the intrinsic value's delta (none without a price).
    private func positionGreeks(_ series: OptionSeries, spot: UInt128?) -> (OptionGreeks, isFresh: Bool) {
        guard series.settlement == nil else { return (.zero, true) }
        guard let spot else { return (.zero, false) }
        let terms = series.terms
        guard terms.expiryMilliseconds > timeMilliseconds,
            let milliseconds = Int64(exactly: terms.expiryMilliseconds - timeMilliseconds)
        else { return (OptionGreeks.atExpiry(terms, underlying: spot), true) }
        var isFresh = true
        let volatility: UInt64
        switch impliedVolatility(
            underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds,
            strike: terms.strike.baseUnits, spot: spot, atMilliseconds: timeMilliseconds, acceptingStale: true)
        {
        case .success(let value): volatility = value
        case .failure: return (OptionGreeks.atExpiry(terms, underlying: spot), false)
        }
        if case .failure = impliedVolatility(
            underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds,
            strike: terms.strike.baseUnits, spot: spot, atMilliseconds: timeMilliseconds)
        {
            isFresh = false
        }
        do {
            let greeks = try OptionGreeks.evaluate(
                terms, underlying: spot, volatilityPPM: volatility, millisecondsToExpiry: milliseconds,
                quoteDecimals: listedAssetDecimals(series.quote))
            return (greeks, isFresh)
        } catch {
            return (OptionGreeks.atExpiry(terms, underlying: spot), false)
        }
    }
}
