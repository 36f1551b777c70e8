public import BazaarCore

/// The proof that a value was decided: precommits for it, from one round, of more than two thirds of the power.
public struct Commit: Sendable, Hashable, CanonicalCodable {
    public static let precommitCountMax = ValidatorSet.countMax

    public let height: UInt64
    public let round: UInt32
    public let value: Hash
    /// Sorted by validator key, one per validator.
    public let precommits: [SignedVote]

    public init(height: UInt64, round: UInt32, value: Hash, precommits: [SignedVote]) {
        self.height = height
        self.round = round
        self.value = value
        self.precommits = precommits.sorted { $0.vote.validator < $1.vote.validator }
    }

    /// The voting power of the distinct validators of `validators` whose precommits match this commit,
    /// counting only valid signatures.
    ///
    /// - Complexity: one Ed25519 verification per precommit.
    public func signedPower(chainID: String, validators: ValidatorSet) -> UInt64 {
        var seen = [Bool](repeating: false, count: validators.count)
        var power: UInt64 = 0
        for signed in precommits {
            let vote = signed.vote
            guard vote.type == .precommit, vote.height == height, vote.round == round, vote.value == value,
                let index = validators.index(of: vote.validator), !seen[index],
                signed.hasValidSignature(chainID: chainID)
            else { continue }
            seen[index] = true
            power += validators.validators[index].votingPower
        }
        return power
    }

    /// Whether more than two thirds of the power of `validators` signed this commit.
    public func isValid(chainID: String, validators: ValidatorSet) -> Bool {
        validators.isQuorum(signedPower(chainID: chainID, validators: validators))
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(round)
        writer.write(value)
        writer.write(precommits)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        height = try reader.read(UInt64.self)
        round = try reader.read(UInt32.self)
        value = try reader.read(Hash.self)
        precommits = try reader.read([SignedVote].self, maxCount: Self.precommitCountMax)
        // One encoding per commit: strictly increasing validator keys.
        guard zip(precommits, precommits.dropFirst()).allSatisfy({ $0.vote.validator < $1.vote.validator }) else {
            throw reader.error(.invalidValue("precommits are not sorted by validator"))
        }
    }
}
