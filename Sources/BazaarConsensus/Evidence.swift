public import BazaarCore

/// Proof that one validator signed two different votes of the same type for the same height and round.
///
/// The two votes are stored in a fixed order (by their canonical bytes), so
/// the same equivocation observed by two nodes in either order is one value.
public struct Evidence: Sendable, Hashable, CanonicalCodable {
    public let first: SignedVote
    public let second: SignedVote

    /// Pairs two conflicting votes, or returns `nil` when they do not conflict.
    public init?(_ one: SignedVote, _ other: SignedVote) {
        let a = one.vote
        let b = other.vote
        guard a.validator == b.validator, a.height == b.height, a.round == b.round, a.type == b.type,
            a.value != b.value
        else { return nil }
        if one.canonicalBytes.lexicographicallyPrecedes(other.canonicalBytes) {
            (first, second) = (one, other)
        } else {
            (first, second) = (other, one)
        }
    }

    public var validator: PublicKey { first.vote.validator }
    public var height: UInt64 { first.vote.height }

    /// Whether both signatures are valid on `chainID` and the signer is in `validators`.
    ///
    /// - Complexity: two Ed25519 verifications.
    public func isValid(chainID: String, validators: ValidatorSet) -> Bool {
        validators.index(of: validator) != nil && first.hasValidSignature(chainID: chainID)
            && second.hasValidSignature(chainID: chainID)
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(first)
        writer.write(second)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let one = try reader.read(SignedVote.self)
        let other = try reader.read(SignedVote.self)
        guard let evidence = Evidence(one, other), evidence.first == one else {
            throw reader.error(.invalidValue("votes do not conflict or are out of order"))
        }
        self = evidence
    }
}
