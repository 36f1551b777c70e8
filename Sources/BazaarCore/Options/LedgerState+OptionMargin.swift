// The mark price of an option series and its values under the portfolio margin scenarios, each in one
// function (docs/OPTIONS.md, "Series, trading and settlement" and "Mark price"):
//
// - the mark price, `optionMark(of:underlying:scale:)`: Black-Scholes on the oracle's volatility
//   surface, clamped by the book's impact bid and ask;
// - a series' scenario table for portfolio margin, `scenarioTable(of:spot:)`: its value change
//   per whole unit under each scenario of ``PortfolioMargin``.

extension LedgerState {
    /// A series' mark price, quote base units per whole unit of the underlying; nil before the
    /// underlying's first oracle price (see ``optionMark(of:underlying:scale:)``).
    public func optionMark(of series: OptionSeries) -> UInt128? {
        guard let price = oraclePrice(of: series.underlying), let info = assets[series.underlying] else { return nil }
        return optionMark(of: series, underlying: price.quotePerUnit, scale: Amount.powerOfTen(Int(info.decimals)))
    }

    /// A series' mark price at the underlying price `underlying` (quote base units per whole
    /// unit; `scale` = 10^decimals of the underlying), or nil when there is none (the valuation
    /// then treats the series as having no price). See ``optionMarkAndStaleness(of:underlying:scale:)``.
    func optionMark(of series: OptionSeries, underlying: UInt128, scale: UInt128) -> UInt128? {
        optionMarkAndStaleness(of: series, underlying: underlying, scale: scale)?.mark
    }

    /// A series' mark price, and whether it rests on a stale or missing volatility surface (then
    /// valuations depend on a stale price, and risk-increasing actions are refused with
    /// `stale_price`).
    ///
    /// The theoretical value is Black-Scholes-Merton (``BlackScholes``, rate and yield 0) at the
    /// oracle price with the surface's implied volatility for the series' strike and expiry
    /// (``OracleState/impliedVolatility(underlying:expiryMilliseconds:strike:spot:atMilliseconds:acceptingStale:)``),
    /// rounded down to a quote base unit; a stale surface's last agreed smiles still price it, as
    /// a stale oracle price still values a perpetual. Without any surface, or when the inputs are
    /// outside the pricing's domain (an option deep enough in or out of the money that the two
    /// differ by less than the pricing's precision), the theoretical value is the intrinsic value,
    /// flagged stale; from expiry on it is the intrinsic value. The mark is that value clamped
    /// between the book's impact bid (rounded down) and impact ask (rounded up) per whole unit,
    /// when both sides hold `impactLots` — the clamp of the perpetual mark
    /// (``markPrice(of:oracle:scale:)``).
    func optionMarkAndStaleness(of series: OptionSeries, underlying: UInt128, scale: UInt128) -> (
        mark: UInt128, volatilityIsStale: Bool
    )? {
        var (mark, isStale) = optionTheoreticalValue(series, underlying: underlying)
        let lot = markets[series.market.index].market.lotSize.baseUnits
        // An impact price per whole unit past 128 bits does not clamp (as for perpetuals).
        if let bid = impactPrice(market: series.market, impactLots: series.impactLots, takerSide: .ask),
            let ask = impactPrice(market: series.market, impactLots: series.impactLots, takerSide: .bid),
            let bidPerUnit = UInt128.mulDiv(bid, scale, lot, rounding: .down),
            let askPerUnit = UInt128.mulDiv(ask, scale, lot, rounding: .up)
        {
            mark = min(max(mark, bidPerUnit), askPerUnit)
        }
        isStale = isStale && series.terms.expiryMilliseconds > timeMilliseconds
        return (mark, isStale)
    }

    /// Black-Scholes on the surface, or the intrinsic value (see ``optionMarkAndStaleness(of:underlying:scale:)``).
    private func optionTheoreticalValue(_ series: OptionSeries, underlying: UInt128) -> (
        value: UInt128, volatilityIsStale: Bool
    ) {
        let terms = series.terms
        let intrinsic = terms.intrinsicValue(underlying: underlying)
        let strike = terms.strike.baseUnits
        guard terms.expiryMilliseconds > timeMilliseconds, strike > 0, underlying > 0 else { return (intrinsic, false) }
        var isStale = false
        let volatility: UInt64
        switch impliedVolatility(
            underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds, strike: strike,
            spot: underlying, atMilliseconds: timeMilliseconds)
        {
        case .success(let value): volatility = value
        case .failure(.stale):
            isStale = true
            guard
                case .success(let value) = impliedVolatility(
                    underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds, strike: strike,
                    spot: underlying, atMilliseconds: timeMilliseconds, acceptingStale: true)
            else { preconditionFailure("a stale smile of \(series.underlying) gives no volatility when accepted") }
            volatility = value
        case .failure(.missing), .failure(.invalidInput), .failure(.expired):
            return (intrinsic, true)
        }
        guard let milliseconds = Int64(exactly: terms.expiryMilliseconds - timeMilliseconds) else {
            return (intrinsic, true)
        }
        let key = OptionPricingMemo.Key(
            terms: terms, spot: underlying, volatility: volatility, millisecondsToExpiry: milliseconds)
        guard
            let value = optionPricingMemo.value(
                key,
                compute: {
                    Self.blackScholesValue(
                        terms, spot: underlying, volatility: volatility, milliseconds: milliseconds)
                })
        else { return (intrinsic, true) }
        return (value, isStale)
    }

    /// Black-Scholes (rate and yield 0) per whole unit, rounded down; nil outside the pricing's
    /// domain or past 128 bits.
    private static func blackScholesValue(_ terms: OptionTerms, spot: UInt128, volatility: UInt64, milliseconds: Int64)
        -> UInt128?
    {
        let strike = terms.strike.baseUnits
        // Priced per unit of strike (spot S/K, strike 1), so any quote decimals fit the domain;
        // the price is then scaled back by K. Both steps round down.
        guard let ratio = UInt128.mulDiv(spot, UInt128(Decimal18.scale), strike, rounding: .down),
            ratio <= UInt128(Int128.max)
        else { return nil }
        let greeks: BlackScholes.Greeks
        do {
            greeks = try BlackScholes.evaluate(
                terms.kind == .call ? .call : .put, spot: Decimal18(raw: Int128(ratio)), strike: .one,
                millisecondsToExpiry: milliseconds, rate: .zero,
                dividendYield: .zero, volatility: Decimal18(raw: Int128(volatility) * 1_000_000_000_000))
        } catch {
            return nil
        }
        // Truncation can leave a worthless option's price one unit below zero; no option is
        // worth less than nothing.
        let perStrike = UInt128(max(greeks.price.raw, 0))
        return UInt128.mulDiv(perStrike, strike, UInt128(Decimal18.scale), rounding: .down)
    }

    /// A series' table of scenario value changes per whole unit (``PortfolioMargin/SeriesTable``)
    /// at the underlying's oracle price `spot`; nil when a figure does not fit in 128 bits.
    ///
    /// Values are Black-Scholes (rate and yield 0) at the shocked spot and volatility, with the
    /// surface's implied volatility for the series' strike at the unshocked spot (sticky strike;
    /// a stale surface's last smiles, as the mark), per unit of strike and scaled back by K as
    /// the mark is, rounded down and up. Without a surface, from expiry on, or when the
    /// unshocked inputs are outside the pricing's domain, every value is the intrinsic value
    /// (exact); a shocked value outside the domain is the intrinsic value at that spot.
    ///
    /// - Complexity: one Black-Scholes evaluation per scenario, plus one, the first time for these
    ///   inputs; a lookup after (``OptionPricingMemo``).
    func scenarioTable(of series: OptionSeries, spot: UInt128) -> PortfolioMargin.SeriesTable? {
        let terms = series.terms
        let strike = terms.strike.baseUnits
        var volatility: UInt64?
        var milliseconds: Int64?
        if terms.expiryMilliseconds > timeMilliseconds, strike > 0, spot > 0,
            case .success(let value) = impliedVolatility(
                underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds, strike: strike,
                spot: spot, atMilliseconds: timeMilliseconds, acceptingStale: true)
        {
            milliseconds = Int64(exactly: terms.expiryMilliseconds - timeMilliseconds)
            volatility = milliseconds == nil ? nil : value
        }
        let key = OptionPricingMemo.Key(
            terms: terms, spot: spot, volatility: volatility, millisecondsToExpiry: milliseconds)
        return optionPricingMemo.table(key) {
            Self.scenarioTable(terms, spot: spot, volatility: volatility, milliseconds: milliseconds)
        }
    }

    /// The table of ``scenarioTable(of:spot:)`` from its inputs: a pure function of them.
    private static func scenarioTable(
        _ terms: OptionTerms, spot: UInt128, volatility: UInt64?, milliseconds: Int64?
    ) -> PortfolioMargin.SeriesTable? {
        var volatility = volatility
        guard
            let base = Self.scenarioValue(
                terms, spot: spot, shockBasisPoints: 0, volatility: volatility, milliseconds: milliseconds)
        else { return nil }
        // Unpriceable at the unshocked inputs: every value is intrinsic, so the table is consistent.
        if !base.priced { volatility = nil }
        var lows: [Int128] = []
        var highs: [Int128] = []
        lows.reserveCapacity(PortfolioMargin.scenarios.count)
        highs.reserveCapacity(PortfolioMargin.scenarios.count)
        for scenario in PortfolioMargin.scenarios {
            let shocked = volatility.map {
                // A volatility comes with a positive time to expiry (set together above).
                PortfolioMargin.shockedVolatility(
                    $0, scenario.volatility, millisecondsToExpiry: UInt64(milliseconds!))
            }
            guard
                let value = Self.scenarioValue(
                    terms, spot: spot, shockBasisPoints: scenario.spotShockBasisPoints, volatility: shocked,
                    milliseconds: milliseconds),
                let low = Int128(exactly: value.low), let high = Int128(exactly: value.high),
                let baseLow = Int128(exactly: base.low), let baseHigh = Int128(exactly: base.high)
            else { return nil }
            lows.append(low - baseHigh)
            highs.append(high - baseLow)
        }
        return PortfolioMargin.SeriesTable(low: lows, high: highs)
    }

    /// One value per whole unit × 10⁴ at spot × (10⁴ + shock) / 10⁴, rounded down and up, and
    /// whether Black-Scholes priced it (else it is the intrinsic value, exact); nil past 127 bits.
    private static func scenarioValue(
        _ terms: OptionTerms, spot: UInt128, shockBasisPoints: Int32, volatility: UInt64?, milliseconds: Int64?
    ) -> (low: UInt128, high: UInt128, priced: Bool)? {
        let strike = terms.strike.baseUnits
        let factor = UInt128(Int128(PortfolioMargin.valueFactor) + Int128(shockBasisPoints))
        let (shockedSpot, spotOverflow) = spot.multipliedReportingOverflow(by: factor)
        let (strikeScaled, strikeOverflow) = strike.multipliedReportingOverflow(by: PortfolioMargin.valueFactor)
        guard !spotOverflow, !strikeOverflow, strikeScaled <= UInt128(Int128.max), shockedSpot <= UInt128(Int128.max)
        else { return nil }
        let intrinsic: UInt128
        switch terms.kind {
        case .call: intrinsic = shockedSpot > strikeScaled ? shockedSpot - strikeScaled : 0
        case .put: intrinsic = strikeScaled > shockedSpot ? strikeScaled - shockedSpot : 0
        }
        // Per unit of strike: spot / K = shockedSpot × 10¹⁴ / K (10¹⁸ / 10⁴), rounded down.
        guard let volatility, let milliseconds, strike > 0,
            let ratio = UInt128.mulDiv(shockedSpot, 100_000_000_000_000, strike, rounding: .down),
            ratio <= UInt128(Int128.max)
        else { return (intrinsic, intrinsic, false) }
        let greeks: BlackScholes.Greeks
        do {
            greeks = try BlackScholes.evaluate(
                terms.kind == .call ? .call : .put, spot: Decimal18(raw: Int128(ratio)), strike: .one,
                millisecondsToExpiry: milliseconds, rate: .zero, dividendYield: .zero,
                volatility: Decimal18(raw: Int128(volatility) * 1_000_000_000_000))
        } catch {
            return (intrinsic, intrinsic, false)
        }
        let perStrike = UInt128(max(greeks.price.raw, 0))
        guard let low = UInt128.mulDiv(perStrike, strike, 100_000_000_000_000, rounding: .down),
            let high = UInt128.mulDiv(perStrike, strike, 100_000_000_000_000, rounding: .up)
        else { return nil }
        return (low, high, true)
    }
}
