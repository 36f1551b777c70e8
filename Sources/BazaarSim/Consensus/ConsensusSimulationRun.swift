import BazaarConsensus
import BazaarCore

/// The mutable world of one `ConsensusSimulation`: validators, network, event queue and what was decided.
struct ConsensusSimulationRun {
    let simulation: ConsensusSimulation
    let configuration: Tendermint.Configuration
    let genesisTimeMilliseconds: UInt64 = 1_700_000_000_000
    var random: SimulationRandom
    var nodes: [SimulatedValidator] = []
    var queue = EventQueue()
    var now: UInt64 = 0
    var events = 0
    let byzantine: Int
    var factory: TransactionFactory
    // Network faults until `healAt`.
    let healAt: UInt64
    let lossPercent: Int
    let duplicationPercent: Int
    let chaosDelayMilliseconds: ClosedRange<Int>
    var partitions: [PartitionWindow] = []
    var healed = false
    /// Every block any validator proposed, by id: the stand-in for fetching a decided block from peers.
    var blocks: [Hash: Block] = [:]
    var verifiedTransactions: [Hash: [VerifiedTransaction]] = [:]
    var signatureChecks: [[UInt8]: Bool] = [:]
    // What the checks compare against.
    var decided: [Hash] = []
    var decisionRounds: [UInt32] = []
    var appHashes: [Hash] = []
    var transactionsCommitted = 0
    var honestSignatures: [SignedStep: [UInt8]] = [:]
    var lastProgressAt: [UInt64] = []
    /// The encodings of the evidence in decided blocks.
    var committedEvidence: Set<[UInt8]> = []
    /// Whether each validator decided a height after the heal; a run ends only when every honest one has.
    var decidedAfterHeal: [Bool] = []
    var livenessDeadlineMilliseconds: UInt64 = 0
    var stats = Stats()

    struct Stats {
        var sent = 0
        var lost = 0
        var duplicated = 0
        var partitioned = 0
        var crashes = 0
        var equivocations = 0
        var evidenceReports = 0
    }

    /// A step a validator may sign once: `type` is `nil` for the proposal.
    struct SignedStep: Hashable {
        let validator: Int
        let height: UInt64
        let round: UInt32
        let type: VoteType?
    }

    init(simulation: ConsensusSimulation) throws(ConsensusSimulationFailure) {
        self.simulation = simulation
        var random = SimulationRandom(seed: simulation.seed)
        let count = simulation.validatorCount
        let keys = (0..<count).map { _ in PrivateKey(seed: random.bytes(32))! }
        byzantine = random.int(in: 0...(count - 1))
        var powers = keys.map { _ in UInt64(random.int(in: 1...4)) }
        if simulation.lostPrevote != nil { powers = keys.map { _ in 1 } }
        // The Byzantine validator holds less than a third of the power, the assumption safety rests on.
        powers[byzantine] = 1
        let validators = ValidatorSet(zip(keys, powers).map { Validator(publicKey: $0.publicKey, votingPower: $1) })
        configuration = Tendermint.Configuration(
            chainID: ConsensusSimulation.chainID, validators: validators, timeouts: simulation.timeouts)
        let accounts = (0..<6).map { _ in PrivateKey(seed: random.bytes(32))! }
        factory = TransactionFactory(keys: accounts, chainID: ConsensusSimulation.chainID)
        let randomHealAt = UInt64(random.int(in: 2_000...15_000))
        // A scripted run has no random faults: the network is healed from the start.
        healAt = simulation.lostPrevote == nil ? randomHealAt : 0
        lossPercent = random.int(in: 0...30)
        duplicationPercent = random.int(in: 0...20)
        chaosDelayMilliseconds = 5...random.int(in: 50...2_000)
        self.random = random
        let genesis = makeGenesis(validators: keys.map(\.publicKey), accounts: accounts)
        let application: Application
        do {
            application = try Application(genesis: genesis)
        } catch {
            throw ConsensusSimulationFailure(seed: simulation.seed, timeMilliseconds: 0, violation: "genesis: \(error)")
        }
        nodes = keys.enumerated().map { index, key in
            SimulatedValidator(key: key, isByzantine: index == byzantine, application: application)
        }
        lastProgressAt = Array(repeating: 0, count: count)
        decidedAfterHeal = Array(repeating: false, count: count)
        guard simulation.lostPrevote == nil else { return }
        schedulePartitions()
        scheduleCrashes()
    }

    private mutating func makeGenesis(validators: [PublicKey], accounts: [PrivateKey]) -> Genesis {
        let ids = accounts.map(\.publicKey.accountID)
        let fee: AssetSymbol = "BZR"
        let assets = [
            Genesis.Asset(symbol: fee, name: "Bazaar", decimals: 6, issuer: ids[0], maxSupply: nil),
            Genesis.Asset(symbol: "USD", name: "US Dollar", decimals: 2, issuer: ids[0], maxSupply: nil),
        ]
        let balances = ids.flatMap { id in
            [fee, "USD"].map { Genesis.Balance(account: id, asset: $0, amount: Amount(baseUnits: 10_000_000)) }
        }
        let parameters = ChainParameters(
            chainID: ConsensusSimulation.chainID, feeAsset: fee, minimumFee: Amount(baseUnits: 10))
        return Genesis(
            parameters: parameters, timeMilliseconds: genesisTimeMilliseconds, assets: assets, balances: balances,
            validators: validators)
    }

    /// Up to three partitions before the heal: a random group cut off both ways, or one way only.
    private mutating func schedulePartitions() {
        let count = simulation.validatorCount
        for _ in 0..<random.int(in: 0...3) {
            let start = UInt64(random.int(in: 0...Int(healAt)))
            let end = min(healAt, start + UInt64(random.int(in: 500...8_000)))
            let inGroup = (0..<count).map { _ in random.chance(percent: 40) }
            let oneWay = random.chance(percent: 50)
            let blocked = (0..<count).map { from in
                (0..<count).map { to in inGroup[from] != inGroup[to] && (!oneWay || inGroup[from]) }
            }
            partitions.append(PartitionWindow(startMilliseconds: start, endMilliseconds: end, blocked: blocked))
        }
    }

    /// Up to three crashes before the heal, each restarted by the heal at the latest.
    private mutating func scheduleCrashes() {
        for _ in 0..<random.int(in: 0...3) {
            let node = random.int(in: 0...(simulation.validatorCount - 1))
            let crashAt = UInt64(random.int(in: 0...Int(healAt)))
            let restartAt = min(healAt, crashAt + UInt64(random.int(in: 100...6_000)))
            queue.schedule(.crash(node: node), atMilliseconds: crashAt)
            queue.schedule(.restart(node: node), atMilliseconds: restartAt)
        }
    }

    func failure(_ violation: String) -> ConsensusSimulationFailure {
        ConsensusSimulationFailure(seed: simulation.seed, timeMilliseconds: now, violation: violation)
    }

    var honestIndices: [Int] { nodes.indices.filter { $0 != byzantine } }

    /// Every honest validator reached the target height and, so that liveness after the heal is always
    /// exercised, decided at least one height after it.
    private var isComplete: Bool {
        healed
            && honestIndices.allSatisfy {
                nodes[$0].application.state.height >= UInt64(simulation.heights) && decidedAfterHeal[$0]
            }
    }

    mutating func runToCompletion() throws(ConsensusSimulationFailure) {
        for index in nodes.indices {
            // In a scripted run the Byzantine validator stays down: three of four are up.
            if simulation.lostPrevote != nil, index == byzantine { continue }
            try start(index)
            queue.schedule(.gossip(node: index), atMilliseconds: ConsensusSimulation.gossipIntervalMilliseconds)
        }
        while !isComplete {
            guard let (time, event) = queue.popEarliest() else { throw failure("no event left to process") }
            now = time
            events += 1
            guard events <= ConsensusSimulation.eventCountMax else { throw failure("event limit reached") }
            if !healed, now >= healAt { heal() }
            try process(event)
            try checkLiveness()
        }
    }

    /// Builds a fresh state machine from the write-ahead log, as after a (re)start.
    mutating func start(_ index: Int) throws(ConsensusSimulationFailure) {
        let node = nodes[index]
        let startingRound = node.lostRecord.flatMap { $0.height == node.nextHeight ? $0.round + 1 : nil } ?? 0
        nodes[index].consensus = Tendermint(
            configuration: configuration, signer: node.key, height: node.nextHeight, restoring: node.writeAheadLog,
            startingRound: startingRound)
        nodes[index].incarnation += 1
        // What it signed at this height before a crash is gossiped again: peers may have lost it, and a
        // polka of an earlier round is what lets a locked value be re-proposed.
        nodes[index].ownMessages = node.writeAheadLog.filter { $0.height == node.nextHeight }.compactMap { record in
            switch record {
            case .vote(let signed): .vote(signed)
            case .proposal(let signed): blocks[signed.proposal.value].map { .proposal(signed, $0) }
            }
        }
        try feed(index, .startHeight(node.nextHeight))
    }

    private mutating func heal() {
        healed = true
        var maxRound: UInt32 = 0
        for index in nodes.indices { maxRound = max(maxRound, nodes[index].consensus?.round ?? 0) }
        // Rounds' worth of all three timeouts from the highest round reached, plus the longest message delay.
        var deadline: UInt64 = 0
        for round in maxRound...(maxRound + ConsensusSimulation.livenessRoundsMax) {
            for kind in [TimeoutKind.propose, .prevote, .precommit] {
                deadline += simulation.timeouts.durationMilliseconds(kind, round: round)
            }
        }
        livenessDeadlineMilliseconds = deadline + ConsensusSimulation.gossipIntervalMilliseconds * 2
        for index in nodes.indices { lastProgressAt[index] = now }
    }

    private mutating func process(_ event: SimulationEvent) throws(ConsensusSimulationFailure) {
        switch event {
        case .deliver(let message, let from, let to):
            guard nodes[to].isUp else { return }
            try receive(message, from: from, at: to)
        case .timeout(let timeout, let node, let incarnation):
            guard nodes[node].isUp, nodes[node].incarnation == incarnation else { return }
            try feed(node, .timeout(timeout))
        case .gossip(let node):
            queue.schedule(.gossip(node: node), atMilliseconds: now + ConsensusSimulation.gossipIntervalMilliseconds)
            guard nodes[node].isUp else { return }
            for message in nodes[node].ownMessages { broadcast(message, from: node) }
        case .crash(let node):
            guard nodes[node].isUp else { return }
            stats.crashes += 1
            nodes[node].consensus = nil
            nodes[node].incarnation += 1
        case .restart(let node):
            guard !nodes[node].isUp else { return }
            if simulation.restartsWithoutWriteAheadLog { nodes[node].writeAheadLog = [] }
            try start(node)
        }
    }

    func report() -> ConsensusSimulationReport {
        ConsensusSimulationReport(
            seed: simulation.seed, validators: simulation.validatorCount,
            votingPowers: nodes.map { configuration.validators.power(of: $0.key.publicKey) },
            byzantineValidator: byzantine, heights: decided.count, decidedBlocks: decided.map(\.hex),
            decisionRounds: decisionRounds, finalAppHash: appHashes.last?.hex ?? "",
            transactionsCommitted: transactionsCommitted, healedAtMilliseconds: healAt, finishedAtMilliseconds: now,
            messagesSent: stats.sent, messagesLost: stats.lost, messagesDuplicated: stats.duplicated,
            messagesBlockedByPartitions: stats.partitioned, partitions: partitions.count, crashes: stats.crashes,
            equivocations: stats.equivocations, evidenceReports: stats.evidenceReports,
            evidenceCommitted: committedEvidence.count, events: events)
    }
}
