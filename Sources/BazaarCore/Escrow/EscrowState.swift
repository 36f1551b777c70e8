internal import HeapModule

/// The ledger state of hash-time-locked contracts, cross-ledger swap offers, collateralized
/// peer-to-peer trades and the registry of their mediators and arbitrators.
///
/// Ids are 1, 2, … per table in creation order; rows are kept once closed (their final status
/// and, for an HTLC, the revealed preimage stay readable), so `count + 1` is the next id.
public struct EscrowState: LedgerModule {
    public internal(set) var htlcs: LedgerTable<UInt64, HTLC>
    public internal(set) var swapOffers: LedgerTable<UInt64, SwapOffer>
    public internal(set) var trades: LedgerTable<UInt64, TradeEscrow>
    public internal(set) var resolvers: LedgerTable<AccountID, Resolver>

    /// Deadlines of open swap offers and active trades, soonest first (derived, never hashed or
    /// encoded). Entries are never removed early: one whose row has moved on is skipped.
    var deadlines = Heap<DeadlineEntry>()

    struct DeadlineEntry: Sendable, Comparable {
        enum Kind: UInt8, Sendable, Comparable {
            case swapOffer = 0
            case trade = 1

            static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        var timeMilliseconds: UInt64
        var kind: Kind
        var id: UInt64

        static func < (lhs: DeadlineEntry, rhs: DeadlineEntry) -> Bool {
            (lhs.timeMilliseconds, lhs.kind, lhs.id) < (rhs.timeMilliseconds, rhs.kind, rhs.id)
        }
    }

    public init() {
        self.init(htlcs: LedgerTable(), swapOffers: LedgerTable(), trades: LedgerTable(), resolvers: LedgerTable())
    }

    init(
        htlcs: LedgerTable<UInt64, HTLC>, swapOffers: LedgerTable<UInt64, SwapOffer>,
        trades: LedgerTable<UInt64, TradeEscrow>, resolvers: LedgerTable<AccountID, Resolver>
    ) {
        self.htlcs = htlcs
        self.swapOffers = swapOffers
        self.trades = trades
        self.resolvers = resolvers
        for id in swapOffers.sortedKeys where swapOffers[id]!.status == .open {
            deadlines.insert(
                DeadlineEntry(
                    timeMilliseconds: swapOffers[id]!.terms.expiresAtMilliseconds, kind: .swapOffer, id: id))
        }
        for id in trades.sortedKeys where !trades[id]!.status.isFinal {
            deadlines.insert(DeadlineEntry(timeMilliseconds: trades[id]!.deadlineMilliseconds, kind: .trade, id: id))
        }
    }

    mutating func writeSwapOffer(_ offer: SwapOffer) {
        if offer.status == .open, swapOffers[offer.id]?.status != .open {
            deadlines.insert(
                DeadlineEntry(timeMilliseconds: offer.terms.expiresAtMilliseconds, kind: .swapOffer, id: offer.id))
        }
        swapOffers.write(offer, for: offer.id)
    }

    mutating func writeTrade(_ trade: TradeEscrow) {
        let previous = trades[trade.id]
        if !trade.status.isFinal,
            previous?.status != trade.status || previous?.deadlineMilliseconds != trade.deadlineMilliseconds
        {
            deadlines.insert(DeadlineEntry(timeMilliseconds: trade.deadlineMilliseconds, kind: .trade, id: trade.id))
        }
        trades.write(trade, for: trade.id)
    }

    mutating func beginTransaction() {
        htlcs.beginTransaction()
        swapOffers.beginTransaction()
        trades.beginTransaction()
        resolvers.beginTransaction()
    }

    mutating func commitTransaction() {
        htlcs.commitTransaction()
        swapOffers.commitTransaction()
        trades.commitTransaction()
        resolvers.commitTransaction()
    }

    mutating func rollBackTransaction() {
        htlcs.rollBackTransaction()
        swapOffers.rollBackTransaction()
        trades.rollBackTransaction()
        resolvers.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        htlcs.resetBlockJournal()
        swapOffers.resetBlockJournal()
        trades.resetBlockJournal()
        resolvers.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        htlcs.writeBlockChanges(to: &writer)
        swapOffers.writeBlockChanges(to: &writer)
        trades.writeBlockChanges(to: &writer)
        resolvers.writeBlockChanges(to: &writer)
    }

    func addHoldings(to held: inout [AssetSymbol: UInt128]) {
        htlcs.addHoldings(to: &held)
        swapOffers.addHoldings(to: &held)
        trades.addHoldings(to: &held)
    }

    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        htlcs.addBlockHoldings(before: &before, after: &after)
        swapOffers.addBlockHoldings(before: &before, after: &after)
        trades.addBlockHoldings(before: &before, after: &after)
    }

    /// Ids are dense, open swap offers are not past a deadline that a block already passed
    /// (checked by the end of block), a taken offer names its HTLC, and an active trade names its
    /// buyer exactly when it was taken.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        for (table, keys) in [
            ("htlc", htlcs.sortedKeys), ("swap offer", swapOffers.sortedKeys), ("trade", trades.sortedKeys),
        ]
        where !keys.isEmpty && (keys.first != 1 || keys.last != UInt64(keys.count)) {
            throw InvariantViolation(description: "\(table) ids are not 1…\(keys.count)")
        }
        for id in swapOffers.sortedKeys {
            let offer = swapOffers[id]!
            if offer.status == .taken {
                guard let htlc = offer.htlc.flatMap({ htlcs[$0] }), htlc.swapOffer == id else {
                    throw InvariantViolation(description: "taken swap offer \(id) has no HTLC")
                }
            }
        }
        for id in trades.sortedKeys {
            let trade = trades[id]!
            let hasBuyer = trade.buyer != nil
            let shouldHaveBuyer = ![.offered, .cancelled, .expired].contains(trade.status)
            guard hasBuyer == shouldHaveBuyer else {
                throw InvariantViolation(description: "trade \(id) in \(trade.status.name) with buyer \(hasBuyer)")
            }
        }
    }
}

extension EscrowState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(htlcs)
        writer.write(swapOffers)
        writer.write(trades)
        writer.write(resolvers)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            htlcs: try reader.read(LedgerTable.self), swapOffers: try reader.read(LedgerTable.self),
            trades: try reader.read(LedgerTable.self), resolvers: try reader.read(LedgerTable.self))
    }
}
