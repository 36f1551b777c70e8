import BazaarCore

// The oracle, lending pools and margin accounts. Reporters walk the GOLD price a little with each
// report (within the oracle's move limit), so that positions and loans move with it; accounts 0
// and 1 always stay reporters, so that the price stays fresh.

extension TransactionFactory {
    func oracle(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let now = state.timeMilliseconds
        let reporters = state.derivatives.oracle.reporters
        switch kind {
        case .configureOracle:
            sender = authorityOrOther(&random)
            let parameters = OracleParameters(
                quoteAsset: random.chance(percent: 95) ? LedgerSimulation.usd : LedgerSimulation.gold,
                stalenessMilliseconds: UInt64(random.int(in: 30_000...120_000)), minimumReporters: 1,
                maximumMoveBasisPoints: UInt32(random.int(in: 200...1_000)),
                twapWindowMilliseconds: UInt64(random.int(in: 30_000...120_000)))
            return .derivatives(.oracle(.configure(parameters)))
        case .changeReporter:
            sender = authorityOrOther(&random)
            let account = ids[keys.count > 2 ? random.int(in: 2...(keys.count - 1)) : 1]
            let isReporter = reporters[account] != nil
            // Mostly the change that succeeds, sometimes the one that fails.
            let adds = isReporter == random.chance(percent: 10)
            return .derivatives(.oracle(adds ? .addReporter(account) : .removeReporter(account)))
        default:
            let registered = (0..<keys.count).filter { reporters[ids[$0]] != nil }
            if random.chance(percent: 95), !registered.isEmpty { sender = random.element(of: registered) }
            let asset = random.chance(percent: 80) ? LedgerSimulation.gold : LedgerSimulation.feeAsset
            let start = asset == LedgerSimulation.gold ? LedgerSimulation.goldStartPrice : 100
            let current = state.oraclePrice(of: asset)?.quotePerUnit ?? start
            // A step of up to ±1.5%, kept within half and twice the start price.
            let stepped = current * UInt128(10_000 + random.int(in: -150...150)) / 10_000
            let price = min(max(stepped, start / 2), start * 2)
            let time = random.chance(percent: 95) ? now + 1 : now - 200_000
            return .derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: asset, quotePerUnit: Amount(baseUnits: price), timeMilliseconds: time))))
        }
    }

    func lending(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let lending = state.derivatives.lending
        let poolAssets = lending.pools.sortedKeys
        let positions = lending.positions.sortedKeys
        switch kind {
        case .configureLendingPool:
            sender = authorityOrOther(&random)
            let parameters = LendingPoolParameters(
                baseRateBasisPoints: UInt32(random.int(in: 0...200)),
                slope1BasisPoints: UInt32(random.int(in: 100...800)),
                slope2BasisPoints: UInt32(random.int(in: 1_000...8_000)),
                kinkUtilizationBasisPoints: random.chance(percent: 95) ? UInt32(random.int(in: 5_000...9_000)) : 0,
                reserveFactorBasisPoints: UInt32(random.int(in: 0...2_000)))
            return .derivatives(
                .lending(.configurePool(asset: someAsset(state: state, &random), parameters: parameters)))
        case .supply:
            let asset = random.element(of: poolAssets)
            let amount = share(of: state.balance(of: ids[sender], asset: asset), percent: 10, &random)
            return .derivatives(.lending(.supply(asset: asset, amount: amount)))
        case .withdrawSupply:
            let suppliers = positions.filter { lending.positions[$0]!.shares > 0 }
            guard let key = suppliers.isEmpty ? nil : random.element(of: suppliers) else {
                return .derivatives(.lending(.withdraw(asset: random.element(of: poolAssets), amount: nil)))
            }
            sender = indexes[key.account] ?? sender
            let value = lending.pools[key.asset]!.value(shares: lending.positions[key]!.shares)
            let amount = random.chance(percent: 30) || value.isZero ? nil : share(of: value, percent: 50, &random)
            return .derivatives(.lending(.withdraw(asset: key.asset, amount: amount)))
        case .borrow:
            return .derivatives(.lending(borrow(sender: &sender, state: state, random: &random)))
        default:
            let debtors = positions.filter { lending.positions[$0]!.scaledDebt > 0 }
            guard let key = debtors.isEmpty ? nil : random.element(of: debtors) else {
                return .derivatives(
                    .lending(.repay(asset: random.element(of: poolAssets), amount: nil, fromMargin: false)))
            }
            sender = indexes[key.account] ?? sender
            let debt = lending.pools[key.asset]!.debt(scaledDebt: lending.positions[key]!.scaledDebt)
            let amount = random.chance(percent: 50) ? nil : share(of: debt, percent: 100, &random)
            return .derivatives(
                .lending(.repay(asset: key.asset, amount: amount, fromMargin: random.chance(percent: 50))))
        }
    }

    /// A borrow by an account with margin, of up to a quarter of its USD collateral's value.
    private func borrow(sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> LendingAction {
        let usd = LedgerSimulation.usd
        let withCollateral = (0..<keys.count).filter {
            (state.derivatives.margin.accounts[ids[$0]]?.claim(usd) ?? 0) > 4
        }
        if !withCollateral.isEmpty { sender = random.element(of: withCollateral) }
        let claim = state.derivatives.margin.accounts[ids[sender]]?.claim(usd) ?? 0
        let budget = Amount(baseUnits: UInt128(max(claim / 4, 1)))
        guard random.chance(percent: 50) else {
            return .borrow(asset: usd, amount: share(of: budget, percent: 100, &random))
        }
        let gold = LedgerSimulation.gold
        // Cents to GOLD base units at the oracle price, rounded down.
        let amount = budget.baseUnits * Amount.powerOfTen(8) / price(of: gold, state: state)
        return .borrow(asset: gold, amount: share(of: Amount(baseUnits: amount), percent: 100, &random))
    }

    func margin(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let usd = LedgerSimulation.usd
        let gold = LedgerSimulation.gold
        let margin = state.derivatives.margin
        switch kind {
        case .marginDeposit:
            let asset: AssetSymbol =
                random.chance(percent: 95) ? (random.chance(percent: 70) ? usd : gold) : LedgerSimulation.feeAsset
            let amount = share(of: state.balance(of: ids[sender], asset: asset), percent: 30, &random)
            return .derivatives(.margin(.deposit(asset: asset, amount: amount)))
        case .marginWithdraw:
            let holders = margin.accounts.sortedKeys.compactMap { indexes[$0] }
            if !holders.isEmpty { sender = random.element(of: holders) }
            let collateral = margin.accounts[ids[sender]]?.collateral ?? [:]
            let claims = collateral.keys.filter { collateral[$0]! > 0 }.sorted()
            let asset = claims.isEmpty ? usd : random.element(of: claims)
            let claim = margin.accounts[ids[sender]]?.claim(asset) ?? 0
            let amount = share(of: Amount(baseUnits: UInt128(max(claim, 1))), percent: 30, &random)
            return .derivatives(.margin(.withdraw(asset: asset, amount: amount)))
        case .setCollateralWeight:
            sender = authorityOrOther(&random)
            let weight = random.chance(percent: 95) ? UInt16(random.int(in: 6_000...9_000)) : 10_001
            // USD keeps its full weight: the quote asset's collateral is what positions rest on.
            let asset = random.chance(percent: 60) ? gold : someAsset(state: state, &random)
            return .derivatives(
                .margin(.setCollateralWeight(asset: asset == usd ? gold : asset, weightBasisPoints: weight)))
        case .setLiquidationSettings:
            sender = authorityOrOther(&random)
            let closeFactor = random.chance(percent: 95) ? UInt16(random.int(in: 2_000...10_000)) : 0
            return .derivatives(
                .margin(
                    .setLiquidationSettings(
                        closeFactorBasisPoints: closeFactor, penaltyBasisPoints: UInt16(random.int(in: 0...500)))))
        case .createPerpetual:
            sender = authorityOrOther(&random)
            var create = LedgerSimulation.goldPerpetual
            create.base = someAsset(state: state, &random)
            create.maintenanceBasisPoints = UInt16(random.int(in: 200...800))
            create.initialBasisPoints = create.maintenanceBasisPoints * 2
            return .derivatives(.margin(.createPerpetual(create)))
        case .listOption:
            // A GOLD option an hour to a day out on a 10 USD strike grid; one in twenty is off it.
            sender = authorityOrOther(&random)
            let strike = UInt128(random.int(in: 150...250)) * 1_000 + (random.chance(percent: 95) ? 0 : 1)
            return .derivatives(
                .margin(
                    .listOption(
                        MarginAction.ListOption(
                            underlying: gold, quote: usd,
                            expiryMilliseconds: state.timeMilliseconds + UInt64(random.int(in: 3_600...86_400)) * 1_000,
                            strike: Amount(baseUnits: strike), strikeStep: Amount(baseUnits: 1_000),
                            kind: random.chance(percent: 50) ? .call : .put, contractSize: Amount(baseUnits: 1_000_000),
                            lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 1),
                            minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 100_000,
                            makerFeeBasisPoints: 0, takerFeeBasisPoints: 10, impactLots: 2))))
        default:
            let amount = share(of: state.balance(of: ids[sender], asset: usd), percent: 5, &random)
            return .derivatives(.margin(.fundInsurance(amount: amount)))
        }
    }
}
