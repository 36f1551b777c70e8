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
            guard timeMilliseconds >= perpetual.lastFundingMilliseconds &+ perpetual.fundingIntervalMilliseconds,
                let price = oraclePrice(of: perpetual.base), !price.isStale, let info = assets[perpetual.base]
            else { continue }
            let seconds = (timeMilliseconds - perpetual.lastFundingMilliseconds) / 1_000
            let rate = fundingRate(perpetual, indexPrice: price.quotePerUnit, decimals: info.decimals)
            guard
                let delta = MarginMath.fundingIndexDelta(
                    seconds: seconds, ratePPM: rate, price: price.quotePerUnit, exponent: -Int(info.decimals))
            else { continue }
            let (paid, dust) = settleFunding(market: id, quote: perpetual.quote, indexDelta: delta)
            derivatives.margin.perpetuals.update(id) {
                $0.fundingIndex += delta
                $0.lastFundingMilliseconds = timeMilliseconds
                $0.lastFundingRatePPM = rate
            }
            events.append(
                .derivatives(
                    .margin(
                        .funding(
                            market: id, ratePPM: rate, indexDelta: delta, index: perpetual.fundingIndex + delta,
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
                indexPrice, market.lotSize.baseUnits, Amount.powerOfTen(Int(decimals))),
            index > 0
        else { return 0 }
        let bid = impactPrice(perpetual, takerSide: .ask)
        let ask = impactPrice(perpetual, takerSide: .bid)
        var premium: Int128 = 0
        if let bid, bid > index { premium += Int128(bid - index) }
        if let ask, ask < index { premium -= Int128(index - ask) }
        let magnitude = UInt128.mulDiv(premium.magnitude, Self.ppm, index) ?? .max
        let clamp = UInt128(perpetual.fundingClampPPM)
        let clamped = Int64(min(magnitude, clamp))
        return premium < 0 ? -clamped : clamped
    }

    /// The average price per lot (quote units, truncated) of filling `impactLots` against the
    /// side an incoming order of `takerSide` meets; nil when the book is thinner.
    func impactPrice(_ perpetual: Perpetual, takerSide: MatchingEngine.Side) -> UInt128? {
        let book = markets[perpetual.market.index]
        let market = book.market
        var remaining = perpetual.impactLots
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
        guard remaining == 0 else { return nil }
        return cost * market.tickSize.baseUnits / UInt128(perpetual.impactLots)
    }

    /// Moves `size × indexDelta / 10^6` from every long to every short of `market` (the reverse
    /// when negative): payers' amounts round up, receivers' down, and the difference (dust) goes
    /// to the insurance fund. Returns what longs paid in total (signed) and the dust.
    mutating func settleFunding(market: MarketID, quote: AssetSymbol, indexDelta: Int128) -> (Int128, Amount) {
        guard indexDelta != 0 else { return (0, .zero) }
        var paidIn: UInt128 = 0
        var paidOut: UInt128 = 0
        var longsPaid: Int128 = 0
        // Each account's payment depends only on its own position: the iteration order cannot
        // change the outcome.
        for (account, row) in derivatives.margin.accounts.rows {
            guard let position = row.positions[market] else { continue }
            let pays = (position.size > 0) == (indexDelta > 0)
            let amount = UInt128.mulDiv(
                position.size.magnitude, indexDelta.magnitude, Self.ppm, roundingUp: pays)!
            guard amount > 0 else { continue }
            let change = pays ? -Int128(amount) : Int128(amount)
            if pays { paidIn += amount } else { paidOut += amount }
            if position.size > 0 { longsPaid -= change }
            updateMarginAccount(account) { row in
                row.addClaim(change, quote)
                row.positions[market]!.realized += change
            }
        }
        let dust = paidIn - paidOut
        updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(Int128(dust), quote) }
        return (longsPaid, Amount(baseUnits: dust))
    }
}
