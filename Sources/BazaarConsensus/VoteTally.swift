import BazaarCore

/// The votes of one type in one round and the power behind each value.
///
/// A validator's first vote counts. When it equivocates, its first
/// conflicting vote counts too, for that other value: otherwise a validator
/// that saw one version of a Byzantine vote could never recognise a commit
/// built with the other version. This cannot make two values reach two thirds
/// here unless more than a third of the power equivocated, because two such
/// quorums overlap in more than a third of the power — the same argument as
/// for quorums seen by different validators.
struct VoteTally: Sendable {
    /// The first vote of each validator, by index in the validator set.
    private(set) var votes: [VerifiedVote?]
    /// The first vote of each validator that conflicts with its first one.
    private var conflicting: [VerifiedVote?]
    /// Power per value (`nil` is the vote for nil), in order of first appearance so that nothing depends on hashing.
    private(set) var powerByValue: [(value: Hash?, power: UInt64)] = []
    private(set) var totalPower: UInt64 = 0

    init(validatorCount: Int) {
        votes = Array(repeating: nil, count: validatorCount)
        conflicting = Array(repeating: nil, count: validatorCount)
    }

    /// Counts `vote` from the validator at `index`; the first vote of a validator is the one that counts.
    mutating func add(_ vote: VerifiedVote, index: Int, power: UInt64) -> VoteKeeper.Addition {
        if let existing = votes[index] {
            guard existing.vote.value != vote.vote.value else { return .duplicate }
            // Each equivocator is reported (and its other value counted) once.
            guard conflicting[index] == nil, let evidence = Evidence(existing.signed, vote.signed) else {
                return .duplicate
            }
            conflicting[index] = vote
            addPower(power, for: vote.vote.value)
            return .equivocation(evidence)
        }
        votes[index] = vote
        totalPower += power
        addPower(power, for: vote.vote.value)
        return .added
    }

    private mutating func addPower(_ power: UInt64, for value: Hash?) {
        if let position = powerByValue.firstIndex(where: { $0.value == value }) {
            powerByValue[position].power += power
        } else {
            powerByValue.append((value, power))
        }
    }

    /// The votes for `value`, one per validator, by validator index.
    func votes(for value: Hash?) -> [VerifiedVote] {
        votes.indices.compactMap { index in
            if let first = votes[index], first.vote.value == value { return first }
            if let second = conflicting[index], second.vote.value == value { return second }
            return nil
        }
    }

    func power(for value: Hash?) -> UInt64 {
        powerByValue.first { $0.value == value }?.power ?? 0
    }

    /// The value (or nil) with more than two thirds of the power, if any; at most one can have it.
    func quorumValue(in validators: ValidatorSet) -> Hash?? {
        powerByValue.first { validators.isQuorum($0.power) }.map(\.value)
    }
}
