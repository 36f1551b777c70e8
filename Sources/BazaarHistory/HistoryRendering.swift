public import BazaarAPI
public import BazaarCore

// History rows as the API's JSON, in the units of `MarketFormat`: one rendering for the node and
// the indexer. A row of a market or asset the context does not know shows its raw integers.

extension TradeJSON {
    public init(_ print: HistoryPrint, format: MarketFormat) {
        self.init(
            id: "\(print.height)-\(print.position)", market: format.market.name, height: print.height,
            timeMs: print.timeMilliseconds, kind: print.takerSide == nil ? "auction" : "trade",
            price: format.price(ticks: print.priceTicks), priceTicks: print.priceTicks,
            size: format.size(lots: print.lots), sizeLots: String(print.lots),
            notional: format.notional(ticks: print.priceTicks, lots: print.lots), takerSide: print.takerSide?.apiName,
            makerOrderId: print.makerOrder.map(String.init), takerOrderId: print.takerOrder.map(String.init),
            maker: print.maker?.address, taker: print.taker?.address)
    }
}

extension FillJSON {
    public init(_ fill: FillRow, context: RenderingContext) {
        let format = context.markets[fill.market]
        let quote = format?.market.quote
        self.init(
            id: "\(fill.height)-\(fill.position)-\(fill.side == .bid ? "b" : "s")",
            market: format?.market.name ?? String(fill.market.rawValue), height: fill.height,
            timeMs: fill.timeMilliseconds, kind: fill.kind.name, liquidity: fill.liquidity.name,
            side: fill.side.apiName,
            price: format?.price(ticks: fill.priceTicks) ?? "\(fill.priceTicks) ticks", priceTicks: fill.priceTicks,
            size: format?.size(lots: fill.lots) ?? "\(fill.lots) lots", sizeLots: String(fill.lots),
            notional: format?.notional(ticks: fill.priceTicks, lots: fill.lots) ?? "",
            fee: fill.fee.formatted(decimals: quote.map(context.decimals(of:)) ?? 0), feeAsset: quote?.text ?? "",
            orderId: String(fill.order), counterparty: fill.counterparty?.address,
            counterpartyOrderId: fill.counterpartyOrder.map(String.init))
    }
}

extension OrderHistoryJSON {
    public init(_ record: OrderHistoryRecord, context: RenderingContext) {
        let placed = record.placed
        let format = context.markets[placed.market]
        let decimals = format.map { context.decimals(of: $0.market.quote) } ?? 0
        // The average is rounded to a whole tick toward zero; the exact sum travels as filled size × price.
        let average: String? =
            record.filledLots == 0
            ? nil
            : format?.price(ticks: Int64(truncatingIfNeeded: record.filledTickLots / UInt128(record.filledLots)))
        self.init(
            id: String(placed.order), clientOrderId: placed.clientOrderID.map(String.init),
            market: format?.market.name ?? String(placed.market.rawValue), side: placed.side.apiName,
            type: placed.type.apiName, origin: placed.origin.apiName,
            price: format?.price(ticks: record.priceTicks) ?? "\(record.priceTicks) ticks",
            priceTicks: record.priceTicks, size: format?.size(lots: placed.lots) ?? "\(placed.lots) lots",
            filledSize: format?.size(lots: record.filledLots) ?? "\(record.filledLots) lots",
            remainingSize: format?.size(lots: record.remainingLots) ?? "\(record.remainingLots) lots",
            averagePrice: average, fee: record.fee.formatted(decimals: decimals), status: record.status.name,
            reason: record.reason?.apiName, expiresAtMs: placed.expiresAtMilliseconds,
            placedHeight: record.placedHeight, placedTimeMs: record.placedTimeMilliseconds,
            updatedHeight: record.updatedHeight, updatedTimeMs: record.updatedTimeMilliseconds)
    }
}

extension FundingPaymentJSON {
    public init(_ payment: FundingRow, context: RenderingContext) {
        let format = context.markets[payment.market]
        let base = format.map { context.decimals(of: $0.market.base) } ?? 0
        let quote = format?.market.quote
        self.init(
            market: format?.market.name ?? String(payment.market.rawValue), height: payment.height,
            timeMs: payment.timeMilliseconds, positionSize: MarginFormat.signed(payment.positionSize, decimals: base),
            amount: MarginFormat.signed(payment.amount, decimals: quote.map(context.decimals(of:)) ?? 0),
            asset: quote?.text ?? "", rate: MarginFormat.ppm(payment.ratePPM))
    }
}

extension LedgerEntryJSON {
    public init(_ entry: LedgerRow, context: RenderingContext) {
        let decimals = context.decimals(of: entry.asset)
        self.init(
            height: entry.height, timeMs: entry.timeMilliseconds, asset: entry.asset.text,
            bucket: entry.bucket.apiName, delta: entry.delta.formatted(decimals: decimals),
            balanceAfter: entry.after.formatted(decimals: decimals), cause: entry.cause.name,
            txId: entry.transaction?.hex, actionIndex: entry.action, actionKind: entry.actionKind?.apiName,
            market: entry.market.map { context.markets[$0]?.market.name ?? String($0.rawValue) })
    }
}

extension HistoryJournal.SignedAmount {
    /// The amount in whole units of an asset with `decimals`, `-` before a negative one.
    public func formatted(decimals: UInt8) -> String {
        let text = Amount(baseUnits: magnitude).formatted(decimals: decimals)
        return isNegative ? "-" + text : text
    }
}

extension HistoryJournal.OrderOrigin {
    public var apiName: String {
        switch self {
        case .transaction: "order"
        case .route: "route"
        case .liquidation: "liquidation"
        }
    }
}

extension HistoryJournal.Bucket {
    public var apiName: String {
        switch self {
        case .free: "free"
        case .locked: "locked"
        case .margin: "margin"
        }
    }
}

extension HistoryJournal.ActionKind {
    public var apiName: String {
        switch self {
        case .createAsset: "create_asset"
        case .mint: "mint"
        case .burn: "burn"
        case .transfer: "transfer"
        case .createMarket: "create_market"
        case .placeOrder: "place_order"
        case .cancelOrder: "cancel_order"
        case .cancelAllOrders: "cancel_all_orders"
        case .amendOrder: "amend_order"
        case .amm: "amm"
        case .escrow: "escrow"
        case .derivatives: "derivatives"
        }
    }
}
