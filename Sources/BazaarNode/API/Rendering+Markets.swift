import BazaarAPI
import BazaarCore

/// Markets, books, trades and orders as API JSON, in the units of `MarketFormat`.
extension Rendering {
    static func market(_ summary: Node.MarketSummary, context: RenderingContext) -> MarketJSON {
        let market = summary.market
        let format =
            context.markets[market.id]
            ?? MarketFormat(
                market: market, baseDecimals: context.decimals(of: market.base),
                quoteDecimals: context.decimals(of: market.quote))
        return MarketJSON(
            id: market.id.rawValue, name: market.name, base: market.base.text, quote: market.quote.text,
            baseDecimals: format.baseDecimals, quoteDecimals: format.quoteDecimals, mode: market.mode.apiName,
            lotSize: market.lotSize.formatted(decimals: format.baseDecimals),
            lotSizeBaseUnits: market.lotSize.description, tickSize: format.tickSize,
            tickSizeBaseUnits: market.tickSize.description,
            minimumSize: market.minimumSize.formatted(decimals: format.baseDecimals),
            minimumSizeBaseUnits: market.minimumSize.description,
            maximumPrice: format.price(ticks: market.maximumPriceTicks), maximumPriceTicks: market.maximumPriceTicks,
            makerFeeBasisPoints: market.makerFeeBasisPoints, takerFeeBasisPoints: market.takerFeeBasisPoints,
            lastPrice: summary.lastPriceTicks.map { format.price(ticks: $0) }, lastPriceTicks: summary.lastPriceTicks,
            bestBid: summary.bestBidTicks.map { format.price(ticks: $0) },
            bestAsk: summary.bestAskTicks.map { format.price(ticks: $0) }, openOrders: summary.openOrderCount)
    }

    static func level(_ level: MatchingEngine.Level, format: MarketFormat) -> BookLevelJSON {
        BookLevelJSON(
            price: format.price(ticks: level.price), priceTicks: level.price, size: format.size(lots: level.quantity),
            sizeLots: String(level.quantity), orders: level.orderCount)
    }

    static func book(_ book: BookDepth, height: UInt64, sequence: UInt64, depth: Int, format: MarketFormat)
        -> BookResponse
    {
        BookResponse(
            market: format.market.name, marketId: format.market.id.rawValue, height: height, sequence: sequence,
            depth: depth, bids: book.bids.map { level($0, format: format) },
            asks: book.asks.map { level($0, format: format) })
    }

    static func order(_ order: Order, format: MarketFormat, context: RenderingContext) -> OrderJSON {
        let market = format.market
        let lockedAsset = market.lockedAsset(order.side)
        let locked = market.lock(order.side, priceTicks: order.priceTicks, lots: order.lots) ?? .zero
        return OrderJSON(
            id: String(order.id), market: market.name, marketId: market.id.rawValue, owner: order.owner.address,
            side: order.side.apiName, type: order.type.apiName, price: format.price(ticks: order.priceTicks),
            priceTicks: order.priceTicks, size: format.size(lots: order.lots), sizeLots: String(order.lots),
            locked: locked.formatted(decimals: context.decimals(of: lockedAsset)), lockedAsset: lockedAsset.text,
            clientOrderId: order.clientOrderID.map(String.init), expiresAtMs: order.expiresAtMilliseconds,
            height: order.height, selfTradePrevention: order.selfTradePrevention.apiName)
    }
}
