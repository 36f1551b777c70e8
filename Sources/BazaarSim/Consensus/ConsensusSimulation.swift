public import BazaarConsensus

/// Runs 4 to 10 real `Tendermint` validators over real `Application`s in one thread, with virtual time
/// and a faulty network, and checks the safety and liveness properties after every event.
///
/// Until the heal time the network loses, delays, duplicates and reorders
/// messages, partitions validators (symmetrically or one way), and crashes
/// validators, which restart from their write-ahead log. One validator (with
/// less than a third of the power) is Byzantine throughout: it runs the real
/// state machine but signs a second, conflicting version of every proposal and
/// vote and sends each version to half of its peers.
///
/// Checked after every event: agreement (one block per height), validity
/// (every decided block was proposed and passes `processProposal`), equal
/// application hashes at every height, more than two thirds of the power in
/// every commit, no honest validator signing two different votes or proposals
/// for one step (across restarts too), evidence naming only the Byzantine
/// validator; and liveness: after the heal, every honest validator decides a
/// new height within `livenessRoundsMax` rounds' worth of timeouts.
///
/// Everything random comes from `SimulationRandom(seed:)`: a seed replays the same run exactly.
public struct ConsensusSimulation: Sendable {
    public static let chainID = "bazaar-consensus-sim"
    public static let validatorCountRange = 4...10
    /// Rounds' worth of timeouts after the heal within which each honest validator must decide again.
    public static let livenessRoundsMax: UInt32 = 8
    public static let gossipIntervalMilliseconds: UInt64 = 600
    /// A run that processes more events than this is reported as a failure rather than left running.
    public static let eventCountMax = 2_000_000

    public let seed: UInt64
    public let validatorCount: Int
    public let heights: Int
    public let timeouts = TimeoutSettings(
        proposeMilliseconds: 1_000, proposeDeltaMilliseconds: 500, prevoteMilliseconds: 500,
        prevoteDeltaMilliseconds: 250, precommitMilliseconds: 500, precommitDeltaMilliseconds: 250,
        durationMillisecondsMax: 10_000)

    /// A broken driver for the simulator's own tests: validators restart with an empty write-ahead log.
    var restartsWithoutWriteAheadLog = false
    /// A scripted run instead of random faults, when set (see `LostPrevote`).
    public private(set) var lostPrevote: LostPrevote?

    /// The run of issue 13, part 2: four validators of equal power, the Byzantine one down throughout,
    /// no network faults; one honest validator signs its round-0 prevote at `height`, loses the log
    /// record of it (the append failed) and crashes before sending it, and restarts after
    /// `restartDelayMilliseconds` in round 1, as the node does when its signer state is ahead of its
    /// log. Its two peers wait in round 0 with prevotes from half of the power: the height is decided
    /// only if the rounds converge without the fourth validator.
    public struct LostPrevote: Sendable, Hashable {
        public var height: UInt64
        public var restartDelayMilliseconds: UInt64

        public init(height: UInt64 = 2, restartDelayMilliseconds: UInt64 = 300) {
            precondition(height >= 1, "heights start at 1")
            self.height = height
            self.restartDelayMilliseconds = restartDelayMilliseconds
        }
    }

    /// A scripted run with four validators (see `LostPrevote`).
    public static func lostPrevote(seed: UInt64, heights: Int, _ scenario: LostPrevote = LostPrevote())
        -> ConsensusSimulation
    {
        precondition(UInt64(heights) > scenario.height, "the run decides a height after the lost prevote")
        var simulation = ConsensusSimulation(seed: seed, validators: 4, heights: heights)
        simulation.lostPrevote = scenario
        return simulation
    }

    /// - Precondition: `validators` in `validatorCountRange`, `heights >= 1`.
    public init(seed: UInt64, validators: Int, heights: Int) {
        precondition(Self.validatorCountRange.contains(validators), "4 to 10 validators")
        precondition(heights >= 1, "at least one height")
        self.seed = seed
        validatorCount = validators
        self.heights = heights
    }

    /// Runs the simulation until every honest validator has decided `heights` heights and one after the heal.
    ///
    /// - Throws: `ConsensusSimulationFailure` naming the seed, the virtual time and the broken property.
    public func run() throws(ConsensusSimulationFailure) -> ConsensusSimulationReport {
        var run = try ConsensusSimulationRun(simulation: self)
        try run.runToCompletion()
        return run.report()
    }
}
