/// Where a validator is within its current round.
public enum ConsensusStep: UInt8, Sendable, Hashable, Comparable {
    /// Created, but `startHeight` not yet given.
    case idle
    case propose
    case prevote
    case precommit
    /// The height is decided; only `startHeight` of the next height moves on.
    case decided

    public static func < (lhs: ConsensusStep, rhs: ConsensusStep) -> Bool { lhs.rawValue < rhs.rawValue }
}
