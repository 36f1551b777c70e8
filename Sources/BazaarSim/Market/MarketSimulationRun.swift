import BazaarCore

/// The mutable part of one `MarketSimulation`: the application, the agents and the metrics.
struct MarketSimulationRun {
    let simulation: MarketSimulation
    let scenario: MarketScenario
    let path: MarketPricePath
    var agents: MarketAgents
    var application: Application
    var random: SimulationRandom
    var blocks: [MarketSimulationReport.BlockMetrics] = []
    var failures: [MarketSimulationReport.Failure] = []
    var oraclePaths: [[Double]] = [[], []]
    var scenarioPaths: [[Double]] = [[], []]
    var health: MarketSimulationReport.HealthDistribution?
    var worstVolume = 0.0
    /// Health factors after the last block: the "before" of the next.
    var lastHealth: [Double] = []
    var cumulativeWriteOffs = 0.0
    var included = 0
    var failed = 0
    let insuranceFundStart: Double
    /// AMM liquidity providers' holdings at genesis: per account index, (asset units, quote units), whole.
    let providerStart: [(index: Int, asset: Double, quote: Double)]

    static let healthBucketEdges: [Double] = [0, 0.5, 1, 1.25, 1.5, 2, 3, 5]

    init(
        simulation: MarketSimulation, scenario: MarketScenario, path: MarketPricePath, genesis: Genesis,
        agents: MarketAgents, random: SimulationRandom
    ) {
        self.simulation = simulation
        self.scenario = scenario
        self.path = path
        self.agents = agents
        self.random = random
        do {
            application = try Application(genesis: genesis)
        } catch {
            preconditionFailure("the market simulation's genesis is refused: \(error)")
        }
        application.checksFullInvariantsEveryBlock = true
        insuranceFundStart = Double(simulation.risk.insuranceFundWhole)
        var providers: [(index: Int, asset: Double, quote: Double)] = []
        for (index, agent) in agents.agents.enumerated() {
            guard case .liquidityProvider(let lending) = agent.role, !lending else { continue }
            let start = path.price(agent.asset, step: 0)
            providers.append((index, agent.budget / start, agent.budget))
        }
        providerStart = providers
        lastHealth = healthFactors()
    }

    private var state: LedgerState { application.state }

    /// The oracle's price of chain asset `asset`, whole quote units; nil before the first.
    func oraclePrice(_ asset: Int) -> Double? {
        state.oraclePrice(of: MarketAgents.symbol(asset)).map {
            Double(wide: $0.quotePerUnit) / MarketAgents.quoteScale
        }
    }

    // MARK: - One block

    /// Builds, proposes, executes and commits the next block, then measures it.
    ///
    /// - Returns: false when the block could not be produced (recorded as a failure).
    mutating func produceBlock(blockMilliseconds: UInt64) -> Bool {
        let height = state.height + 1
        let time = MarketSimulation.genesisTimeMilliseconds + height * blockMilliseconds
        let step = Int(height)
        let targets = (0...1).map { path.price($0, step: step) }
        // Planned in a function of its own, so that no copy of the state outlives it: a copy held
        // across finalizeBlock would make every table the block writes copy itself.
        let candidates = planTransactions(height: height, time: time, targets: targets)
        let chosen = application.prepareProposal(candidates)
        let block = makeBlock(chosen, height: height, time: time)
        guard application.processProposal(block, verified: chosen) == .accept else {
            failures.append(.init(height: height, account: nil, message: "processProposal rejected a prepared block"))
            return false
        }
        let clock = ContinuousClock()
        let started = clock.now
        let finalized = application.finalizeBlock(block, verified: chosen)
        let elapsed = clock.now - started
        _ = application.commit()
        let (seconds, attoseconds) = elapsed.components
        let micros = Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
        measure(finalized, height: height, time: time, targets: targets, finalizeMicroseconds: micros)
        return true
    }

    private mutating func planTransactions(height: UInt64, time: UInt64, targets: [Double]) -> [VerifiedTransaction] {
        let step = Int(height)
        let context = MarketAgents.BlockContext(
            state: state, height: height, timeMilliseconds: time,
            oracle: (0...1).map { oraclePrice($0) ?? path.price($0, step: step - 1) }, target: targets,
            liquidity: path.liquidity(step: step),
            maximumMoveBasisPoints: simulation.risk.maximumOracleMoveBasisPoints)
        let planned = agents.plan(context, random: &random)
        return sign(planned, height: height)
    }

    /// Signs each planned transaction with its account's key (nonces consecutive per account) and
    /// keeps those `checkTx` admits. The simulator signed them itself, so it wraps them as
    /// already verified (`VerifiedTransaction(readBackFromOwnStore:)`) instead of verifying its own signatures.
    private func sign(_ planned: [(account: Int, actions: [Action])], height: UInt64) -> [VerifiedTransaction] {
        var pending: [Int: Application.PendingSender] = [:]
        var candidates: [VerifiedTransaction] = []
        candidates.reserveCapacity(planned.count)
        for (account, actions) in planned {
            let key = agents.keys[account]
            let senderPending = pending[account] ?? .none
            let transaction = Transaction(
                chainID: MarketSimulation.chainID, sender: key.publicKey,
                nonce: state.nextNonce(of: agents.ids[account]) + senderPending.transactionCount,
                fee: MarketAgents.minimumFee, expiryHeight: height, actions: actions)
            let verified = VerifiedTransaction(readBackFromOwnStore: transaction.signed(with: key))
            guard application.checkTx(verified, pending: senderPending) == .ok else { continue }
            pending[account] = Application.PendingSender(
                transactionCount: senderPending.transactionCount + 1,
                fees: senderPending.fees.adding(MarketAgents.minimumFee)!)
            candidates.append(verified)
        }
        return candidates
    }

    private func makeBlock(_ transactions: [VerifiedTransaction], height: UInt64, time: UInt64) -> Block {
        let header = BlockHeader(
            chainID: MarketSimulation.chainID, height: height, timeMilliseconds: time,
            previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)),
            previousAppHash: state.appHash, proposer: agents.keys[0].publicKey)
        return Block(header: header, transactions: transactions.map(\.signed))
    }
}
