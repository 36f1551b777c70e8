import BazaarConsensus
import BazaarCore

/// One validator of the simulated network: its durable part (application, block store, write-ahead log)
/// and its volatile part (the consensus state machine, lost on a crash).
struct SimulatedValidator {
    let key: PrivateKey
    let isByzantine: Bool
    /// Survives crashes, as the node's block store and state snapshots would.
    var application: Application
    var writeAheadLog: [WALRecord] = []
    var commits: [UInt64: Commit] = [:]
    /// `nil` while crashed.
    var consensus: Tendermint?
    /// Counts restarts, so that timeouts scheduled before a crash are void afterwards.
    var incarnation = 0
    /// This validator's own messages at its current height, resent by gossip.
    var ownMessages: [SimulatedMessage] = []
    /// Equivocations this validator saw, to include in a block it proposes (kept across crashes, as
    /// a node would find them again in its peers' gossip).
    var pendingEvidence: [Evidence] = []
    /// The height and round of a vote this validator signed whose log record was lost: its signer
    /// state is ahead of its log, so it restarts in the round after (as `Node.makeTendermint` does).
    var lostRecord: (height: UInt64, round: UInt32)?

    var isUp: Bool { consensus != nil }
    var nextHeight: UInt64 { application.state.height + 1 }
}
