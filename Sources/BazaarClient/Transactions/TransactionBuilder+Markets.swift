public import BazaarCore

extension TransactionBuilder {
    /// A new market from user text, as a trader reads a market's rules: `lot` and `minimumSize` in
    /// whole base units (e.g. `"0.0001"` BTC), `tick` and `maximumPrice` in quote per whole base
    /// unit (e.g. `"1"` USD per BTC).
    ///
    /// The action carries the tick as quote base units per lot, so `tick × lot` must come to a
    /// whole number of quote base units; the node then checks the rest (fees, limits, assets).
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` for text that does not parse, a zero lot or
    ///   tick, a tick that is not a whole number of quote base units per lot, or a maximum price
    ///   below one tick.
    public static func createMarket(
        base: AssetSymbol, quote: AssetSymbol, baseDecimals: UInt8, quoteDecimals: UInt8, lot: String, tick: String,
        minimumSize: String?, maximumPrice: String, makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16,
        mode: Market.Mode
    ) throws(BazaarClientError) -> Action {
        let lotSize = try positiveAmount(lot, decimals: baseDecimals)
        let tickPerWhole = try positiveAmount(tick, decimals: quoteDecimals)
        guard let (tickPerLot, isExact) = perLot(tickPerWhole, lotSize: lotSize, baseDecimals: baseDecimals) else {
            throw BazaarClientError(.invalidInput, "tick '\(tick)' is too large")
        }
        guard isExact, tickPerLot > .zero else {
            throw BazaarClientError(
                .invalidInput,
                "a tick of \(tick) \(quote) per \(base) is not a whole number of \(quote) base units per lot of \(lot) \(base)"
            )
        }
        let maximum = try positiveAmount(maximumPrice, decimals: quoteDecimals)
        let maximumTicks = maximum.baseUnits / tickPerWhole.baseUnits
        guard maximumTicks >= 1, maximumTicks <= UInt128(UInt64.max) else {
            throw BazaarClientError(
                .invalidInput, "maximum price '\(maximumPrice)' is out of range for a tick of \(tick)")
        }
        return .createMarket(
            Action.CreateMarket(
                base: base, quote: quote, lotSize: lotSize, tickSize: tickPerLot,
                minimumSize: try minimumSize.map { text throws(BazaarClientError) in
                    try positiveAmount(text, decimals: baseDecimals)
                } ?? lotSize,
                maximumPriceTicks: UInt64(maximumTicks), makerFeeBasisPoints: makerFeeBasisPoints,
                takerFeeBasisPoints: takerFeeBasisPoints, mode: mode))
    }
}
