// The market and order actions. Each validates everything that can fail before it writes, except
// what only matching can tell (post-only crossing, fill-or-kill, a full book), where the
// transaction's rollback undoes what was written (see LedgerState+Matching.swift).

extension ActionFailure {
    init(_ code: ResultCode) { self.code = code }
}

extension LedgerState {
    // MARK: - Markets

    mutating func applyCreateMarket(_ create: Action.CreateMarket, sender: AccountID) throws(ActionFailure) -> [Event] {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard assets[create.base] != nil, assets[create.quote] != nil else { throw ActionFailure(.unknownAsset) }
        guard Self.isValid(create) else { throw ActionFailure(.invalidMarket) }
        guard
            !markets.contains(where: {
                $0.market.base == create.base && $0.market.quote == create.quote && !$0.market.isMarginMarket
            })
        else {
            throw ActionFailure(.marketExists)
        }
        guard markets.count < Int(UInt32.max) else { throw ActionFailure(.invalidMarket) }
        let id = MarketID(UInt32(markets.count + 1))
        let market = Market(
            id: id, base: create.base, quote: create.quote, lotSize: create.lotSize, tickSize: create.tickSize,
            minimumSize: create.minimumSize, maximumPriceTicks: Int64(create.maximumPriceTicks),
            makerFeeBasisPoints: create.makerFeeBasisPoints, takerFeeBasisPoints: create.takerFeeBasisPoints,
            mode: create.mode)
        appendMarket(MarketBook(market: market))
        return [.marketCreated(market: id, base: create.base, quote: create.quote)]
    }

    /// Fees within ±10% with `taker + maker ≥ 0` (a rebate never exceeds the taker fee that pays
    /// it), positive increments, and a minimum size of whole lots.
    static func isValid(_ create: Action.CreateMarket) -> Bool {
        let taker = create.takerFeeBasisPoints
        let maker = create.makerFeeBasisPoints
        return create.base != create.quote && !create.lotSize.isZero && !create.tickSize.isZero
            && !create.minimumSize.isZero && create.minimumSize.baseUnits % create.lotSize.baseUnits == 0
            && (1...UInt64(Market.priceTicksMax)).contains(create.maximumPriceTicks)
            && (0...Market.feeBasisPointsMax).contains(taker) && maker <= taker && maker >= -taker
    }

    // MARK: - Orders

    mutating func applyPlaceOrder(
        _ place: Action.PlaceOrder, sender: AccountID, origin: HistoryJournal.OrderOrigin = .transaction
    ) throws(ActionFailure) -> [Event] {
        let market = try existingMarket(place.market)
        var lots = try Self.lots(place.size, in: market)
        let price = try Self.priceTicks(place.price, in: market)
        if market.mode == .batchAuction, place.type == .postOnly || place.type == .fillOrKill {
            throw ActionFailure(.unsupportedOrderType)
        }
        if place.reduceOnly { lots = try reduceOnlyLots(place, lots: lots, in: market, owner: sender) }
        if let expiry = place.expiresAtMilliseconds, expiry <= timeMilliseconds { throw ActionFailure(.invalidExpiry) }
        if let client = place.clientOrderID, orderIndex[sender]?.byClientID[client] != nil {
            throw ActionFailure(.duplicateClientOrderID)
        }
        // An account at its limit may still take liquidity with orders that never rest.
        if place.type.rests || market.mode == .batchAuction,
            openOrderCount(of: sender) >= Int(parameters.openOrderCountMax)
        {
            throw ActionFailure(.tooManyOpenOrders)
        }
        let lock = try Self.lock(place.side, priceTicks: price, lots: lots, in: market)
        if isMarginMarket(market.id) {
            // A perpetual's or option series' order locks nothing: it needs margin
            // (LedgerState+Perpetuals.swift, LedgerState+OptionSeries.swift).
            try requireOrderMargin(
                owner: sender, market: market, side: place.side, priceTicks: price, lots: lots, excluding: nil)
        } else {
            try lockFunds(lock, market.lockedAsset(place.side), of: sender)
        }
        let (id, priority) = takeOrderID()
        let batchType: OrderType = place.type == .limit ? .limit : .immediateOrCancel
        let order = Order(
            id: id, market: market.id, owner: sender, side: place.side, priceTicks: price, lots: lots,
            type: market.mode == .batchAuction ? batchType : place.type,
            selfTradePrevention: place.selfTradePrevention, clientOrderID: place.clientOrderID,
            expiresAtMilliseconds: place.expiresAtMilliseconds, priority: priority, height: height)
        if historyJournal != nil { journalOrderOpened(order, type: place.type, origin: origin) }
        var events: [Event] = [
            .orderPlaced(market: market.id, order: id, owner: sender, side: place.side, priceTicks: price, lots: lots)
        ]
        if market.mode == .batchAuction {
            // Collected for the auction at the end of the block.
            writeOrder(order, key: order.key)
        } else {
            try matchIncoming(order, type: place.type, events: &events)
        }
        return events
    }

    /// The size of a reduce-only order: `lots`, cut to the owner's position in whole lots (rounded
    /// down, so the order can close the position but never flip it). The order must be a continuous
    /// perpetual's and immediate, so the position it was sized against is the one it trades against;
    /// a resting order would outlive it.
    func reduceOnlyLots(_ place: Action.PlaceOrder, lots: Int64, in market: Market, owner: AccountID)
        throws(ActionFailure) -> Int64
    {
        assert(place.reduceOnly && lots > 0)
        guard derivatives.margin.perpetuals[market.id] != nil, market.mode == .continuous, !place.type.rests else {
            throw ActionFailure(.reduceOnlyUnsupported)
        }
        guard let position = derivatives.margin.accounts[owner]?.positions[market.id],
            position.size != 0, (position.size > 0) == (place.side == .ask)
        else {
            throw ActionFailure(.reduceOnlyWouldIncrease)
        }
        let positionLots = position.size.magnitude / market.lotSize.baseUnits  // Rounded down.
        guard positionLots > 0 else { throw ActionFailure(.reduceOnlyWouldIncrease) }
        guard positionLots < UInt128(lots) else { return lots }
        return Int64(positionLots)  // Below `lots`, an Int64.
    }

    mutating func applyCancelOrder(_ cancel: Action.CancelOrder, sender: AccountID) throws(ActionFailure) -> [Event] {
        let key = try ownedOrder(cancel.order, in: cancel.market, sender: sender)
        let order = removeOrder(key)
        return [
            .orderCancelled(market: key.market, order: key.id, owner: sender, lots: order.lots, reason: .requested)
        ]
    }

    mutating func applyCancelAllOrders(_ cancel: Action.CancelAllOrders, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        _ = try existingMarket(cancel.market)
        let keys = (orderIndex[sender]?.open ?? []).filter { $0.market == cancel.market }.sorted()
        return keys.map { key in
            let order = removeOrder(key)
            return .orderCancelled(
                market: key.market, order: key.id, owner: sender, lots: order.lots, reason: .requested)
        }
    }

    mutating func applyAmendOrder(_ amend: Action.AmendOrder, sender: AccountID) throws(ActionFailure) -> [Event] {
        let key = try ownedOrder(amend.order, in: amend.market, sender: sender)
        let market = markets[key.market.index].market
        var order = markets[key.market.index].orders[key.id]!
        let price = try amend.price.map { (price) throws(ActionFailure) in try Self.priceTicks(price, in: market) }
        let lots = try amend.size.map { (size) throws(ActionFailure) in try Self.lots(size, in: market) }
        let newPrice = price ?? order.priceTicks
        let newLots = lots ?? order.lots
        guard newPrice != order.priceTicks || newLots != order.lots else { throw ActionFailure(.invalidAmendment) }
        let asset = market.lockedAsset(order.side)
        let oldLock = market.lock(order.side, priceTicks: order.priceTicks, lots: order.lots)!
        let newLock = try Self.lock(order.side, priceTicks: newPrice, lots: newLots, in: market)
        let amended = Event.orderAmended(
            market: key.market, order: key.id, owner: sender, priceTicks: newPrice, lots: newLots)
        let perpetual = isMarginMarket(key.market)
        if newPrice == order.priceTicks && newLots < order.lots {
            // A smaller size at the same price keeps the order's place.
            if !perpetual { updateAccount(sender) { $0.unlock(oldLock.subtracting(newLock)!, asset) } }
            if markets[key.market.index].isContinuous {
                let reduction = order.lots - newLots
                let outcome = markets[key.market.index].withEngine { $0.reduce(id: key.id, by: reduction) }
                precondition(outcome == .reduced(remaining: newLots), "engine and order records disagree")
                journalEngine(.increase(id: key.id, lots: reduction), market: key.market)
            }
            order.lots = newLots
            writeOrder(order, key: key)
            return [amended]
        }
        // A new price or a larger size loses the order's place: it comes back as an incoming order.
        if perpetual {
            try requireOrderMargin(
                owner: sender, market: market, side: order.side, priceTicks: newPrice, lots: newLots, excluding: key)
        } else if newLock > oldLock {
            try lockFunds(newLock.subtracting(oldLock)!, asset, of: sender)
        } else {
            updateAccount(sender) { $0.unlock(oldLock.subtracting(newLock)!, asset) }
        }
        order.priceTicks = newPrice
        order.lots = newLots
        order.priority = takePriority()
        order.height = height
        guard markets[key.market.index].isContinuous else {
            writeOrder(order, key: key)
            return [amended]
        }
        if order.type == .postOnly, crosses(order) { throw ActionFailure(.wouldCross) }
        takeOffBook(key)
        writeOrder(nil, key: key)
        var events = [amended]
        try matchIncoming(order, type: order.type, events: &events)
        return events
    }

    // MARK: - Validation

    func existingMarket(_ id: MarketID) throws(ActionFailure) -> Market {
        guard id.rawValue >= 1, id.index < markets.count else { throw ActionFailure(.unknownMarket) }
        return markets[id.index].market
    }

    /// The sender's open order named by `reference` in `market`.
    func ownedOrder(_ reference: OrderReference, in market: MarketID, sender: AccountID) throws(ActionFailure)
        -> OrderKey
    {
        _ = try existingMarket(market)
        switch reference {
        case .id(let id):
            guard let order = markets[market.index].orders[id] else { throw ActionFailure(.unknownOrder) }
            guard order.owner == sender else { throw ActionFailure(.notOrderOwner) }
            return order.key
        case .clientID(let client):
            guard let key = orderIndex[sender]?.byClientID[client], key.market == market else {
                throw ActionFailure(.unknownOrder)
            }
            return key
        }
    }

    /// A size in base units as whole lots.
    static func lots(_ size: Amount, in market: Market) throws(ActionFailure) -> Int64 {
        switch market.lots(inSize: size) {
        case .success(let lots): lots
        case .failure(let rejection): throw ActionFailure(rejection.code)
        }
    }

    /// A price in quote units per lot as ticks within the market's range.
    static func priceTicks(_ price: Amount, in market: Market) throws(ActionFailure) -> Int64 {
        switch market.priceTicks(ofPrice: price) {
        case .success(let ticks): ticks
        case .failure(let rejection): throw ActionFailure(rejection.code)
        }
    }

    /// What an order locks. Also makes sure that no fill of it can overflow: a bid's fills cost
    /// at most its lock, and an ask's proceeds are at most its size at the market's highest price.
    static func lock(_ side: MatchingEngine.Side, priceTicks: Int64, lots: Int64, in market: Market)
        throws(ActionFailure) -> Amount
    {
        guard let lock = market.lock(side, priceTicks: priceTicks, lots: lots),
            side == .bid || market.notional(priceTicks: market.maximumPriceTicks, lots: lots) != nil
        else { throw ActionFailure(.amountOverflow) }
        return lock
    }

    mutating func lockFunds(_ amount: Amount, _ asset: AssetSymbol, of owner: AccountID) throws(ActionFailure) {
        guard balance(of: owner, asset: asset) >= amount else { throw ActionFailure(.insufficientBalance) }
        updateAccount(owner) { $0.lock(amount, asset) }
    }

    /// How many open orders the account has across all markets.
    public func openOrderCount(of account: AccountID) -> Int { orderIndex[account]?.open.count ?? 0 }
}
