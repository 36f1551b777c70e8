// Expiry and settlement of option series (docs/OPTIONS.md, "Series, trading and settlement"), at
// the end of the block that crosses a series' expiry time, after funding and before
// liquidations: the settlement price is the oracle's TWAP of the underlying before expiry, the
// series' resting orders are cancelled, every position closes in cash at its intrinsic value
// there, and the series is kept, closed, with its settlement price. A short that cannot pay is
// left with a negative quote claim, which the liquidation engine that runs next in the same block
// takes through its loss waterfall (the insurance fund, then recorded bad debt).

extension LedgerState {
    /// Settles every series whose expiry time has come (`expiry ≤ block time`) and that is not
    /// settled yet, in market order. A series whose underlying has no price at or before its
    /// expiry, or whose payouts do not fit in 128 bits, waits (it takes no orders meanwhile) and
    /// is tried again at the end of every block.
    ///
    /// - Complexity: O(series) to find the due ones; O(orders + margin accounts) per series settled.
    mutating func runOptionSettlement() -> [Event] {
        var events: [Event] = []
        for id in derivatives.margin.optionSeries.sortedKeys {
            let series = derivatives.margin.optionSeries[id]!
            guard series.settlement == nil, series.terms.expiryMilliseconds <= timeMilliseconds,
                let price = optionSettlementPrice(of: series)
            else { continue }
            events += settleOptionSeries(series, price: price)
        }
        return events
    }

    /// The settlement price of a series: the time-weighted average of the underlying's agreed
    /// oracle prices (its feed's history) over the oracle's TWAP window ending at the expiry time
    /// — each price holding from its block until the next one, the last one before expiry until
    /// expiry; rounded down (``PriceFeed/twap(of:now:window:)``). Nil when the underlying had no
    /// agreed price at or before the expiry (the series then waits).
    public func optionSettlementPrice(of series: OptionSeries) -> UInt128? {
        guard let oracle = derivatives.oracle.parameters, let feed = derivatives.oracle.feeds[series.underlying] else {
            return nil
        }
        let expiry = series.terms.expiryMilliseconds
        let before = feed.history.filter { $0.timeMilliseconds <= expiry }
        guard !before.isEmpty else { return nil }
        return PriceFeed.twap(of: before, now: expiry, window: oracle.twapWindowMilliseconds)
    }

    /// Settles one series at `price`: cancels its resting orders (`order_expired`), pays every
    /// position `size × payoff / scale` (floor: a long receives it rounded down, a short pays it
    /// rounded up) in the quote claim, sends the rounding dust to the insurance fund, and closes
    /// the series. Changes nothing when a payout does not fit in 128 bits.
    private mutating func settleOptionSeries(_ series: OptionSeries, price: UInt128) -> [Event] {
        let id = series.market
        historyJournal?.cause = .optionSettlement(id)
        guard let info = assets[series.underlying] else { return [] }
        let scale = Amount.powerOfTen(Int(info.decimals))
        let payoff = series.terms.intrinsicValue(underlying: price)
        // Every payout first, checked, so that an overflow changes nothing.
        var payouts: [(account: AccountID, position: Position, payout: Int128, pnl: Int128)] = []
        var total = OrderFreeSum()
        for (account, row) in derivatives.margin.accounts.rows {
            guard let position = row.positions[id] else { continue }
            guard let payout = MarginMath.signedMulDivFloor(position.size, payoff, scale) else { return [] }
            let (pnl, pnlOverflow) = position.cash.addingReportingOverflow(payout)
            guard !pnlOverflow else { return [] }
            payouts.append((account, position, payout, pnl))
            total.add(payout)
        }
        // Σ sizes = 0, and each payout is floored: Σ payouts ≤ 0, and its magnitude is the dust.
        guard let sum = total.value else { return [] }
        precondition(sum <= 0, "option payouts exceed what shorts pay")
        var events: [Event] = []
        for key in markets[id.index].orders.keys.sorted() {
            let order = removeOrder(OrderKey(market: id, id: key))
            events.append(.orderExpired(market: id, order: order.id, owner: order.owner, lots: order.lots))
        }
        var settled: [Event] = []
        for (account, position, payout, pnl) in payouts.sorted(by: { $0.account < $1.account }) {
            updateMarginAccount(account) { row in
                row.positions[id] = nil
                row.addClaim(payout, series.quote)
            }
            settled.append(
                .derivatives(
                    .margin(
                        .optionPositionSettled(
                            account: account, market: id, size: position.size, payout: payout, pnl: pnl))))
        }
        let dust = UInt128(-sum)
        if dust > 0 { updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(Int128(dust), series.quote) } }
        var closed = series
        closed.settlement = OptionSettlement(priceQuotePerUnit: price, height: height)
        closed.openInterest = 0
        derivatives.margin.optionSeries.write(closed, for: id)
        events.append(
            .derivatives(
                .margin(
                    .optionSeriesSettled(
                        market: id, price: price, openInterest: series.openInterest, dust: Amount(baseUnits: dust)))))
        return events + settled
    }
}
