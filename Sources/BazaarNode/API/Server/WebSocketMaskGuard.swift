import NIOCore
import NIOWebSocket

/// Closes a WebSocket whose client sends an unmasked frame, with status 1002 (protocol error),
/// as RFC 6455 section 5.1 requires of a server. Neither NIO's frame decoder nor swift-websocket
/// checks the mask.
final class WebSocketMaskGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard unwrapInboundIn(data).maskKey != nil else {
            refused = true
            var payload = context.channel.allocator.buffer(capacity: 40)
            payload.write(webSocketErrorCode: .protocolError)
            payload.writeString("client frames must be masked")
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        context.fireChannelRead(data)
    }
}
