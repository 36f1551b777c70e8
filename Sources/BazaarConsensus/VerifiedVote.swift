import BazaarCore

/// A signed vote whose signature has been checked for one chain.
///
/// `Tendermint` accepts only verified votes, so the expensive Ed25519 check
/// happens once, in the shell, possibly on another core (as
/// `VerifiedTransaction` does for transactions); the state machine still
/// checks that the signer belongs to the validator set.
public struct VerifiedVote: Sendable, Hashable {
    public let signed: SignedVote

    /// Verifies the signature; `nil` when it is not the validator's over this vote on `chainID`.
    ///
    /// - Complexity: one Ed25519 verification.
    public init?(verifying signed: SignedVote, chainID: String) {
        guard signed.hasValidSignature(chainID: chainID) else { return nil }
        self.signed = signed
    }

    /// Wraps a vote this node signed itself or read back from its own write-ahead log.
    init(ownSigned signed: SignedVote) {
        self.signed = signed
    }

    public var vote: Vote { signed.vote }
}
