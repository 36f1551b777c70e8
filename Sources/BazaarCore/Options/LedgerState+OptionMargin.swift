// The mark price of an option series and the interim margin rule of short options, each in one
// function (docs/OPTIONS.md, "Series, trading and settlement" and "Mark price"):
//
// - the mark price, `optionMark(of:underlying:scale:)`: Black-Scholes on the oracle's volatility
//   surface, clamped by the book's impact bid and ask;
// - the short-option requirement, `optionShortRequirement(size:underlying:terms:mark:scale:)`:
//   Deribit's standard margin (interim), until the scenario-based portfolio margin replaces it.

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
        // Priced per unit of strike (spot S/K, strike 1), so any quote decimals fit the domain;
        // the price is then scaled back by K. Both steps round down.
        guard let ratio = UInt128.mulDiv(underlying, UInt128(Decimal18.scale), strike, rounding: .down),
            ratio <= UInt128(Int128.max),
            let milliseconds = Int64(exactly: terms.expiryMilliseconds - timeMilliseconds)
        else { return (intrinsic, true) }
        let greeks: BlackScholes.Greeks
        do {
            greeks = try BlackScholes.evaluate(
                terms.kind == .call ? .call : .put, spot: Decimal18(raw: Int128(ratio)), strike: .one,
                millisecondsToExpiry: milliseconds, rate: .zero,
                dividendYield: .zero, volatility: Decimal18(raw: Int128(volatility) * 1_000_000_000_000))
        } catch {
            return (intrinsic, true)
        }
        // Truncation can leave a worthless option's price one unit below zero; no option is
        // worth less than nothing.
        let perStrike = UInt128(max(greeks.price.raw, 0))
        guard let value = UInt128.mulDiv(perStrike, strike, UInt128(Decimal18.scale), rounding: .down) else {
            return (intrinsic, true)
        }
        return (value, isStale)
    }

    /// The initial and maintenance requirement of a short option position of `size` underlying
    /// base units (its magnitude), quote base units, rounded up; nil when a figure does not fit
    /// in 128 bits. A long position needs none (its premium is paid).
    ///
    /// INTERIM: Deribit's standard margin for short options, with `S` the underlying's oracle
    /// price, `n × S` the notional `size × S / scale`, and OTM the amount out of the money:
    /// - initial = max(0.15 − OTM / S, 0.10) × S × n + mark × n
    /// - maintenance = 0.075 × S × n + mark × n
    /// computed per whole unit in basis points (exact) and divided once by `scale × 10⁴`, rounded
    /// up. The scenario-based portfolio margin replaces this function.
    static func optionShortRequirement(
        size: UInt128, underlying: UInt128, terms: OptionTerms, mark: UInt128, scale: UInt128
    ) -> (initial: UInt128, maintenance: UInt128)? {
        let otm = terms.outOfTheMoneyAmount(underlying: underlying)
        let (fifteen, fifteenOverflow) = underlying.multipliedReportingOverflow(by: 1_500)
        let (ten, tenOverflow) = underlying.multipliedReportingOverflow(by: 1_000)
        let (sevenAndAHalf, sevenOverflow) = underlying.multipliedReportingOverflow(by: 750)
        let (outOfTheMoney, otmOverflow) = otm.multipliedReportingOverflow(by: 10_000)
        let (markPart, markOverflow) = mark.multipliedReportingOverflow(by: 10_000)
        guard !fifteenOverflow, !tenOverflow, !sevenOverflow, !otmOverflow, !markOverflow else { return nil }
        let shortfall = fifteen > outOfTheMoney ? fifteen - outOfTheMoney : 0
        let (initialPerUnit, initialOverflow) = max(shortfall, ten).addingReportingOverflow(markPart)
        let (maintenancePerUnit, maintenanceOverflow) = sevenAndAHalf.addingReportingOverflow(markPart)
        // scale ≤ 10^24 (Amount.decimalsMax): scale × 10⁴ fits.
        let divisor = scale * 10_000
        guard !initialOverflow, !maintenanceOverflow,
            let initial = UInt128.mulDiv(size, initialPerUnit, divisor, rounding: .up),
            let maintenance = UInt128.mulDiv(size, maintenancePerUnit, divisor, rounding: .up)
        else { return nil }
        return (initial, maintenance)
    }
}
