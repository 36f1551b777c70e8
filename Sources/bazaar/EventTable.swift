import BazaarAPI

/// The table of events shown by `tx`, `block` and `order`.
enum EventTable {
    static func print(_ events: [EventJSON]) {
        Output.table(header: ["EVENT", "ASSET/MARKET", "AMOUNT", "FROM", "TO"], rows: events.map(cells))
    }

    /// One row: ledger events show asset, amount, sender and recipient; market events the market,
    /// what happened to which order, the order's owner (a trade: taker, then maker).
    static func cells(_ event: EventJSON) -> [String] {
        guard let market = event.market else {
            return [event.kind, event.asset ?? "", event.amount ?? "", event.sender ?? "", event.recipient ?? ""]
        }
        return [event.kind, market, summary(event), event.taker ?? event.owner ?? "", event.maker ?? ""]
    }

    /// `buy 0.5 @ 65000 (order 12)`, `0.5 @ 65000 (taker buys, orders 7 ← 12)`, `0.5 (order 12, requested)`.
    static func summary(_ event: EventJSON) -> String {
        var text = ""
        if event.kind != "trade", let side = event.side { text += side + " " }
        if let size = event.size { text += size }
        if let price = event.price { text += " @ " + price }
        var notes: [String] = []
        if event.kind == "trade", let side = event.side, let maker = event.makerOrderId, let taker = event.takerOrderId
        {
            notes.append("taker \(side)s, order \(taker) against \(maker)")
        }
        if let order = event.orderId { notes.append("order \(order)") }
        if let reason = event.reason { notes.append(reason) }
        if notes.isEmpty { return text }
        return text + (text.isEmpty ? "" : " ") + "(" + notes.joined(separator: ", ") + ")"
    }
}
