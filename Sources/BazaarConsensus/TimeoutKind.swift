/// The three timeouts of a Tendermint round.
public enum TimeoutKind: UInt8, Sendable, Hashable {
    case propose
    case prevote
    case precommit
}
