public import BazaarConsensus

extension SignerState {
    /// What a validator signs within a round, in the order it signs them (CometBFT's privval steps).
    public enum Step: UInt8, Sendable, Hashable, Comparable {
        case proposal = 1
        case prevote = 2
        case precommit = 3

        /// The step of a vote of this type.
        public init(_ type: VoteType) {
            switch type {
            case .prevote: self = .prevote
            case .precommit: self = .precommit
            }
        }

        public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    }
}
