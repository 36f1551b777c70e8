public import BazaarCore

extension TransactionBuilder {
    /// A new order on `market`, from user text: `price` in quote per one whole base unit (e.g.
    /// `"65000.5"` USD per BTC) and `size` in whole base units (e.g. `"0.25"` BTC).
    ///
    /// The action carries the price per lot in quote base units, so the text must come to a whole
    /// number of quote base units per lot; the node then checks ticks, lots and the minimum.
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` for text that does not parse, a zero size,
    ///   or a price that is not a whole number of quote base units per lot.
    public static func placeOrder(
        on market: Market, baseDecimals: UInt8, quoteDecimals: UInt8, side: MatchingEngine.Side, type: OrderType,
        price: String, size: String, clientOrderID: UInt64? = nil, expiresAtMilliseconds: UInt64? = nil,
        selfTradePrevention: SelfTradePrevention = .cancelResting, reduceOnly: Bool = false
    ) throws(BazaarClientError) -> Action {
        .placeOrder(
            Action.PlaceOrder(
                market: market.id, side: side, type: type,
                price: try pricePerLot(price, on: market, baseDecimals: baseDecimals, quoteDecimals: quoteDecimals),
                size: try positiveAmount(size, decimals: baseDecimals), clientOrderID: clientOrderID,
                expiresAtMilliseconds: expiresAtMilliseconds, selfTradePrevention: selfTradePrevention,
                reduceOnly: reduceOnly))
    }

    /// A price in quote per whole base unit as quote base units per lot.
    public static func pricePerLot(_ text: String, on market: Market, baseDecimals: UInt8, quoteDecimals: UInt8)
        throws(BazaarClientError) -> Amount
    {
        let perWhole = try amount(text, decimals: quoteDecimals)
        guard let (perLot, isExact) = perLot(perWhole, lotSize: market.lotSize, baseDecimals: baseDecimals) else {
            throw BazaarClientError(.invalidInput, "price '\(text)' is too large")
        }
        guard isExact else {
            throw BazaarClientError(
                .invalidInput,
                "price '\(text)' is not a whole number of \(market.quote) base units per lot of \(market.name)")
        }
        return perLot
    }

    /// An amount of quote base units per whole base unit as quote base units per lot of `lotSize`
    /// base units, rounded down, and whether that was exact; `nil` when it does not fit.
    static func perLot(_ perWhole: Amount, lotSize: Amount, baseDecimals: UInt8) -> (Amount, isExact: Bool)? {
        let (high, low) = perWhole.baseUnits.multipliedFullWidth(by: lotSize.baseUnits)
        let scale = Amount.powerOfTen(Int(baseDecimals))
        guard high < scale else { return nil }
        let (perLot, remainder) = scale.dividingFullWidth((high, low))
        return (Amount(baseUnits: perLot), remainder == 0)
    }
}
