import BazaarCore
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// The thin NIO shell of one link: admits it after the TLS handshake, hands frames up, and feeds
/// the peer's bounded outbound queue to the socket as fast as the socket takes them.
///
/// Decisions live elsewhere — admission in `PeerTable`, limits in `OutboundQueue` — and this
/// handler only carries them out. It sits after the TLS handler and the frame codec.
final class PeerLinkHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case handshaking
        case active(PublicKey)
        case closed
    }

    private let linkID: UInt64
    private let direction: LinkDirection
    private let transport: PeerTransport
    private let handshakeTimeout: TimeAmount
    private var logger: Logger
    private var state = State.handshaking
    private var queue: OutboundQueue<(ByteBuffer, EventLoopPromise<Void>?)>
    private var handshakeTimer: Scheduled<Void>?
    /// Set by the first `drop`, so that a burst of errors closes and counts once.
    private var isClosing = false

    init(
        linkID: UInt64,
        direction: LinkDirection,
        transport: PeerTransport,
        configuration: PeerTransportConfiguration,
        logger: Logger
    ) {
        self.linkID = linkID
        self.direction = direction
        self.transport = transport
        handshakeTimeout = .milliseconds(configuration.handshakeTimeoutMilliseconds)
        queue = OutboundQueue(
            frameCountMax: configuration.queueFrameCountMax, byteCountMax: configuration.queueByteCountMax)
        self.logger = logger
        self.logger[metadataKey: "link"] = "\(linkID)"
        self.logger[metadataKey: "direction"] = "\(direction.rawValue)"
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The timer fires on this channel's event loop, where the handler and context live.
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            let (handler, context) = bound.value
            guard case .handshaking = handler.state else { return }
            handler.drop(context: context, reason: "handshake timed out", isProtocolViolation: false)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .handshakeCompleted? = event as? TLSUserEvent, case .handshaking = state else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        handshakeTimer?.cancel()
        let certificate = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self).peerCertificate
        guard let peer = certificate.flatMap(NodeTLSIdentity.nodeKey(of:)) else {
            drop(
                context: context, reason: "no Ed25519 peer certificate after the handshake", isProtocolViolation: false)
            return
        }
        logger[metadataKey: "peer"] = "\(peer.hex.prefix(16))"
        if let refusal = transport.linkAuthenticated(
            peer: peer, linkID: linkID, direction: direction, channel: context.channel)
        {
            drop(context: context, reason: "refused: \(refusal)", isProtocolViolation: false)
            return
        }
        state = .active(peer)
        logger.debug("link up")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .active(let peer) = state else { return }
        let payload = Array(buffer: unwrapInboundIn(data))
        guard transport.frameReceived(peer: peer, payload: payload) else {
            drop(context: context, reason: "payload rejected by the upper layer", isProtocolViolation: true)
            return
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A framing error is the peer's fault; TLS and socket errors may be the network's.
        drop(context: context, reason: "\(error)", isProtocolViolation: error is P2PError)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        // The transport learns of the close from the channel's close future, which also covers
        // connections that never became active.
        state = .closed
        for (_, promise) in queue.removeAll() {
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .active(let peer) = state else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let payload = unwrapOutboundIn(data)
        guard queue.enqueue((payload, promise), byteCount: payload.readableBytes) else {
            // Dropping rather than disconnecting: a disconnect would lose every queued frame too,
            // and consensus recovers a lost vote by re-gossip; the count makes the loss visible.
            transport.outboundFrameDropped(peer: peer)
            promise?.fail(P2PError.queueFull)
            return
        }
    }

    func flush(context: ChannelHandlerContext) {
        drain(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        drain(context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Moves queued frames to the socket while it is writable; NIO's write-buffer watermarks decide
    /// when it is not, and the rest waits in the bounded queue.
    private func drain(context: ChannelHandlerContext) {
        var wrote = false
        while context.channel.isWritable, let (payload, promise) = queue.dequeue() {
            context.write(wrapOutboundOut(payload), promise: promise)
            wrote = true
        }
        if wrote { context.flush() }
    }

    private func drop(context: ChannelHandlerContext, reason: String, isProtocolViolation: Bool) {
        if case .closed = state { return }
        guard !isClosing else { return }
        isClosing = true
        let wasHandshaking = if case .handshaking = state { true } else { false }
        if isProtocolViolation {
            logger.warning("dropping peer", metadata: ["reason": "\(reason)"])
        } else {
            logger.info("closing link", metadata: ["reason": "\(reason)"])
        }
        transport.linkDropped(
            isProtocolViolation: isProtocolViolation && !wasHandshaking, duringHandshake: wasHandshaking)
        context.close(promise: nil)
    }
}
