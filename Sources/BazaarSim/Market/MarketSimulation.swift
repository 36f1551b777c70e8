public import BazaarCore

/// A deterministic agent-based market simulation on the real state machine.
///
/// Drives `Application` (checkTx → prepareProposal → processProposal → finalizeBlock → commit,
/// with `checksFullInvariantsEveryBlock`) block by block in virtual time: block `h` is
/// `blockMilliseconds × h` after genesis and its oracle reporters post step `h` of the scenario.
/// Agents (`MarketAgents`) are small documented policies that read the committed state, as a
/// client reading the API would, and send ordinary signed transactions. Everything random comes
/// from `SimulationRandom(seed:)`: the same configuration and scenario give the same report,
/// apart from its wall-clock fields (`finalizeMicroseconds`, `slowestFinalizeMicroseconds`).
///
/// The genesis is the devnet's (`DevnetRiskDefaults`: assets, spot markets, BTC-PERP, oracle,
/// USD lending pool) with `risk` applied, constant-product BTC/USD and ETH/USD pools at the
/// scenario's first prices, and the agents funded and deposited.
public struct MarketSimulation: Sendable {
    public static let chainID = "bazaar-market-sim"
    static let genesisTimeMilliseconds: UInt64 = 1_700_000_000_000

    public var seed: UInt64
    /// Blocks to run; nil runs the scenario's length.
    public var blocks: Int?
    public var population: MarketPopulation
    public var risk: MarketRiskParameters

    public init(seed: UInt64, blocks: Int? = nil, population: MarketPopulation, risk: MarketRiskParameters = .devnet) {
        precondition(blocks.map { $0 >= 1 } ?? true, "a market simulation runs at least one block")
        self.seed = seed
        self.blocks = blocks
        self.population = population
        self.risk = risk
    }

    /// Runs the scenario.
    ///
    /// - Parameter commit: the source revision for the report's header, when known.
    /// - Returns: the run's report; properties that did not hold are its `failures`.
    public func run(_ scenario: MarketScenario, commit: String? = nil) -> MarketSimulationReport {
        var run = start(scenario)
        let blockCount = blocks ?? scenario.stepCount
        for _ in 0..<blockCount {
            guard run.produceBlock(blockMilliseconds: scenario.stepMilliseconds) else { break }
        }
        return run.report(commit: commit)
    }

    /// The run at genesis, before its first block.
    func start(_ scenario: MarketScenario) -> MarketSimulationRun {
        let path = MarketPricePath(scenario: scenario)
        var random = SimulationRandom(seed: seed)
        let keys = (0..<population.accounts).map { _ in PrivateKey(seed: random.bytes(32))! }
        var agents = MarketAgents(population: population, keys: keys, path: path, random: &random)
        let genesis = agents.genesis(risk: risk, timeMilliseconds: Self.genesisTimeMilliseconds)
        return MarketSimulationRun(
            simulation: self, scenario: scenario, path: path, genesis: genesis, agents: agents, random: random)
    }
}

/// The scenario's prices as the chain sees them: each of the chain's risk assets (BTC, ETH)
/// follows one of the scenario's assets — the one of the same name, else the scenario's assets in
/// order — in whole quote units per unit. A path outside a market's price range (for BTC at most
/// $262,144 and at least $100, for ETH at most $10,000 and at least $1) is rescaled to start at the
/// devnet's starting price, keeping its returns.
struct MarketPricePath: Sendable {
    static let chainAssets: [AssetSymbol] = ["BTC", "ETH"]
    /// `prices[asset][step]`, whole quote units, for `chainAssets`.
    var prices: [[Double]]
    var liquidity: [Double]

    init(scenario: MarketScenario) {
        let names = scenario.assets.map { $0.uppercased() }
        var used = Set<Int>()
        var columns: [Int] = []
        for asset in Self.chainAssets {
            if let index = names.firstIndex(of: asset.description) {
                columns.append(index)
                used.insert(index)
            } else {
                columns.append(-1)
            }
        }
        var free = (0..<names.count).filter { !used.contains($0) }.makeIterator()
        for slot in columns.indices where columns[slot] < 0 { columns[slot] = free.next() ?? 0 }
        let ranges: [(low: Double, high: Double)] = [(100, 262_144), (1, 10_000)]
        prices = columns.enumerated().map { slot, column in
            let raw = scenario.prices.map { $0[column] }
            let range = ranges[slot]
            guard let low = raw.min(), let high = raw.max(), low < range.low || high > range.high else { return raw }
            let start = Double(DevnetRiskDefaults.startingPricesWhole[slot].whole)
            let factor = start / raw[0]
            return raw.map { $0 * factor }
        }
        liquidity = scenario.liquidity
    }

    /// The price of chain asset `asset` (index in `chainAssets`) at `step`, holding the last one past the end.
    func price(_ asset: Int, step: Int) -> Double {
        let series = prices[asset]
        return series[min(max(step, 0), series.count - 1)]
    }

    func liquidity(step: Int) -> Double { liquidity[min(max(step, 0), liquidity.count - 1)] }
}
