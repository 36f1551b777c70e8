public import BazaarAPI

/// What became of one placed order, from its transaction's events and, for a batch market, the
/// events of the end of its block (the auction fills it, or releases an immediate-or-cancel
/// remainder).
public struct OrderOutcome: Codable, Sendable, Equatable {
    /// The ledger's id for the order; nil when the transaction failed.
    public var orderId: String?
    public var market: String
    /// `open` (resting, or waiting for the next auction), `filled`, `cancelled` (its remainder
    /// was released: immediate-or-cancel, market, or self-trade prevention) or `failed`.
    public var status: String
    /// Sizes in whole base units: as placed, traded, still open, and released unfilled.
    public var size: String
    public var filled: String
    public var open: String
    public var released: String
    /// The order's trades (`trade`) and auction fills (`order_filled`), in order.
    public var fills: [EventJSON]

    /// - Parameters:
    ///   - transaction: the committed transaction that placed the order (one `placeOrder` action).
    ///   - endBlockEvents: the end-of-block events of its block.
    ///   - format: the order's market.
    public init(transaction: TransactionResponse, endBlockEvents: [EventJSON], format: MarketFormat) {
        let events = transaction.events ?? []
        let placed = events.first { $0.kind == "order_placed" }
        let id = placed?.orderId
        func lots(_ event: EventJSON) -> Int64 { event.sizeLots.flatMap { Int64($0) } ?? 0 }
        let mine = events + endBlockEvents.filter { $0.orderId == id }
        fills = mine.filter {
            ($0.kind == "trade" && ($0.makerOrderId == id || $0.takerOrderId == id))
                || ($0.kind == "order_filled" && $0.orderId == id)
        }
        let placedLots = placed.map(lots) ?? 0
        let filledLots = fills.reduce(0) { $0 + lots($1) }
        let releasedLots = mine.filter { ["order_cancelled", "order_expired"].contains($0.kind) && $0.orderId == id }
            .reduce(0) { $0 + lots($1) }
        let openLots = max(placedLots - filledLots - releasedLots, 0)
        orderId = id
        market = format.market.name
        status =
            transaction.code != "ok" || id == nil
            ? "failed" : releasedLots > 0 ? "cancelled" : openLots == 0 ? "filled" : "open"
        size = format.size(lots: placedLots)
        filled = format.size(lots: filledLots)
        open = format.size(lots: openLots)
        released = format.size(lots: releasedLots)
    }
}
