public import BazaarCore

/// An order's whole life as one row: its terms, what filled, its fees and where it ended.
///
/// A record starts from ``OrderPlacedRow`` and follows the order's events block by block
/// (``apply(_:)``), then ``settle(isOpen:height:timeMilliseconds:)`` at the end of each block
/// that touched it sets the status the post-block state implies.
public struct OrderHistoryRecord: Sendable, Hashable {
    /// Where an order stands.
    public enum Status: UInt8, Sendable, Hashable, CaseIterable {
        case open = 0
        case partiallyFilled = 1
        case filled = 2
        case cancelled = 3
        case expired = 4

        public var name: String {
            switch self {
            case .open: "open"
            case .partiallyFilled: "partially_filled"
            case .filled: "filled"
            case .cancelled: "cancelled"
            case .expired: "expired"
            }
        }
    }

    public var placed: OrderPlacedRow
    /// The price it rests at (an amendment changes it).
    public var priceTicks: Int64
    public var remainingLots: Int64
    public var filledLots: Int64
    /// Σ price ticks × lots of its fills, for the average price.
    public var filledTickLots: UInt128
    /// Σ fees of its fills (negative: rebates).
    public var fee: HistoryJournal.SignedAmount
    public var status: Status
    public var reason: CancelReason?
    public var placedHeight: UInt64
    public var placedTimeMilliseconds: UInt64
    public var updatedHeight: UInt64
    public var updatedTimeMilliseconds: UInt64

    public init(placed: OrderPlacedRow, height: UInt64, timeMilliseconds: UInt64) {
        precondition(placed.lots > 0, "an order of \(placed.lots) lots")
        self.placed = placed
        priceTicks = placed.priceTicks
        remainingLots = placed.lots
        filledLots = 0
        filledTickLots = 0
        fee = HistoryJournal.SignedAmount(isNegative: false, magnitude: 0)
        status = .open
        placedHeight = height
        placedTimeMilliseconds = timeMilliseconds
        updatedHeight = height
        updatedTimeMilliseconds = timeMilliseconds
    }

    /// Follows one event of this order.
    ///
    /// - Throws: ``HistoryExtractionError`` when the event is not this order's or does not follow
    ///   what came before (a fill past the remaining size, an event after the order ended): a bug
    ///   in recording history, which the caller reports instead of storing the rows.
    public mutating func apply(_ event: OrderEventRow) throws(HistoryExtractionError) {
        let order = placed.order
        guard event.order == order else {
            throw HistoryExtractionError("order \(order) given an event of order \(event.order)")
        }
        guard status != .cancelled && status != .expired else {
            throw HistoryExtractionError("an event of order \(order) after it ended")
        }
        switch event.kind {
        case .placed:
            throw HistoryExtractionError("order \(order) placed twice")
        case .fill:
            guard event.lots > 0 && event.lots <= remainingLots, let price = event.priceTicks, price > 0,
                let eventFee = event.fee
            else {
                throw HistoryExtractionError("a fill of \(event.lots) lots past order \(order)'s size or without terms")
            }
            remainingLots -= event.lots
            filledLots += event.lots
            let (product, overflow) = UInt128(price).multipliedReportingOverflow(by: UInt128(event.lots))
            let (sum, sumOverflow) = filledTickLots.addingReportingOverflow(product)
            guard !overflow, !sumOverflow, let total = HistoryExtractor.add(fee, eventFee) else {
                throw HistoryExtractionError("order \(order)'s filled notional or fee past 2¹²⁸")
            }
            filledTickLots = sum
            fee = total
        case .amended:
            guard event.lots > 0, let price = event.priceTicks else {
                throw HistoryExtractionError("an amendment of order \(order) to \(event.lots) lots")
            }
            priceTicks = price
            remainingLots = event.lots
        case .cancelled:
            remainingLots = 0
            status = .cancelled
            reason = event.reason
        case .expired:
            remainingLots = 0
            status = .expired
        }
        updatedHeight = event.height
        updatedTimeMilliseconds = event.timeMilliseconds
    }

    /// Sets the status after a block that touched the order: an order that did not end by a
    /// cancel or an expiry is open, partially filled, or (gone from the state) filled.
    ///
    /// Every way an order leaves the book has an event, so an order gone without a cancel or an
    /// expiry has nothing left; should one ever leave with lots unreported, it shows as cancelled
    /// without a reason rather than stopping the node over an off-consensus record.
    public mutating func settle(isOpen: Bool) {
        guard status != .cancelled && status != .expired else { return }
        if isOpen {
            status = filledLots == 0 ? .open : .partiallyFilled
        } else if remainingLots == 0 {
            status = .filled
        } else {
            remainingLots = 0
            status = .cancelled
        }
    }
}
