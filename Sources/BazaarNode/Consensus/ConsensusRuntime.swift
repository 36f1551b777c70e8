public import BazaarConsensus
import BazaarCore

/// How a node runs consensus: timing of its own proposals and of gossip and block sync.
public struct ConsensusSettings: Sendable {
    public var timeouts: TimeoutSettings
    /// A proposer with pending transactions proposes no sooner than this after the last commit.
    public var blockIntervalMilliseconds: UInt64
    /// A proposer with nothing pending proposes an empty block this long after the last commit.
    public var idleIntervalMilliseconds: UInt64
    /// How often a node tells its peers its height and, while a height makes no progress, sends its
    /// own messages of that height again.
    public var gossipIntervalMilliseconds: UInt64
    /// How many blocks ahead of its height a syncing node asks for at once.
    public var syncWindow: UInt64
    /// A block request unanswered for this long is sent again, to another peer if there is one.
    public var syncRetryMilliseconds: UInt64

    public init(
        timeouts: TimeoutSettings = TimeoutSettings(), blockIntervalMilliseconds: UInt64 = 200,
        idleIntervalMilliseconds: UInt64 = 1_000, gossipIntervalMilliseconds: UInt64 = 500, syncWindow: UInt64 = 16,
        syncRetryMilliseconds: UInt64 = 2_000
    ) {
        self.timeouts = timeouts
        self.blockIntervalMilliseconds = blockIntervalMilliseconds
        self.idleIntervalMilliseconds = idleIntervalMilliseconds
        self.gossipIntervalMilliseconds = gossipIntervalMilliseconds
        self.syncWindow = syncWindow
        self.syncRetryMilliseconds = syncRetryMilliseconds
    }
}

/// A proposed block with its checked transactions and whether this node accepts it.
struct ProposalCandidate {
    let block: Block
    let verified: [VerifiedTransaction]
    /// `processProposal` accepted it and its evidence is valid: the paper's `valid(v)`.
    let isValid: Bool
}

/// Everything the node's consensus driver keeps between inputs, owned by the `Node` actor.
///
/// The driver's code is `Node+Consensus.swift` and `Node+BlockSync.swift`: it runs on the node's
/// actor, so consensus, the mempool and the application never interleave, and an input is handled
/// from start to finish without suspension.
struct ConsensusRuntime {
    var tendermint: Tendermint
    let log: WriteAheadLog
    let signer: SignerState
    let transport: PeerTransport?
    let settings: ConsensusSettings
    /// Blocks proposed at the current height, by id.
    var candidates: [Hash: ProposalCandidate] = [:]
    /// This node's proposal and votes at the current height, sent again while the height is stuck.
    var ownMessages: [PeerMessage] = []
    /// Votes and proposals of the current height already handled (peers send them again while a
    /// height is stuck).
    var receivedVotes: Set<SignedVote> = []
    /// How many distinct votes of each validator, round and type were kept (at most `votesPerSlotMax`).
    var receivedVoteSlots: [VoteSlot: Int] = [:]
    /// The proposal kept for each round of the current height: the first from the round's proposer.
    /// At most one per round, for rounds up to one ahead of the current one (see `screen`).
    var receivedProposals: [UInt32: SignedProposal] = [:]
    /// Votes and proposals for the next height, handled when it starts.
    var earlyVotes: [VerifiedVote] = []
    var earlyProposals: [(VerifiedProposal, Block, [VerifiedTransaction]?)] = []
    /// The size limits of blocks and messages, from the chain's parameters.
    let limits: ConsensusLimits
    /// Received messages already handled but not yet in the log; written with the next synced record.
    var unloggedEntries: [[UInt8]] = []
    /// Equivocations seen and not yet in a committed block, oldest first.
    var pendingEvidence: [Evidence] = []
    /// Evidence committed in recent blocks (by the hash of its encoding), with the height that holds it.
    var committedEvidence: [Hash: UInt64] = [:]
    /// A decision whose block this node has not seen; block sync fetches it.
    var awaitingBlock: Commit?
    /// What each peer last said its committed height is.
    var peerHeights: [PublicKey: UInt64] = [:]
    /// Heights asked for by block sync, with when and how many times before.
    var syncRequests: [UInt64: (at: ContinuousClock.Instant, attempt: Int)] = [:]
    /// Blocks fetched by block sync, checked against their commits, waiting to be executed in order.
    var syncedBlocks: [UInt64: (Block, Commit, [VerifiedTransaction])] = [:]
    var lastCommitAt: ContinuousClock.Instant
    /// The committed height at the previous gossip tick, to notice a stuck height.
    var heightAtLastTick: UInt64 = 0
    /// Consecutive gossip ticks at which the height had not moved.
    var stuckTicks = 0
    /// Set by `stopConsensus`: timers and proposal waits still running then do nothing.
    var isStopped = false

    /// How long evidence stays includable, in heights; also how far back duplicates are checked.
    static let evidenceAgeMax: UInt64 = 100
    /// While a height is stuck, own votes are sent again every tick, the own proposal (a whole
    /// block) every this many ticks.
    static let proposalResendTicks = 4
    /// Distinct votes kept per validator, round and type: the first and one conflicting one.
    static let votesPerSlotMax = 2
    /// Early votes kept for the next height, at most.
    static let earlyMessagesMax = 10_000
    /// Early proposals (each up to a whole block) kept for the next height, at most: the first of
    /// rounds 0 and 1 of the next height, as `screen` allows at the current one.
    static let earlyProposalsMax = 2
    /// A proposal for a round further ahead of the current one than this is ignored (not logged,
    /// not kept): its proposer sends it again while the height is stuck.
    static let proposalRoundsAheadMax: UInt32 = 1
}

/// A validator's vote of one type in one round: where it may sign once.
struct VoteSlot: Hashable {
    let validator: PublicKey
    let round: UInt32
    let type: VoteType
}
