import NIOCore

/// A peer this node keeps a link to by dialling it, and where it is in its reconnection cycle.
struct DialTarget: Sendable {
    var record: PeerRecord
    var backoff: ReconnectBackoff
    /// A TCP connect or handshake is under way.
    var isConnecting = false
    /// The pending reconnection, if one is scheduled.
    var retry: Scheduled<Void>?

    init(record: PeerRecord, backoff: ReconnectBackoff) {
        self.record = record
        self.backoff = backoff
    }
}
