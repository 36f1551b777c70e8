/// A timeout the driver scheduled and reports back when it fires.
public struct ConsensusTimeout: Sendable, Hashable {
    public let kind: TimeoutKind
    public let height: UInt64
    public let round: UInt32

    public init(kind: TimeoutKind, height: UInt64, round: UInt32) {
        self.kind = kind
        self.height = height
        self.round = round
    }
}
