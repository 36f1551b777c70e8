import BazaarCore

/// A signed proposal whose signature has been checked for one chain.
public struct VerifiedProposal: Sendable, Hashable {
    public let signed: SignedProposal

    /// Verifies the signature; `nil` when it is not the proposer's over this proposal on `chainID`.
    ///
    /// - Complexity: one Ed25519 verification.
    public init?(verifying signed: SignedProposal, chainID: String) {
        guard signed.hasValidSignature(chainID: chainID) else { return nil }
        self.signed = signed
    }

    /// Wraps a proposal this node signed itself or read back from its own write-ahead log.
    init(ownSigned signed: SignedProposal) {
        self.signed = signed
    }

    public var proposal: Proposal { signed.proposal }
}
