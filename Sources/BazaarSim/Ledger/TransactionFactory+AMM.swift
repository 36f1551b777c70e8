import BazaarCore

// Pools: creation of both curves, liquidity of constant-product pools, positions of concentrated
// ones, swaps either way, and routes across pools and the continuous book.

extension TransactionFactory {
    func createPool(sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        sender = randomAccount(&random)
        var assetA = someAsset(state: state, &random)
        var assetB = someAsset(state: state, &random)
        let fee = random.chance(percent: 95) ? random.element(of: Pool.feeTiers).feePips : 1_234
        guard random.chance(percent: 50) else {
            return .amm(.createPool(AMMAction.CreatePool(assetA: assetA, assetB: assetB, feePips: fee)))
        }
        // A concentrated pool's price counts asset1 per asset0: name the pair in that order.
        if assetB < assetA { (assetA, assetB) = (assetB, assetA) }
        let price = LedgerSimulation.goldSqrtPriceX96(centsPerGold: UInt128(random.int(in: 1_000...1_000_000)))
        return .amm(
            .createPool(AMMAction.CreatePool(assetA: assetA, assetB: assetB, feePips: fee, initialSqrtPriceX96: price)))
    }

    /// Adds to or removes from a constant-product pool: adds about a proportional pair of the
    /// sender's balances, removes part of the sender's shares (any account's, when it has none).
    func constantProductLiquidity(
        _ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom
    ) -> Action {
        let pools = state.amm.sortedPools.filter { !$0.isConcentrated }
        let pool = random.element(of: pools)
        if kind == .removeLiquidity {
            let holders = (0..<keys.count).filter { state.amm.shares(of: ids[$0], in: pool.id) > 0 }
            if !holders.isEmpty { sender = random.element(of: holders) }
            let held = state.amm.shares(of: ids[sender], in: pool.id)
            let shares = held == 0 ? Amount(baseUnits: 1) : share(of: Amount(baseUnits: held), percent: 60, &random)
            return .amm(.removeLiquidity(AMMAction.RemoveLiquidity(pool: pool.id, shares: shares)))
        }
        let balance0 = state.balance(of: ids[sender], asset: pool.asset0)
        let amount0 = share(of: balance0, percent: 20, &random)
        // The pool's ratio, a little generous on the other side so that amount0 binds.
        let ratio1 =
            pool.reserve0.isZero
            ? amount0.baseUnits : amount0.baseUnits * pool.reserve1.baseUnits / pool.reserve0.baseUnits
        let amount1 = Amount(baseUnits: ratio1 + ratio1 / 20 + 1)
        return .amm(
            .addLiquidity(AMMAction.AddLiquidity(pool: pool.id, amount0Desired: amount0, amount1Desired: amount1)))
    }

    /// A swap of part of the sender's balance of either asset of a pool, exact input with a
    /// minimum of 0 mostly; sometimes exact output, or a limit that cannot be met.
    func swap(sender: Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let pool = random.element(of: state.amm.sortedPools)
        let assetIn = random.chance(percent: 50) ? pool.asset0 : pool.asset1
        let reserveOut = assetIn == pool.asset0 ? pool.reserve1 : pool.reserve0
        let amount = share(of: state.balance(of: ids[sender], asset: assetIn), percent: 5, &random)
        let impossible = random.chance(percent: 5)
        if random.chance(percent: 20), reserveOut.baseUnits > 100 {
            let out = Amount(baseUnits: random.uint128(in: 1...(reserveOut.baseUnits / 100)))
            return .amm(
                .swap(
                    AMMAction.Swap(
                        pool: pool.id, assetIn: assetIn, amount: out, exactInput: false,
                        limit: impossible ? Amount(baseUnits: 1) : Amount(baseUnits: .max))))
        }
        return .amm(
            .swap(
                AMMAction.Swap(
                    pool: pool.id, assetIn: assetIn, amount: amount, exactInput: true,
                    limit: impossible ? Amount(baseUnits: .max) : .zero)))
    }

    /// Mints a position around the concentrated pool's price; burns part of, or collects from,
    /// a position of its owner.
    func position(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let positions = state.amm.positions.sortedKeys.map { state.amm.positions[$0]! }
        if kind != .mintPosition, !positions.isEmpty {
            let position = random.element(of: positions)
            sender = indexes[position.owner] ?? sender
            if kind == .collect { return .amm(.collect(position: position.id)) }
            let liquidity = position.liquidity == 0 ? 1 : random.uint128(in: 1...position.liquidity)
            return .amm(.burnPosition(AMMAction.BurnPosition(position: position.id, liquidity: liquidity)))
        }
        if kind == .collect { return .amm(.collect(position: UInt64(random.int(in: 1...100)))) }
        let pools = state.amm.sortedPools.filter(\.isConcentrated)
        let pool = random.element(of: pools)
        let engine = pool.concentrated!
        let spacing = engine.tickSpacing
        let below = Int32(random.int(in: 1...20)) * spacing
        let above = Int32(random.int(in: 1...20)) * spacing
        let current = engine.tick / spacing * spacing
        return .amm(
            .mintPosition(
                AMMAction.MintPosition(
                    pool: pool.id, tickLower: current - below, tickUpper: current + above,
                    liquidity: random.uint128(in: 1_000...10_000_000),
                    amount0Max: state.balance(of: ids[sender], asset: pool.asset0),
                    amount1Max: state.balance(of: ids[sender], asset: pool.asset1))))
    }

    /// GOLD to USD split over the constant-product pool, the concentrated pool and the book; or
    /// GOLD to BZR through a GOLD/USD pool and the BZR/USD pool.
    func route(sender: Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let gold = LedgerSimulation.gold
        let amount = share(of: state.balance(of: ids[sender], asset: gold), percent: 3, &random)
        let half = Amount(baseUnits: max(1, amount.baseUnits / 2))
        var route: AMMAction.Route
        if random.chance(percent: 50) {
            let legs = [
                AMMAction.RouteLeg(amountIn: half, pools: [random.element(of: [1, 2])]),
                AMMAction.RouteLeg(amountIn: half, hops: [.book(LedgerSimulation.spotMarket)]),
            ]
            route = AMMAction.Route(assetIn: gold, assetOut: LedgerSimulation.usd, legs: legs, minimumOut: .zero)
        } else {
            let legs = [AMMAction.RouteLeg(amountIn: amount, pools: [random.element(of: [1, 2]), 3])]
            route = AMMAction.Route(assetIn: gold, assetOut: LedgerSimulation.feeAsset, legs: legs, minimumOut: .zero)
        }
        if random.chance(percent: 5) { route.minimumOut = Amount(baseUnits: .max) }
        return .amm(.route(route))
    }
}
