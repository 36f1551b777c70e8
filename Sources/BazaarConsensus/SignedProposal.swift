public import BazaarCore

/// A proposal with its proposer's Ed25519 signature.
public struct SignedProposal: Sendable, Hashable, CanonicalCodable {
    public let proposal: Proposal
    public let signature: Signature

    public init(proposal: Proposal, signature: Signature) {
        self.proposal = proposal
        self.signature = signature
    }

    /// Signs `proposal` with `key`.
    ///
    /// - Precondition: `key` is the proposal's proposer key.
    public init(signing proposal: Proposal, with key: PrivateKey, chainID: String) {
        precondition(key.publicKey == proposal.proposer, "a proposal is signed by its own proposer")
        self.init(proposal: proposal, signature: key.sign(proposal.signingBytes(chainID: chainID)))
    }

    /// Whether the signature is the proposer's over this proposal on `chainID`.
    ///
    /// - Complexity: one Ed25519 verification.
    public func hasValidSignature(chainID: String) -> Bool {
        proposal.proposer.isValidSignature(signature, for: proposal.signingBytes(chainID: chainID))
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(proposal)
        writer.write(signature)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        proposal = try reader.read(Proposal.self)
        signature = try reader.read(Signature.self)
    }
}
