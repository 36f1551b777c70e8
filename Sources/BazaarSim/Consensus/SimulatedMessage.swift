import BazaarConsensus
import BazaarCore

/// What one simulated validator sends another.
enum SimulatedMessage: Sendable {
    /// A proposal and the block it names (block parts, in a real network).
    case proposal(SignedProposal, Block)
    case vote(SignedVote)
    /// A decided height's commit, sent to a peer still voting at that height (catch-up, as block sync would).
    case commit(Commit)
}
