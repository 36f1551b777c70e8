public import BazaarCore
import Foundation
public import Logging
public import ServiceLifecycle

/// The devnet's option market maker: every interval it quotes each trading option series two-sided
/// around its mark with `Devnet.marketMakerKey`, re-quoting a series when the mark has left the
/// middle half of its quote or a quote was filled. Quotes wait for a fresh oracle price and
/// surface (the chain refuses option risk without them).
public struct OptionMarketMaker: Service {
    let node: Node
    let key: PrivateKey
    let intervalMilliseconds: UInt64
    let logger: Logger

    public init(
        node: Node, key: PrivateKey = Devnet.marketMakerKey, intervalMilliseconds: UInt64, logger: Logger
    ) {
        self.node = node
        self.key = key
        self.intervalMilliseconds = intervalMilliseconds
        self.logger = logger
    }

    /// Quotes until cancelled or asked to shut down gracefully.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await quote() }
        } catch is CancellationError {}
    }

    private func quote() async throws {
        var rounds = self.rounds()
        while !Task.isCancelled {
            await rounds.next()
            try await Task.sleep(for: .milliseconds(intervalMilliseconds))
        }
    }

    /// The maker's rounds one at a time, for a caller that paces them itself (a test that makes
    /// a block after each round): `run()` is these rounds with the interval between them.
    public func rounds() -> Rounds { Rounds(maker: self) }

    /// The state the maker carries from one round to the next.
    public struct Rounds {
        let maker: OptionMarketMaker
        /// The last quote transaction: the maker quotes again once it left the mempool.
        var pending: Hash?

        /// One round: unless its last quote is still pending, the maker brings up to
        /// `Devnet.optionSeriesPerQuote` series' quotes up to date in one transaction.
        public mutating func next() async {
            if let id = pending, await maker.node.isPending(id) { return }
            pending = nil
            let actions = await maker.node.optionQuoteActions(maker: maker.key.publicKey.accountID)
            if !actions.isEmpty { pending = await maker.submit(actions) }
        }
    }

    fileprivate func submit(_ actions: [Action]) async -> Hash? {
        let context = await node.reporterContext(of: key.publicKey.accountID)
        let signed = Transaction(
            chainID: node.chainID, sender: key.publicKey, nonce: context.nonce, fee: context.minimumFee,
            expiryHeight: context.height + 20, actions: actions
        ).signed(with: key)
        guard let verified = VerifiedTransaction(verifying: signed) else { return nil }
        let code = await node.submit(verified)
        if code != .ok { logger.debug("option quotes refused", metadata: ["code": "\(code)"]) }
        return code == .ok ? verified.id : nil
    }
}

extension Devnet {
    /// The size of each option quote: 0.1 BTC.
    public static let optionQuoteSizeBaseUnits: UInt128 = 10_000_000
    /// Half the quote's width: 5% of the mark, at least $2 per BTC.
    static let optionQuoteHalfSpreadBasisPoints: UInt128 = 500
    static let optionQuoteHalfSpreadMinimum: UInt128 = 2_000_000

    /// Series re-quoted per transaction: three actions each (cancel, bid, ask), within a
    /// transaction's action limit.
    static let optionSeriesPerQuote = SignedTransaction.actionCountMax / 3

    /// The actions that bring `maker`'s option quotes up to date, for at most
    /// `optionSeriesPerQuote` series (by market id): for each trading series whose oracle price
    /// and surface are fresh and whose quote is missing, partly filled, or no longer has the mark
    /// in its middle half, cancel `maker`'s orders there and place a bid and an ask of
    /// `optionQuoteSizeBaseUnits` around the mark (the bid at least one tick, the ask above it).
    public static func optionQuoteActions(state: LedgerState, maker: AccountID) -> [Action] {
        var resting: [MarketID: [Order]] = [:]
        for order in state.openOrders(of: maker) { resting[order.market, default: []].append(order) }
        var actions: [Action] = []
        let table = state.derivatives.margin.optionSeries
        for id in table.sortedKeys {
            guard actions.count / 3 < optionSeriesPerQuote else { break }
            let series = table[id]!
            guard series.isTrading(at: state.timeMilliseconds), let book = state.market(id),
                let price = state.oraclePrice(of: series.underlying), !price.isStale,
                case .success = state.impliedVolatility(
                    underlying: series.underlying, expiryMilliseconds: series.terms.expiryMilliseconds,
                    strike: series.terms.strike.baseUnits, spot: price.quotePerUnit,
                    atMilliseconds: state.timeMilliseconds),
                let mark = state.optionMark(of: series), let decimals = state.assets[series.underlying]?.decimals
            else { continue }
            let tickPerUnit =
                book.market.tickSize.baseUnits * Amount.powerOfTen(Int(decimals))
                / book.market.lotSize.baseUnits
            guard
                let quote = optionQuote(
                    mark: mark, tickPerUnit: tickPerUnit, maximumTicks: UInt64(book.market.maximumPriceTicks))
            else { continue }
            let orders = resting[id] ?? []
            if isCurrent(orders, quote: quote, mark: mark, tickPerUnit: tickPerUnit, market: book.market) { continue }
            let size = Amount(baseUnits: optionQuoteSizeBaseUnits)
            let tick = book.market.tickSize.baseUnits
            actions.append(.cancelAllOrders(Action.CancelAllOrders(market: id)))
            for (side, ticks) in [(MatchingEngine.Side.bid, quote.bid), (.ask, quote.ask)] {
                actions.append(
                    .placeOrder(
                        Action.PlaceOrder(
                            market: id, side: side, type: .limit, price: Amount(baseUnits: UInt128(ticks) * tick),
                            size: size)))
            }
        }
        return actions
    }

    /// The bid and ask in ticks around `mark` (quote base units per whole unit; a tick is
    /// `tickPerUnit` of them); nil when the ask would be past the book's price range.
    static func optionQuote(mark: UInt128, tickPerUnit: UInt128, maximumTicks: UInt64) -> (bid: Int64, ask: Int64)? {
        let halfSpread = max(mark * optionQuoteHalfSpreadBasisPoints / 10_000, optionQuoteHalfSpreadMinimum)
        let bidTicks = mark > halfSpread ? (mark - halfSpread) / tickPerUnit : 0
        let askTicks = (mark + halfSpread + tickPerUnit - 1) / tickPerUnit
        let bid = max(bidTicks, 1)
        let ask = max(askTicks, bid + 1)
        guard ask <= UInt128(maximumTicks) else { return nil }
        return (Int64(bid), Int64(ask))
    }

    /// Whether `orders` are one full bid and one full ask that are the wanted quote, or whose
    /// middle half holds the mark.
    static func isCurrent(
        _ orders: [Order], quote: (bid: Int64, ask: Int64), mark: UInt128, tickPerUnit: UInt128, market: Market
    ) -> Bool {
        let lots = Int64(optionQuoteSizeBaseUnits / market.lotSize.baseUnits)
        guard orders.count == 2, let bid = orders.first(where: { $0.side == .bid }),
            let ask = orders.first(where: { $0.side == .ask }), bid.lots == lots, ask.lots == lots
        else { return false }
        if bid.priceTicks == quote.bid && ask.priceTicks == quote.ask { return true }
        let (low, high) = (UInt128(bid.priceTicks) * tickPerUnit, UInt128(ask.priceTicks) * tickPerUnit)
        let quarter = (high - low) / 4
        return mark >= low + quarter && mark <= high - quarter
    }
}
