import BazaarCore

/// The market simulation's agents: who they are, what they hold at genesis, and the
/// transactions their policies send each block.
///
/// Accounts are laid out in population order: the operator (index 0), reporters, market makers,
/// arbitrageurs, liquidity providers, borrowers, traders. Every policy reads only the committed
/// state (balances, books, pools, positions, the oracle) and the scenario's current step, like a
/// client reading the API; every draw comes from the run's `SimulationRandom`, in account order.
struct MarketAgents {
    /// What one agent is and the choices drawn for it at the start.
    struct Agent {
        var role: Role
        /// The price asset it trades (index into `MarketPricePath.chainAssets`).
        var asset: Int = 0
        /// Quote units it starts with (collateral, deposit or position budget).
        var budget: Double = 0
        /// Leverage (traders), borrowing power used (borrowers), or the liquidity level that makes
        /// a provider withdraw.
        var level: Double = 0
        /// Long (+1) or short (-1), for traders.
        var direction: Double = 1
        /// The block at which it next acts on its own plan.
        var nextBlock: UInt64 = 1
        var stage = 0
        /// What a liquidity provider deposited, for its value against holding: (asset units, quote units).
        var deposited: (asset: Double, quote: Double) = (0, 0)
    }

    enum Role: Equatable {
        case chainOperator
        /// Posts the scenario's price each block; `lagBlocks` behind, or off by `lieFraction`.
        case reporter(lagBlocks: Int, lieFraction: Double)
        case marketMaker
        case arbitrageur
        /// `lending`: supplies the USD lending pool; else provides liquidity to an AMM pool.
        case liquidityProvider(lending: Bool)
        case borrower
        case trader
    }

    static let quote: AssetSymbol = "USD"
    static let feeAsset: AssetSymbol = "BZR"
    static let minimumFee = Amount(baseUnits: 1_000)
    /// Market ids: BTC-USD spot, ETH-USD spot (batch), BTC-PERP.
    static let spotMarkets: [MarketID] = [1, 2]
    static let perpetual: MarketID = 3
    /// Pool ids (created at genesis): BTC/USD and ETH/USD constant product, 0.3%.
    static let pools: [PoolID] = [1, 2]
    static let poolFeePips: UInt32 = 3_000
    /// Base units per whole unit of BTC and ETH, and of USD.
    static let assetScales: [Double] = [1e8, 1e18]
    static let quoteScale = 1e6
    /// Blocks during which traders and borrowers take their first positions.
    static let warmUpBlocks: UInt64 = 20

    let population: MarketPopulation
    let keys: [PrivateKey]
    let ids: [AccountID]
    let path: MarketPricePath
    var agents: [Agent]
    /// Per chain asset: an exponentially weighted mean of squared one-block log returns of the oracle.
    var variance: [Double] = [0, 0]
    var lastOracle: [Double] = [0, 0]

    init(population: MarketPopulation, keys: [PrivateKey], path: MarketPricePath, random: inout SimulationRandom) {
        precondition(keys.count == population.accounts, "one key per account")
        self.population = population
        self.keys = keys
        ids = keys.map(\.publicKey.accountID)
        self.path = path
        var agents = [Agent(role: .chainOperator)]
        for index in 0..<population.reporters {
            let lag = index == population.reporters - 2 ? 3 : 0
            let lie = index == population.reporters - 1 ? 0.4 : 0
            agents.append(Agent(role: .reporter(lagBlocks: lag, lieFraction: lie)))
        }
        for _ in 0..<population.marketMakers { agents.append(Agent(role: .marketMaker, budget: 5_000_000)) }
        for _ in 0..<population.arbitrageurs { agents.append(Agent(role: .arbitrageur, budget: 2_000_000)) }
        for index in 0..<population.liquidityProviders {
            let lending = index % 2 == 1
            var agent = Agent(role: .liquidityProvider(lending: lending))
            agent.asset = random.int(in: 0...1)
            agent.budget = Self.logUniform(5_000, 100_000, &random)
            agent.level = Double(random.int(in: 20...60)) / 100
            agents.append(agent)
        }
        for _ in 0..<population.borrowers {
            var agent = Agent(role: .borrower)
            agent.asset = random.chance(percent: 60) ? 0 : 1
            agent.budget = Self.logUniform(2_000, 50_000, &random)
            agent.level = Double(random.int(in: 30...90)) / 100
            agent.nextBlock = 2 + random.below(Self.warmUpBlocks)
            agents.append(agent)
        }
        for _ in 0..<population.traders {
            var agent = Agent(role: .trader)
            agent.budget = Self.logUniform(200, 10_000, &random)
            agent.level = Double(random.int(in: 15...90)) / 10
            agent.direction = random.chance(percent: 50) ? 1 : -1
            agent.nextBlock = 2 + random.below(Self.warmUpBlocks)
            agents.append(agent)
        }
        self.agents = agents
    }

    static func logUniform(_ low: Double, _ high: Double, _ random: inout SimulationRandom) -> Double {
        let unit = Double(random.below(1 << 52)) / Double(1 << 52)
        return low * pow2(unit * log2(high / low))
    }

    static func pow2(_ exponent: Double) -> Double {
        // exp2 without Foundation: 2^exponent = 2^whole · 2^fraction, the fraction by its series.
        let whole = exponent.rounded(.down)
        let fraction = exponent - whole
        let ln2 = 0.693_147_180_559_945_3
        var term = 1.0
        var sum = 1.0
        for index in 1...20 {
            term *= fraction * ln2 / Double(index)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(whole), significand: 1)
    }

    static func log2(_ value: Double) -> Double {
        precondition(value > 0, "log of a non-positive number")
        let exponent = value.exponent
        let significand = value.significand
        // ln(significand) for significand in [1, 2) by atanh series.
        let ratio = (significand - 1) / (significand + 1)
        var power = ratio
        var sum = 0.0
        var index = 1.0
        while index < 60 {
            sum += power / index
            power *= ratio * ratio
            index += 2
        }
        return Double(exponent) + 2 * sum / 0.693_147_180_559_945_3
    }

    // MARK: - Units

    static func quoteUnits(_ whole: Double) -> Amount {
        Amount(baseUnits: UInt128(max(0, (whole * quoteScale).rounded(.down))))
    }

    static func assetUnits(_ whole: Double, asset: Int) -> Amount {
        Amount(baseUnits: UInt128(max(0, (whole * assetScales[asset]).rounded(.down))))
    }

    static func wholeQuote(_ amount: Amount) -> Double { Double(wide: amount.baseUnits) / quoteScale }
    static func wholeQuote(signed units: Int128) -> Double { Double(wide: units) / quoteScale }

    static func wholeAsset(_ amount: Amount, asset: Int) -> Double {
        Double(wide: amount.baseUnits) / assetScales[asset]
    }

    static func symbol(_ asset: Int) -> AssetSymbol { MarketPricePath.chainAssets[asset] }

    /// Ticks per whole quote unit of price, lot size in whole units, and the largest tick, per spot market.
    static let ticksPerQuote: [Double] = [1, 100]
    static let lotWhole: [Double] = [0.0001, 0.001]
    static let maximumTicks: [Double] = [Double(1 << 18), 1_000_000]

    static func order(
        market: MarketID, asset: Int, side: MatchingEngine.Side, type: OrderType, price: Double, lots: Int
    ) -> Action? {
        let ticks = (price * ticksPerQuote[asset]).rounded(side == .bid ? .down : .up)
        guard lots > 0, ticks >= 1, ticks <= maximumTicks[asset] else { return nil }
        let tickUnits: UInt128 = asset == 0 ? 100 : 10
        let lotUnits: UInt128 = asset == 0 ? 10_000 : 1_000_000_000_000_000
        return .placeOrder(
            Action.PlaceOrder(
                market: market, side: side, type: type, price: Amount(baseUnits: UInt128(ticks) * tickUnits),
                size: Amount(baseUnits: UInt128(lots) * lotUnits)))
    }

    // MARK: - Genesis

    /// The devnet's genesis with `risk` applied, the pools, and every agent funded and deposited.
    func genesis(risk: MarketRiskParameters, timeMilliseconds: UInt64) -> Genesis {
        let operatorID = ids[0]
        let start = [path.price(0, step: 0), path.price(1, step: 0)]
        var balances: [Genesis.Balance] = []
        func give(_ account: AccountID, _ asset: AssetSymbol, _ amount: Amount) {
            guard !amount.isZero else { return }
            balances.append(Genesis.Balance(account: account, asset: asset, amount: amount))
        }
        var steps: [Genesis.Step] = []
        func step(_ sender: AccountID, _ action: Action) { steps.append(Genesis.Step(sender: sender, action: action)) }
        let operatorQuote = 1_000_000_000.0
        give(operatorID, Self.feeAsset, Amount(baseUnits: 10_000_000 * 1_000_000))
        give(operatorID, Self.quote, Self.quoteUnits(operatorQuote))
        for asset in 0...1 {
            give(operatorID, Self.symbol(asset), Self.assetUnits(20_000_000 / start[asset], asset: asset))
        }
        step(operatorID, .derivatives(.oracle(.configure(oracleParameters(risk)))))
        for (index, agent) in agents.enumerated() {
            if case .reporter = agent.role { step(operatorID, .derivatives(.oracle(.addReporter(ids[index])))) }
        }
        step(
            operatorID,
            .derivatives(.lending(.configurePool(asset: Self.quote, parameters: DevnetRiskDefaults.usdPoolParameters))))
        step(
            operatorID,
            .derivatives(
                .lending(
                    .supply(asset: Self.quote, amount: Self.quoteUnits(Double(DevnetRiskDefaults.usdPoolSupplyWhole)))))
        )
        step(operatorID, .derivatives(.margin(.setCollateralWeight(asset: Self.quote, weightBasisPoints: 10_000))))
        for asset in MarketPricePath.chainAssets {
            let weight = risk.collateralWeights[asset] ?? 0
            step(operatorID, .derivatives(.margin(.setCollateralWeight(asset: asset, weightBasisPoints: weight))))
        }
        step(
            operatorID,
            .derivatives(
                .margin(
                    .setLiquidationSettings(
                        closeFactorBasisPoints: risk.closeFactorBasisPoints,
                        penaltyBasisPoints: risk.liquidationPenaltyBasisPoints))))
        var perpetual = DevnetRiskDefaults.btcPerpetual
        perpetual.maintenanceBasisPoints = risk.maintenanceBasisPoints
        perpetual.initialBasisPoints = max(risk.initialBasisPoints, risk.maintenanceBasisPoints)
        step(operatorID, .derivatives(.margin(.createPerpetual(perpetual))))
        if risk.insuranceFundWhole > 0 {
            step(
                operatorID,
                .derivatives(.margin(.fundInsurance(amount: Amount(baseUnits: risk.insuranceFundWhole * 1_000_000)))))
        }
        for asset in 0...1 {
            step(
                operatorID,
                .amm(
                    .createPool(
                        AMMAction.CreatePool(assetA: Self.symbol(asset), assetB: Self.quote, feePips: Self.poolFeePips))
                ))
            step(
                operatorID,
                .amm(
                    .addLiquidity(
                        AMMAction.AddLiquidity(
                            pool: Self.pools[asset],
                            amount0Desired: Self.assetUnits(1_000_000 / start[asset], asset: asset),
                            amount1Desired: Self.quoteUnits(1_000_000)))))
        }
        for (index, agent) in agents.enumerated() where index > 0 {
            let id = ids[index]
            give(id, Self.feeAsset, Amount(baseUnits: 1_000 * 1_000_000))
            switch agent.role {
            case .chainOperator, .reporter: break
            case .marketMaker, .arbitrageur:
                give(id, Self.quote, Self.quoteUnits(agent.budget * 2))
                for asset in 0...1 {
                    give(id, Self.symbol(asset), Self.assetUnits(agent.budget / start[asset], asset: asset))
                }
                step(id, .derivatives(.margin(.deposit(asset: Self.quote, amount: Self.quoteUnits(agent.budget)))))
            case .liquidityProvider(let lending):
                give(id, Self.quote, Self.quoteUnits(agent.budget))
                if lending {
                    step(id, .derivatives(.lending(.supply(asset: Self.quote, amount: Self.quoteUnits(agent.budget)))))
                } else {
                    let units = Self.assetUnits(agent.budget / start[agent.asset], asset: agent.asset)
                    give(id, Self.symbol(agent.asset), units)
                    step(
                        id,
                        .amm(
                            .addLiquidity(
                                AMMAction.AddLiquidity(
                                    pool: Self.pools[agent.asset], amount0Desired: units,
                                    amount1Desired: Self.quoteUnits(agent.budget)))))
                }
            case .borrower:
                let units = Self.assetUnits(agent.budget / start[agent.asset], asset: agent.asset)
                give(id, Self.symbol(agent.asset), units)
                step(id, .derivatives(.margin(.deposit(asset: Self.symbol(agent.asset), amount: units))))
            case .trader:
                give(id, Self.quote, Self.quoteUnits(agent.budget))
                step(id, .derivatives(.margin(.deposit(asset: Self.quote, amount: Self.quoteUnits(agent.budget)))))
            }
        }
        let assets = DevnetRiskDefaults.assets.map { asset in
            Genesis.Asset(
                symbol: asset.symbol, name: asset.name, decimals: asset.decimals, issuer: operatorID,
                maxSupply: asset.capWhole.map { Amount(baseUnits: $0 * Amount.powerOfTen(Int(asset.decimals))) })
        }
        return Genesis(
            parameters: ChainParameters(
                chainID: MarketSimulation.chainID, feeAsset: Self.feeAsset, minimumFee: Self.minimumFee,
                marketAuthority: operatorID),
            timeMilliseconds: timeMilliseconds, assets: assets, balances: balances, validators: [keys[0].publicKey],
            markets: DevnetRiskDefaults.spotMarkets, setup: steps)
    }

    func oracleParameters(_ risk: MarketRiskParameters) -> OracleParameters {
        var parameters = DevnetRiskDefaults.oracleParameters
        parameters.maximumMoveBasisPoints = risk.maximumOracleMoveBasisPoints
        return parameters
    }
}
