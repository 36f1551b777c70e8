public import BazaarCore

/// A vote with its validator's Ed25519 signature; what travels between nodes and into commits.
public struct SignedVote: Sendable, Hashable, CanonicalCodable {
    public let vote: Vote
    public let signature: Signature

    public init(vote: Vote, signature: Signature) {
        self.vote = vote
        self.signature = signature
    }

    /// Signs `vote` with `key`.
    ///
    /// - Precondition: `key` is the vote's validator key.
    public init(signing vote: Vote, with key: PrivateKey, chainID: String) {
        precondition(key.publicKey == vote.validator, "a vote is signed by its own validator")
        self.init(vote: vote, signature: key.sign(vote.signingBytes(chainID: chainID)))
    }

    /// Whether the signature is the validator's over this vote on `chainID`.
    ///
    /// - Complexity: one Ed25519 verification.
    public func hasValidSignature(chainID: String) -> Bool {
        vote.validator.isValidSignature(signature, for: vote.signingBytes(chainID: chainID))
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(vote)
        writer.write(signature)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        vote = try reader.read(Vote.self)
        signature = try reader.read(Signature.self)
    }
}
