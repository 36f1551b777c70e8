public import BazaarCore

/// Turns a finalized block and its ``HistoryJournal`` into account history rows (``HistoryRows``).
///
/// Pure: the same block, journal and state give the same rows on every node. The events give the
/// order of things (results in block order, then the end of the block, as the block's prints);
/// the journal gives what the events lack (each side's fee, an order's type and origin, funding
/// per account, the ledger of balance changes). The post-block state is read only to tell which
/// touched orders are still open.
public enum HistoryExtractor {
    /// The rows of one block.
    ///
    /// - Parameters:
    ///   - finalized: the block as `Application.finalizeBlock` returned it.
    ///   - journal: its journal (`finalized.journal`, recorded with history on).
    ///   - state: the state after the block.
    /// - Throws: ``HistoryExtractionError`` when the journal is not the block's own (a trade or
    ///   auction fill without its settlement, an order placed without its `OrderOpened`, …). That
    ///   is a bug in recording history, never in the block: the caller stores the block without
    ///   history rather than stop.
    /// - Complexity: O(events + journal entries).
    public static func rows(of finalized: FinalizedBlock, journal: HistoryJournal, state: LedgerState)
        throws(HistoryExtractionError) -> HistoryRows
    {
        let header = finalized.block.header
        var builder = try Builder(
            rows: HistoryRows(height: header.height, timeMilliseconds: header.timeMilliseconds), journal: journal)
        for event in finalized.results.lazy.flatMap(\.events) { try builder.add(event) }
        for event in finalized.endBlockEvents { try builder.add(event) }
        try builder.finish(state: state)
        builder.rows.ledger = try ledger(
            of: journal.balanceChanges, height: header.height, timeMilliseconds: header.timeMilliseconds,
            transactions: finalized.results.map(\.id))
        return builder.rows
    }

    /// The rows of the genesis state (height 0): its balances as ledger rows and its open orders
    /// as placed.
    ///
    /// - Parameter journal: `Application.genesisJournal`.
    public static func genesisRows(journal: HistoryJournal, state: LedgerState, timeMilliseconds: UInt64)
        throws(HistoryExtractionError) -> HistoryRows
    {
        precondition(state.height == 0, "genesis rows of a state at height \(state.height)")
        var builder = try Builder(rows: HistoryRows(height: 0, timeMilliseconds: timeMilliseconds), journal: journal)
        for opened in journal.ordersOpened {
            try builder.add(
                .orderPlaced(
                    market: opened.market, order: opened.order, owner: opened.owner, side: opened.side,
                    priceTicks: opened.priceTicks, lots: opened.lots))
        }
        try builder.finish(state: state)
        builder.rows.ledger = try ledger(
            of: journal.balanceChanges, height: 0, timeMilliseconds: timeMilliseconds, transactions: [])
        return builder.rows
    }

    /// Walks a block's events, matching each fill to its settlement.
    private struct Builder {
        var rows: HistoryRows
        let opened: [UInt64: HistoryJournal.OrderOpened]
        /// Unmatched settlement indexes: continuous ones by (buyer order, seller order), auction
        /// ones by order, each first in, first out.
        var continuous: [Pair: [Int]] = [:]
        var auction: [UInt64: [Int]] = [:]
        let settlements: [HistoryJournal.FillSettlement]
        var touched: [UInt64: MarketID] = [:]
        var rates: [MarketID: Int64] = [:]
        let fundingPayments: [HistoryJournal.FundingPayment]

        struct Pair: Hashable {
            var buyer: UInt64
            var seller: UInt64
        }

        init(rows: HistoryRows, journal: HistoryJournal) throws(HistoryExtractionError) {
            self.rows = rows
            var opened: [UInt64: HistoryJournal.OrderOpened] = [:]
            for order in journal.ordersOpened { opened[order.order] = order }
            self.opened = opened
            settlements = journal.settlements
            fundingPayments = journal.fundingPayments
            for (index, settlement) in journal.settlements.enumerated() {
                switch settlement.kind {
                case .continuous:
                    guard let buyer = settlement.buyer, let seller = settlement.seller else {
                        throw HistoryExtractionError("continuous settlement \(index) lacks a side")
                    }
                    continuous[Pair(buyer: buyer.order, seller: seller.order), default: []].append(index)
                case .auction:
                    guard let side = settlement.buyer ?? settlement.seller else {
                        throw HistoryExtractionError("auction settlement \(index) has no side")
                    }
                    auction[side.order, default: []].append(index)
                }
            }
        }

        mutating func add(_ event: Event) throws(HistoryExtractionError) {
            switch event {
            case .orderPlaced(let market, let order, let owner, let side, let price, let lots):
                guard let terms = opened[order] else {
                    throw HistoryExtractionError("order \(order) was placed without an OrderOpened in the journal")
                }
                rows.ordersPlaced.append(
                    OrderPlacedRow(
                        order: order, account: owner, market: market, side: side, type: terms.type,
                        clientOrderID: terms.clientOrderID, expiresAtMilliseconds: terms.expiresAtMilliseconds,
                        priceTicks: price, lots: lots, origin: terms.origin))
                appendEvent(order, owner, market, .placed, priceTicks: price, lots: lots)
            case .trade(let market, let price, let lots, let takerSide, let maker, let taker, _, _):
                let pair = takerSide == .bid ? Pair(buyer: taker, seller: maker) : Pair(buyer: maker, seller: taker)
                let index = try Self.take(&continuous, pair, "trade of orders \(maker) and \(taker)")
                let settlement = settlements[index]
                guard settlement.priceTicks == price && settlement.lots == lots else {
                    throw HistoryExtractionError("the trade of orders \(maker) and \(taker) is unlike its settlement")
                }
                let kind: FillKind =
                    switch opened[taker]?.origin {
                    case .route: .route
                    case .liquidation: .liquidation
                    case .transaction, nil: .trade
                    }
                try appendContinuousFill(settlement, market: market, kind: kind)
            case .orderFilled(let market, let order, _, _, let price, let lots):
                let index = try Self.take(&auction, order, "auction fill of order \(order)")
                let settlement = settlements[index]
                guard settlement.priceTicks == price && settlement.lots == lots else {
                    throw HistoryExtractionError("the auction fill of order \(order) is unlike its settlement")
                }
                let side: MatchingEngine.Side
                let mine: HistoryJournal.FillSettlement.Side
                if let buyer = settlement.buyer {
                    (side, mine) = (.bid, buyer)
                } else if let seller = settlement.seller {
                    (side, mine) = (.ask, seller)
                } else {
                    throw HistoryExtractionError("the auction fill of order \(order) has no side")
                }
                appendFill(
                    market: market, kind: .auction, liquidity: .auction, side: side, mine: mine, other: nil,
                    price: price, lots: lots)
            case .orderCancelled(let market, let order, let owner, let lots, let reason):
                appendEvent(order, owner, market, .cancelled, priceTicks: nil, lots: lots, reason: reason)
            case .orderExpired(let market, let order, let owner, let lots):
                appendEvent(order, owner, market, .expired, priceTicks: nil, lots: lots)
            case .orderAmended(let market, let order, let owner, let price, let lots):
                appendEvent(order, owner, market, .amended, priceTicks: price, lots: lots)
            case .derivatives(.margin(.funding(let market, let ratePPM, _, _, _, _))):
                rates[market] = ratePPM
            default:
                break
            }
        }

        private static func take<Key: Hashable>(_ queues: inout [Key: [Int]], _ key: Key, _ what: String)
            throws(HistoryExtractionError) -> Int
        {
            guard var queue = queues[key], !queue.isEmpty else {
                throw HistoryExtractionError("the journal has no settlement for the \(what)")
            }
            let index = queue.removeFirst()
            queues[key] = queue
            return index
        }

        private mutating func appendContinuousFill(
            _ settlement: HistoryJournal.FillSettlement, market: MarketID, kind: FillKind
        ) throws(HistoryExtractionError) {
            guard let buyer = settlement.buyer, let seller = settlement.seller, buyer.isTaker != seller.isTaker else {
                throw HistoryExtractionError("a continuous fill in market \(market) needs one taker and one maker")
            }
            // The maker's row first, as the trade event names the maker first.
            let sides: [(MatchingEngine.Side, HistoryJournal.FillSettlement.Side, HistoryJournal.FillSettlement.Side)] =
                buyer.isTaker
                ? [(.ask, seller, buyer), (.bid, buyer, seller)] : [(.bid, buyer, seller), (.ask, seller, buyer)]
            let position = nextPosition
            for (side, mine, other) in sides {
                appendFill(
                    market: market, kind: kind, liquidity: mine.isTaker ? .taker : .maker, side: side, mine: mine,
                    other: other, price: settlement.priceTicks, lots: settlement.lots, position: position)
            }
        }

        /// The next fill position: rows of one continuous fill share one.
        private var nextPosition: UInt32 {
            guard let last = rows.fills.last else { return 0 }
            return last.position + 1
        }

        private mutating func appendFill(
            market: MarketID, kind: FillKind, liquidity: FillLiquidity, side: MatchingEngine.Side,
            mine: HistoryJournal.FillSettlement.Side, other: HistoryJournal.FillSettlement.Side?, price: Int64,
            lots: Int64, position: UInt32? = nil
        ) {
            let position = position ?? nextPosition
            rows.fills.append(
                FillRow(
                    height: rows.height, position: position, side: side, market: market, kind: kind,
                    liquidity: liquidity, account: mine.owner, order: mine.order, counterparty: other?.owner,
                    counterpartyOrder: other?.order, priceTicks: price, lots: lots, fee: mine.fee,
                    timeMilliseconds: rows.timeMilliseconds))
            appendEvent(
                mine.order, mine.owner, market, .fill, priceTicks: price, lots: lots, fee: mine.fee,
                fillPosition: position)
        }

        private mutating func appendEvent(
            _ order: UInt64, _ owner: AccountID, _ market: MarketID, _ kind: OrderEventKind, priceTicks: Int64?,
            lots: Int64, reason: CancelReason? = nil, fee: HistoryJournal.SignedAmount? = nil,
            fillPosition: UInt32? = nil
        ) {
            touched[order] = market
            rows.orderEvents.append(
                OrderEventRow(
                    height: rows.height, position: UInt32(rows.orderEvents.count), order: order, account: owner,
                    market: market, kind: kind, reason: reason, priceTicks: priceTicks, lots: lots, fee: fee,
                    fillPosition: fillPosition, timeMilliseconds: rows.timeMilliseconds))
        }

        mutating func finish(state: LedgerState) throws(HistoryExtractionError) {
            guard continuous.values.allSatisfy(\.isEmpty) else {
                throw HistoryExtractionError("a continuous settlement without its trade event")
            }
            guard auction.values.allSatisfy(\.isEmpty) else {
                throw HistoryExtractionError("an auction settlement without its fill event")
            }
            for (order, market) in touched where state.order(OrderKey(market: market, id: order)) != nil {
                rows.openAfterBlock.insert(order)
            }
            for (sequence, payment) in fundingPayments.enumerated() {
                guard let rate = rates[payment.market] else {
                    throw HistoryExtractionError("funding paid in market \(payment.market) without its funding event")
                }
                rows.funding.append(
                    FundingRow(
                        height: rows.height, sequence: UInt32(sequence), account: payment.account,
                        market: payment.market, positionSize: payment.positionSize, amount: payment.amount,
                        ratePPM: rate, timeMilliseconds: rows.timeMilliseconds))
            }
        }
    }

    // MARK: - Ledger

    /// Balance changes netted per (cause, account, asset, bucket): a taker crossing ten makers in
    /// one action gets one row per asset and bucket, not one per fill. A group that nets to zero
    /// (locked and released in one step) gives no row. Groups are ordered by their last change,
    /// so each row's `after` is the amount at that point.
    static func ledger(
        of changes: [HistoryJournal.BalanceChange], height: UInt64, timeMilliseconds: UInt64, transactions: [Hash]
    ) throws(HistoryExtractionError) -> [LedgerRow] {
        struct Key: Hashable {
            var cause: HistoryJournal.BalanceCause
            var account: AccountID
            var asset: AssetSymbol
            var bucket: HistoryJournal.Bucket
        }
        var groups: [Key: (last: Int, change: HistoryJournal.BalanceChange)] = [:]
        for (index, change) in changes.enumerated() {
            let key = Key(cause: change.cause, account: change.account, asset: change.asset, bucket: change.bucket)
            if var group = groups[key] {
                guard let delta = add(group.change.delta, change.delta) else {
                    throw HistoryExtractionError("a netted change of \(change.asset.text) past 2¹²⁸")
                }
                group.change.delta = delta
                group.change.after = change.after
                groups[key] = (index, group.change)
            } else {
                groups[key] = (index, change)
            }
        }
        var rows: [LedgerRow] = []
        for (_, change) in groups.values.sorted(by: { $0.last < $1.last }) where change.delta.magnitude != 0 {
            var row = LedgerRow(
                height: height, sequence: UInt32(rows.count), account: change.account, asset: change.asset,
                bucket: change.bucket, delta: change.delta, after: change.after, cause: .genesis, transaction: nil,
                action: nil, actionKind: nil, market: nil, timeMilliseconds: timeMilliseconds)
            switch change.cause {
            case .genesis: row.cause = .genesis
            case .fee(let transaction):
                row.cause = .fee
                row.transaction = try Self.transaction(transaction, of: transactions)
            case .action(let transaction, let action, let kind):
                row.cause = .action
                row.transaction = try Self.transaction(transaction, of: transactions)
                row.action = action
                row.actionKind = kind
            case .auction(let market): (row.cause, row.market) = (.auction, market)
            case .expiry: row.cause = .expiry
            case .escrowDeadline: row.cause = .escrowDeadline
            case .lendingAccrual: row.cause = .lendingAccrual
            case .funding(let market): (row.cause, row.market) = (.funding, market)
            case .optionSettlement(let market): (row.cause, row.market) = (.optionSettlement, market)
            case .liquidation(let market): (row.cause, row.market) = (.liquidation, market)
            case .deleveraging(let market): (row.cause, row.market) = (.deleveraging, market)
            }
            rows.append(row)
        }
        return rows
    }

    /// The id of the block's `index`th transaction.
    private static func transaction(_ index: UInt32, of transactions: [Hash]) throws(HistoryExtractionError) -> Hash {
        guard Int(index) < transactions.count else {
            throw HistoryExtractionError("a balance change names transaction \(index) of \(transactions.count)")
        }
        return transactions[Int(index)]
    }

    /// `a + b` of two signed amounts, or nil past 2¹²⁸. A net change of one balance over one step
    /// lies between two balances, so it fits; a sum that does not is a broken journal.
    public static func add(_ a: HistoryJournal.SignedAmount, _ b: HistoryJournal.SignedAmount) -> HistoryJournal
        .SignedAmount?
    {
        if a.isNegative == b.isNegative {
            let (sum, overflow) = a.magnitude.addingReportingOverflow(b.magnitude)
            if overflow { return nil }
            return HistoryJournal.SignedAmount(isNegative: a.isNegative, magnitude: sum)
        }
        return a.magnitude >= b.magnitude
            ? HistoryJournal.SignedAmount(isNegative: a.isNegative, magnitude: a.magnitude - b.magnitude)
            : HistoryJournal.SignedAmount(isNegative: b.isNegative, magnitude: b.magnitude - a.magnitude)
    }
}

/// Why a block's journal could not be turned into history rows: a bug in recording history, never
/// a fault of the block, which is valid and committed whatever this says.
public struct HistoryExtractionError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
