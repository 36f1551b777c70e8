// Perpetual markets: their books are continuous markets of the exchange whose orders reserve
// margin instead of locking assets and whose trades change positions instead of balances.

extension LedgerState {
    /// Whether `market` is a perpetual market.
    func isPerpetual(_ market: MarketID) -> Bool { markets[market.index].market.isPerpetual }

    mutating func applyCreatePerpetual(_ create: MarginAction.CreatePerpetual, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard let quote = derivatives.oracle.quoteAsset, assets[quote] != nil else {
            throw ActionFailure(.noQuoteAsset)
        }
        guard assets[create.base] != nil else { throw ActionFailure(.unknownAsset) }
        let spec = Action.CreateMarket(
            base: create.base, quote: quote, lotSize: create.lotSize, tickSize: create.tickSize,
            minimumSize: create.minimumSize, maximumPriceTicks: create.maximumPriceTicks,
            makerFeeBasisPoints: create.makerFeeBasisPoints, takerFeeBasisPoints: create.takerFeeBasisPoints,
            mode: .continuous)
        guard Self.isValid(spec) else { throw ActionFailure(.invalidMarket) }
        guard create.maintenanceBasisPoints > 0, create.maintenanceBasisPoints <= create.initialBasisPoints,
            create.initialBasisPoints <= 10_000, create.fundingIntervalMilliseconds > 0,
            create.fundingClampPPM <= 1_000_000, create.impactLots > 0
        else { throw ActionFailure(.invalidMarginParameters) }
        guard !derivatives.margin.perpetuals.rows.values.contains(where: { $0.base == create.base }) else {
            throw ActionFailure(.marketExists)
        }
        guard markets.count < Int(UInt32.max) else { throw ActionFailure(.invalidMarket) }
        let id = MarketID(UInt32(markets.count + 1))
        let market = Market(
            id: id, base: create.base, quote: quote, lotSize: create.lotSize, tickSize: create.tickSize,
            minimumSize: create.minimumSize, maximumPriceTicks: Int64(create.maximumPriceTicks),
            makerFeeBasisPoints: create.makerFeeBasisPoints, takerFeeBasisPoints: create.takerFeeBasisPoints,
            mode: .continuous, isPerpetual: true)
        appendMarket(MarketBook(market: market))
        derivatives.margin.perpetuals.write(
            Perpetual(
                market: id, base: create.base, quote: quote, initialBasisPoints: create.initialBasisPoints,
                maintenanceBasisPoints: create.maintenanceBasisPoints,
                fundingIntervalMilliseconds: create.fundingIntervalMilliseconds,
                fundingClampPPM: create.fundingClampPPM, impactLots: create.impactLots, fundingIndex: 0,
                lastFundingMilliseconds: timeMilliseconds, lastFundingRatePPM: 0, openInterest: 0),
            for: id)
        return [
            .marketCreated(market: id, base: create.base, quote: quote),
            .derivatives(.margin(.perpetualCreated(market: id, base: create.base))),
        ]
    }
}

extension LedgerState {
    // MARK: - Orders

    /// Checks that an order of a perpetual market may be placed: an order that only reduces the
    /// position needs nothing; any other needs a fresh oracle price and equity covering the
    /// initial requirement of the positions plus every open order of the owner in margin
    /// markets (a perpetual's at the larger of its limit and the mark notional), this one
    /// included. An option series' order goes to ``requireOptionOrderMargin(owner:market:side:priceTicks:lots:excluding:)``.
    mutating func requireOrderMargin(
        owner: AccountID, market: Market, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64,
        excluding: OrderKey?
    ) throws(ActionFailure) {
        if market.option != nil {
            try requireOptionOrderMargin(
                owner: owner, market: market, side: side, priceTicks: priceTicks, lots: lots, excluding: excluding)
            return
        }
        let perpetual = derivatives.margin.perpetuals[market.id]!
        let (base, baseOverflow) = UInt128(lots).multipliedReportingOverflow(by: market.lotSize.baseUnits)
        if !baseOverflow, let position = derivatives.margin.accounts[owner]?.positions[market.id],
            (position.size > 0) == (side == .ask), base <= position.size.magnitude
        {
            return
        }
        guard let price = oraclePrice(of: perpetual.base), !price.isStale else { throw ActionFailure(.stalePrice) }
        var marks = OrderMarks()
        var extra = try orderInitial(
            market: market, perpetual: perpetual, mark: marks.perpetual(perpetual, in: self), priceTicks: priceTicks,
            lots: lots)
        let (sum, overflow) = extra.addingReportingOverflow(
            try openOrderReservations(of: owner, excluding: excluding, marks: &marks))
        guard !overflow else { throw ActionFailure(.amountOverflow) }
        extra = sum
        try requireInitialMargin(of: owner, extraInitial: extra)
    }

    /// What the owner's open orders in margin markets reserve, `excluding` one: a perpetual's
    /// its initial margin (``orderInitial(market:perpetual:mark:priceTicks:lots:)``), an option
    /// series' its premium or short requirement (``optionOrderReservation(market:series:side:priceTicks:lots:marks:)``).
    func openOrderReservations(of owner: AccountID, excluding: OrderKey?, marks: inout OrderMarks)
        throws(ActionFailure) -> UInt128
    {
        var total: UInt128 = 0
        for key in orderIndex[owner]?.open ?? [] where key != excluding {
            let market = markets[key.market.index].market
            let order = markets[key.market.index].orders[key.id]!
            let reserved: UInt128
            if let perpetual = derivatives.margin.perpetuals[key.market] {
                reserved = try orderInitial(
                    market: market, perpetual: perpetual, mark: marks.perpetual(perpetual, in: self),
                    priceTicks: order.priceTicks, lots: order.lots)
            } else if let series = derivatives.margin.optionSeries[key.market] {
                reserved = try optionOrderReservation(
                    market: market, series: series, side: order.side, priceTicks: order.priceTicks, lots: order.lots,
                    marks: &marks)
            } else {
                continue
            }
            let (sum, overflow) = total.addingReportingOverflow(reserved)
            guard !overflow else { throw ActionFailure(.amountOverflow) }
            total = sum
        }
        return total
    }

    /// The initial margin an order reserves: its notional at the larger of its limit and the
    /// mark price, times the initial fraction, rounded up.
    private func orderInitial(market: Market, perpetual: Perpetual, mark: UInt128?, priceTicks: Int64, lots: Int64)
        throws(ActionFailure) -> UInt128
    {
        guard let atLimit = market.notional(priceTicks: priceTicks, lots: lots) else {
            throw ActionFailure(.amountOverflow)
        }
        var notional = atLimit.baseUnits
        if let mark, let info = assets[perpetual.base] {
            // The order's size in base units and its notional at the mark must fit: an order
            // whose margin cannot be computed is refused, not given the limit notional alone.
            let (base, baseOverflow) = UInt128(lots).multipliedReportingOverflow(by: market.lotSize.baseUnits)
            guard !baseOverflow,
                let atMark = UInt128.mulDiv(base, mark, Amount.powerOfTen(Int(info.decimals)), rounding: .down)
            else { throw ActionFailure(.amountOverflow) }
            notional = max(notional, atMark)
        }
        guard let initial = MarginMath.basisPoints(notional, perpetual.initialBasisPoints, rounding: .up) else {
            throw ActionFailure(.amountOverflow)
        }
        return initial
    }

    // MARK: - Fills

    /// Settles one fill of a perpetual market or option series: the buyer's position grows by
    /// the base size and its cash falls by the notional, the seller's the reverse (for an option,
    /// the notional — the premium — also moves between their quote claims:
    /// ``changeOptionPosition(_:market:quote:size:cash:fee:)``); fees come out of each side's
    /// quote claim, and net of rebates go to the insurance fund. No funds enter or leave the vault.
    mutating func settlePerpetualFill(
        market: Market, priceTicks: Int64, lots: Int64, buyer: AccountID, buyerFeeBasisPoints: Int16,
        seller: AccountID, sellerFeeBasisPoints: Int16
    ) {
        let notional = market.notional(priceTicks: priceTicks, lots: lots)!
        let base = Int128(market.lotSize.baseUnits) * Int128(lots)
        let (buyerFee, buyerRebate) = Self.feeAndRebate(on: notional, basisPoints: buyerFeeBasisPoints)
        let (sellerFee, sellerRebate) = Self.feeAndRebate(on: notional, basisPoints: sellerFeeBasisPoints)
        let value = Int128(notional.baseUnits)
        let buyerNetFee = Int128(buyerFee.baseUnits) - Int128(buyerRebate.baseUnits)
        let sellerNetFee = Int128(sellerFee.baseUnits) - Int128(sellerRebate.baseUnits)
        var interest: Int128
        if market.option != nil {
            interest = changeOptionPosition(
                buyer, market: market.id, quote: market.quote, size: base, cash: -value, fee: buyerNetFee)
            interest += changeOptionPosition(
                seller, market: market.id, quote: market.quote, size: -base, cash: value, fee: sellerNetFee)
        } else {
            interest = changePosition(
                buyer, market: market.id, quote: market.quote, size: base, cash: -value, fee: buyerNetFee)
            interest += changePosition(
                seller, market: market.id, quote: market.quote, size: -base, cash: value, fee: sellerNetFee)
        }
        let collected = Int128(buyerFee.baseUnits + sellerFee.baseUnits)
        let rebated = Int128(buyerRebate.baseUnits + sellerRebate.baseUnits)
        updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(collected - rebated, market.quote) }
        if interest != 0, market.option != nil {
            derivatives.margin.optionSeries.update(market.id) { $0.openInterest += interest }
        } else if interest != 0 {
            derivatives.margin.perpetuals.update(market.id) { $0.openInterest += interest }
        }
        setLastPrice(priceTicks, market: market.id)
    }

    /// Applies a trade of `size` base units for `cash` quote units (both signed, opposite signs)
    /// to an account's position, realizing PnL into its quote claim when the position shrinks or
    /// flips, and charging `fee`. Returns the change in the market's long open interest.
    @discardableResult
    mutating func changePosition(
        _ account: AccountID, market: MarketID, quote: AssetSymbol, size: Int128, cash: Int128, fee: Int128
    ) -> Int128 {
        var interest: Int128 = 0
        updateMarginAccount(account) { row in
            let change = Self.positionAfterTrade(row.positions[market], size: size, cash: cash, fee: fee)
            row.addClaim(change.realized, quote)
            row.positions[market] = change.position
            interest = change.interest
        }
        return interest
    }

    /// A position after a trade of `size` base units for `cash` quote units with `fee`: when it
    /// shrinks or flips, the PnL of the closed part less the fee is `realized` (what a perpetual
    /// credits to the quote claim); nil when it closes. `interest` is the change in long size.
    static func positionAfterTrade(_ current: Position?, size: Int128, cash: Int128, fee: Int128)
        -> (position: Position?, realized: Int128, interest: Int128)
    {
        var position = current ?? Position(size: 0, cash: 0)
        let old = position.size
        let newSize = old + size
        let cashAfter = position.cash + cash
        let remaining: Int128
        if old == 0 || (old > 0) == (size > 0) {
            remaining = cashAfter
        } else if newSize == 0 {
            remaining = 0
        } else if (newSize > 0) == (old > 0) {
            // Reduced: the open part keeps its share of the entry cash flow (truncated).
            remaining = Self.proportion(position.cash, newSize, old)
        } else {
            // Flipped: the new side opens at this trade's price.
            remaining = Self.proportion(cash, newSize, size)
        }
        let realized = cashAfter - remaining - fee
        let interest = max(newSize, 0) - max(old, 0)
        guard newSize != 0 else { return (nil, realized, interest) }
        // A flipped position is a new one: what the old side realized is in the claim.
        let flipped = old != 0 && (old > 0) != (newSize > 0)
        position.size = newSize
        position.cash = remaining
        position.realized = flipped ? -fee : position.realized + realized
        return (position, realized, interest)
    }

    /// `value × numerator / denominator` truncated towards zero, for numerator and denominator
    /// of the same sign with |numerator| < |denominator|.
    static func proportion(_ value: Int128, _ numerator: Int128, _ denominator: Int128) -> Int128 {
        // |numerator| < |denominator|: the quotient is below |value| and fits.
        let magnitude = UInt128.mulDiv(value.magnitude, numerator.magnitude, denominator.magnitude, rounding: .down)!
        return value < 0 ? -Int128(magnitude) : Int128(magnitude)
    }
}
