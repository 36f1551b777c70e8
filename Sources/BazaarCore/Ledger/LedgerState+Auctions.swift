// The end-of-block step of batch-auction markets: every open order of the market (this block's
// and those resting from earlier blocks) clears at one uniform price (`BatchAuction.clear`), fills
// settle against the funds each order locked, and what does not rest is released.

extension LedgerState {
    /// Clears every batch-auction market that received an order in this block, in market id order.
    ///
    /// A market without one is skipped: after its last auction its book was uncrossed (a
    /// uniform-price auction of limit orders leaves no bid at or above an ask, or it could have
    /// traded more), and cancels, reductions and expiries cannot cross it again, so an auction
    /// would trade nothing and change nothing. A new order is one whose record has this block's
    /// height (placed, or repriced, now); the block journal lists every order written.
    ///
    /// - Parameter blockHash: seeds the allocation key that breaks the last ties between equal
    ///   orders (see `allocationKey`).
    /// - Returns: the events, market by market.
    /// - Complexity: O(orders written in the block) plus O(n log n) in each cleared market's open orders.
    mutating func clearBatchAuctions(blockHash: Hash) -> [Event] {
        var arrived = Set<MarketID>()
        for key in blockOriginals.orders.keys where key.market.index < markets.count {
            if markets[key.market.index].orders[key.id]?.height == height { arrived.insert(key.market) }
        }
        var events: [Event] = []
        for id in arrived.sorted() where !markets[id.index].isContinuous {
            clearAuction(of: id, blockHash: blockHash, events: &events)
        }
        return events
    }

    private mutating func clearAuction(of id: MarketID, blockHash: Hash, events: inout [Event]) {
        let market = markets[id.index].market
        historyJournal?.cause = .auction(id)
        let orders = markets[id.index].orders.values.sorted { $0.id < $1.id }
        let seed = blockHash.bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // A market order carries its worst-price bound as its limit, so it never trades beyond
        // what it locked; this also keeps every clearing price a limit someone asked for.
        let batch = orders.map { order in
            BatchAuction.Order(
                id: order.id, side: order.side, price: order.priceTicks, quantity: order.lots,
                priorityClass: order.height, allocationKey: Self.allocationKey(order.id, seed: seed))
        }
        let result = BatchAuction.clear(batch, referencePrice: markets[id.index].lastPriceTicks)
        var filled: [UInt64: Int64] = [:]
        if let price = result.price, result.volume > 0 {
            events.append(.auctionCleared(market: id, priceTicks: price, lots: result.volume))
            setLastPrice(price, market: id)
            for fill in result.fills { filled[fill.id] = fill.quantity }
        }
        var collected = Amount.zero
        for var order in orders {
            if let lots = filled[order.id], let price = result.price {
                collected = collected.adding(settleAuctionFill(order, lots: lots, priceTicks: price, market: market))!
                events.append(
                    .orderFilled(
                        market: id, order: order.id, owner: order.owner, side: order.side, priceTicks: price, lots: lots
                    ))
                order.lots -= lots
                writeOrder(order.lots == 0 ? nil : order, key: order.key)
            }
            if order.lots > 0, order.type == .immediateOrCancel {
                // This block's immediate-or-cancel and market orders do not rest.
                removeOrder(order.key)
                events.append(
                    .orderCancelled(
                        market: id, order: order.id, owner: order.owner, lots: order.lots, reason: .unfilled))
            }
        }
        addTradingFee(collected, asset: market.quote)
    }

    /// Settles one order's auction fill of `lots` lots at the uniform price and returns its fee.
    ///
    /// There is no maker or taker in a uniform auction. An order placed (or repriced) in this
    /// block pays the taker fee; one resting from an earlier block pays the maker fee, but never
    /// receives a rebate: a rebate is paid out of a counterparty's taker fee, and in an auction
    /// both sides of a lot can be resting orders. Buyers pay exactly what sellers receive, since
    /// every fill is at the same price and the sides' volumes are equal.
    private mutating func settleAuctionFill(_ order: Order, lots: Int64, priceTicks: Int64, market: Market) -> Amount {
        let notional = market.notional(priceTicks: priceTicks, lots: lots)!
        let rate = order.height == height ? market.takerFeeBasisPoints : max(market.makerFeeBasisPoints, 0)
        let fee = Market.fee(on: notional, basisPoints: rate)
        if historyJournal != nil { journalAuctionFill(order, lots: lots, priceTicks: priceTicks, fee: fee) }
        defer { historyJournal?.fill = nil }
        let base = market.lotSize.multiplied(by: UInt128(lots))!
        if order.side == .bid {
            // The lock per lot covers the price and the fee at the order's limit (Market.lockPerLot).
            let released = market.lock(.bid, priceTicks: order.priceTicks, lots: lots)!
            updateAccount(order.owner) { account in
                account.spendLocked(released, market.quote)
                account.credit(released.subtracting(notional)!.subtracting(fee)!, market.quote)
                account.credit(base, market.base)
            }
        } else {
            updateAccount(order.owner) { account in
                account.spendLocked(base, market.base)
                account.credit(notional.subtracting(fee)!, market.quote)
            }
        }
        return fee
    }

    /// A key no sender controls and that does not follow arrival order: SplitMix64 of the order id
    /// mixed with the block hash. It only decides between equal orders at the marginal price.
    static func allocationKey(_ id: UInt64, seed: UInt64) -> UInt64 {
        var z = (id ^ seed) &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
