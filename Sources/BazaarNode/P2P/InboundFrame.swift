public import BazaarCore

/// A frame received from an authenticated peer.
public struct InboundFrame: Sendable, Hashable {
    /// The node key the peer proved in the TLS handshake.
    public let peer: PublicKey
    /// The frame's payload: canonical-encoding bytes, opaque to the transport.
    public let payload: [UInt8]

    public init(peer: PublicKey, payload: [UInt8]) {
        self.peer = peer
        self.payload = payload
    }
}
