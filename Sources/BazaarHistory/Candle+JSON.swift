public import BazaarAPI
public import BazaarCore

extension Candle {
    /// The candle in the market's units, `closed` as of a block at `timeMilliseconds`.
    ///
    /// Volumes that do not fit a market's amount (beyond 2¹²⁸ base units) show as `overflow`,
    /// as `MarketFormat.notional` does; the integers behind them are exact.
    public func json(format: MarketFormat, asOf timeMilliseconds: UInt64) -> CandleJSON {
        let market = format.market
        let base = market.lotSize.baseUnits.multipliedReportingOverflow(by: volumeLots)
        let quote = market.tickSize.baseUnits.multipliedReportingOverflow(by: volumeTickLots)
        return CandleJSON(
            startMs: startMilliseconds, open: format.price(ticks: openTicks), high: format.price(ticks: highTicks),
            low: format.price(ticks: lowTicks), close: format.price(ticks: closeTicks),
            baseVolume: base.overflow
                ? "overflow" : Amount(baseUnits: base.partialValue).formatted(decimals: format.baseDecimals),
            quoteVolume: quote.overflow
                ? "overflow" : Amount(baseUnits: quote.partialValue).formatted(decimals: format.quoteDecimals),
            trades: trades, closed: isClosed(at: timeMilliseconds))
    }
}
