// The option chain: one underlying's series of one expiry, strikes in rows, a call and a put per
// row with the book's best prices, the mark, implied volatilities and Greeks
// (docs/OPTIONS.md, "Greeks, option chain and the command line"). A read-only view for the API.

/// One underlying's series of one expiry, by strike.
public struct OptionChain: Sendable, Hashable {
    /// One series in a row: its book's best prices, its mark, their implied volatilities and its
    /// Greeks. Prices are quote base units per whole unit of the underlying (the mark's unit).
    public struct Side: Sendable, Hashable {
        public var series: OptionSeries
        /// The best bid per whole unit (rounded down) and its size (underlying base units).
        public var bestBid: UInt128?
        public var bidSize: UInt128
        /// The best ask per whole unit (rounded up) and its size.
        public var bestAsk: UInt128?
        public var askSize: UInt128
        /// The mark (``LedgerState/optionMark(of:)``); nil without a price of the underlying or
        /// once settled.
        public var mark: UInt128?
        /// Implied volatilities inverted from the best bid, the best ask and their mid
        /// (``ImpliedVolatility``); nil where there is no such price or it is outside the
        /// no-arbitrage bounds.
        public var bidVolatility: Decimal18?
        public var askVolatility: Decimal18?
        public var midVolatility: Decimal18?
        /// The surface's volatility for the series (the mark's); nil without a surface.
        public var markVolatility: Decimal18?
        /// At the oracle price and `markVolatility`; nil without either, or outside the pricing's
        /// domain. At or after expiry, the intrinsic value's delta only.
        public var greeks: OptionGreeks?
    }

    public struct Row: Sendable, Hashable {
        /// Quote base units per whole unit of the underlying.
        public var strike: UInt128
        public var call: Side?
        public var put: Side?
    }

    public var underlying: AssetSymbol
    public var quote: AssetSymbol
    public var expiryMilliseconds: UInt64
    /// The underlying's oracle price, quote base units per whole unit.
    public var spot: UInt128?
    /// Whether the oracle price or the surface behind the figures is stale (or missing).
    public var isStale: Bool
    /// By strike, ascending.
    public var rows: [Row]
}

extension LedgerState {
    /// The expiries (ms) of `underlying`'s series, ascending, without repeats; settled ones too.
    ///
    /// - Complexity: O(series).
    public func optionExpiries(of underlying: AssetSymbol) -> [UInt64] {
        let series = derivatives.margin.optionSeries
        var expiries = series.sortedKeys.compactMap { id -> UInt64? in
            let row = series[id]!
            return row.underlying == underlying ? row.terms.expiryMilliseconds : nil
        }
        expiries.sort()
        var unique: [UInt64] = []
        for expiry in expiries where unique.last != expiry { unique.append(expiry) }
        return unique
    }

    /// The chain of `underlying`'s series expiring at `expiryMilliseconds`; nil when there is
    /// none.
    ///
    /// - Complexity: O(series) plus, per series, a Black-Scholes evaluation and up to three
    ///   inversions (each at most ``ImpliedVolatility/iterationsMax`` evaluations).
    public func optionChain(underlying: AssetSymbol, expiryMilliseconds: UInt64) -> OptionChain? {
        let table = derivatives.margin.optionSeries
        let series = table.sortedKeys.map { table[$0]! }.filter {
            $0.underlying == underlying && $0.terms.expiryMilliseconds == expiryMilliseconds
        }
        guard let first = series.first else { return nil }
        let price = oraclePrice(of: underlying)
        var isStale = price?.isStale ?? true
        var rows: [UInt128: OptionChain.Row] = [:]
        for row in series {
            let side = optionChainSide(row, spot: price?.quotePerUnit)
            if row.isTrading(at: timeMilliseconds), isVolatilityStale(row, price) { isStale = true }
            let strike = row.terms.strike.baseUnits
            var entry = rows[strike] ?? OptionChain.Row(strike: strike, call: nil, put: nil)
            // Names are unique per underlying, day, strike and kind, and the expiry is one instant.
            switch row.terms.kind {
            case .call: entry.call = side
            case .put: entry.put = side
            }
            rows[strike] = entry
        }
        return OptionChain(
            underlying: underlying, quote: first.quote, expiryMilliseconds: expiryMilliseconds,
            spot: price?.quotePerUnit, isStale: isStale, rows: rows.keys.sorted().map { rows[$0]! })
    }

    /// Whether the surface behind a trading series is stale at the block time.
    private func isVolatilityStale(_ series: OptionSeries, _ price: OraclePrice?) -> Bool {
        guard let spot = price?.quotePerUnit else { return true }
        if case .success = impliedVolatility(
            underlying: series.underlying, expiryMilliseconds: series.terms.expiryMilliseconds,
            strike: series.terms.strike.baseUnits, spot: spot, atMilliseconds: timeMilliseconds)
        {
            return false
        }
        return true
    }

    /// One series' figures in the chain.
    private func optionChainSide(_ series: OptionSeries, spot: UInt128?) -> OptionChain.Side {
        let book = markets[series.market.index]
        let market = book.market
        let (bid, ask) = book.readEngine { engine in
            (engine.depth(.bid, levelCountMax: 1).first, engine.depth(.ask, levelCountMax: 1).first)
        }
        let scale = Amount.powerOfTen(Int(listedAssetDecimals(series.underlying)))
        let lot = market.lotSize.baseUnits
        func perUnit(_ ticks: Int64, _ rounding: Rounding) -> UInt128? {
            UInt128.mulDiv(UInt128(ticks) * market.tickSize.baseUnits, scale, lot, rounding: rounding)
        }
        var side = OptionChain.Side(
            series: series, bestBid: bid.flatMap { perUnit($0.price, .down) },
            bidSize: UInt128(bid?.quantity ?? 0) * lot,
            bestAsk: ask.flatMap { perUnit($0.price, .up) }, askSize: UInt128(ask?.quantity ?? 0) * lot, mark: nil,
            bidVolatility: nil, askVolatility: nil, midVolatility: nil, markVolatility: nil, greeks: nil)
        guard series.settlement == nil, let spot else { return side }
        side.mark = optionMark(of: series, underlying: spot, scale: scale)
        let terms = series.terms
        guard terms.expiryMilliseconds > timeMilliseconds,
            let milliseconds = Int64(exactly: terms.expiryMilliseconds - timeMilliseconds)
        else {
            side.greeks = OptionGreeks.atExpiry(terms, underlying: spot)
            return side
        }
        func invert(_ price: UInt128?) -> Decimal18? {
            guard let price else { return nil }
            return try? Self.impliedVolatility(of: terms, price: price, spot: spot, millisecondsToExpiry: milliseconds)
        }
        side.bidVolatility = invert(side.bestBid)
        side.askVolatility = invert(side.bestAsk)
        if let bid = side.bestBid, let ask = side.bestAsk { side.midVolatility = invert((bid + ask) / 2) }
        guard
            case .success(let volatility) = impliedVolatility(
                underlying: series.underlying, expiryMilliseconds: terms.expiryMilliseconds,
                strike: terms.strike.baseUnits, spot: spot, atMilliseconds: timeMilliseconds, acceptingStale: true)
        else { return side }
        side.markVolatility = OptionGreeks.volatility(ppm: volatility)
        side.greeks = try? OptionGreeks.evaluate(
            terms, underlying: spot, volatilityPPM: volatility, millisecondsToExpiry: milliseconds,
            quoteDecimals: listedAssetDecimals(series.quote))
        return side
    }

    /// The volatility at which the series is worth `price` (quote base units per whole unit),
    /// priced per unit of strike as the mark is; nil outside the no-arbitrage bounds.
    ///
    /// - Throws: `OptionMathError` when `S/K` or the time is outside the pricing's domain.
    static func impliedVolatility(
        of terms: OptionTerms, price: UInt128, spot: UInt128, millisecondsToExpiry: Int64
    ) throws(OptionMathError) -> Decimal18? {
        let inputs = BlackScholes.Inputs(
            kind: terms.kind == .call ? .call : .put, spot: try OptionGreeks.strikeRatio(spot, terms.strike.baseUnits),
            strike: .one, years: try BlackScholes.years(milliseconds: millisecondsToExpiry), rate: .zero,
            dividendYield: .zero, volatility: .one)
        return try ImpliedVolatility.solve(
            price: try OptionGreeks.strikeRatio(price, terms.strike.baseUnits), inputs: inputs)
    }
}

extension LedgerState {
    /// The decimals of an asset a series or perpetual names: listing checked that it exists, and
    /// assets are never removed.
    func listedAssetDecimals(_ symbol: AssetSymbol) -> UInt8 {
        guard let info = assets[symbol] else { preconditionFailure("listed asset \(symbol) does not exist") }
        return info.decimals
    }
}
