// The state machine's side of the history journal (``HistoryJournal``): what the matching,
// auction and liquidation code records when history is on. Callers check `historyJournal != nil`
// first, so that with history off none of this runs.

extension LedgerState {
    /// Records an order the block opens, with the type it was placed as.
    mutating func journalOrderOpened(_ order: Order, type: OrderType, origin: HistoryJournal.OrderOrigin) {
        precondition(historyJournal != nil, "journaling with history off")
        historyJournal!.ordersOpened.append(
            HistoryJournal.OrderOpened(
                order: order.id, market: order.market, owner: order.owner, side: order.side,
                priceTicks: order.priceTicks, lots: order.lots, type: type,
                selfTradePrevention: order.selfTradePrevention, clientOrderID: order.clientOrderID,
                expiresAtMilliseconds: order.expiresAtMilliseconds, origin: origin, cause: historyJournal!.cause))
    }

    /// Records a continuous fill about to settle, and makes it the fill of the balance changes
    /// recorded until the caller clears `historyJournal.fill`.
    mutating func journalContinuousFill(
        market: Market, priceTicks: Int64, lots: Int64, buyer: Order, buyerFeeBasisPoints: Int16, seller: Order,
        sellerFeeBasisPoints: Int16, takerSide: MatchingEngine.Side
    ) {
        precondition(historyJournal != nil, "journaling with history off")
        let notional = market.notional(priceTicks: priceTicks, lots: lots)!
        let settlement = HistoryJournal.FillSettlement(
            market: market.id, kind: .continuous, priceTicks: priceTicks, lots: lots,
            buyer: HistoryJournal.FillSettlement.Side(
                order: buyer.id, owner: buyer.owner,
                fee: Self.signedFee(on: notional, basisPoints: buyerFeeBasisPoints),
                isTaker: takerSide == .bid),
            seller: HistoryJournal.FillSettlement.Side(
                order: seller.id, owner: seller.owner,
                fee: Self.signedFee(on: notional, basisPoints: sellerFeeBasisPoints), isTaker: takerSide == .ask))
        appendSettlement(settlement)
    }

    /// Records one order's auction fill about to settle (its fee is never a rebate).
    mutating func journalAuctionFill(_ order: Order, lots: Int64, priceTicks: Int64, fee: Amount) {
        precondition(historyJournal != nil, "journaling with history off")
        let side = HistoryJournal.FillSettlement.Side(
            order: order.id, owner: order.owner, fee: HistoryJournal.SignedAmount(fee), isTaker: false)
        appendSettlement(
            HistoryJournal.FillSettlement(
                market: order.market, kind: .auction, priceTicks: priceTicks, lots: lots,
                buyer: order.side == .bid ? side : nil, seller: order.side == .ask ? side : nil))
    }

    private mutating func appendSettlement(_ settlement: HistoryJournal.FillSettlement) {
        let index = historyJournal!.settlements.count
        precondition(index < Int(Int32.max), "more than 2³¹ fills in one block")
        historyJournal!.settlements.append(settlement)
        historyJournal!.fill = Int32(index)
    }

    /// A side's fee on `notional` at `basisPoints`, as settlement charges it: positive a fee
    /// (rounded up), negative a rebate (rounded down).
    static func signedFee(on notional: Amount, basisPoints: Int16) -> HistoryJournal.SignedAmount {
        let (fee, rebate) = feeAndRebate(on: notional, basisPoints: basisPoints)
        return basisPoints >= 0
            ? HistoryJournal.SignedAmount(fee)
            : HistoryJournal.SignedAmount(isNegative: true, magnitude: rebate.baseUnits)
    }
}
