// Funding: at the end of each interval every perpetual's longs pay its shorts (or the reverse)
// the premium of the book over the oracle price, with dYdX's funding-index arithmetic.

extension LedgerState {
    /// Parts per million.
    static let ppm: UInt128 = 1_000_000

    /// Pays funding in every perpetual whose interval has elapsed and whose oracle price is fresh.
    mutating func runFunding() -> [Event] {
        var events: [Event] = []
        for id in derivatives.margin.perpetuals.sortedKeys {
            let perpetual = derivatives.margin.perpetuals[id]!
            // An interval that ends past UInt64 milliseconds never ends.
            let (due, dueOverflow) = perpetual.lastFundingMilliseconds.addingReportingOverflow(
                perpetual.fundingIntervalMilliseconds)
            guard !dueOverflow, timeMilliseconds >= due,
                let price = oraclePrice(of: perpetual.base), !price.isStale, let info = assets[perpetual.base]
            else { continue }
            let seconds = (timeMilliseconds - perpetual.lastFundingMilliseconds) / 1_000
            let rate = fundingRate(perpetual, indexPrice: price.quotePerUnit, decimals: info.decimals)
            guard
                let delta = MarginMath.fundingIndexDelta(
                    seconds: seconds, ratePPM: rate, price: price.quotePerUnit, exponent: -Int(info.decimals))
            else { continue }
            // A funding that does not fit in 128 bits is not paid and not recorded: the interval
            // stays open and the next block tries again (docs/MARGIN.md, Overflow).
            let (index, indexOverflow) = perpetual.fundingIndex.addingReportingOverflow(delta)
            historyJournal?.cause = .funding(id)
            guard !indexOverflow,
                let (paid, dust) = settleFunding(market: id, quote: perpetual.quote, indexDelta: delta)
            else { continue }
            derivatives.margin.perpetuals.update(id) {
                $0.fundingIndex = index
                $0.lastFundingMilliseconds = timeMilliseconds
                $0.lastFundingRatePPM = rate
            }
            events.append(
                .derivatives(
                    .margin(
                        .funding(
                            market: id, ratePPM: rate, indexDelta: delta, index: index,
                            paid: paid, dust: dust))))
        }
        return events
    }

    /// The funding rate per 8 hours in ppm: the premium of the impact bid over the index and of
    /// the index over the impact ask, `(max(0, impactBid − index) − max(0, index − impactAsk)) / index`,
    /// truncated towards zero and clamped to ± the market's clamp. A side without `impactLots`
    /// of depth contributes nothing.
    func fundingRate(_ perpetual: Perpetual, indexPrice: UInt128, decimals: UInt8) -> Int64 {
        let market = markets[perpetual.market.index].market
        // Everything per lot, in quote units.
        guard
            let index = UInt128.mulDiv(
                indexPrice, market.lotSize.baseUnits, Amount.powerOfTen(Int(decimals)), rounding: .down),
            index > 0
        else { return 0 }
        let bid = impactPrice(perpetual, takerSide: .ask)
        let ask = impactPrice(perpetual, takerSide: .bid)
        var premium: Int128 = 0
        if let bid, bid > index { premium += Int128(bid - index) }
        if let ask, ask < index { premium -= Int128(index - ask) }
        let clamp = UInt128(perpetual.fundingClampPPM)
        // A premium past 2¹²⁸ ppm is past every clamp (at most 10^6 ppm): the rate is the clamp.
        let magnitude = UInt128.mulDiv(premium.magnitude, Self.ppm, index, rounding: .down)
        let clamped = Int64(magnitude.map { min($0, clamp) } ?? clamp)
        return premium < 0 ? -clamped : clamped
    }

    /// The average price per lot (quote units, rounded down) of filling `impactLots` against the
    /// side an incoming order of `takerSide` meets; nil when the book is thinner, or when the
    /// cost in quote units does not fit in 128 bits (the side then does not count, as if thin).
    func impactPrice(_ perpetual: Perpetual, takerSide: MatchingEngine.Side) -> UInt128? {
        impactPrice(market: perpetual.market, impactLots: perpetual.impactLots, takerSide: takerSide)
    }

    /// The same for any continuous market (an option series' mark uses it too).
    func impactPrice(market id: MarketID, impactLots: Int64, takerSide: MatchingEngine.Side) -> UInt128? {
        let book = markets[id.index]
        let market = book.market
        var remaining = impactLots
        var cost: UInt128 = 0
        book.readEngine { engine in
            engine.forEachMaker(takerSide: takerSide, price: takerSide == .bid ? market.maximumPriceTicks : 1) {
                maker in
                let lots = min(remaining, maker.quantity)
                cost += UInt128(lots) * UInt128(maker.price)
                remaining -= lots
                return remaining > 0
            }
        }
        // Σ lots ≤ impactLots < 2⁶³ and every price < 2⁶³, so `cost` < 2¹²⁶ cannot overflow.
        guard remaining == 0 else { return nil }
        return UInt128.mulDiv(cost, market.tickSize.baseUnits, UInt128(impactLots), rounding: .down)
    }

    /// Moves `size × indexDelta / 10^6` from every long to every short of `market` (the reverse
    /// when negative): payers' amounts round up, receivers' down, and the difference (dust) goes
    /// to the insurance fund. Returns what longs paid in total (signed) and the dust; nil, with
    /// nothing moved, when a payment or a total does not fit in 128 bits (the market's funding
    /// then waits, see ``runFunding()``).
    mutating func settleFunding(market: MarketID, quote: AssetSymbol, indexDelta: Int128) -> (Int128, Amount)? {
        guard indexDelta != 0 else { return (0, .zero) }
        // First every payment, checked, so that an overflow changes nothing. Each account's
        // payment depends only on its own position, and the totals are sums of non-negative
        // terms: the iteration order cannot change the outcome.
        var payments: [(account: AccountID, change: Int128)] = []
        var paidIn: UInt128 = 0
        var paidOut: UInt128 = 0
        var longsPaid = OrderFreeSum()
        for (account, row) in derivatives.margin.accounts.rows {
            guard let position = row.positions[market] else { continue }
            let pays = (position.size > 0) == (indexDelta > 0)
            guard
                let amount = UInt128.mulDiv(
                    position.size.magnitude, indexDelta.magnitude, Self.ppm, rounding: pays ? .up : .down),
                let signed = Int128(exactly: amount)
            else { return nil }
            guard amount > 0 else { continue }
            let change = pays ? -signed : signed
            let (total, overflow) = (pays ? paidIn : paidOut).addingReportingOverflow(amount)
            guard !overflow else { return nil }
            if pays { paidIn = total } else { paidOut = total }
            if position.size > 0 { longsPaid.add(-change) }
            payments.append((account, change))
        }
        guard let longs = longsPaid.value else { return nil }
        if historyJournal != nil {
            // The journal is in account order on every node; the payments do not depend on order.
            payments.sort { $0.account < $1.account }
            for (account, change) in payments {
                let size = derivatives.margin.accounts[account]!.positions[market]!.size
                historyJournal!.fundingPayments.append(
                    HistoryJournal.FundingPayment(account: account, market: market, positionSize: size, amount: change))
            }
        }
        for (account, change) in payments {
            updateMarginAccount(account) { row in
                row.addClaim(change, quote)
                row.positions[market]!.realized += change
            }
        }
        let dust = paidIn - paidOut
        updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(Int128(dust), quote) }
        return (longs, Amount(baseUnits: dust))
    }
}
