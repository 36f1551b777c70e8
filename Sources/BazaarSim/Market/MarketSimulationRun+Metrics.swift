import BazaarCore

// The metrics of a block, read from its results and end-of-block events and from the committed
// state after it; every amount converted from the state's integers to whole quote units here.

extension MarketSimulationRun {
    /// Quote units per base unit of `asset` at the oracle (1/10⁶ for USD). Every asset the
    /// simulation values has a price from genesis on (its reporters post them there), so a
    /// missing one is a bug in the simulation, not a value of zero.
    func unitValue(_ asset: AssetSymbol) -> Double {
        guard let price = application.state.oraclePrice(of: asset), let info = application.state.assets[asset] else {
            preconditionFailure("the simulation values \(asset), which has no oracle price")
        }
        return Double(wide: price.quotePerUnit) / MarketAgents.quoteScale
            / Double(wide: Amount.powerOfTen(Int(info.decimals)))
    }

    mutating func measure(
        _ finalized: FinalizedBlock, height: UInt64, time: UInt64, targets: [Double], finalizeMicroseconds: Int
    ) {
        let state = application.state
        included += finalized.results.count
        failed += finalized.results.filter { $0.code != .ok }.count
        var liquidated = Set<AccountID>()
        var volume = 0.0
        var slippageWeighted = 0.0
        var slippageVolume = 0.0
        var deleveragings = 0
        var writeOffs = 0.0
        var funding = 0.0
        let btcUnit = unitValue("BTC")
        for event in finalized.results.flatMap(\.events) + finalized.endBlockEvents {
            guard case .derivatives(let derivatives) = event else { continue }
            switch derivatives {
            case .margin(.liquidated(let account, _, let size, let notional, _)):
                liquidated.insert(account)
                let value = MarketAgents.wholeQuote(notional)
                let fair = Double(wide: size.magnitude) * btcUnit
                volume += value
                if fair > 0 {
                    // Selling (size < 0) below the oracle, or buying above it, is slippage.
                    let slip = size < 0 ? (fair - value) / fair : (value - fair) / fair
                    slippageWeighted += slip * 10_000 * fair
                    slippageVolume += fair
                }
            case .margin(.takenOver(let account, _, let size, let price)):
                liquidated.insert(account)
                let value = Double(wide: size.magnitude) * Double(wide: price) / MarketAgents.quoteScale / 1e8
                let fair = Double(wide: size.magnitude) * btcUnit
                volume += value
                if fair > 0 {
                    let slip = size < 0 ? (value - fair) / fair : (fair - value) / fair
                    slippageWeighted += slip * 10_000 * fair
                    slippageVolume += fair
                }
            case .margin(.deleveraged):
                deleveragings += 1
            case .margin(.collateralSeized(let account, _, _, let proceeds)):
                liquidated.insert(account)
                volume += MarketAgents.wholeQuote(proceeds)
            case .margin(.debtTakenOver(let account, _, _, let value)):
                liquidated.insert(account)
                volume += MarketAgents.wholeQuote(value)
            case .margin(.debtRepaid(let account, let asset, let amount)):
                liquidated.insert(account)
                volume += Double(wide: amount.baseUnits) * unitValue(asset)
            case .margin(.funding(_, _, _, _, let paid, _)):
                funding += MarketAgents.wholeQuote(signed: paid)
            case .lending(.writtenOff(_, let asset, let amount)):
                writeOffs += Double(wide: amount.baseUnits) * unitValue(asset)
            default: continue
            }
        }
        cumulativeWriteOffs += writeOffs
        let marginBadDebt = MarketAgents.wholeQuote(state.derivatives.margin.badDebt[MarketAgents.quote] ?? .zero)
        var deviation = 0.0
        for asset in 0...1 {
            guard let oracle = oraclePrice(asset) else {
                preconditionFailure("asset \(asset) of the simulation has no oracle price after block \(height)")
            }
            oraclePaths[asset].append(oracle)
            scenarioPaths[asset].append(targets[asset])
            deviation = max(deviation, abs(oracle / targets[asset] - 1) * 10_000)
        }
        // The full invariant check of this block valued every account already.
        let atRisk = application.marginRiskAfterLastBlock ?? state.marginAccountsAtRisk()
        let belowMaintenance = Self.maintenanceFailures(atRisk, height: height, liquidated: liquidated)
        failures += belowMaintenance
        let healthAfter = Self.healthFactors(atRisk)
        if volume > worstVolume {
            worstVolume = volume
            health = MarketSimulationReport.HealthDistribution(
                height: height, bucketLowerEdges: Self.healthBucketEdges, before: Self.histogram(lastHealth),
                after: Self.histogram(healthAfter))
        }
        lastHealth = healthAfter
        blocks.append(
            MarketSimulationReport.BlockMetrics(
                height: height, elapsedMilliseconds: time - MarketSimulation.genesisTimeMilliseconds,
                insuranceFund: insuranceFundValue(), badDebt: marginBadDebt + cumulativeWriteOffs,
                liquidations: liquidated.count, liquidationVolume: volume,
                liquidationSlippageBasisPoints: slippageVolume > 0 ? slippageWeighted / slippageVolume : nil,
                deleveragings: deleveragings, lendingWriteOffs: writeOffs,
                accountsBelowMaintenance: belowMaintenance.count,
                fundingPaid: funding, oracleDeviationBasisPoints: deviation,
                finalizeMicroseconds: finalizeMicroseconds))
    }

    /// A failure for each account the liquidation engine would still liquidate: after a block,
    /// every margin account must be above maintenance (DESIGN.md, Invariants).
    static func maintenanceFailures(
        _ accounts: [MarginAccountRisk], height: UInt64, liquidated: Set<AccountID>
    ) -> [MarketSimulationReport.Failure] {
        accounts.filter(\.isUnderMaintenance).map { risk in
            let how = liquidated.contains(risk.account) ? "was liquidated in this block but" : "was not liquidated and"
            guard let summary = risk.summary else {
                return MarketSimulationReport.Failure(
                    height: height, account: risk.account.description,
                    message: "account \(risk.account) \(how) cannot be valued after block \(height) (a value overflows)"
                )
            }
            return MarketSimulationReport.Failure(
                height: height, account: risk.account.description,
                message:
                    "account \(risk.account) \(how) is below maintenance after block \(height): equity "
                    + "\(summary.equity), maintenance requirement \(summary.maintenanceRequirement) (quote base units)"
            )
        }
    }

    /// The insurance fund at oracle prices: its claims, and its positions at `cash + size × oracle`.
    func insuranceFundValue() -> Double {
        guard let row = application.state.derivatives.margin.accounts[MarginState.insuranceFund] else { return 0 }
        var value = 0.0
        for asset in row.collateral.keys.sorted() {
            value += Double(wide: row.collateral[asset]!) * unitValue(asset)
        }
        for market in row.positions.keys.sorted() {
            let position = row.positions[market]!
            guard let perpetual = application.state.derivatives.margin.perpetuals[market] else {
                preconditionFailure("the insurance fund holds a position in \(market), which is not a perpetual")
            }
            value +=
                MarketAgents.wholeQuote(signed: position.cash)
                + Double(wide: position.size) * unitValue(perpetual.base)
        }
        return value
    }

    /// Health factors of the accounts at risk: equity over the maintenance requirement, or for an
    /// account with debts only, (equity + debt) / debt — its weighted collateral over its debt.
    static func healthFactors(_ accounts: [MarginAccountRisk]) -> [Double] {
        accounts.compactMap { risk in
            guard let summary = risk.summary else { return nil }
            let equity = Double(wide: summary.equity)
            if summary.maintenanceRequirement > 0 { return equity / Double(wide: summary.maintenanceRequirement) }
            if risk.debtValue > 0 { return (equity + Double(wide: risk.debtValue)) / Double(wide: risk.debtValue) }
            return nil
        }
    }

    func healthFactors() -> [Double] { Self.healthFactors(application.state.marginAccountsAtRisk()) }

    static func histogram(_ values: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: healthBucketEdges.count)
        for value in values {
            let bucket = healthBucketEdges.lastIndex { value >= $0 } ?? 0
            counts[bucket] += 1
        }
        return counts
    }

    /// AMM liquidity providers' value at the end against holding what they deposited, percent.
    func providerVersusHolding() -> Double? {
        guard !providerStart.isEmpty else { return nil }
        let state = application.state
        var now = 0.0
        var held = 0.0
        for (index, assetStart, quoteStart) in providerStart {
            let asset = agents.agents[index].asset
            let symbol = MarketAgents.symbol(asset)
            let id = agents.ids[index]
            let unit = unitValue(symbol)
            let price = unit * MarketAgents.assetScales[asset]
            held += assetStart * price + quoteStart
            now += Double(wide: state.balance(of: id, asset: symbol).baseUnits) * unit
            now += MarketAgents.wholeQuote(state.balance(of: id, asset: MarketAgents.quote))
            let poolID = MarketAgents.pools[asset]
            let shares = state.amm.shares(of: id, in: poolID)
            if shares > 0, let pool = state.amm.pools[poolID], pool.lpSupply > 0 {
                let fraction = Double(shares) / Double(pool.lpSupply)
                now +=
                    fraction * (Double(wide: pool.reserve0.baseUnits) * unit + MarketAgents.wholeQuote(pool.reserve1))
            }
        }
        return held > 0 ? (now / held - 1) * 100 : nil
    }

    /// The largest loss the protocol could not cover at any block, quote units: the block's bad
    /// debt (the margin engine's, recorded only once the insurance fund is spent, plus lending
    /// write-offs so far) and the insurance fund's own value when it is below zero — the fund
    /// marks its taken-over positions at the oracle, and a fund worth less than nothing is a
    /// loss nobody has absorbed yet.
    static func worstShortfall(_ blocks: [MarketSimulationReport.BlockMetrics]) -> Double {
        blocks.reduce(0) { worst, block in max(worst, block.badDebt + max(0, -block.insuranceFund)) }
    }

    func report(commit: String?) -> MarketSimulationReport {
        let slowest = blocks.max { $0.finalizeMicroseconds < $1.finalizeMicroseconds }
        let badDebt = blocks.last?.badDebt ?? 0
        let header = MarketSimulationReport.Header(
            seed: simulation.seed, scenario: scenario.name, commit: commit, blocks: blocks.count,
            blockMilliseconds: scenario.stepMilliseconds, accounts: simulation.population.accounts,
            quoteAsset: MarketAgents.quote.description,
            parameters: simulation.risk.reportParameters + populationParameters)
        let totals = MarketSimulationReport.Totals(
            badDebt: badDebt, insuranceFundStart: insuranceFundStart,
            insuranceFundEnd: blocks.last?.insuranceFund ?? insuranceFundStart,
            badDebtBeyondFund: Self.worstShortfall(blocks), liquidations: blocks.reduce(0) { $0 + $1.liquidations },
            liquidationVolume: blocks.reduce(0) { $0 + $1.liquidationVolume },
            deleveragings: blocks.reduce(0) { $0 + $1.deleveragings },
            lendingWriteOffs: blocks.reduce(0) { $0 + $1.lendingWriteOffs },
            fundingPaid: blocks.reduce(0) { $0 + $1.fundingPaid },
            liquidityProviderVersusHoldingPercent: providerVersusHolding(),
            maxOracleDeviationBasisPoints: blocks.map(\.oracleDeviationBasisPoints).max() ?? 0,
            slowestFinalizeMicroseconds: slowest?.finalizeMicroseconds ?? 0,
            slowestFinalizeHeight: slowest?.height ?? 0, transactionsIncluded: included, transactionsFailed: failed,
            finalAppHash: application.state.appHash.hex)
        let assets = (0...1).map {
            MarketSimulationReport.AssetPath(
                asset: MarketAgents.symbol($0).description, scenarioPrices: scenarioPaths[$0],
                oraclePrices: oraclePaths[$0])
        }
        return MarketSimulationReport(
            header: header, assets: assets, blocks: blocks, failures: failures, health: health, totals: totals)
    }

    var populationParameters: [MarketSimulationReport.Parameter] {
        let population = simulation.population
        return [
            .init(name: "reporters", value: "\(population.reporters)"),
            .init(name: "market-makers", value: "\(population.marketMakers)"),
            .init(name: "arbitrageurs", value: "\(population.arbitrageurs)"),
            .init(name: "liquidity-providers", value: "\(population.liquidityProviders)"),
            .init(name: "borrowers", value: "\(population.borrowers)"),
            .init(name: "traders", value: "\(population.traders)"),
        ]
    }
}
