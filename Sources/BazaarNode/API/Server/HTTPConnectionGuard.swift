import NIOCore

/// What the two guards of one connection share; both run on its event loop.
final class HTTPConnectionGuardState {
    /// Bytes received since the current request began (0 between requests).
    var requestBytes = 0
    /// Whether a line feed arrived since the current request began, that is, its request line is whole.
    var requestLineComplete = false
    /// Set once the connection has switched to WebSocket: the bytes are frames, not requests.
    var upgraded = false

    /// The request ended (its last part was read): the next bytes begin another one.
    func requestEnded() {
        requestBytes = 0
        requestLineComplete = false
    }
}

/// The first handler of every API connection, on raw bytes: it notes how far the current
/// request's bytes have come (for `HTTPRequestGuard`), and closes a connection whose socket stays
/// unwritable for `writeStallTimeout` — a client that does not read, HTTP or WebSocket, cannot
/// hold its slot and its queued bytes.
final class HTTPConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Shared with the connection's `HTTPRequestGuard`.
    let state: HTTPConnectionGuardState
    private let writeStallTimeout: TimeAmount
    private var stallDeadline: Scheduled<Void>?

    init(state: HTTPConnectionGuardState, writeStallTimeout: Duration) {
        self.state = state
        self.writeStallTimeout = TimeAmount(writeStallTimeout)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !state.upgraded {
            let bytes = unwrapInboundIn(data)
            state.requestBytes += bytes.readableBytes
            if !state.requestLineComplete, bytes.readableBytesView.contains(UInt8(ascii: "\n")) {
                state.requestLineComplete = true
            }
        }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallDeadline?.cancel()
            stallDeadline = nil
        } else if stallDeadline == nil {
            stallDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: writeStallTimeout) {
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stallDeadline?.cancel()
        stallDeadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stallDeadline?.cancel()
        stallDeadline = nil
    }
}
