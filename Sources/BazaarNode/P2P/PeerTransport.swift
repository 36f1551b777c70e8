public import BazaarCore
import Foundation
public import Logging
public import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The peer-to-peer link layer: TLS 1.3 links authenticated by node keys, carrying length-prefixed
/// frames, with bounded per-peer queues, reconnection with backoff, and a persistent peer list.
///
/// Frames from authenticated peers arrive on `frames`. Gossip and consensus sit above this type;
/// they see only node keys and payloads.
public final class PeerTransport: Sendable {
    /// Every frame accepted from an authenticated peer, in arrival order per peer.
    public let frames: AsyncStream<InboundFrame>

    let configuration: PeerTransportConfiguration
    let group: any EventLoopGroup
    let logger: Logger
    private let identity: NodeTLSIdentity
    let serverContext: NIOSSLContext
    let clientContext: NIOSSLContext
    let continuation: AsyncStream<InboundFrame>.Continuation
    let peerListFile: PeerListFile?
    let state: Mutex<TransportState>

    /// Creates a transport and loads the peer list; nothing touches the network until `start`.
    ///
    /// - Parameter group: the event loops to run on; `nil` uses NIO's shared singleton group.
    /// - Throws: `P2PError.identity` if the node key cannot make a TLS identity, `P2PError.peerList`
    ///   if the peer list file exists but is unreadable.
    public init(
        configuration: PeerTransportConfiguration,
        group: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "bazaar.p2p")
    ) throws {
        self.configuration = configuration
        self.group = group ?? MultiThreadedEventLoopGroup.singleton
        self.logger = logger
        identity = try NodeTLSIdentity(nodeKey: configuration.nodeKey)
        serverContext = try identity.makeContext(server: true)
        clientContext = try identity.makeContext(server: false)
        (frames, continuation) = AsyncStream.makeStream(
            of: InboundFrame.self, bufferingPolicy: .bufferingOldest(configuration.inboundBufferFrameCountMax))
        peerListFile = configuration.peerListPath.map(PeerListFile.init(path:))
        let known = try peerListFile?.load() ?? []
        state = Mutex(
            TransportState(
                table: PeerTable(localKey: configuration.nodeKey.publicKey, peerCountMax: configuration.peerCountMax),
                knownPeers: Dictionary(known.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
            ))
    }

    /// This node's key, as peers see it.
    public var localKey: PublicKey { configuration.nodeKey.publicKey }

    /// Listens on `host:port` (port 0 picks a free one) and dials every peer in the peer list.
    ///
    /// - Returns: the port actually bound.
    @discardableResult
    public func start(host: String, port: Int) async throws -> Int {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.configureLink(channel: channel, direction: .inbound, expectedPeer: nil)
                }
            }
            .bind(host: host, port: port).get()
        let known = state.withLock { state in
            state.serverChannel = channel
            return Array(state.knownPeers.values)
        }
        for record in known { dial(record) }
        guard let boundPort = channel.localAddress?.port else { throw P2PError.notRunning }
        logger.info("listening", metadata: ["port": "\(boundPort)", "knownPeers": "\(known.count)"])
        return boundPort
    }

    /// Keeps a link to `record` up: connects now, and after every failure or loss reconnects with
    /// exponential backoff and jitter until `close`. The peer is accepted only if it proves
    /// `record.key`. Dialling a peer already dialled updates its address.
    public func dial(_ record: PeerRecord) {
        let isNew = state.withLock { state -> Bool in
            guard !state.isClosed, record.key != localKey else { return false }
            state.allowedInbound.insert(record.key)
            if state.dialTargets[record.key] != nil {
                state.dialTargets[record.key]?.record = record
                return false
            }
            state.dialTargets[record.key] = DialTarget(record: record, backoff: configuration.backoff)
            return true
        }
        if isNew { connect(record.key) }
    }

    /// Queues `payload` for `peer`.
    ///
    /// - Returns: `false` if the peer has no live link. A frame dropped because the peer's queue
    ///   is full still returns `true` and is counted in `statistics.outboundFramesDropped`.
    @discardableResult
    public func send(_ payload: [UInt8], to peer: PublicKey) -> Bool {
        precondition(!payload.isEmpty && payload.count <= configuration.frameBytesMax, "frame size out of range")
        guard let channel = state.withLock({ $0.liveChannel(of: peer) }) else { return false }
        channel.writeAndFlush(channel.allocator.buffer(bytes: payload), promise: nil)
        return true
    }

    /// Queues `payload` for every linked peer.
    ///
    /// - Returns: the number of peers it was queued for.
    @discardableResult
    public func broadcast(_ payload: [UInt8]) -> Int {
        precondition(!payload.isEmpty && payload.count <= configuration.frameBytesMax, "frame size out of range")
        let channels = state.withLock { $0.liveChannels }
        for channel in channels {
            channel.writeAndFlush(channel.allocator.buffer(bytes: payload), promise: nil)
        }
        return channels.count
    }

    /// Closes the link to `peer`, for a reason found above the transport (an invalid message).
    /// A dialled peer is reconnected after backoff.
    public func disconnect(_ peer: PublicKey, reason: String) {
        guard
            let channel = state.withLock({ state -> (any Channel)? in
                let channel = state.liveChannel(of: peer)
                if channel != nil { state.statistics.peersDropped += 1 }
                return channel
            })
        else { return }
        logger.warning("dropping peer", metadata: ["peer": "\(peer.hex.prefix(16))", "reason": "\(reason)"])
        channel.close(promise: nil)
    }

    /// The peers with a live, authenticated link.
    public var connectedPeers: Set<PublicKey> {
        state.withLock { Set($0.table.links.keys) }
    }

    /// The peers in the persistent list.
    public var knownPeers: [PeerRecord] {
        state.withLock { $0.knownPeers.values.sorted { $0.key < $1.key } }
    }

    /// The link layer's counters.
    public var statistics: PeerTransportStatistics {
        state.withLock { $0.statistics }
    }

    /// Stops reconnecting, stops listening, closes every link and finishes `frames`.
    public func close() async {
        let (server, channels, timers) = state.withLock { state in
            state.isClosed = true
            let timers = state.dialTargets.values.compactMap(\.retry)
            return (state.serverChannel, state.links.values.map(\.channel), timers)
        }
        for timer in timers { timer.cancel() }
        try? await server?.close()
        for channel in channels {
            try? await channel.close()
        }
        continuation.finish()
    }
}
