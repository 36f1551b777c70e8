import BazaarCore
import NIOCore

/// Everything a `PeerTransport` knows, guarded by one lock.
struct TransportState: Sendable {
    /// One open channel (handshaking or live) and, for an outbound one, the peer it was dialled for.
    struct LinkEntry: Sendable {
        let channel: any Channel
        let dialledPeer: PublicKey?
    }

    var table: PeerTable
    var knownPeers: [PublicKey: PeerRecord]
    var dialTargets: [PublicKey: DialTarget] = [:]
    /// Keys accepted inbound besides the configured ones: every peer dialled.
    var allowedInbound: Set<PublicKey> = []
    var links: [UInt64: LinkEntry] = [:]
    /// The peer of each admitted link.
    var linkPeers: [UInt64: PublicKey] = [:]
    var nextLinkID: UInt64 = 1
    var isClosed = false
    var serverChannel: (any Channel)?
    var statistics = PeerTransportStatistics()

    /// The channel of `peer`'s live link.
    func liveChannel(of peer: PublicKey) -> (any Channel)? {
        table.links[peer].flatMap { links[$0.id]?.channel }
    }

    /// The channels of every live link.
    var liveChannels: [any Channel] {
        table.links.values.compactMap { links[$0.id]?.channel }
    }

    /// Whether an inbound peer presenting `key` may link.
    func acceptsInbound(_ key: PublicKey, configured: Set<PublicKey>) -> Bool {
        configured.contains(key) || allowedInbound.contains(key) || knownPeers[key] != nil
    }
}
