extension LedgerState {
    /// Applies an action of AMM pools (constant-product and concentrated liquidity) and the router's route action.
    mutating func apply(_ action: AMMAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .createPool(let create): try applyCreatePool(create, sender: sender)
        case .addLiquidity(let add): try applyAddLiquidity(add, sender: sender)
        case .removeLiquidity(let remove): try applyRemoveLiquidity(remove, sender: sender)
        case .swap(let swap): try applySwap(swap, sender: sender)
        case .mintPosition(let mint): try applyMintPosition(mint, sender: sender)
        case .burnPosition(let burn): try applyBurnPosition(burn, sender: sender)
        case .collect(let position): try applyCollect(position, sender: sender)
        case .route(let route): try applyRoute(route, sender: sender)
        }
    }

    // MARK: Helpers

    private mutating func debit(_ amount: Amount, _ asset: AssetSymbol, from account: AccountID) throws(ActionFailure) {
        guard !amount.isZero else { return }
        guard let remaining = balance(of: account, asset: asset).subtracting(amount) else {
            throw ActionFailure(code: .insufficientBalance)
        }
        setBalance(remaining, of: account, asset: asset)
    }

    private mutating func credit(_ amount: Amount, _ asset: AssetSymbol, to account: AccountID) {
        guard !amount.isZero else { return }
        setBalance(balance(of: account, asset: asset).adding(amount)!, of: account, asset: asset)
    }

    private func pool(_ id: PoolID) throws(ActionFailure) -> Pool {
        guard let pool = amm.pools[id] else { throw ActionFailure(code: .unknownPool) }
        return pool
    }

    static func failure(_ error: PoolMathError) -> ActionFailure {
        switch error {
        case .overflow: ActionFailure(code: .amountOverflow)
        case .priceOutOfRange: ActionFailure(code: .tickOutOfRange)
        case .insufficientLiquidity: ActionFailure(code: .insufficientLiquidity)
        case .priceLimit: ActionFailure(code: .slippageExceeded)
        case .zeroAmount: ActionFailure(code: .zeroAmount)
        }
    }

    static func amount(_ value: UInt256) throws(ActionFailure) -> Amount {
        guard let units = value.uint128 else { throw ActionFailure(code: .amountOverflow) }
        return Amount(baseUnits: units)
    }

    // MARK: Pools

    private mutating func applyCreatePool(_ create: AMMAction.CreatePool, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        guard assets[create.assetA] != nil, assets[create.assetB] != nil else {
            throw ActionFailure(code: .unknownAsset)
        }
        guard create.assetA != create.assetB, let spacing = Pool.tickSpacing(forFee: create.feePips) else {
            throw ActionFailure(code: .invalidPool)
        }
        let (asset0, asset1) =
            create.assetA < create.assetB ? (create.assetA, create.assetB) : (create.assetB, create.assetA)
        let concentrated = create.initialSqrtPriceX96 != nil
        for existing in amm.pools.rows.values
        where existing.asset0 == asset0 && existing.asset1 == asset1 && existing.feePips == create.feePips
            && existing.isConcentrated == concentrated
        {
            throw ActionFailure(code: .poolExists)
        }
        let curve: PoolCurve
        if let price = create.initialSqrtPriceX96 {
            // A pair given in the other order gives its price the other way: asset1 per asset0 is wanted.
            guard create.assetA == asset0 else { throw ActionFailure(code: .invalidPool) }
            do throws(PoolMathError) {
                curve = .concentrated(
                    try ConcentratedPool(feePips: create.feePips, tickSpacing: spacing, sqrtPriceX96: price))
            } catch {
                throw ActionFailure(code: .invalidPool)
            }
        } else {
            curve = .constantProduct(lpSupply: 0)
        }
        let id = amm.nextID(0)
        amm.pools.write(
            Pool(
                id: id, asset0: asset0, asset1: asset1, feePips: create.feePips, reserve0: .zero, reserve1: .zero,
                curve: curve),
            for: id)
        return [
            .amm(
                .poolCreated(
                    pool: id, creator: sender, asset0: asset0, asset1: asset1, feePips: create.feePips,
                    concentrated: concentrated))
        ]
    }

    private mutating func applyAddLiquidity(_ add: AMMAction.AddLiquidity, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        var pool = try pool(add.pool)
        guard case .constantProduct(let supply) = pool.curve else { throw ActionFailure(code: .wrongPoolKind) }
        guard !add.amount0Desired.isZero, !add.amount1Desired.isZero else { throw ActionFailure(code: .zeroAmount) }
        let amount0: UInt128
        let amount1: UInt128
        let minted: UInt128
        let newSupply: UInt128
        let r0 = pool.reserve0.baseUnits
        let r1 = pool.reserve1.baseUnits
        if supply == 0 {
            amount0 = add.amount0Desired.baseUnits
            amount1 = add.amount1Desired.baseUnits
            let root = ConstantProductMath.squareRoot(UInt256(amount0) * UInt256(amount1)).low
            guard root > Pool.minimumLiquidity else { throw ActionFailure(code: .insufficientLiquidity) }
            minted = root - Pool.minimumLiquidity
            newSupply = root
        } else {
            do throws(PoolMathError) {
                let optimal1 = try ConstantProductMath.quote(
                    amountA: add.amount0Desired.baseUnits, reserveA: r0, reserveB: r1)
                if optimal1 <= add.amount1Desired.baseUnits {
                    (amount0, amount1) = (add.amount0Desired.baseUnits, optimal1)
                } else {
                    let optimal0 = try ConstantProductMath.quote(
                        amountA: add.amount1Desired.baseUnits, reserveA: r1, reserveB: r0)
                    (amount0, amount1) = (optimal0, add.amount1Desired.baseUnits)
                }
            } catch {
                throw Self.failure(error)
            }
            // Shares round down: the depositor never gets more than their part of the pool.
            let by0 = UInt256(amount0) * UInt256(supply) / UInt256(r0)
            let by1 = UInt256(amount1) * UInt256(supply) / UInt256(r1)
            guard let shares = min(by0, by1).uint128, shares > 0 else {
                throw ActionFailure(code: .insufficientLiquidity)
            }
            minted = shares
            guard let total = supply.addingReportingOverflow(shares).overflow ? nil : supply + shares else {
                throw ActionFailure(code: .amountOverflow)
            }
            newSupply = total
        }
        guard amount0 >= add.amount0Min.baseUnits, amount1 >= add.amount1Min.baseUnits else {
            throw ActionFailure(code: .slippageExceeded)
        }
        let deposit0 = Amount(baseUnits: amount0)
        let deposit1 = Amount(baseUnits: amount1)
        try debit(deposit0, pool.asset0, from: sender)
        try debit(deposit1, pool.asset1, from: sender)
        pool.reserve0 = pool.reserve0.adding(deposit0)!
        pool.reserve1 = pool.reserve1.adding(deposit1)!
        pool.curve = .constantProduct(lpSupply: newSupply)
        amm.pools.write(pool, for: pool.id)
        let key = ShareKey(pool: pool.id, owner: sender)
        amm.shares.write(Amount(baseUnits: amm.shares(of: sender, in: pool.id) + minted), for: key)
        return [
            .amm(
                .liquidityAdded(
                    pool: pool.id, provider: sender, amount0: deposit0, amount1: deposit1,
                    shares: Amount(baseUnits: minted)))
        ]
    }

    private mutating func applyRemoveLiquidity(_ remove: AMMAction.RemoveLiquidity, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        var pool = try pool(remove.pool)
        guard case .constantProduct(let supply) = pool.curve else { throw ActionFailure(code: .wrongPoolKind) }
        guard !remove.shares.isZero else { throw ActionFailure(code: .zeroAmount) }
        let held = amm.shares(of: sender, in: pool.id)
        let shares = remove.shares.baseUnits
        guard shares <= held else { throw ActionFailure(code: .insufficientShares) }
        // Withdrawals round down: what is left in the pool covers every other share.
        let amount0 = (UInt256(shares) * UInt256(pool.reserve0.baseUnits) / UInt256(supply)).low
        let amount1 = (UInt256(shares) * UInt256(pool.reserve1.baseUnits) / UInt256(supply)).low
        guard amount0 > 0, amount1 > 0 else { throw ActionFailure(code: .insufficientLiquidity) }
        guard amount0 >= remove.amount0Min.baseUnits, amount1 >= remove.amount1Min.baseUnits else {
            throw ActionFailure(code: .slippageExceeded)
        }
        let out0 = Amount(baseUnits: amount0)
        let out1 = Amount(baseUnits: amount1)
        pool.reserve0 = pool.reserve0.subtracting(out0)!
        pool.reserve1 = pool.reserve1.subtracting(out1)!
        pool.curve = .constantProduct(lpSupply: supply - shares)
        amm.pools.write(pool, for: pool.id)
        amm.shares.write(
            held == shares ? nil : Amount(baseUnits: held - shares), for: ShareKey(pool: pool.id, owner: sender))
        credit(out0, pool.asset0, to: sender)
        credit(out1, pool.asset1, to: sender)
        return [
            .amm(
                .liquidityRemoved(
                    pool: pool.id, provider: sender, amount0: out0, amount1: out1, shares: remove.shares))
        ]
    }

    // MARK: Swaps

    /// Swaps through one pool, updating its reserves and curve; the caller moves the trader's funds.
    mutating func swapInPool(_ id: PoolID, assetIn: AssetSymbol, amount: Amount, exactInput: Bool) throws(ActionFailure)
        -> Pool.SwapOutcome
    {
        var pool = try pool(id)
        let outcome = try pool.swap(assetIn: assetIn, amount: amount, exactInput: exactInput)
        amm.pools.write(pool, for: id)
        return outcome
    }

    private mutating func applySwap(_ swap: AMMAction.Swap, sender: AccountID) throws(ActionFailure) -> [Event] {
        let outcome = try swapInPool(swap.pool, assetIn: swap.assetIn, amount: swap.amount, exactInput: swap.exactInput)
        if swap.exactInput {
            guard outcome.amountOut >= swap.limit else { throw ActionFailure(code: .slippageExceeded) }
        } else {
            guard outcome.amountIn <= swap.limit else { throw ActionFailure(code: .slippageExceeded) }
        }
        try debit(outcome.amountIn, swap.assetIn, from: sender)
        credit(outcome.amountOut, outcome.assetOut, to: sender)
        return [
            .amm(
                .swapped(
                    pool: swap.pool, trader: sender, assetIn: swap.assetIn, amountIn: outcome.amountIn,
                    assetOut: outcome.assetOut, amountOut: outcome.amountOut, fee: outcome.fee))
        ]
    }

    /// Executes a route leg by leg and hop by hop through the sender's account: a pool hop takes
    /// its input from the sender's balance and pays its output there; a book hop places a market
    /// order for the sender (fees, locks and events of the order book). The output of a hop is the
    /// input of the next. If the total output is below the minimum, the transaction fails whole.
    private mutating func applyRoute(_ route: AMMAction.Route, sender: AccountID) throws(ActionFailure) -> [Event] {
        guard !route.legs.isEmpty, route.legs.count <= AMMAction.routeLegsMax, route.assetIn != route.assetOut else {
            throw ActionFailure(code: .invalidRoute)
        }
        var events: [Event] = []
        var totalIn = Amount.zero
        var totalOut = Amount.zero
        for leg in route.legs {
            guard (1...AMMAction.routeHopsMax).contains(leg.hops.count) else {
                throw ActionFailure(code: .invalidRoute)
            }
            guard !leg.amountIn.isZero else { throw ActionFailure(code: .zeroAmount) }
            var asset = route.assetIn
            var amount = leg.amountIn
            for (index, hop) in leg.hops.enumerated() {
                let (spent, received, assetOut) = try routeHop(
                    hop, assetIn: asset, amount: amount, sender: sender, events: &events)
                if index == 0 {
                    guard let sum = totalIn.adding(spent) else { throw ActionFailure(code: .amountOverflow) }
                    totalIn = sum
                }
                asset = assetOut
                amount = received
            }
            guard asset == route.assetOut else { throw ActionFailure(code: .invalidRoute) }
            guard let out = totalOut.adding(amount) else { throw ActionFailure(code: .amountOverflow) }
            totalOut = out
        }
        guard totalOut >= route.minimumOut else { throw ActionFailure(code: .slippageExceeded) }
        events.append(
            .amm(
                .routed(
                    trader: sender, assetIn: route.assetIn, amountIn: totalIn, assetOut: route.assetOut,
                    amountOut: totalOut)))
        return events
    }

    /// One hop of a route for `sender`: what it spent of `assetIn`, what it received and of which asset.
    private mutating func routeHop(
        _ hop: AMMAction.RouteHop, assetIn: AssetSymbol, amount: Amount, sender: AccountID, events: inout [Event]
    ) throws(ActionFailure) -> (spent: Amount, received: Amount, asset: AssetSymbol) {
        switch hop {
        case .pool(let id):
            guard try pool(id).contains(assetIn) else { throw ActionFailure(code: .invalidRoute) }
            let outcome = try swapInPool(id, assetIn: assetIn, amount: amount, exactInput: true)
            try debit(outcome.amountIn, assetIn, from: sender)
            credit(outcome.amountOut, outcome.assetOut, to: sender)
            events.append(
                .amm(
                    .swapped(
                        pool: id, trader: sender, assetIn: assetIn, amountIn: outcome.amountIn,
                        assetOut: outcome.assetOut, amountOut: outcome.amountOut, fee: outcome.fee)))
            return (outcome.amountIn, outcome.amountOut, outcome.assetOut)
        case .book(let id):
            guard let venue = bookVenue(id), venue.contains(assetIn) else { throw ActionFailure(code: .invalidRoute) }
            guard let plan = venue.plan(assetIn: assetIn, amount: amount) else {
                throw ActionFailure(code: .insufficientLiquidity)
            }
            let market = venue.market
            let inBefore = balance(of: sender, asset: assetIn)
            let outBefore = balance(of: sender, asset: plan.assetOut)
            let order = Action.PlaceOrder(
                market: id, side: plan.side, type: .market,
                price: market.tickSize.multiplied(by: UInt128(plan.worstPriceTicks))!,
                size: market.lotSize.multiplied(by: UInt128(plan.lots))!)
            events += try applyPlaceOrder(order, sender: sender, origin: .route)
            let inAfter = balance(of: sender, asset: assetIn)
            let outAfter = balance(of: sender, asset: plan.assetOut)
            guard let spent = inBefore.subtracting(inAfter), let received = outAfter.subtracting(outBefore) else {
                preconditionFailure("a market order lowered its output or raised its input balance")
            }
            return (spent, received, plan.assetOut)
        }
    }

    /// The book of continuous spot market `id` as a route venue, or nil for an unknown or batch
    /// market, or a perpetual or option series (whose fills change margin positions, not balances).
    public func bookVenue(_ id: MarketID, levelCountMax: Int = 1_000) -> BookVenue? {
        guard let book = market(id), book.isContinuous, !book.market.isMarginMarket,
            let depth = depth(of: id, levelCountMax: levelCountMax)
        else {
            return nil
        }
        return BookVenue(market: book.market, bids: depth.bids, asks: depth.asks)
    }

    /// Every continuous market's book as a route venue, in market id order.
    public func bookVenues(levelCountMax: Int = 1_000) -> [BookVenue] {
        marketList.compactMap { bookVenue($0.id, levelCountMax: levelCountMax) }
    }

    // MARK: Positions

    private mutating func applyMintPosition(_ mint: AMMAction.MintPosition, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        var pool = try pool(mint.pool)
        guard case .concentrated(var engine) = pool.curve else { throw ActionFailure(code: .wrongPoolKind) }
        guard mint.liquidity > 0, mint.liquidity <= UInt128(Int128.max) else { throw ActionFailure(code: .zeroAmount) }
        let amounts: (amount0: UInt256, amount1: UInt256)
        do throws(PoolMathError) {
            try engine.checkRange(lower: mint.tickLower, upper: mint.tickUpper)
            amounts = try engine.modifyLiquidity(
                lower: mint.tickLower, upper: mint.tickUpper, delta: Int128(mint.liquidity))
        } catch {
            throw Self.failure(error)
        }
        let amount0 = try Self.amount(amounts.amount0)
        let amount1 = try Self.amount(amounts.amount1)
        guard amount0 <= mint.amount0Max, amount1 <= mint.amount1Max else {
            throw ActionFailure(code: .slippageExceeded)
        }
        try debit(amount0, pool.asset0, from: sender)
        try debit(amount1, pool.asset1, from: sender)
        guard let reserve0 = pool.reserve0.adding(amount0), let reserve1 = pool.reserve1.adding(amount1) else {
            throw ActionFailure(code: .amountOverflow)
        }
        let inside = engine.feeGrowthInside(lower: mint.tickLower, upper: mint.tickUpper)
        (pool.reserve0, pool.reserve1) = (reserve0, reserve1)
        pool.curve = .concentrated(engine)
        amm.pools.write(pool, for: pool.id)
        let id = amm.nextID(1)
        amm.positions.write(
            LiquidityPosition(
                id: id, pool: pool.id, owner: sender, tickLower: mint.tickLower, tickUpper: mint.tickUpper,
                liquidity: mint.liquidity, feeGrowthInside0LastX128: inside.0, feeGrowthInside1LastX128: inside.1,
                tokensOwed0: 0, tokensOwed1: 0),
            for: id)
        return [
            .amm(
                .positionMinted(
                    position: id, pool: pool.id, owner: sender, liquidity: mint.liquidity, amount0: amount0,
                    amount1: amount1))
        ]
    }

    private func ownedPosition(_ id: PositionID, sender: AccountID) throws(ActionFailure) -> LiquidityPosition {
        guard let position = amm.positions[id] else { throw ActionFailure(code: .unknownPosition) }
        guard position.owner == sender else { throw ActionFailure(code: .notPositionOwner) }
        return position
    }

    /// Credits a position with the fees its liquidity earned since its last update (rounded down).
    private static func accrueFees(_ position: inout LiquidityPosition, engine: ConcentratedPool) {
        let inside = engine.feeGrowthInside(lower: position.tickLower, upper: position.tickUpper)
        let liquidity = UInt256(position.liquidity)
        let earned0 = UInt256.mulDiv(inside.0 &- position.feeGrowthInside0LastX128, liquidity, ConcentratedPool.q128)!
        let earned1 = UInt256.mulDiv(inside.1 &- position.feeGrowthInside1LastX128, liquidity, ConcentratedPool.q128)!
        // As in Uniswap v3, owed amounts wrap at 128 bits; they are collected long before.
        position.tokensOwed0 = position.tokensOwed0 &+ earned0.low
        position.tokensOwed1 = position.tokensOwed1 &+ earned1.low
        position.feeGrowthInside0LastX128 = inside.0
        position.feeGrowthInside1LastX128 = inside.1
    }

    private mutating func applyBurnPosition(_ burn: AMMAction.BurnPosition, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        var position = try ownedPosition(burn.position, sender: sender)
        var pool = try pool(position.pool)
        guard case .concentrated(var engine) = pool.curve else { throw ActionFailure(code: .wrongPoolKind) }
        guard burn.liquidity > 0 else { throw ActionFailure(code: .zeroAmount) }
        guard burn.liquidity <= position.liquidity else { throw ActionFailure(code: .insufficientShares) }
        Self.accrueFees(&position, engine: engine)
        let amounts: (amount0: UInt256, amount1: UInt256)
        do throws(PoolMathError) {
            amounts = try engine.modifyLiquidity(
                lower: position.tickLower, upper: position.tickUpper, delta: 0 - Int128(burn.liquidity))
        } catch {
            throw Self.failure(error)
        }
        let amount0 = try Self.amount(amounts.amount0)
        let amount1 = try Self.amount(amounts.amount1)
        guard amount0 >= burn.amount0Min, amount1 >= burn.amount1Min else {
            throw ActionFailure(code: .slippageExceeded)
        }
        position.liquidity -= burn.liquidity
        position.tokensOwed0 = position.tokensOwed0 &+ amount0.baseUnits
        position.tokensOwed1 = position.tokensOwed1 &+ amount1.baseUnits
        pool.curve = .concentrated(engine)
        amm.pools.write(pool, for: pool.id)
        amm.positions.write(position, for: position.id)
        return [
            .amm(
                .positionBurned(
                    position: position.id, pool: pool.id, owner: sender, liquidity: burn.liquidity, amount0: amount0,
                    amount1: amount1))
        ]
    }

    private mutating func applyCollect(_ id: PositionID, sender: AccountID) throws(ActionFailure) -> [Event] {
        var position = try ownedPosition(id, sender: sender)
        var pool = try pool(position.pool)
        guard let engine = pool.concentrated else { throw ActionFailure(code: .wrongPoolKind) }
        Self.accrueFees(&position, engine: engine)
        let amount0 = Amount(baseUnits: min(position.tokensOwed0, pool.reserve0.baseUnits))
        let amount1 = Amount(baseUnits: min(position.tokensOwed1, pool.reserve1.baseUnits))
        guard !amount0.isZero || !amount1.isZero else { throw ActionFailure(code: .zeroAmount) }
        position.tokensOwed0 -= amount0.baseUnits
        position.tokensOwed1 -= amount1.baseUnits
        pool.reserve0 = pool.reserve0.subtracting(amount0)!
        pool.reserve1 = pool.reserve1.subtracting(amount1)!
        amm.pools.write(pool, for: pool.id)
        let finished = position.liquidity == 0 && position.tokensOwed0 == 0 && position.tokensOwed1 == 0
        amm.positions.write(finished ? nil : position, for: id)
        credit(amount0, pool.asset0, to: sender)
        credit(amount1, pool.asset1, to: sender)
        return [.amm(.feesCollected(position: id, pool: pool.id, owner: sender, amount0: amount0, amount1: amount1))]
    }
}
