public import BazaarCore

/// The validators of a height, sorted by public key, with the power thresholds of the algorithm.
///
/// With total power `n = 3f + 1` (or more), the paper's `2f + 1` becomes
/// "more than two thirds of the total power" and `f + 1` becomes "more than
/// one third", so the rules hold for any weights, not only for equal ones.
public struct ValidatorSet: Sendable, Hashable {
    /// CometBFT's bound: it leaves room for the proposer priorities, which move by up to twice the total.
    public static let totalVotingPowerMax = UInt64(Int64.max) / 8
    public static let countMax = 10_000

    /// Sorted by public key, so a validator's index is the same on every node.
    public let validators: [Validator]
    public let totalVotingPower: UInt64
    private let indexByKey: [PublicKey: Int]

    /// - Precondition: 1 to `countMax` validators, distinct keys, each with positive power,
    ///   and a total of at most `totalVotingPowerMax`.
    public init(_ validators: [Validator]) {
        precondition((1...Self.countMax).contains(validators.count), "validator count out of range")
        let sorted = validators.sorted { $0.publicKey < $1.publicKey }
        var total: UInt64 = 0
        var index = [PublicKey: Int]()
        for (position, validator) in sorted.enumerated() {
            precondition(validator.votingPower > 0, "a validator needs positive voting power")
            precondition(index.updateValue(position, forKey: validator.publicKey) == nil, "duplicate validator")
            total += validator.votingPower
            precondition(total <= Self.totalVotingPowerMax, "total voting power too large")
        }
        self.validators = sorted
        totalVotingPower = total
        indexByKey = index
    }

    public var count: Int { validators.count }

    /// The position of `key` in `validators`, or `nil` for a key outside the set.
    public func index(of key: PublicKey) -> Int? { indexByKey[key] }

    public func power(of key: PublicKey) -> UInt64 {
        index(of: key).map { validators[$0].votingPower } ?? 0
    }

    /// More than two thirds of the total power: the paper's `2f + 1`.
    public func isQuorum(_ power: UInt64) -> Bool {
        UInt128(power) * 3 > UInt128(totalVotingPower) * 2
    }

    /// More than one third of the total power: the paper's `f + 1`, enough to include one honest validator.
    public func exceedsOneThird(_ power: UInt64) -> Bool {
        UInt128(power) * 3 > UInt128(totalVotingPower)
    }

    public static func == (lhs: ValidatorSet, rhs: ValidatorSet) -> Bool { lhs.validators == rhs.validators }

    public func hash(into hasher: inout Hasher) { hasher.combine(validators) }
}
