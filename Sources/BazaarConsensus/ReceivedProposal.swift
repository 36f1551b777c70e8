import BazaarCore

/// The proposal a validator accepted for a round, with the application's verdict on its block.
struct ReceivedProposal: Sendable {
    let proposal: VerifiedProposal
    /// The paper's `valid(v)`, as the driver reported it.
    let isValid: Bool

    var value: Hash { proposal.proposal.value }
    var validRound: UInt32? { proposal.proposal.validRound }
}
