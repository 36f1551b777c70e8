import BazaarCore

// Markets and orders: spot orders of every type around the book's mid price, orders of batch
// auctions and perpetuals, and cancels and amendments of orders that are open.

extension TransactionFactory {
    func createMarket(sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        sender = authorityOrOther(&random)
        let base = someAsset(state: state, &random)
        let quote = someAsset(state: state, &random)
        let lot = Amount(baseUnits: UInt128(random.int(in: 1...1_000)))
        return .createMarket(
            Action.CreateMarket(
                base: base, quote: quote, lotSize: lot, tickSize: Amount(baseUnits: UInt128(random.int(in: 1...100))),
                minimumSize: random.chance(percent: 95) ? lot : lot.adding(Amount(baseUnits: 1))!,
                maximumPriceTicks: UInt64(random.int(in: 100...5_000)), makerFeeBasisPoints: 0,
                takerFeeBasisPoints: Int16(random.int(in: 0...50)),
                mode: random.chance(percent: 70) ? .continuous : .batchAuction))
    }

    /// An order on a market of the kind's sort: its type, side, price around the reference price
    /// (crossing for the types that take, mostly resting for the others), size, expiry and client id.
    func placeOrder(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let markets = state.marketList.filter {
            switch kind {
            case .perpetualOrder: $0.isPerpetual
            case .batchOrder: $0.mode == .batchAuction
            default: $0.mode == .continuous && !$0.isMarginMarket
            }
        }
        // Mostly the genesis market of the sort, which has liquidity.
        let preferred: MarketID =
            switch kind {
            case .perpetualOrder: LedgerSimulation.perpetualMarket
            case .batchOrder: LedgerSimulation.batchMarket
            default: LedgerSimulation.spotMarket
            }
        let market =
            random.chance(percent: 80) || markets.isEmpty
            ? state.market(preferred)!.market : random.element(of: markets)
        if kind == .perpetualOrder {
            // Traders with margin, mostly.
            let withMargin = (0..<keys.count).filter { state.derivatives.margin.accounts[ids[$0]] != nil }
            sender = random.chance(percent: 85) && !withMargin.isEmpty ? random.element(of: withMargin) : sender
        }
        let type: OrderType
        if market.mode == .batchAuction {
            type = random.chance(percent: 90) ? random.element(of: [.limit, .immediateOrCancel]) : .postOnly
        } else {
            type = random.element(of: OrderType.allCases)
        }
        let side: MatchingEngine.Side = random.chance(percent: 50) ? .bid : .ask
        let reference = referenceTicks(market, state: state)
        // Takers reach into the other side; resting orders mostly stay on their own.
        let takes = !type.rests || random.chance(percent: 20)
        let offset = Int64(random.int(in: 0...20))
        var ticks = (side == .bid) == takes ? reference + offset : reference - offset
        ticks = min(max(ticks, 1), market.maximumPriceTicks)
        var size = market.minimumSize.multiplied(by: UInt128(random.int(in: 1...5)))!
        if random.chance(percent: 3) { size = size.adding(Amount(baseUnits: 1))! }
        let now = state.timeMilliseconds
        let expiry: UInt64? =
            random.chance(percent: 20)
            ? (random.chance(percent: 90) ? now + UInt64(random.int(in: 3_000...30_000)) : now) : nil
        // Perpetual orders are sometimes reduce-only, either side and any type, so that the refusals
        // (`reduce_only_would_increase`, `reduce_only_unsupported`) are exercised as well as the cut.
        let reduceOnly = kind == .perpetualOrder && random.chance(percent: 25)
        return .placeOrder(
            Action.PlaceOrder(
                market: market.id, side: side, type: type,
                price: market.tickSize.multiplied(by: UInt128(ticks))!, size: size,
                clientOrderID: random.chance(percent: 30) ? UInt64(random.int(in: 1...50)) : nil,
                expiresAtMilliseconds: expiry, selfTradePrevention: random.element(of: SelfTradePrevention.allCases),
                reduceOnly: reduceOnly))
    }

    /// The book's mid price, else the oracle price of the base in the market's units, else 100 ticks.
    func referenceTicks(_ market: Market, state: LedgerState) -> Int64 {
        if let depth = state.depth(of: market.id, levelCountMax: 1), let bid = depth.bids.first?.price,
            let ask = depth.asks.first?.price
        {
            return (bid + ask) / 2
        }
        if market.quote == state.derivatives.oracle.quoteAsset, let price = state.oraclePrice(of: market.base),
            let decimals = state.assets[market.base]?.decimals
        {
            // price × lot / 10^decimals / tick, rounded down; near enough for a reference.
            let (lotPrice, overflow) = price.quotePerUnit.multipliedReportingOverflow(by: market.lotSize.baseUnits)
            let ticks = overflow ? 0 : lotPrice / Amount.powerOfTen(Int(decimals)) / market.tickSize.baseUnits
            if ticks >= 1, ticks <= UInt128(market.maximumPriceTicks) { return Int64(ticks) }
        }
        return min(100, market.maximumPriceTicks)
    }

    /// A cancel, cancel-all or amendment of an open order of a random account that has one; of a
    /// made-up order (which fails) when nobody has one, and sometimes by the wrong account.
    func changeOrder(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let owners = (0..<keys.count).filter { state.openOrderCount(of: ids[$0]) > 0 }
        guard !owners.isEmpty else {
            let market = LedgerSimulation.spotMarket
            if kind == .cancelAllOrders { return .cancelAllOrders(Action.CancelAllOrders(market: market)) }
            return .cancelOrder(Action.CancelOrder(market: market, order: .id(UInt64(random.int(in: 1...1_000)))))
        }
        sender = random.element(of: owners)
        let order = random.element(of: state.openOrders(of: ids[sender]))
        if random.chance(percent: 5) { sender = (sender + 1) % keys.count }
        let reference: OrderReference =
            order.clientOrderID.map { random.chance(percent: 50) ? .clientID($0) : .id(order.id) } ?? .id(order.id)
        switch kind {
        case .cancelOrder: return .cancelOrder(Action.CancelOrder(market: order.market, order: reference))
        case .cancelAllOrders: return .cancelAllOrders(Action.CancelAllOrders(market: order.market))
        default:
            let market = state.market(order.market)!.market
            var amend = Action.AmendOrder(market: order.market, order: reference)
            switch random.int(in: 0...2) {
            case 0:
                let ticks = min(max(order.priceTicks + Int64(random.int(in: -10...10)), 1), market.maximumPriceTicks)
                amend.price = market.tickSize.multiplied(by: UInt128(ticks))!
            case 1:
                amend.size = market.lotSize.multiplied(by: UInt128(max(1, order.lots + Int64(random.int(in: -2...2)))))
            default:
                amend.price = market.tickSize.multiplied(by: UInt128(order.priceTicks))!
                amend.size = market.lotSize.multiplied(by: UInt128(order.lots / 2 + 1))
            }
            return .amendOrder(amend)
        }
    }
}
