public import BazaarCore

/// The prevotes and precommits of one height, by round, with the power behind each value.
///
/// It counts the first vote of each validator per round and type and turns a
/// second, different one into `Evidence` (counting it too, see `VoteTally`). Rounds are bounded by the caller
/// (`Tendermint` accepts rounds up to a fixed distance ahead), so a faulty
/// validator cannot make it allocate without limit: at most two votes per
/// validator per accepted round and type are kept.
public struct VoteKeeper: Sendable {
    /// What adding a vote did.
    public enum Addition: Sendable, Equatable {
        case added
        /// The same vote again, or a further conflicting vote of a validator already reported.
        case duplicate
        case equivocation(Evidence)
        case notAValidator
        case wrongHeight
    }

    public let height: UInt64
    public let validators: ValidatorSet
    private var tallies: [RoundTypeKey: VoteTally] = [:]
    /// Per round, which validators sent any vote in it: the paper's "f + 1 messages of round r".
    private var senders: [UInt32: [Bool]] = [:]

    public init(height: UInt64, validators: ValidatorSet) {
        self.height = height
        self.validators = validators
    }

    public mutating func add(_ vote: VerifiedVote) -> Addition {
        guard vote.vote.height == height else { return .wrongHeight }
        guard let index = validators.index(of: vote.vote.validator) else { return .notAValidator }
        let key = RoundTypeKey(round: vote.vote.round, type: vote.vote.type)
        let power = validators.validators[index].votingPower
        let addition = tallies[key, default: VoteTally(validatorCount: validators.count)].add(
            vote, index: index, power: power)
        if addition == .added {
            senders[vote.vote.round, default: Array(repeating: false, count: validators.count)][index] = true
        }
        return addition
    }

    /// The power of the validators whose counted vote of `type` in `round` is for `value` (`nil`: for nil).
    public func power(round: UInt32, type: VoteType, value: Hash?) -> UInt64 {
        tallies[RoundTypeKey(round: round, type: type)]?.power(for: value) ?? 0
    }

    /// The power of all counted votes of `type` in `round`, whatever their value.
    public func totalPower(round: UInt32, type: VoteType) -> UInt64 {
        tallies[RoundTypeKey(round: round, type: type)]?.totalPower ?? 0
    }

    /// The value (`.some(nil)` for nil) that more than two thirds of the power voted for, if any.
    public func quorumValue(round: UInt32, type: VoteType) -> Hash?? {
        tallies[RoundTypeKey(round: round, type: type)]?.quorumValue(in: validators)
    }

    /// The power of the distinct validators that sent any vote in `round`.
    public func senderPower(round: UInt32) -> UInt64 {
        guard let sent = senders[round] else { return 0 }
        var power: UInt64 = 0
        for index in sent.indices where sent[index] { power += validators.validators[index].votingPower }
        return power
    }

    /// The rounds holding at least one vote, ascending.
    public var rounds: [UInt32] { senders.keys.sorted() }

    /// The counted precommits for `value` in `round`, sorted by validator key: the body of a commit.
    public func precommits(round: UInt32, value: Hash) -> [SignedVote] {
        guard let tally = tallies[RoundTypeKey(round: round, type: .precommit)] else { return [] }
        return tally.votes(for: value).map(\.signed)
    }
}
