public import BazaarCore

/// How a `PeerTransport` behaves: who it is, whom it accepts, and its limits.
public struct PeerTransportConfiguration: Sendable {
    /// This node's key; its certificate is made from it.
    public var nodeKey: PrivateKey
    /// Keys accepted on inbound links, in addition to every dialled or listed peer.
    public var allowedPeers: Set<PublicKey>
    /// The most peers linked at once.
    public var peerCountMax: Int = 64
    /// The largest frame payload sent or accepted.
    public var frameBytesMax: Int = FrameDecoder.frameBytesMaxDefault
    /// The most frames waiting for one peer's socket.
    public var queueFrameCountMax: Int = 4096
    /// The most bytes waiting for one peer's socket.
    public var queueByteCountMax: Int = 32 * 1024 * 1024
    /// Frames received but not yet taken from `frames`, beyond which new ones are dropped and counted.
    public var inboundBufferFrameCountMax: Int = 16_384
    /// The time allowed from TCP connect to an authenticated link.
    public var handshakeTimeoutMilliseconds: Int64 = 5_000
    /// The TCP connect timeout for dialled peers.
    public var connectTimeoutMilliseconds: Int64 = 3_000
    /// Reconnection delays for dialled peers.
    public var backoff = ReconnectBackoff()
    /// The JSON file of known peers; `nil` keeps the list in memory only.
    public var peerListPath: String?
    /// Checks each payload before delivery (for example, that it decodes canonically); a peer
    /// whose payload is refused is dropped. Runs on an event loop, so it must be quick.
    public var acceptsPayload: @Sendable (_ peer: PublicKey, _ payload: [UInt8]) -> Bool = { _, _ in true }
    /// A uniform random number in `[0, 1)`, for backoff jitter; injected so tests are deterministic.
    public var unitRandom: @Sendable () -> Double = { Double.random(in: 0..<1) }

    public init(nodeKey: PrivateKey, allowedPeers: Set<PublicKey> = []) {
        self.nodeKey = nodeKey
        self.allowedPeers = allowedPeers
    }
}
