/// Counters of the link layer, for metrics and tests. Every frame the transport loses is counted here.
public struct PeerTransportStatistics: Sendable, Hashable {
    /// Outbound frames refused because a peer's queue was full.
    public var outboundFramesDropped: UInt64 = 0
    /// Inbound frames refused because the consumer of `frames` fell behind.
    public var inboundFramesDropped: UInt64 = 0
    /// Links closed because the peer broke the protocol (bad frame, rejected payload).
    public var peersDropped: UInt64 = 0
    /// Handshakes that failed or were refused (wrong or unknown key, timeout, admission).
    public var handshakesRefused: UInt64 = 0
    /// Links admitted since start.
    public var linksEstablished: UInt64 = 0

    public init() {}
}
