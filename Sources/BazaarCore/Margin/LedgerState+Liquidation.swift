// The liquidation engine, run at the end of every block after funding and option settlement
// (docs/MARGIN.md; option portfolios: docs/OPTIONS.md, "Liquidation of option portfolios"): every
// account under maintenance is handled in that block, in account order. Positions are perpetual
// positions and option positions alike; the engine only asks whether the account is under
// maintenance (whatever rule computes the requirement) and values it.
//
// 1. Its open orders in perpetual markets and option series are cancelled.
// 2. Partial liquidation: the close factor of each position (every one, so hedges stay balanced)
//    is offered to the book as an immediate-or-cancel order limited at the oracle price minus
//    (selling) or plus (buying) the penalty — for an option series, within a band around the
//    series' mark, max(penalty × mark, penalty / 10 × the underlying's price); the penalty on
//    what fills goes to the insurance fund.
// 3. If still under maintenance, the rest of every position is offered the same way.
// 4. What the book could not absorb, the insurance fund takes over at the mark price (the
//    perpetual's or the series') and covers any deficit (the bankruptcy price) — unless the fund
//    cannot cover the deficit, when the position is auto-deleveraged against the most profitable
//    opposite positions of the same market, which bear the deficit pro rata (they close at the
//    bankruptcy price).
// 5. Debts are repaid from collateral in the same asset; the insurance fund takes over the rest
//    for its value, as far as the account can pay, and other collateral is sold to the fund at
//    the oracle price less the penalty to cover a negative quote balance; a deficit left is
//    covered by the fund, and what it cannot cover is bad debt, recorded in `MarginState.badDebt`
//    (a quote deficit) or written off in the lending pool (a debt; `LendingPool.writtenOff`).

/// The accounts the liquidation engine handled at the end of block `height`: those it found
/// under maintenance (or could not value) and acted on. Kept in memory only, for the maintenance
/// invariant (``LedgerState/checkMarginMaintenance(_:)``).
struct LiquidationRecord: Sendable {
    var height: UInt64
    var accounts: Set<AccountID>
}

extension LedgerState {
    /// Liquidates every account under maintenance; repeats for accounts that deleveraging pushed
    /// under until none is left. That ends: a round after the first only has accounts that a
    /// deleveraging touched, and every deleveraging shrinks open interest. Then, since the
    /// liquidation orders consumed the books and so moved mark prices, every account is valued
    /// again at the prices after the liquidations, and any account not yet handled that is now
    /// under maintenance is liquidated the same way (again until none is left: each pass handles
    /// at least one new account). Records the accounts handled (``LiquidationRecord``).
    ///
    /// - Complexity: one valuation of every margin account, and one more after a block that
    ///   liquidated anything (more only when liquidations push further accounts under).
    mutating func runLiquidations(appendingTo events: inout [Event]) {
        var handled: Set<AccountID> = []
        var candidates = accountsUnderMaintenance(among: nil)
        var context = LiquidationContext(prices: MarginPrices(self))
        historyJournal?.cause = .liquidation(nil)
        while !candidates.isEmpty {
            while !candidates.isEmpty {
                context.touched = []
                for account in candidates {
                    liquidate(account, context: &context, events: &events)
                    handled.insert(account)
                }
                candidates = accountsUnderMaintenance(among: context.touched.sorted())
            }
            context.prices = MarginPrices(self)
            candidates = accountsUnderMaintenance(among: nil).filter { !handled.contains($0) }
        }
        liquidationRecord = LiquidationRecord(height: height, accounts: handled)
        historyJournal?.cause = .liquidation(nil)
        events += repayInsuranceFundDebts()
    }

    /// What one block's liquidations share: the deleveraging queues, built once per market and
    /// side (most profitable first) and consumed in order, and the accounts deleveraging touched.
    struct LiquidationContext {
        struct Side: Hashable {
            var market: MarketID
            var long: Bool
        }
        var queues: [Side: (accounts: [AccountID], next: Int)] = [:]
        var touched: Set<AccountID> = []
        /// Prices and margin parameters, which do not change during one pass of liquidations.
        var prices: MarginPrices
    }

    /// The accounts (of `among`, or all) that the liquidation engine must handle, in account
    /// order: those whose equity is below their maintenance requirement, and those that cannot
    /// be valued because a value overflows 128 bits — an account the protocol cannot value is
    /// treated as under maintenance, so its risk is reduced rather than left unwatched
    /// (docs/MARGIN.md, Overflow). Accounts with a missing price are skipped: a missing price
    /// is no price at all, and nothing can be done at it.
    ///
    /// - Complexity: O(margin accounts × (collateral assets + positions)), one dictionary
    ///   lookup per price.
    func accountsUnderMaintenance(among: [AccountID]?) -> [AccountID] {
        let prices = MarginPrices(self)
        let fund = MarginState.insuranceFund
        var result: [AccountID] = []
        func check(_ id: AccountID, _ row: MarginAccount?) {
            guard id != fund else { return }
            if isUnderMaintenance(id, row: row, prices) { result.append(id) }
        }
        if let among {
            for id in among { check(id, derivatives.margin.accounts[id]) }
        } else {
            for (id, row) in derivatives.margin.accounts.rows { check(id, row) }
        }
        return result.sorted()
    }

    static func isLiquidatable(_ valuation: MarginValuation) -> Bool {
        !valuation.isMissingPrice && !valuation.summary.coversMaintenance
            && (valuation.hasPositions || valuation.hasDebts || valuation.summary.equity < 0)
    }

    private func valuation(of account: AccountID, _ prices: MarginPrices) throws(ActionFailure) -> MarginValuation {
        try marginValuation(of: account, row: derivatives.margin.accounts[account], prices: prices)
    }

    /// Whether the engine must (go on) handling the account: under maintenance, or not valuable.
    private func isUnderMaintenance(_ account: AccountID, row: MarginAccount?, _ prices: MarginPrices) -> Bool {
        do {
            return Self.isLiquidatable(try marginValuation(of: account, row: row, prices: prices))
        } catch {
            return true
        }
    }

    private func isUnderMaintenance(_ account: AccountID, _ prices: MarginPrices) -> Bool {
        isUnderMaintenance(account, row: derivatives.margin.accounts[account], prices)
    }

    /// The most penalty the account can pay: its equity, or nothing when it cannot be valued
    /// (its equity is not known to cover a penalty, and a penalty it cannot pay would only move
    /// a loss to the insurance fund's books as a claim backed by bad debt). Values the account
    /// without its requirements: ``liquidate(_:context:)`` charges no penalty at all to an
    /// account whose requirements cannot be valued.
    private func penaltyCap(_ account: AccountID, _ prices: MarginPrices) -> UInt128 {
        do {
            let valuation = try marginValuation(
                of: account, row: derivatives.margin.accounts[account], prices: prices, requirements: false)
            return UInt128(max(valuation.summary.equity, 0))
        } catch {
            return 0
        }
    }

    private func positionMarkets(of account: AccountID) -> [MarketID] {
        (derivatives.margin.accounts[account]?.positions.keys).map { $0.sorted() } ?? []
    }

    /// Liquidates one account (steps 1–5 above), appending what happened to `events`. An
    /// account that cannot be valued goes through steps 1–3 only, without a penalty: taking
    /// positions over, deleveraging and settling collateral all price the account's deficit,
    /// which is unknown (docs/MARGIN.md, Overflow).
    mutating func liquidate(_ account: AccountID, context: inout LiquidationContext, events: inout [Event]) {
        let settings = derivatives.margin.liquidationSettings
        historyJournal?.cause = .liquidation(nil)
        let keys = (orderIndex[account]?.open ?? []).filter { isMarginMarket($0.market) }.sorted()
        for key in keys {
            let order = removeOrder(key)
            events.append(
                .orderCancelled(
                    market: key.market, order: key.id, owner: account, lots: order.lots, reason: .liquidation))
        }
        // Each step re-values the account only when the step before changed something (added
        // an event).
        let chargesPenalty = (try? valuation(of: account, context.prices)) != nil
        var stepStart = events.count
        for market in positionMarkets(of: account) {
            closeOnBook(
                account, market: market, basisPoints: settings.closeFactorBasisPoints, prices: context.prices,
                chargesPenalty: chargesPenalty, events: &events)
        }
        var isUnder = events.count == stepStart || isUnderMaintenance(account, context.prices)
        if isUnder {
            stepStart = events.count
            for market in positionMarkets(of: account) {
                closeOnBook(
                    account, market: market, basisPoints: 10_000, prices: context.prices,
                    chargesPenalty: chargesPenalty, events: &events)
            }
            isUnder = events.count == stepStart || isUnderMaintenance(account, context.prices)
        }
        guard isUnder, (try? valuation(of: account, context.prices)) != nil else { return }
        stepStart = events.count
        for market in positionMarkets(of: account) {
            events += takeOverOrDeleverage(account, market: market, context: &context)
        }
        isUnder = events.count == stepStart || isUnderMaintenance(account, context.prices)
        historyJournal?.cause = .liquidation(nil)
        if isUnder {
            stepStart = events.count
            events += settleCollateral(account, basisPoints: settings.closeFactorBasisPoints)
            isUnder = events.count == stepStart || isUnderMaintenance(account, context.prices)
        }
        if isUnder { events += settleCollateral(account, basisPoints: 10_000) }
    }

    // MARK: - On the book

    /// The limit of a liquidation order: the oracle price per lot less (selling) or plus
    /// (buying) the penalty, in ticks rounded inwards; nil when it is outside the market's range
    /// or when `lot × (10⁴ ± penalty)` or `10^decimals × 10⁴ × tick` does not fit in 128 bits
    /// (then no order is offered to the book, and the account goes on to step 4).
    func liquidationLimit(_ perpetual: Perpetual, market: Market, side: MatchingEngine.Side) -> Int64? {
        guard let price = oraclePrice(of: perpetual.base), let info = assets[perpetual.base] else { return nil }
        let penalty = UInt128(derivatives.margin.liquidationSettings.penaltyBasisPoints)
        let factor: UInt128 = side == .ask ? 10_000 - penalty : 10_000 + penalty
        // 10^decimals × 10⁴ ≤ 10^28 fits (Amount.decimalsMax is 24).
        let (scale, scaleOverflow) = (Amount.powerOfTen(Int(info.decimals)) * 10_000).multipliedReportingOverflow(
            by: market.tickSize.baseUnits)
        let (perLot, perLotOverflow) = market.lotSize.baseUnits.multipliedReportingOverflow(by: factor)
        guard !scaleOverflow, !perLotOverflow,
            let ticks = UInt128.mulDiv(price.quotePerUnit, perLot, scale, rounding: side == .ask ? .up : .down)
        else { return nil }
        if side == .ask {
            return ticks <= UInt128(market.maximumPriceTicks) ? Int64(max(ticks, 1)) : nil
        }
        return ticks >= 1 ? Int64(min(ticks, UInt128(market.maximumPriceTicks))) : nil
    }

    /// The limit of an option series' liquidation order: within a band around the series' mark
    /// (not the oracle price, which is the underlying's) — selling a long at no less than
    /// mark − band, buying back a short at no more than mark + band, per whole unit, with
    /// band = max(mark × penalty, S × penalty / 10) / 10⁴ rounded down (S the underlying's oracle
    /// price), so that a cheap far-out-of-the-money option, whose premium is a small fraction of
    /// any tick-sized step, can still be closed. In ticks rounded inwards (sell up, buy down); a
    /// sell whose bound is at or below zero is limited at one tick. Nil when the bound is outside
    /// the market's range or a product does not fit in 128 bits (no order is offered; the account
    /// goes on to step 4).
    func optionLiquidationLimit(
        market: Market, side: MatchingEngine.Side, mark: UInt128, underlying: UInt128, scale: UInt128
    ) -> Int64? {
        let penalty = UInt128(derivatives.margin.liquidationSettings.penaltyBasisPoints)
        // penalty ≤ 5,000: both quotients are below their dividends' 128 bits when the products fit.
        guard let fromMark = UInt128.mulDiv(mark, penalty, 10_000, rounding: .down),
            let fromUnderlying = UInt128.mulDiv(underlying, penalty, 100_000, rounding: .down)
        else { return nil }
        let band = max(fromMark, fromUnderlying)
        let (divisor, divisorOverflow) = scale.multipliedReportingOverflow(by: market.tickSize.baseUnits)
        guard !divisorOverflow else { return nil }
        if side == .ask {
            let bound = mark > band ? mark - band : 0
            guard let ticks = UInt128.mulDiv(bound, market.lotSize.baseUnits, divisor, rounding: .up),
                ticks <= UInt128(market.maximumPriceTicks)
            else { return nil }
            return Int64(max(ticks, 1))
        }
        let (bound, boundOverflow) = mark.addingReportingOverflow(band)
        guard !boundOverflow, let ticks = UInt128.mulDiv(bound, market.lotSize.baseUnits, divisor, rounding: .down),
            ticks >= 1
        else { return nil }
        return Int64(min(ticks, UInt128(market.maximumPriceTicks)))
    }

    /// The limit of a liquidation order of `side` on a perpetual market or a trading option
    /// series (``liquidationLimit(_:market:side:)``, ``optionLiquidationLimit(market:side:mark:underlying:scale:)``),
    /// with the quote asset the penalty is paid in; nil for a series past its expiry (its book
    /// takes no orders), without a mark, or when the limit cannot be computed.
    private func liquidationBound(_ id: MarketID, side: MatchingEngine.Side, prices: MarginPrices) -> (
        limit: Int64, quote: AssetSymbol
    )? {
        let market = markets[id.index].market
        if let perpetual = derivatives.margin.perpetuals[id] {
            return liquidationLimit(perpetual, market: market, side: side).map { ($0, perpetual.quote) }
        }
        guard let (series, entry, underlying) = prices.optionEntry(id), series.isTrading(at: timeMilliseconds),
            let limit = optionLiquidationLimit(
                market: market, side: side, mark: entry.price, underlying: underlying, scale: entry.scale)
        else { return nil }
        return (limit, series.quote)
    }

    /// Offers `basisPoints` of the account's position (rounded up to whole lots) to the book, in
    /// a perpetual market or an option series; the penalty on what fills is capped at the
    /// account's equity, and is none unless `chargesPenalty`. Appends to `events` what
    /// happened; nothing when no order was placed.
    mutating func closeOnBook(
        _ account: AccountID, market id: MarketID, basisPoints: UInt16, prices: MarginPrices, chargesPenalty: Bool,
        events: inout [Event]
    ) {
        guard let position = derivatives.margin.accounts[account]?.positions[id] else { return }
        let market = markets[id.index].market
        let totalLots = position.size.magnitude / market.lotSize.baseUnits
        // basisPoints ≤ 10⁴: the fraction is at most totalLots and fits.
        let lots = min(
            totalLots, max(1, UInt128.mulDiv(totalLots, UInt128(basisPoints), 10_000, rounding: .up)!))
        let side: MatchingEngine.Side = position.size > 0 ? .ask : .bid
        guard lots > 0, let (limit, quote) = liquidationBound(id, side: side, prices: prices) else { return }
        // Nothing to place when no resting order is within the bound.
        let reachable = markets[id.index].readEngine { engine in
            side == .ask ? engine.bestBid.map { $0 >= limit } : engine.bestAsk.map { $0 <= limit }
        }
        guard reachable == true else { return }
        let penaltyCap = chargesPenalty ? penaltyCap(account, prices) : 0
        let (orderID, priority) = takeOrderID()
        let order = Order(
            id: orderID, market: id, owner: account, side: side, priceTicks: limit, lots: Int64(lots),
            type: .immediateOrCancel, selfTradePrevention: .cancelResting, clientOrderID: nil,
            expiresAtMilliseconds: nil, priority: priority, height: height)
        if historyJournal != nil {
            historyJournal!.cause = .liquidation(id)
            journalOrderOpened(order, type: .immediateOrCancel, origin: .liquidation)
        }
        let placed = events.count
        events.append(
            .orderPlaced(market: id, order: orderID, owner: account, side: side, priceTicks: limit, lots: Int64(lots)))
        do { try matchIncoming(order, type: .immediateOrCancel, events: &events) } catch {
            preconditionFailure("a liquidation order cannot rest: \(error.code)")
        }
        var filledLots: Int64 = 0
        var notional: UInt128 = 0
        // Each fill's notional moved through the account's Int128 cash already (a trap there
        // comes first), so neither it nor their sum, at most the position's cash, overflows.
        for case .trade(_, let price, let lots, _, _, let taker, _, _) in events[placed...] where taker == orderID {
            filledLots += lots
            notional += market.notional(priceTicks: price, lots: lots)!.baseUnits
        }
        guard filledLots > 0 else { return }
        // A penalty of at most 50% of the notional fits.
        let penalty = min(
            MarginMath.basisPoints(
                notional, derivatives.margin.liquidationSettings.penaltyBasisPoints, rounding: .up)!,
            penaltyCap)
        payPenalty(account, Int128(penalty), quote: quote)
        let size = Int128(filledLots) * Int128(market.lotSize.baseUnits)
        events.append(
            .derivatives(
                .margin(
                    .liquidated(
                        account: account, market: id, size: side == .bid ? size : -size,
                        notional: Amount(baseUnits: notional), penalty: Amount(baseUnits: penalty)))))
    }

    private mutating func payPenalty(_ account: AccountID, _ penalty: Int128, quote: AssetSymbol) {
        guard penalty > 0 else { return }
        updateMarginAccount(account) { $0.addClaim(-penalty, quote) }
        updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(penalty, quote) }
    }

    // MARK: - Insurance fund and deleveraging

    /// The insurance fund takes the rest of the position at the mark price if it can cover the
    /// account's deficit; otherwise the position is deleveraged against the most profitable
    /// opposite positions, which bear the deficit.
    mutating func takeOverOrDeleverage(_ account: AccountID, market id: MarketID, context: inout LiquidationContext)
        -> [Event]
    {
        guard let position = derivatives.margin.accounts[account]?.positions[id],
            let (quote, price, scale) = context.prices.markedPosition(id)
        else { return [] }
        let fund = MarginState.insuranceFund
        historyJournal?.cause = .liquidation(id)
        // The caller values the account first: only an account that can be valued gets here,
        // so its positions' values at these prices fit (`!` below).
        guard let before = try? valuation(of: account, context.prices) else { return [] }
        let notional = UInt128.mulDiv(position.size.magnitude, price, scale, rounding: .down)!
        let penalty = min(
            MarginMath.basisPoints(
                notional, derivatives.margin.liquidationSettings.penaltyBasisPoints, rounding: .up)!,
            UInt128(max(before.summary.equity, 0)))
        // A deficit past Int128 is more than any fund holds: it deleverages.
        let (deficitValue, deficitOverflow) = Int128(penalty).subtractingReportingOverflow(before.unweightedEquity)
        let fundQuote = derivatives.margin.accounts[fund]?.claim(quote) ?? 0
        let fundCovers = !deficitOverflow && fundQuote >= max(0, deficitValue)
        let side = LiquidationContext.Side(market: id, long: position.size < 0)
        if context.queues[side] == nil {
            context.queues[side] = (
                deleveragingCandidates(market: id, long: side.long, price: price, scale: scale), 0
            )
        }
        let hasCounterparties = context.queues[side]!.next < context.queues[side]!.accounts.count
        if fundCovers || !hasCounterparties {
            transferPosition(
                from: account, to: fund, market: id, size: position.size, price: price, scale: scale,
                quote: quote)
            payPenalty(account, Int128(penalty), quote: quote)
            return [
                .derivatives(
                    .margin(.takenOver(account: account, market: id, size: position.size, price: price)))
            ]
        }
        // Auto-deleveraging at the mark price, then the deficit charged to the counterparties
        // in proportion to the size each closed (the last takes the rounding remainder).
        historyJournal?.cause = .deleveraging(id)
        var remaining = position.size.magnitude
        var takes: [(AccountID, UInt128)] = []
        while remaining > 0, context.queues[side]!.next < context.queues[side]!.accounts.count {
            let counterparty = context.queues[side]!.accounts[context.queues[side]!.next]
            // The queue was ranked at its creation; sizes are read now.
            guard counterparty != account,
                let opposite = derivatives.margin.accounts[counterparty]?.positions[id],
                (opposite.size > 0) == side.long
            else {
                context.queues[side]!.next += 1
                continue
            }
            let take = min(remaining, opposite.size.magnitude)
            if take == opposite.size.magnitude { context.queues[side]!.next += 1 }
            let signed = position.size > 0 ? Int128(take) : -Int128(take)
            transferPosition(
                from: account, to: counterparty, market: id, size: signed, price: price, scale: scale,
                quote: quote)
            takes.append((counterparty, take))
            context.touched.insert(counterparty)
            remaining -= take
        }
        // The loss the counterparties share: the account's negative equity after the closes.
        // Should it no longer be valued, they share none, and the whole deficit stays with the
        // account for step 5 (the fund, then bad debt), where it is not lost from view.
        let after = try? valuation(of: account, context.prices)
        let loss = max(0, -(after?.unweightedEquity ?? 0))
        var events: [Event] = []
        let total = position.size.magnitude - remaining
        var charged: UInt128 = 0
        for (index, (counterparty, take)) in takes.enumerated() {
            // take ≤ total: each share, rounded down, is at most the loss; the last takes the rest.
            let share =
                index == takes.count - 1
                ? UInt128(loss) - charged : UInt128.mulDiv(UInt128(loss), take, total, rounding: .down)!
            charged += share
            if historyJournal != nil {
                historyJournal!.deleverages.append(
                    HistoryJournal.DeleverageFill(
                        account: account, counterparty: counterparty, market: id,
                        size: position.size > 0 ? Int128(take) : -Int128(take), priceQuotePerUnit: price, scale: scale,
                        loss: share))
            }
            if share > 0 {
                updateMarginAccount(counterparty) { $0.addClaim(-Int128(share), quote) }
                updateMarginAccount(account) { $0.addClaim(Int128(share), quote) }
            }
            events.append(
                .derivatives(
                    .margin(
                        .deleveraged(
                            account: account, counterparty: counterparty, market: id,
                            size: position.size > 0 ? Int128(take) : -Int128(take), loss: Amount(baseUnits: share)))))
        }
        if remaining > 0 {
            historyJournal?.cause = .liquidation(id)
            let signed = position.size > 0 ? Int128(remaining) : -Int128(remaining)
            transferPosition(
                from: account, to: fund, market: id, size: signed, price: price, scale: scale,
                quote: quote)
            events.append(
                .derivatives(.margin(.takenOver(account: account, market: id, size: signed, price: price)))
            )
        }
        return events
    }

    /// Opposite positions to deleverage against, most profitable first (unrealized PnL at the
    /// mark price, then account order).
    ///
    /// - Complexity: O(margin accounts + candidates × log candidates), once per market and side a block.
    func deleveragingCandidates(market: MarketID, long: Bool, price: UInt128, scale: UInt128) -> [AccountID] {
        // A PnL that does not fit in Int128 ranks by its sign alone: above every PnL that fits
        // when it is a profit, below when it is a loss (then in account order).
        var candidates: [(account: AccountID, tier: Int, pnl: Int128)] = []
        for (id, row) in derivatives.margin.accounts.rows where id != MarginState.insuranceFund {
            guard let position = row.positions[market], (position.size > 0) == long else { continue }
            var pnl = OrderFreeSum()
            pnl.add(position.cash)
            if let value = MarginMath.signedMulDivFloor(position.size, price, scale) {
                pnl.add(value)
                if let fits = pnl.value {
                    candidates.append((id, 1, fits))
                    continue
                }
            }
            // Beyond Int128: the position's value dominates (cash is within Int128), so its
            // sign is the position's.
            candidates.append((id, long ? 2 : 0, 0))
        }
        candidates.sort {
            ($0.tier, $0.pnl) != ($1.tier, $1.pnl) ? ($0.tier, $0.pnl) > ($1.tier, $1.pnl) : $0.account < $1.account
        }
        return candidates.map(\.account)
    }

    /// Moves `size` (signed, the giver's side) of `from`'s position to `to` at `price` per whole
    /// unit, as a trade between them without fees: the giver's position shrinks, the receiver's
    /// grows (the fund) or shrinks (a deleveraged opposite position). Cash rounds against the giver.
    /// In an option series the value moves between their quote claims at once, as a premium does
    /// (``changeOptionPosition(_:market:quote:size:cash:fee:)``); in a perpetual market it stays
    /// in the positions' cash until realized (``changePosition(_:market:quote:size:cash:fee:)``).
    /// Either way the market's open interest follows the change in long size.
    mutating func transferPosition(
        from: AccountID, to: AccountID, market: MarketID, size: Int128, price: UInt128, scale: UInt128,
        quote: AssetSymbol
    ) {
        let value = MarginMath.signedMulDivFloor(size, price, scale)!
        let isOption = derivatives.margin.optionSeries[market] != nil
        var interest: Int128
        if isOption {
            interest = changeOptionPosition(from, market: market, quote: quote, size: -size, cash: value, fee: 0)
            interest += changeOptionPosition(to, market: market, quote: quote, size: size, cash: -value, fee: 0)
        } else {
            interest = changePosition(from, market: market, quote: quote, size: -size, cash: value, fee: 0)
            interest += changePosition(to, market: market, quote: quote, size: size, cash: -value, fee: 0)
        }
        guard interest != 0 else { return }
        if isOption {
            derivatives.margin.optionSeries.update(market) { $0.openInterest += interest }
        } else {
            derivatives.margin.perpetuals.update(market) { $0.openInterest += interest }
        }
    }

    // MARK: - Collateral, debts, deficits

    /// Settles `basisPoints` of each of the account's debts and all of a negative quote balance:
    /// 1. a debt is repaid from the account's claim in its own asset;
    /// 2. the insurance fund takes over what is left of each debt (in symbol order), as far as the
    ///    account can pay its value at the oracle price: its quote claim pays, and
    /// 3. other collateral is sold to the fund at the oracle price less the penalty to cover the
    ///    quote claim where it is negative;
    /// 4. with no position left, the fund covers a negative quote balance, and what it cannot is
    ///    bad debt (`MarginState.badDebt`);
    /// 5. in the full pass, an account still in debt is bankrupt (``settleBankruptcy(_:)``).
    ///
    /// The fund repays the debts it took over from what it holds (``repayInsuranceFundDebts()``).
    mutating func settleCollateral(_ account: AccountID, basisPoints: UInt16) -> [Event] {
        guard let quote = derivatives.oracle.quoteAsset else { return [] }
        let fund = MarginState.insuranceFund
        let penalty = UInt128(derivatives.margin.liquidationSettings.penaltyBasisPoints)
        var events: [Event] = []
        func claim(_ asset: AssetSymbol) -> Int128 { derivatives.margin.accounts[account]?.claim(asset) ?? 0 }
        /// The oracle price (quote units per whole unit) and scale of an asset the fund buys.
        func salePrice(_ asset: AssetSymbol) -> (price: UInt128, scale: UInt128)? {
            guard let price = oraclePrice(of: asset), price.quotePerUnit > 0, let info = assets[asset] else {
                return nil
            }
            return (price.quotePerUnit, Amount.powerOfTen(Int(info.decimals)))
        }
        var rests: [(asset: AssetSymbol, amount: UInt128)] = []
        for (asset, debt) in lendingDebts(of: account) {
            // basisPoints ≤ 10⁴: the target is at most the debt and fits.
            let target = UInt128.mulDiv(debt.baseUnits, UInt128(basisPoints), 10_000, rounding: .up)!
            let (repaid, repayment) = repay(account, asset: asset, amount: min(target, UInt128(max(0, claim(asset)))))
            events += repayment
            if target > repaid { rests.append((asset, target - repaid)) }
        }
        // What the account can raise: its quote claim (net) plus its other collateral at the
        // sale price, in 256 bits; nil when even that overflows, which is more than every debt's
        // value (each below 2¹²⁸) however many are taken over: the budget is then unbounded.
        var gains = UInt256(UInt128(max(0, claim(quote))))
        var gainsOverflow = false
        for (asset, held) in derivatives.margin.accounts[account]?.collateral.sorted(by: { $0.key < $1.key }) ?? []
        where asset != quote && held > 0 {
            guard let (price, scale) = salePrice(asset) else { continue }
            let (sum, overflow) = gains.addingReportingOverflow(
                Self.saleProceeds(UInt128(held), price: price, scale: scale, penalty: penalty))
            gains = sum
            gainsOverflow = gainsOverflow || overflow
        }
        let owed = UInt256(UInt128(max(0, -claim(quote))))
        var available: UInt256? = gainsOverflow ? nil : (gains > owed ? gains - owed : .zero)
        for rest in rests where available.map({ !$0.isZero }) ?? true {
            events += takeOverDebt(account, rest.asset, upTo: rest.amount, budget: &available)
        }
        var need = UInt128(max(0, -claim(quote)))
        let collateral = (derivatives.margin.accounts[account]?.collateral.keys.sorted()) ?? []
        for asset in collateral where asset != quote && need > 0 {
            let held = claim(asset)
            guard held > 0, let (price, scale) = salePrice(asset) else { continue }
            // The amount that raises `need`, rounded up; more than the claim when it overflows.
            let wanted = Self.saleAmount(raising: need, price: price, scale: scale, penalty: penalty)
            let amount = wanted.map { min(UInt128(held), $0) } ?? UInt128(held)
            // Proceeds of at most `need` (the amount was rounded up from it, then maybe cut to
            // the claim), rounded down: below 2¹²⁷.
            let proceeds = Self.saleProceeds(amount, price: price, scale: scale, penalty: penalty).uint128!
            updateMarginAccount(account) { row in
                row.addClaim(-Int128(amount), asset)
                row.addClaim(Int128(proceeds), quote)
            }
            updateMarginAccount(fund) { row in
                row.addClaim(Int128(amount), asset)
                row.addClaim(-Int128(proceeds), quote)
            }
            need -= min(need, proceeds)
            events.append(
                .derivatives(
                    .margin(
                        .collateralSeized(
                            account: account, asset: asset, amount: Amount(baseUnits: amount),
                            proceeds: Amount(baseUnits: proceeds)))))
        }
        let hasPositions = !(derivatives.margin.accounts[account]?.positions.isEmpty ?? true)
        let balance = claim(quote)
        if balance < 0, !hasPositions {
            let deficit = UInt128(-balance)
            let cover = min(deficit, UInt128(max(0, derivatives.margin.accounts[fund]?.claim(quote) ?? 0)))
            if cover > 0 {
                updateMarginAccount(fund) { $0.addClaim(-Int128(cover), quote) }
                updateMarginAccount(account) { $0.addClaim(Int128(cover), quote) }
                events.append(
                    .derivatives(
                        .margin(.deficitCovered(account: account, asset: quote, amount: Amount(baseUnits: cover)))))
            }
            let written = deficit - cover
            if written > 0 {
                updateMarginAccount(account) { $0.addClaim(Int128(written), quote) }
                let previous = derivatives.margin.badDebt[quote] ?? .zero
                derivatives.margin.badDebt.write(previous.adding(Amount(baseUnits: written))!, for: quote)
                events.append(
                    .derivatives(.margin(.badDebt(account: account, asset: quote, amount: Amount(baseUnits: written)))))
            }
        }
        if basisPoints == 10_000, !hasPositions, !lendingDebts(of: account).isEmpty {
            events += settleBankruptcy(account)
        }
        return events
    }

    /// An account without positions whose debts are still owed after everything it could raise
    /// paid for them is bankrupt: the rounding dust it still holds goes to the insurance fund, the
    /// fund pays the debts from what it holds of each asset, and the lending pools write off the
    /// rest. Not when it holds collateral without a price: that cannot be valued, so it waits.
    private mutating func settleBankruptcy(_ account: AccountID) -> [Event] {
        let fund = MarginState.insuranceFund
        let held = derivatives.margin.accounts[account]?.collateral.sorted { $0.key < $1.key } ?? []
        guard held.allSatisfy({ oraclePrice(of: $0.key) != nil }) else { return [] }
        var events: [Event] = []
        for (asset, amount) in held where amount > 0 {
            updateMarginAccount(account) { $0.addClaim(-amount, asset) }
            updateMarginAccount(fund) { $0.addClaim(amount, asset) }
            events.append(
                .derivatives(
                    .margin(
                        .collateralSeized(
                            account: account, asset: asset, amount: Amount(baseUnits: UInt128(amount)),
                            proceeds: .zero))))
        }
        return events + settleUnpayableDebts(account)
    }

    /// What `amount` of an asset sells to the fund for: `amount × price × (10⁴ − penalty) /
    /// (scale × 10⁴)` quote units, exact at 256 bits and rounded down (in the fund's favour).
    static func saleProceeds(_ amount: UInt128, price: UInt128, scale: UInt128, penalty: UInt128) -> UInt256 {
        // price × (10⁴ − penalty) < 2¹⁴²; scale × 10⁴ ≤ 10²⁸; the quotient fits in 256 bits.
        let unitPrice = UInt256(price) * UInt256(10_000 - penalty)
        return UInt256.mulDiv(UInt256(amount), unitPrice, UInt256(scale * 10_000))!
    }

    /// The amount of an asset that sells to the fund for at least `proceeds` quote units,
    /// rounded up (in the fund's favour); nil when it does not fit in 128 bits.
    static func saleAmount(raising proceeds: UInt128, price: UInt128, scale: UInt128, penalty: UInt128) -> UInt128? {
        let unitPrice = UInt256(price) * UInt256(10_000 - penalty)
        return UInt256.mulDivRoundingUp(UInt256(proceeds), UInt256(scale * 10_000), unitPrice)?.uint128
    }

    /// The insurance fund takes over as much of `account`'s debt in `asset` (at most `limit`) as
    /// `budget` (quote units; nil for more than any debt's value) pays for at the oracle price,
    /// rounded up: the debt moves to the fund and its value from the account's quote claim to
    /// the fund's. One take-over moves at most `Int128.max` quote units of value (a bound on the
    /// amount, so that the value can be added to a claim); what is left waits for the next pass.
    private mutating func takeOverDebt(
        _ account: AccountID, _ asset: AssetSymbol, upTo limit: UInt128, budget: inout UInt256?
    ) -> [Event] {
        guard let quote = derivatives.oracle.quoteAsset, budget.map({ !$0.isZero }) ?? true,
            let price = oraclePrice(of: asset), price.quotePerUnit > 0, let info = assets[asset]
        else { return [] }
        let scale = Amount.powerOfTen(Int(info.decimals))
        // What the budget buys, rounded down; past 128 bits it buys more than `limit`.
        var affordable = limit
        if let budget, let buys = UInt256.mulDiv(budget, UInt256(scale), UInt256(price.quotePerUnit))?.uint128 {
            affordable = min(affordable, buys)
        }
        if let valueFits = UInt128.mulDiv(UInt128(Int128.max), scale, price.quotePerUnit, rounding: .down) {
            affordable = min(affordable, valueFits)
        }
        guard affordable > 0 else { return [] }
        let fund = MarginState.insuranceFund
        let moved = transferDebt(from: account, to: fund, asset: asset, amount: Amount(baseUnits: affordable))
        guard !moved.isZero else { return [] }
        // moved ≤ affordable ≤ ⌊Int128.max × scale / price⌋: the value, rounded up, fits in Int128.
        let value = UInt128.mulDiv(moved.baseUnits, price.quotePerUnit, scale, rounding: .up)!
        if let left = budget { budget = left > UInt256(value) ? left - UInt256(value) : .zero }
        updateMarginAccount(account) { $0.addClaim(-Int128(value), quote) }
        updateMarginAccount(fund) { $0.addClaim(Int128(value), quote) }
        return [
            .derivatives(
                .margin(.debtTakenOver(account: account, asset: asset, amount: moved, value: Amount(baseUnits: value))))
        ]
    }

    /// The debts of a bankrupt account: the insurance fund pays what it holds of each asset (and
    /// the vault can pay out), and the lending pool writes off the rest.
    private mutating func settleUnpayableDebts(_ account: AccountID) -> [Event] {
        let fund = MarginState.insuranceFund
        var events: [Event] = []
        for (asset, debt) in lendingDebts(of: account) {
            let held = UInt128(max(0, derivatives.margin.accounts[fund]?.claim(asset) ?? 0))
            let paid = payDebt(of: account, from: fund, asset: asset, amount: min(debt.baseUnits, held))
            if paid > 0 {
                events.append(
                    .derivatives(
                        .margin(.deficitCovered(account: account, asset: asset, amount: Amount(baseUnits: paid))))
                )
            }
            let written = writeOffDebt(of: account, asset: asset)
            if !written.isZero {
                events.append(.derivatives(.lending(.writtenOff(account: account, asset: asset, amount: written))))
            }
        }
        return events
    }

    /// Repays the insurance fund's debts (taken over in liquidations) from what it holds of each
    /// debt's asset.
    mutating func repayInsuranceFundDebts() -> [Event] {
        let fund = MarginState.insuranceFund
        var events: [Event] = []
        for (asset, debt) in lendingDebts(of: fund) {
            let held = derivatives.margin.accounts[fund]?.claim(asset) ?? 0
            guard held > 0 else { continue }
            events += repay(fund, asset: asset, amount: min(debt.baseUnits, UInt128(held))).events
        }
        return events
    }

    /// Repays `amount` of a debt from the account's claim: the funds leave the vault for lending.
    /// A repayment moves real funds, so it never takes more than the vault holds of the asset.
    @discardableResult
    private mutating func repay(_ account: AccountID, asset: AssetSymbol, amount: UInt128)
        -> (repaid: UInt128, events: [Event])
    {
        let repaid = payDebt(of: account, from: account, asset: asset, amount: amount)
        guard repaid > 0 else { return (0, []) }
        return (
            repaid,
            [.derivatives(.margin(.debtRepaid(account: account, asset: asset, amount: Amount(baseUnits: repaid))))]
        )
    }

    /// Pays up to `amount` of `debtor`'s debt in `asset` out of `payer`'s claim (the caller checks
    /// the claim): the funds leave the vault for the lending pool, never more than the vault holds.
    /// Returns what was paid.
    private mutating func payDebt(of debtor: AccountID, from payer: AccountID, asset: AssetSymbol, amount: UInt128)
        -> UInt128
    {
        let amount = min(amount, derivatives.margin.vault[asset]?.amount.baseUnits ?? 0)
        guard amount > 0 else { return 0 }
        let paid = repayDebt(of: debtor, asset: asset, amount: Amount(baseUnits: amount)).baseUnits
        guard paid > 0 else { return 0 }
        addToVault(-Int128(paid), asset)
        updateMarginAccount(payer) { $0.addClaim(-Int128(paid), asset) }
        return paid
    }
}

extension MarginPrices {
    /// What the liquidation engine takes over and deleverages a position at: the quote asset,
    /// the mark price (quote base units per whole unit: a perpetual's mark, or an option series'
    /// mark) and the underlying's scale; nil without a price.
    func markedPosition(_ market: MarketID) -> (quote: AssetSymbol, price: UInt128, scale: UInt128)? {
        if let (perpetual, entry) = markEntry(market) { return (perpetual.quote, entry.price, entry.scale) }
        if let (series, entry, _) = optionEntry(market) { return (series.quote, entry.price, entry.scale) }
        return nil
    }
}
