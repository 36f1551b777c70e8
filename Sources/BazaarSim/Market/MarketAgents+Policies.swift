import BazaarCore

extension MarketAgents {
    /// What the agents see before a block: the committed state, the oracle and the scenario.
    struct BlockContext {
        let state: LedgerState
        let height: UInt64
        let timeMilliseconds: UInt64
        /// The oracle's price per chain asset, whole quote units (the scenario's before the first).
        let oracle: [Double]
        /// The scenario's price per chain asset at this block.
        let target: [Double]
        let liquidity: Double
        let maximumMoveBasisPoints: UInt32
    }

    /// Every agent's transactions for the next block, each an account index and its actions, in
    /// account order (an account may send several; they take consecutive nonces).
    mutating func plan(_ context: BlockContext, random: inout SimulationRandom) -> [(account: Int, actions: [Action])] {
        for asset in 0...1 where lastOracle[asset] > 0 {
            let change = context.oracle[asset] / lastOracle[asset] - 1
            variance[asset] = 0.94 * variance[asset] + 0.06 * change * change
        }
        lastOracle = context.oracle
        var planned: [(account: Int, actions: [Action])] = []
        for index in agents.indices {
            switch agents[index].role {
            case .chainOperator: break
            case .reporter(let lag, let lie):
                planned.append((index, report(context, lagBlocks: lag, lieFraction: lie, random: &random)))
            case .marketMaker:
                for actions in quotes(index, context) where !actions.isEmpty { planned.append((index, actions)) }
            case .arbitrageur:
                for actions in arbitrage(index, context) where !actions.isEmpty { planned.append((index, actions)) }
            case .liquidityProvider(let lending):
                if !lending, let actions = provideLiquidity(index, context) { planned.append((index, actions)) }
            case .borrower:
                if let actions = borrow(index, context) { planned.append((index, actions)) }
            case .trader:
                if let actions = trade(index, context, random: &random) { planned.append((index, actions)) }
            }
        }
        return planned
    }

    // MARK: - Oracle reporters

    /// Oracle reporter: posts the scenario's price of every asset with the block's time. A lagging
    /// reporter posts the price of `lagBlocks` blocks before; a lying one posts the price off by
    /// `lieFraction` of the oracle's maximum move per block, up or down at random — both within
    /// what the median of the honest majority and the move clamp absorb.
    func report(_ context: BlockContext, lagBlocks: Int, lieFraction: Double, random: inout SimulationRandom)
        -> [Action]
    {
        let step = Int(context.height) - lagBlocks
        let sign: Double = random.chance(percent: 50) ? 1 : -1
        return (0...1).map { asset in
            var price = path.price(asset, step: step)
            price *= 1 + sign * lieFraction * Double(context.maximumMoveBasisPoints) / 10_000
            let units = max(UInt128(1), UInt128(max(0, (price * Self.quoteScale).rounded())))
            return .derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: Self.symbol(asset), quotePerUnit: Amount(baseUnits: units),
                            timeMilliseconds: context.timeMilliseconds))))
        }
    }

    // MARK: - Market makers

    /// Market maker: every block, on BTC-USD, ETH-USD and BTC-PERP, cancels its orders and quotes
    /// three levels a side around the oracle price. The half spread is 5 bp plus twice the
    /// per-block volatility (an EWMA of squared oracle returns), divided by the scenario's
    /// liquidity multiplier; the size per level is 1% of its budget times the multiplier, shrunk
    /// as volatility rises; below a multiplier of 0.25 it quotes one level only. Inventory skew:
    /// the mid moves against its inventory (spot holdings away from the start, or the perpetual
    /// position), up to 1% at a full budget's worth. Spot asks never exceed what it holds.
    func quotes(_ index: Int, _ context: BlockContext) -> [[Action]] {
        let agent = agents[index]
        let id = ids[index]
        let liquidity = max(context.liquidity, 0.01)
        let levels = liquidity < 0.25 ? 1 : 3
        var transactions: [[Action]] = []
        let orders = context.state.openOrders(of: id)
        for venue in 0...2 {
            let asset = venue == 1 ? 1 : 0
            let market: MarketID = venue == 2 ? Self.perpetual : Self.spotMarkets[asset]
            let reference = context.oracle[asset]
            guard reference > 0 else { continue }
            let sigma = variance[asset].squareRoot()
            let half = (0.0005 + 2 * sigma) / liquidity
            let notional = agent.budget * 0.01 * liquidity / (1 + 100 * sigma)
            let lots = Int(notional / reference / Self.lotWhole[asset])
            var inventory: Double
            if venue == 2 {
                let size = context.state.derivatives.margin.accounts[id]?.positions[market]?.size ?? 0
                inventory = Double(size) / Self.assetScales[0] * reference / (agent.budget * 10)
            } else {
                let held =
                    Self.wholeAsset(context.state.balance(of: id, asset: Self.symbol(asset)), asset: asset)
                    + lockedAsks(orders, market: market, asset: asset)
                inventory = (held * reference - agent.budget) / agent.budget
            }
            inventory = min(max(inventory, -1), 1)
            let mid = reference * (1 - 0.01 * inventory)
            var actions: [Action] = [.cancelAllOrders(Action.CancelAllOrders(market: market))]
            var askBudget = Int.max
            if venue != 2 {
                let held =
                    Self.wholeAsset(context.state.balance(of: id, asset: Self.symbol(asset)), asset: asset)
                    + lockedAsks(orders, market: market, asset: asset)
                askBudget = Int(held / Self.lotWhole[asset])
            }
            for level in 1...levels {
                let offset = half * Double(level)
                if let bid = Self.order(
                    market: market, asset: asset, side: .bid, type: .limit, price: mid * (1 - offset), lots: lots)
                {
                    actions.append(bid)
                }
                let askLots = min(lots, askBudget)
                askBudget -= max(askLots, 0)
                if let ask = Self.order(
                    market: market, asset: asset, side: .ask, type: .limit, price: mid * (1 + offset), lots: askLots)
                {
                    actions.append(ask)
                }
            }
            transactions.append(actions)
        }
        return transactions
    }

    /// What the account's resting asks in a spot market lock, whole units of the asset.
    func lockedAsks(_ orders: [Order], market: MarketID, asset: Int) -> Double {
        orders.filter { $0.market == market && $0.side == .ask }.reduce(0) {
            $0 + Double($1.lots) * Self.lotWhole[asset]
        }
    }

    // MARK: - Arbitrageurs

    /// Arbitrageur: brings each constant-product pool back to the oracle price when it is more
    /// than 0.6% away (twice the fee), with the exact input that moves a fee-less pool there,
    /// at most half of what it holds; and takes a BTC-USD or BTC-PERP best quote that is more
    /// than 0.3% through the oracle price, immediate-or-cancel, up to 2% of its budget a block.
    func arbitrage(_ index: Int, _ context: BlockContext) -> [[Action]] {
        let agent = agents[index]
        let id = ids[index]
        var transactions: [[Action]] = []
        for asset in 0...1 {
            let oracle = context.oracle[asset]
            guard oracle > 0, let pool = context.state.amm.pools[Self.pools[asset]] else { continue }
            let reserveAsset = Self.wholeAsset(pool.reserve0, asset: asset)
            let reserveQuote = Self.wholeQuote(pool.reserve1)
            guard reserveAsset > 0, reserveQuote > 0 else { continue }
            let poolPrice = reserveQuote / reserveAsset
            guard abs(poolPrice / oracle - 1) > 0.006 else { continue }
            let product = reserveAsset * reserveQuote
            if poolPrice > oracle {
                let held = Self.wholeAsset(context.state.balance(of: id, asset: Self.symbol(asset)), asset: asset)
                let input = min((product / oracle).squareRoot() - reserveAsset, held / 2)
                guard input > 0 else { continue }
                transactions.append([
                    .amm(
                        .swap(
                            AMMAction.Swap(
                                pool: pool.id, assetIn: Self.symbol(asset),
                                amount: Self.assetUnits(input, asset: asset),
                                exactInput: true, limit: .zero)))
                ])
            } else {
                let held = Self.wholeQuote(context.state.balance(of: id, asset: Self.quote))
                let input = min((product * oracle).squareRoot() - reserveQuote, held / 2)
                guard input > 0 else { continue }
                transactions.append([
                    .amm(
                        .swap(
                            AMMAction.Swap(
                                pool: pool.id, assetIn: Self.quote, amount: Self.quoteUnits(input), exactInput: true,
                                limit: .zero)))
                ])
            }
        }
        let oracle = context.oracle[0]
        guard oracle > 0 else { return transactions }
        let capLots = Int(agent.budget * 0.02 / oracle / Self.lotWhole[0])
        for market in [Self.spotMarkets[0], Self.perpetual] {
            guard let depth = context.state.depth(of: market, levelCountMax: 1) else { continue }
            if let bid = depth.bids.first, Double(bid.price) > oracle * 1.003 {
                var lots = min(Int(bid.quantity), capLots)
                if market != Self.perpetual {
                    let held = Self.wholeAsset(context.state.balance(of: id, asset: "BTC"), asset: 0)
                    lots = min(lots, Int(held / Self.lotWhole[0]))
                }
                if let order = Self.order(
                    market: market, asset: 0, side: .ask, type: .immediateOrCancel, price: Double(bid.price), lots: lots
                ) {
                    transactions.append([order])
                }
            } else if let ask = depth.asks.first, Double(ask.price) < oracle * 0.997 {
                let lots = min(Int(ask.quantity), capLots)
                if let order = Self.order(
                    market: market, asset: 0, side: .bid, type: .immediateOrCancel, price: Double(ask.price), lots: lots
                ) {
                    transactions.append([order])
                }
            }
        }
        return transactions
    }

    // MARK: - Liquidity providers

    /// AMM liquidity provider: deposited at genesis; withdraws all its liquidity, once, when the
    /// scenario's liquidity multiplier falls below its own threshold (drawn in 0.2…0.6).
    /// Lending suppliers supplied at genesis and stay.
    mutating func provideLiquidity(_ index: Int, _ context: BlockContext) -> [Action]? {
        guard agents[index].stage == 0, context.liquidity < agents[index].level else { return nil }
        let pool = Self.pools[agents[index].asset]
        let shares = context.state.amm.shares(of: ids[index], in: pool)
        agents[index].stage = 1
        guard shares > 0 else { return nil }
        return [.amm(.removeLiquidity(AMMAction.RemoveLiquidity(pool: pool, shares: Amount(baseUnits: shares))))]
    }

    // MARK: - Borrowers

    /// Borrower (leveraged spot): holds BTC or ETH as margin collateral from genesis. At its start
    /// block it borrows USD for a drawn fraction (0.3…0.9) of its borrowing power (collateral ×
    /// weight at the oracle price), withdraws it and buys more of its asset from the pool; the
    /// next block it deposits what it bought as collateral. Then it holds: it never repays, so a
    /// fall of its asset is left to the liquidation engine.
    mutating func borrow(_ index: Int, _ context: BlockContext) -> [Action]? {
        let agent = agents[index]
        guard agent.stage < 2, context.height >= agent.nextBlock else { return nil }
        let id = ids[index]
        let asset = agent.asset
        let symbol = Self.symbol(asset)
        agents[index].stage += 1
        agents[index].nextBlock = context.height + 1
        if agent.stage == 1 {
            let free = context.state.balance(of: id, asset: symbol)
            return free.isZero ? nil : [.derivatives(.margin(.deposit(asset: symbol, amount: free)))]
        }
        let held = Double(context.state.derivatives.margin.accounts[id]?.claim(symbol) ?? 0) / Self.assetScales[asset]
        let weight = Double(context.state.derivatives.margin.collateralAssets[symbol]?.weightBasisPoints ?? 0) / 10_000
        let amount = Self.quoteUnits(held * context.oracle[asset] * weight * agent.level)
        guard !amount.isZero else { return nil }
        return [
            .derivatives(.lending(.borrow(asset: Self.quote, amount: amount))),
            .derivatives(.margin(.withdraw(asset: Self.quote, amount: amount))),
            .amm(
                .swap(
                    AMMAction.Swap(
                        pool: Self.pools[asset], assetIn: Self.quote, amount: amount, exactInput: true, limit: .zero))),
        ]
    }

    // MARK: - Leveraged traders

    /// Leveraged trader: long or short BTC-PERP at a drawn leverage (1.5…9×) of its equity. It
    /// opens with an immediate-or-cancel order 1% through the oracle price; each block it closes
    /// with probability 0.3% and re-enters 5 to 60 blocks later in a new random direction; once
    /// liquidated it re-enters 10 to 100 blocks later with what equity it has left (if any).
    mutating func trade(_ index: Int, _ context: BlockContext, random: inout SimulationRandom) -> [Action]? {
        let agent = agents[index]
        let id = ids[index]
        let oracle = context.oracle[0]
        guard oracle > 0 else { return nil }
        let size = context.state.derivatives.margin.accounts[id]?.positions[Self.perpetual]?.size ?? 0
        if agent.stage == 1 {
            if size == 0 {
                agents[index].stage = 0
                agents[index].nextBlock = context.height + UInt64(random.int(in: 10...100))
                return nil
            }
            guard random.chance(percent: 1), random.chance(percent: 30) else { return nil }
            agents[index].stage = 0
            agents[index].nextBlock = context.height + UInt64(random.int(in: 5...60))
            agents[index].direction = random.chance(percent: 50) ? 1 : -1
            let lots = Int(size.magnitude / 10_000)
            let side: MatchingEngine.Side = size > 0 ? .ask : .bid
            let price = size > 0 ? oracle * 0.98 : oracle * 1.02
            return Self.order(
                market: Self.perpetual, asset: 0, side: side, type: .immediateOrCancel, price: price, lots: lots
            ).map { [$0] }
        }
        guard context.height >= agent.nextBlock else { return nil }
        // An account the ledger cannot value (a value past 128 bits) does not trade again.
        guard let summary = try? context.state.marginSummary(of: id), Self.wholeQuote(signed: summary.equity) > 50
        else {
            agents[index].nextBlock = .max
            return nil
        }
        agents[index].stage = 1
        let equity = Self.wholeQuote(signed: summary.equity)
        let lots = Int(equity * agent.level / oracle / Self.lotWhole[0])
        let side: MatchingEngine.Side = agent.direction > 0 ? .bid : .ask
        let price = agent.direction > 0 ? oracle * 1.01 : oracle * 0.99
        return Self.order(
            market: Self.perpetual, asset: 0, side: side, type: .immediateOrCancel, price: price, lots: lots
        )
        .map { [$0] }
    }
}
