/// A property the consensus simulation found broken, with what replays it.
public struct ConsensusSimulationFailure: Error, Sendable, CustomStringConvertible {
    public let seed: UInt64
    public let timeMilliseconds: UInt64
    public let violation: String

    public var description: String {
        "consensus simulation seed \(seed) failed at virtual time \(timeMilliseconds) ms: \(violation)"
    }
}
