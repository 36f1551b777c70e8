// Option series as markets (docs/OPTIONS.md, "Series, trading and settlement"): each series is a
// continuous market of the exchange, like a perpetual's, whose orders reserve margin instead of
// locking assets and whose trades change positions instead of balances. Unlike a perpetual's,
// the premium is paid at the trade: it moves between the two accounts' quote claims, and the
// position's `cash` only keeps the entry premium flow of the open part (for the average entry
// premium and the realized PnL shown), not a claim on the vault.

extension LedgerState {
    /// Whether `market` is an option series.
    func isOption(_ market: MarketID) -> Bool { markets[market.index].market.option != nil }

    /// Whether `market` is a perpetual or an option series: its orders lock nothing and its
    /// fills change margin positions.
    func isMarginMarket(_ market: MarketID) -> Bool { markets[market.index].market.isMarginMarket }

    // MARK: - Listing

    /// Lists an option series (market authority). Checks, in order: the authority
    /// (`not_market_authority`), the oracle's quote asset (`no_quote_asset`, `wrong_quote_asset`),
    /// the underlying (`unknown_asset`), the book (`invalid_market`: lot, tick, range, fees, and a
    /// contract size of whole lots), the impact size (`invalid_margin_parameters`), the strike
    /// grid (`invalid_strike`), the expiry (`expiry_passed`) and the name (`market_exists`).
    mutating func applyListOption(_ list: MarginAction.ListOption, sender: AccountID) throws(ActionFailure) -> [Event] {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard let quote = derivatives.oracle.quoteAsset, let quoteInfo = assets[quote] else {
            throw ActionFailure(.noQuoteAsset)
        }
        guard list.quote == quote else { throw ActionFailure(.wrongQuoteAsset) }
        guard assets[list.underlying] != nil else { throw ActionFailure(.unknownAsset) }
        let spec = Action.CreateMarket(
            base: list.underlying, quote: quote, lotSize: list.lotSize, tickSize: list.tickSize,
            minimumSize: list.minimumSize, maximumPriceTicks: list.maximumPriceTicks,
            makerFeeBasisPoints: list.makerFeeBasisPoints, takerFeeBasisPoints: list.takerFeeBasisPoints,
            mode: .continuous)
        guard Self.isValid(spec), !list.contractSize.isZero,
            list.contractSize.baseUnits % list.lotSize.baseUnits == 0
        else { throw ActionFailure(.invalidMarket) }
        guard list.impactLots > 0 else { throw ActionFailure(.invalidMarginParameters) }
        guard Self.isOnGrid(strike: list.strike, step: list.strikeStep),
            derivatives.margin.optionSeries.rows.values.allSatisfy({
                $0.underlying != list.underlying || $0.settlement != nil || $0.strikeStep == list.strikeStep
            })
        else { throw ActionFailure(.invalidStrike) }
        guard list.expiryMilliseconds > timeMilliseconds else { throw ActionFailure(.expiryPassed) }
        let terms = OptionTerms(
            expiryMilliseconds: list.expiryMilliseconds, strike: list.strike, kind: list.kind,
            contractSize: list.contractSize, strikeDecimals: quoteInfo.decimals)
        let name = terms.seriesName(underlying: list.underlying)
        guard !markets.contains(where: { $0.market.name == name }) else { throw ActionFailure(.marketExists) }
        guard markets.count < Int(UInt32.max) else { throw ActionFailure(.invalidMarket) }
        let id = MarketID(UInt32(markets.count + 1))
        let market = Market(
            id: id, base: list.underlying, quote: quote, lotSize: list.lotSize, tickSize: list.tickSize,
            minimumSize: list.minimumSize, maximumPriceTicks: Int64(list.maximumPriceTicks),
            makerFeeBasisPoints: list.makerFeeBasisPoints, takerFeeBasisPoints: list.takerFeeBasisPoints,
            mode: .continuous, option: terms)
        appendMarket(MarketBook(market: market))
        derivatives.margin.optionSeries.write(
            OptionSeries(
                market: id, underlying: list.underlying, quote: quote, terms: terms, strikeStep: list.strikeStep,
                impactLots: list.impactLots, openInterest: 0, settlement: nil),
            for: id)
        return [
            .marketCreated(market: id, base: list.underlying, quote: quote),
            .derivatives(.margin(.optionListed(market: id, underlying: list.underlying))),
        ]
    }

    /// The strike grid rule: a positive step, and a positive strike that is a whole multiple of it.
    static func isOnGrid(strike: Amount, step: Amount) -> Bool {
        !step.isZero && !strike.isZero && strike.baseUnits % step.baseUnits == 0
    }

    // MARK: - Orders

    /// Checks that an order of an option series may be placed: the series must be trading
    /// (`series_expired` from its expiry time on); an order that only reduces the position needs
    /// nothing more; any other needs a fresh price of the underlying and a fresh volatility
    /// surface for the series (`stale_price` otherwise) and equity
    /// covering the initial requirement plus what every open order of the owner in margin
    /// markets reserves, this one included. A buy that does not fit fails with
    /// `insufficient_premium` (it reserves its premium and fee), a sell with `insufficient_margin`.
    mutating func requireOptionOrderMargin(
        owner: AccountID, market: Market, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64,
        excluding: OrderKey?
    ) throws(ActionFailure) {
        let series = derivatives.margin.optionSeries[market.id]!
        guard series.isTrading(at: timeMilliseconds) else { throw ActionFailure(.seriesExpired) }
        let (base, baseOverflow) = UInt128(lots).multipliedReportingOverflow(by: market.lotSize.baseUnits)
        if !baseOverflow, let position = derivatives.margin.accounts[owner]?.positions[market.id],
            (position.size > 0) == (side == .ask), base <= position.size.magnitude
        {
            return
        }
        try requireFreshPrice(of: series.underlying)
        // A risk-increasing option order also needs a fresh volatility surface for the series.
        guard let spot = oraclePrice(of: series.underlying)?.quotePerUnit else { throw ActionFailure(.stalePrice) }
        _ = try requireImpliedVolatility(
            underlying: series.underlying, expiryMilliseconds: series.terms.expiryMilliseconds,
            strike: series.terms.strike.baseUnits, spot: spot)
        var marks = OrderMarks()
        var extra = try optionOrderReservation(
            market: market, series: series, side: side, priceTicks: priceTicks, lots: lots, marks: &marks)
        let (sum, overflow) = extra.addingReportingOverflow(
            try openOrderReservations(of: owner, excluding: excluding, marks: &marks))
        guard !overflow else { throw ActionFailure(.amountOverflow) }
        extra = sum
        do {
            try requireInitialMargin(of: owner, extraInitial: extra)
        } catch  where error.code == .insufficientMargin && side == .bid {
            throw ActionFailure(.insufficientPremium)
        }
    }

    /// What an open or new order of an option series reserves: a buy its premium at its limit
    /// plus the taker fee on it (rounded up; `Market.lock`), a sell the portfolio margin initial
    /// requirement of a naked short of its size on its own (``PortfolioMargin``; it counts the
    /// whole order as a new short with no offset, which overstates a sell that first closes a
    /// long or is covered by other positions).
    ///
    /// - Throws: `stale_price` when a sell's underlying has no price or no mark,
    ///   `amount_overflow` when the figure does not fit in 128 bits.
    func optionOrderReservation(
        market: Market, series: OptionSeries, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64,
        marks: inout OrderMarks
    ) throws(ActionFailure) -> UInt128 {
        if side == .bid {
            guard let premium = market.lock(.bid, priceTicks: priceTicks, lots: lots) else {
                throw ActionFailure(.amountOverflow)
            }
            return premium.baseUnits
        }
        guard let (underlying, _, scale) = marks.option(series, in: self) else { throw ActionFailure(.stalePrice) }
        let (size, sizeOverflow) = UInt128(lots).multipliedReportingOverflow(by: market.lotSize.baseUnits)
        guard !sizeOverflow, let short = Int128(exactly: size), let table = marks.scenarioTable(series, in: self)
        else { throw ActionFailure(.amountOverflow) }
        var exposure = PortfolioExposure(underlying: series.underlying, spot: underlying, scale: scale)
        exposure.addOption(size: -short, table: table)
        guard let requirement = exposure.margin() else { throw ActionFailure(.amountOverflow) }
        return requirement.initialRequirement
    }

    // MARK: - Fills

    /// Applies a trade of `size` underlying base units for `cash` quote units (opposite signs) to
    /// an account's option position: the premium flow and the fee settle in its quote claim at
    /// once, and the position keeps the entry premium flow of its open part (as a perpetual
    /// position keeps its cash; ``positionAfterTrade(_:size:cash:fee:)``). Returns the change in
    /// the series' long open interest.
    @discardableResult
    mutating func changeOptionPosition(
        _ account: AccountID, market: MarketID, quote: AssetSymbol, size: Int128, cash: Int128, fee: Int128
    ) -> Int128 {
        var interest: Int128 = 0
        updateMarginAccount(account) { row in
            let change = Self.positionAfterTrade(row.positions[market], size: size, cash: cash, fee: fee)
            row.addClaim(cash - fee, quote)
            row.positions[market] = change.position
            interest = change.interest
        }
        return interest
    }
}

/// Underlying prices and marks read once per order check, for every open order that needs one.
struct OrderMarks {
    private var perpetuals: [MarketID: UInt128?] = [:]
    private var options: [MarketID: (underlying: UInt128, mark: UInt128, scale: UInt128)?] = [:]
    private var tables: [MarketID: PortfolioMargin.SeriesTable?] = [:]

    /// A perpetual's mark price, nil before its first oracle price.
    mutating func perpetual(_ perpetual: Perpetual, in state: LedgerState) -> UInt128? {
        if let known = perpetuals[perpetual.market] { return known }
        let mark = state.markPrice(of: perpetual)
        perpetuals[perpetual.market] = mark
        return mark
    }

    /// A series' underlying oracle price, mark and underlying scale; nil without a price or mark.
    mutating func option(_ series: OptionSeries, in state: LedgerState) -> (
        underlying: UInt128, mark: UInt128, scale: UInt128
    )? {
        if let known = options[series.market] { return known }
        var found: (UInt128, UInt128, UInt128)?
        if let price = state.oraclePrice(of: series.underlying), let info = state.assets[series.underlying] {
            let scale = Amount.powerOfTen(Int(info.decimals))
            if let mark = state.optionMark(of: series, underlying: price.quotePerUnit, scale: scale) {
                found = (price.quotePerUnit, mark, scale)
            }
        }
        options[series.market] = found
        return found
    }

    /// A series' portfolio margin table at its underlying's oracle price; nil without a price or
    /// when it does not fit.
    mutating func scenarioTable(_ series: OptionSeries, in state: LedgerState) -> PortfolioMargin.SeriesTable? {
        if let known = tables[series.market] { return known }
        let table = option(series, in: state).flatMap { state.scenarioTable(of: series, spot: $0.underlying) }
        tables[series.market] = table
        return table
    }
}
