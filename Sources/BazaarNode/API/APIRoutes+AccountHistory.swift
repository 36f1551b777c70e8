import BazaarAPI
import BazaarCore
import BazaarHistory
import Hummingbird
import HummingbirdWebSocket

/// The account history routes: fills, order history, funding payments and the ledger, newest
/// first, paged by an opaque cursor (`before`, from the previous page's `next`).
///
/// Each page is one read transaction over one index range of at most `limit + 1` rows; keys never
/// change and new blocks only add larger ones, so paging while blocks commit neither repeats nor
/// skips a row. `height` is the history height the page was read at.
extension APIRoutes {
    static func registerAccountHistory(on v1: RouterGroup<BasicWebSocketRequestContext>, node: Node) {
        v1.get("accounts/{address}/fills") { request, context in
            try await accountFills(context.parameters.require("address"), request, node: node)
        }
        v1.get("accounts/{address}/orders/history") { request, context in
            try await accountOrderHistory(context.parameters.require("address"), request, node: node)
        }
        v1.get("accounts/{address}/funding") { request, context in
            try await accountFunding(context.parameters.require("address"), request, node: node)
        }
        v1.get("accounts/{address}/ledger") { request, context in
            try await accountLedger(context.parameters.require("address"), request, node: node)
        }
    }

    /// `GET /v1/accounts/{address}/fills?market=M&limit=N&before=CURSOR`.
    static func accountFills(_ address: String, _ request: Request, node: Node) async throws -> Response {
        let (id, limit, format, context) = try await accountQuery(address, request, node: node)
        let query = HistoryCursor.Query.fills(account: id, market: format?.market.id)
        let before = try cursor(request, for: query).map { (height: $0.height, position: $0.position, side: $0.third) }
        let page = try node.store.fills(of: id, market: format?.market.id, before: before, limit: limit)
        let next =
            page.hasMore
            ? page.rows.last.map { last in
                HistoryCursor(height: last.height, position: last.position, side: last.side.rawValue).text(for: query)
            } : nil
        return try JSONResponse.make(
            FillsResponse(
                address: id.address, height: page.height,
                fills: page.rows.map { Rendering.fill($0, context: context) }, next: next))
    }

    /// `GET /v1/accounts/{address}/orders/history?market=M&limit=N&before=CURSOR`.
    static func accountOrderHistory(_ address: String, _ request: Request, node: Node) async throws -> Response {
        let (id, limit, format, context) = try await accountQuery(address, request, node: node)
        let query = HistoryCursor.Query.orders(account: id, market: format?.market.id)
        let before = try cursor(request, for: query).map { (height: $0.height, order: $0.second) }
        let page = try node.store.orderHistory(of: id, market: format?.market.id, before: before, limit: limit)
        let next =
            page.hasMore
            ? page.rows.last.map { last in
                HistoryCursor(placedHeight: last.placedHeight, order: last.placed.order).text(for: query)
            } : nil
        return try JSONResponse.make(
            OrderHistoryResponse(
                address: id.address, height: page.height,
                orders: page.rows.map { Rendering.orderHistory($0, context: context) }, next: next))
    }

    /// `GET /v1/accounts/{address}/funding?market=M&limit=N&before=CURSOR`.
    static func accountFunding(_ address: String, _ request: Request, node: Node) async throws -> Response {
        let (id, limit, format, context) = try await accountQuery(address, request, node: node)
        let query = HistoryCursor.Query.funding(account: id, market: format?.market.id)
        let before = try cursor(request, for: query).map { (height: $0.height, sequence: $0.position) }
        let page = try node.store.fundingPayments(of: id, market: format?.market.id, before: before, limit: limit)
        let next =
            page.hasMore
            ? page.rows.last.map { last in
                HistoryCursor(height: last.height, position: last.sequence).text(for: query)
            } : nil
        return try JSONResponse.make(
            FundingPaymentsResponse(
                address: id.address, height: page.height,
                payments: page.rows.map { Rendering.funding($0, context: context) }, next: next))
    }

    /// `GET /v1/accounts/{address}/ledger?asset=A&limit=N&before=CURSOR`.
    static func accountLedger(_ address: String, _ request: Request, node: Node) async throws -> Response {
        let id = try accountID(address)
        let limit = try integer(
            request, "limit", default: FillsResponse.limitDefault, range: 1...FillsResponse.limitMax)
        let context = await node.renderingContext
        var asset: AssetSymbol?
        if let text = request.uri.queryParameters["asset"] {
            guard let symbol = AssetSymbol(validating: String(text).uppercased()), context.decimals[symbol] != nil
            else {
                throw APIFailure(
                    .notFound, code: ResultCode.unknownAsset.name,
                    message: "no asset \(EchoedInput.quoted(String(text)))")
            }
            asset = symbol
        }
        try await requireKnown(id, node: node)
        let query = HistoryCursor.Query.ledger(account: id, asset: asset)
        let before = try cursor(request, for: query).map { (height: $0.height, sequence: $0.position) }
        let page = try node.store.ledgerEntries(of: id, asset: asset, before: before, limit: limit)
        let next =
            page.hasMore
            ? page.rows.last.map { last in
                HistoryCursor(height: last.height, position: last.sequence).text(for: query)
            } : nil
        return try JSONResponse.make(
            LedgerResponse(
                address: id.address, height: page.height,
                entries: page.rows.map { Rendering.ledger($0, context: context) }, next: next))
    }

    /// The parts every account history route shares: the account (400 when malformed, 404
    /// `unknown_account` when neither history nor the state knows it), `limit` (400 naming the
    /// bounds) and the optional `market` (404 `unknown_market`).
    private static func accountQuery(_ address: String, _ request: Request, node: Node) async throws -> (
        AccountID, Int, MarketFormat?, RenderingContext
    ) {
        let id = try accountID(address)
        let limit = try integer(
            request, "limit", default: FillsResponse.limitDefault, range: 1...FillsResponse.limitMax)
        var format: MarketFormat?
        if let text = request.uri.queryParameters["market"] {
            format = try await market(named: String(text), node: node)
        }
        try await requireKnown(id, node: node)
        return (id, limit, format, await node.renderingContext)
    }

    private static func requireKnown(_ id: AccountID, node: Node) async throws {
        guard try node.store.hasHistory(id) else {
            guard await node.account(id) != nil else {
                throw APIFailure(
                    .notFound, code: "unknown_account", message: "no history of account \(id.address)")
            }
            return
        }
    }
}

extension Rendering {
    static func fill(_ fill: FillRow, context: RenderingContext) -> FillJSON {
        let format = context.markets[fill.market]
        let quote = format?.market.quote
        return FillJSON(
            id: "\(fill.height)-\(fill.position)-\(fill.side == .bid ? "b" : "s")",
            market: format?.market.name ?? String(fill.market.rawValue), height: fill.height,
            timeMs: fill.timeMilliseconds, kind: fill.kind.name, liquidity: fill.liquidity.name,
            side: fill.side.apiName,
            price: format?.price(ticks: fill.priceTicks) ?? "\(fill.priceTicks) ticks", priceTicks: fill.priceTicks,
            size: format?.size(lots: fill.lots) ?? "\(fill.lots) lots", sizeLots: String(fill.lots),
            notional: format?.notional(ticks: fill.priceTicks, lots: fill.lots) ?? "",
            fee: signed(fill.fee, decimals: quote.map(context.decimals(of:)) ?? 0), feeAsset: quote?.text ?? "",
            orderId: String(fill.order), counterparty: fill.counterparty?.address,
            counterpartyOrderId: fill.counterpartyOrder.map(String.init))
    }

    static func orderHistory(_ record: OrderHistoryRecord, context: RenderingContext) -> OrderHistoryJSON {
        let placed = record.placed
        let format = context.markets[placed.market]
        let decimals = format.map { context.decimals(of: $0.market.quote) } ?? 0
        // The average is rounded to a whole tick toward zero; the exact sum travels as filled size × price.
        let average: String? =
            record.filledLots == 0
            ? nil
            : format?.price(ticks: Int64(truncatingIfNeeded: record.filledTickLots / UInt128(record.filledLots)))
        return OrderHistoryJSON(
            id: String(placed.order), clientOrderId: placed.clientOrderID.map(String.init),
            market: format?.market.name ?? String(placed.market.rawValue), side: placed.side.apiName,
            type: placed.type.apiName, origin: origin(placed.origin),
            price: format?.price(ticks: record.priceTicks) ?? "\(record.priceTicks) ticks",
            priceTicks: record.priceTicks, size: format?.size(lots: placed.lots) ?? "\(placed.lots) lots",
            filledSize: format?.size(lots: record.filledLots) ?? "\(record.filledLots) lots",
            remainingSize: format?.size(lots: record.remainingLots) ?? "\(record.remainingLots) lots",
            averagePrice: average, fee: signed(record.fee, decimals: decimals), status: record.status.name,
            reason: record.reason?.apiName, expiresAtMs: placed.expiresAtMilliseconds,
            placedHeight: record.placedHeight, placedTimeMs: record.placedTimeMilliseconds,
            updatedHeight: record.updatedHeight, updatedTimeMs: record.updatedTimeMilliseconds)
    }

    static func funding(_ payment: FundingRow, context: RenderingContext) -> FundingPaymentJSON {
        let format = context.markets[payment.market]
        let base = format.map { context.decimals(of: $0.market.base) } ?? 0
        let quote = format?.market.quote
        return FundingPaymentJSON(
            market: format?.market.name ?? String(payment.market.rawValue), height: payment.height,
            timeMs: payment.timeMilliseconds, positionSize: MarginFormat.signed(payment.positionSize, decimals: base),
            amount: MarginFormat.signed(payment.amount, decimals: quote.map(context.decimals(of:)) ?? 0),
            asset: quote?.text ?? "", rate: MarginFormat.ppm(payment.ratePPM))
    }

    static func ledger(_ entry: LedgerRow, context: RenderingContext) -> LedgerEntryJSON {
        let decimals = context.decimals(of: entry.asset)
        return LedgerEntryJSON(
            height: entry.height, timeMs: entry.timeMilliseconds, asset: entry.asset.text,
            bucket: bucket(entry.bucket), delta: signed(entry.delta, decimals: decimals),
            balanceAfter: signed(entry.after, decimals: decimals), cause: entry.cause.name,
            txId: entry.transaction?.hex, actionIndex: entry.action, actionKind: entry.actionKind.map(actionKind),
            market: entry.market.map { context.markets[$0]?.market.name ?? String($0.rawValue) })
    }

    static func signed(_ amount: HistoryJournal.SignedAmount, decimals: UInt8) -> String {
        let text = Amount(baseUnits: amount.magnitude).formatted(decimals: decimals)
        return amount.isNegative ? "-" + text : text
    }

    static func origin(_ origin: HistoryJournal.OrderOrigin) -> String {
        switch origin {
        case .transaction: "order"
        case .route: "route"
        case .liquidation: "liquidation"
        }
    }

    static func bucket(_ bucket: HistoryJournal.Bucket) -> String {
        switch bucket {
        case .free: "free"
        case .locked: "locked"
        case .margin: "margin"
        }
    }

    static func actionKind(_ kind: HistoryJournal.ActionKind) -> String {
        switch kind {
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
