import BazaarConsensus

/// Something scheduled at a virtual time.
enum SimulationEvent: Sendable {
    case deliver(SimulatedMessage, from: Int, to: Int)
    /// A timeout of one incarnation of a validator; a restart makes the older incarnation's timeouts void.
    case timeout(ConsensusTimeout, node: Int, incarnation: Int)
    /// Resend this validator's own messages of its current height, as gossip does.
    case gossip(node: Int)
    case crash(node: Int)
    case restart(node: Int)
}
