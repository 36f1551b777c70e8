extension SignerState {
    /// A height, round and step, ordered as consensus moves through them.
    public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var height: UInt64
        public var round: UInt32
        public var step: Step

        public init(height: UInt64, round: UInt32, step: Step) {
            self.height = height
            self.round = round
            self.step = step
        }

        public static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.height, lhs.round, lhs.step.rawValue) < (rhs.height, rhs.round, rhs.step.rawValue)
        }

        public var description: String { "height \(height) round \(round) \(step)" }
    }
}
