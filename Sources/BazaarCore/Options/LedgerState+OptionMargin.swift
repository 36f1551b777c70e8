// The two interim rules of option margin, each in one function so that later work replaces it
// in one place (docs/OPTIONS.md, "Series, trading and settlement"):
//
// - the mark price, `optionMark(of:underlying:scale:)`: intrinsic value clamped by the book,
//   until Black-Scholes on the oracle's volatility surface is wired in;
// - the short-option requirement, `optionShortRequirement(size:underlying:terms:mark:scale:)`:
//   Deribit's standard margin, until the scenario-based portfolio margin replaces it.

extension LedgerState {
    /// A series' mark price, quote base units per whole unit of the underlying; nil before the
    /// underlying's first oracle price (see ``optionMark(of:underlying:scale:)``).
    public func optionMark(of series: OptionSeries) -> UInt128? {
        guard let price = oraclePrice(of: series.underlying), let info = assets[series.underlying] else { return nil }
        return optionMark(of: series, underlying: price.quotePerUnit, scale: Amount.powerOfTen(Int(info.decimals)))
    }

    /// A series' mark price at the underlying price `underlying` (quote base units per whole
    /// unit; `scale` = 10^decimals of the underlying), or nil when there is none (the valuation
    /// then treats the series as having no price).
    ///
    /// INTERIM: the option's intrinsic value at the oracle price (`max(0, S − K)` for a call,
    /// `max(0, K − S)` for a put), clamped between the book's impact bid (rounded down) and
    /// impact ask (rounded up) per whole unit when both sides hold `impactLots` — the clamp the
    /// perpetual mark uses (``markPrice(of:oracle:scale:)``). The real mark, Black-Scholes on
    /// the volatility surface clamped the same way, replaces the intrinsic value here.
    func optionMark(of series: OptionSeries, underlying: UInt128, scale: UInt128) -> UInt128? {
        var mark = series.terms.intrinsicValue(underlying: underlying)
        let lot = markets[series.market.index].market.lotSize.baseUnits
        // An impact price per whole unit past 128 bits does not clamp (as for perpetuals).
        if let bid = impactPrice(market: series.market, impactLots: series.impactLots, takerSide: .ask),
            let ask = impactPrice(market: series.market, impactLots: series.impactLots, takerSide: .bid),
            let bidPerUnit = UInt128.mulDiv(bid, scale, lot, rounding: .down),
            let askPerUnit = UInt128.mulDiv(ask, scale, lot, rounding: .up)
        {
            mark = min(max(mark, bidPerUnit), askPerUnit)
        }
        return mark
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
