// The state machine's wrapper around `MatchingEngine`: self-trade prevention, settlement of each
// trade against locked funds, fees, and a journal entry with the exact inverse of every engine
// mutation, so that a transaction's rollback restores every queue position.

extension LedgerState {
    /// What an incoming order may trade, after self-trade prevention.
    struct MatchPlan {
        /// Lots of other accounts' orders the incoming order meets before it stops, at most its size.
        var available: Int64 = 0
        /// The owner's resting orders to cancel first.
        var selfMakers: [UInt64] = []
        /// Whether the incoming order stops at one of its owner's orders and drops its remainder.
        var isTruncated = false
    }

    /// Walks the makers an incoming order would meet, in matching order, applying its self-trade
    /// prevention mode to its owner's orders.
    ///
    /// - Complexity: O(makers met), as the match itself.
    func planMatch(_ order: Order) -> MatchPlan {
        var plan = MatchPlan()
        let book = markets[order.market.index]  // read only, released before any mutation
        book.readEngine { engine in
            engine.forEachMaker(takerSide: order.side, price: order.priceTicks) { maker in
                if book.orders[maker.id]!.owner == order.owner {
                    switch order.selfTradePrevention {
                    case .cancelResting:
                        plan.selfMakers.append(maker.id)
                        return true
                    case .cancelIncoming:
                        plan.isTruncated = true
                        return false
                    case .cancelBoth:
                        plan.selfMakers.append(maker.id)
                        plan.isTruncated = true
                        return false
                    }
                }
                let (sum, overflow) = plan.available.addingReportingOverflow(maker.quantity)
                plan.available = overflow ? .max : sum
                return plan.available < order.lots
            }
        }
        plan.available = min(plan.available, order.lots)
        return plan
    }

    /// Whether `order` would trade on arrival.
    func crosses(_ order: Order) -> Bool {
        markets[order.market.index].readEngine { engine in
            order.side == .bid
                ? engine.bestAsk.map { $0 <= order.priceTicks } ?? false
                : engine.bestBid.map { $0 >= order.priceTicks } ?? false
        }
    }

    /// Matches an incoming order of a continuous market, whose funds are locked and which is not
    /// on the book: applies self-trade prevention, settles its trades, and rests its remainder
    /// or releases the remainder's lock.
    ///
    /// - Throws: `would_cross`, `cannot_fill` or `book_full`; the caller's rollback undoes
    ///   whatever this wrote before.
    mutating func matchIncoming(_ incoming: Order, type: OrderType, events: inout [Event]) throws(ActionFailure) {
        let marketID = incoming.market
        let market = markets[marketID.index].market
        var order = incoming
        if type == .postOnly, crosses(order) { throw ActionFailure(.wouldCross) }
        let plan = type == .postOnly ? MatchPlan(available: 0) : planMatch(order)
        if type == .fillOrKill, plan.available < order.lots { throw ActionFailure(.cannotFill) }
        for maker in plan.selfMakers {
            let removed = removeOrder(OrderKey(market: marketID, id: maker))
            events.append(
                .orderCancelled(
                    market: marketID, order: maker, owner: removed.owner, lots: removed.lots, reason: .selfTrade))
        }
        let timeInForce: MatchingEngine.TimeInForce =
            switch type {
            case _ where plan.isTruncated: .immediateOrCancel
            case .limit: .goodTillCancelled
            case .immediateOrCancel, .market: .immediateOrCancel
            case .fillOrKill: .fillOrKill
            case .postOnly: .postOnly
            }
        let quantity = plan.isTruncated ? plan.available : order.lots
        var filled: Int64 = 0
        var rested = false
        if quantity > 0 {
            if timeInForce == .goodTillCancelled || timeInForce == .postOnly {
                _ = markets[marketID.index].reserveSlot()
            }
            var trades = tradeBuffer
            tradeBuffer = []
            trades.removeAll(keepingCapacity: true)
            let outcome = markets[marketID.index].withEngine { engine in
                engine.place(
                    id: order.id, side: order.side, price: order.priceTicks, quantity: quantity,
                    timeInForce: timeInForce, trades: &trades)
            }
            switch outcome {
            case .rested(let lots):
                filled = lots
                rested = true
            case .filled: filled = quantity
            case .expired(let lots): filled = lots
            case .rejected(.wouldCross): throw ActionFailure(.wouldCross)
            case .rejected(.cannotFill): throw ActionFailure(.cannotFill)
            case .rejected(.bookFull): throw ActionFailure(.bookFull)
            default: preconditionFailure("engine refused a validated order: \(outcome)")
            }
            for trade in trades { settle(trade, taker: order, market: market, events: &events) }
            tradeBuffer = trades
        }
        order.lots -= filled
        if rested {
            journalEngine(.remove(id: order.id), market: marketID)
            writeOrder(order, key: order.key)
        } else if order.lots > 0 {
            if !isMarginMarket(marketID) {
                updateAccount(order.owner) {
                    $0.unlock(
                        market.lock(order.side, priceTicks: order.priceTicks, lots: order.lots)!,
                        market.lockedAsset(order.side))
                }
            }
            events.append(
                .orderCancelled(
                    market: marketID, order: order.id, owner: order.owner, lots: order.lots,
                    reason: plan.isTruncated ? .selfTrade : .unfilled))
        }
    }

    /// Settles one trade of a continuous market and journals the inverse of its change to the maker.
    private mutating func settle(_ trade: MatchingEngine.Trade, taker: Order, market: Market, events: inout [Event]) {
        var maker = markets[market.id.index].orders[trade.makerID]!
        let (buyer, seller) = taker.side == .bid ? (taker, maker) : (maker, taker)
        let buyerFeeBasisPoints = taker.side == .bid ? market.takerFeeBasisPoints : market.makerFeeBasisPoints
        let sellerFeeBasisPoints = taker.side == .ask ? market.takerFeeBasisPoints : market.makerFeeBasisPoints
        if historyJournal != nil {
            journalContinuousFill(
                market: market, priceTicks: trade.price, lots: trade.quantity, buyer: buyer,
                buyerFeeBasisPoints: buyerFeeBasisPoints, seller: seller, sellerFeeBasisPoints: sellerFeeBasisPoints,
                takerSide: taker.side)
        }
        settleFill(
            market: market, priceTicks: trade.price, lots: trade.quantity, buyer: buyer,
            buyerFeeBasisPoints: buyerFeeBasisPoints, seller: seller, sellerFeeBasisPoints: sellerFeeBasisPoints)
        historyJournal?.fill = nil
        if trade.makerRemaining == 0 {
            // The maker was at the front of its level when it filled.
            journalEngine(
                .insert(
                    id: maker.id, side: maker.side, price: maker.priceTicks, lots: trade.quantity,
                    isPostOnly: maker.type == .postOnly, after: nil),
                market: market.id)
            writeOrder(nil, key: maker.key)
        } else {
            journalEngine(.increase(id: maker.id, lots: trade.quantity), market: market.id)
            maker.lots = trade.makerRemaining
            writeOrder(maker, key: maker.key)
        }
        setLastPrice(trade.price, market: market.id)
        events.append(
            .trade(
                market: market.id, priceTicks: trade.price, lots: trade.quantity, takerSide: taker.side,
                maker: maker.id, taker: taker.id, makerOwner: maker.owner, takerOwner: taker.owner))
    }

    /// Moves the money of one fill of `lots` lots at `priceTicks`.
    ///
    /// The buyer's lock releases `lots × lockPerLot(limit)`: the price and the buyer's fee are
    /// paid out of it and the rest comes back free (price improvement and the unused fee reserve).
    /// The seller's locked base goes to the buyer, and the seller receives the price less its fee.
    /// A fee rate below zero is a rebate, rounded down, paid out of the fee pool's share of the
    /// same fill (market creation requires taker + maker ≥ 0, and fees round up, so the pool's
    /// share is never negative).
    mutating func settleFill(
        market: Market, priceTicks: Int64, lots: Int64, buyer: Order, buyerFeeBasisPoints: Int16, seller: Order,
        sellerFeeBasisPoints: Int16
    ) {
        if isMarginMarket(market.id) {
            settlePerpetualFill(
                market: market, priceTicks: priceTicks, lots: lots, buyer: buyer.owner,
                buyerFeeBasisPoints: buyerFeeBasisPoints, seller: seller.owner,
                sellerFeeBasisPoints: sellerFeeBasisPoints)
            return
        }
        let notional = market.notional(priceTicks: priceTicks, lots: lots)!
        let (buyerFee, buyerRebate) = Self.feeAndRebate(on: notional, basisPoints: buyerFeeBasisPoints)
        let (sellerFee, sellerRebate) = Self.feeAndRebate(on: notional, basisPoints: sellerFeeBasisPoints)
        let released = market.lock(.bid, priceTicks: buyer.priceTicks, lots: lots)!
        let base = market.lotSize.multiplied(by: UInt128(lots))!
        // released ≥ notional + buyerFee: see Market.lockPerLot.
        let buyerRefund = released.subtracting(notional)!.subtracting(buyerFee)!.adding(buyerRebate)!
        updateAccount(buyer.owner) { account in
            account.spendLocked(released, market.quote)
            account.credit(buyerRefund, market.quote)
            account.credit(base, market.base)
        }
        updateAccount(seller.owner) { account in
            account.spendLocked(base, market.base)
            account.credit(notional.subtracting(sellerFee)!.adding(sellerRebate)!, market.quote)
        }
        let collected = buyerFee.adding(sellerFee)!
        let rebated = buyerRebate.adding(sellerRebate)!
        precondition(collected >= rebated, "rebates exceed fees")
        addTradingFee(collected.subtracting(rebated)!, asset: market.quote)
    }

    /// A fee rate as (fee, rebate), one of them zero.
    static func feeAndRebate(on notional: Amount, basisPoints: Int16) -> (fee: Amount, rebate: Amount) {
        basisPoints >= 0
            ? (Market.fee(on: notional, basisPoints: basisPoints), .zero)
            : (.zero, Market.rebate(on: notional, basisPoints: -basisPoints))
    }

    /// Takes an open order off its market, releasing its lock.
    @discardableResult
    mutating func removeOrder(_ key: OrderKey) -> Order {
        // No local copy of the `MarketBook`: it would share the engine box and the order table and
        // make the mutations below copy them.
        let market = markets[key.market.index].market
        let order = markets[key.market.index].orders[key.id]!
        if markets[key.market.index].isContinuous { takeOffBook(key) }
        if !isMarginMarket(key.market) {
            updateAccount(order.owner) {
                $0.unlock(
                    market.lock(order.side, priceTicks: order.priceTicks, lots: order.lots)!,
                    market.lockedAsset(order.side))
            }
        }
        writeOrder(nil, key: key)
        return order
    }

    /// Removes a resting order from its engine queue, journaling where it stood.
    mutating func takeOffBook(_ key: OrderKey) {
        let order = markets[key.market.index].orders[key.id]!
        let ahead = markets[key.market.index].readEngine { $0.orderAhead(of: key.id) }
        let outcome = markets[key.market.index].withEngine { $0.cancel(id: key.id) }
        precondition(outcome == .cancelled(remaining: order.lots), "engine and order records disagree")
        journalEngine(
            .insert(
                id: key.id, side: order.side, price: order.priceTicks, lots: order.lots,
                isPostOnly: order.type == .postOnly, after: ahead),
            market: key.market)
    }

    /// Expires every order whose expiry time has come (the end-of-block step).
    mutating func expireOrders() -> [Event] {
        var events: [Event] = []
        while let next = expiryQueue.min, next.timeMilliseconds <= timeMilliseconds {
            expiryQueue.removeMin()
            guard next.key.market.index < markets.count,
                let order = markets[next.key.market.index].orders[next.key.id],
                order.expiresAtMilliseconds == next.timeMilliseconds
            else { continue }
            removeOrder(next.key)
            events.append(.orderExpired(market: order.market, order: order.id, owner: order.owner, lots: order.lots))
        }
        return events
    }
}
