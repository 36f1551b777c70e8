import BazaarCore

extension OrderHistoryRecord {
    /// The orders whose stored records a block's events need: those it touches without placing them.
    public static func ordersToLoad(for rows: HistoryRows) -> Set<UInt64> {
        let placed = Set(rows.ordersPlaced.map(\.order))
        return Set(rows.orderEvents.map(\.order)).subtracting(placed)
    }

    /// The order records after one block: each order the block places or touches, brought up to
    /// date by its events and settled against whether it is still open (the same rule as the
    /// node's store, so that an indexer's `order_history` equals the node's).
    ///
    /// - Parameter stored: the records of ``ordersToLoad(for:)`` a store holds; an order without
    ///   one was placed before history was kept and gets no record.
    /// - Returns: the records in the order the block first touched them.
    /// - Throws: ``HistoryExtractionError`` when a placed event has no terms in `rows.ordersPlaced`,
    ///   or an event does not follow its order's record.
    public static func afterBlock(_ rows: HistoryRows, stored: [UInt64: OrderHistoryRecord])
        throws(HistoryExtractionError)
        -> [OrderHistoryRecord]
    {
        var terms: [UInt64: OrderPlacedRow] = [:]
        for order in rows.ordersPlaced { terms[order.order] = order }
        var records: [UInt64: OrderHistoryRecord] = [:]
        var touched: [UInt64] = []
        for event in rows.orderEvents {
            if event.kind == .placed {
                guard let placed = terms[event.order], records[event.order] == nil else {
                    throw HistoryExtractionError("order \(event.order) placed without its terms, or twice")
                }
                records[event.order] = OrderHistoryRecord(
                    placed: placed, height: rows.height, timeMilliseconds: rows.timeMilliseconds)
                touched.append(event.order)
                continue
            }
            if records[event.order] == nil, let record = stored[event.order] {
                records[event.order] = record
                touched.append(event.order)
            }
            try records[event.order]?.apply(event)
        }
        return touched.map { order in
            var record = records[order]!
            record.settle(isOpen: rows.openAfterBlock.contains(order))
            return record
        }
    }
}
