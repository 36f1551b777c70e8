import BazaarAPI
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Sits after the HTTP decoder of every API connection and answers what Hummingbird would leave
/// hanging: a request the parser refuses gets 400, 414 or 431 (and a declared body over the
/// limit 413) with a JSON error, then the connection closes; a connection that does not deliver
/// a request head within `requestHeadTimeout` of opening, or `idleTimeout` of its previous
/// response, is closed (408 when it had sent part of one).
///
/// Without it, a parse error during the first request of a connection (while the WebSocket
/// upgrade handler is still deciding) reached the end of the pipeline unhandled, and the
/// connection stayed open with no response. When the connection upgrades to WebSocket this
/// handler puts a `WebSocketMaskGuard` after the frame decoder and leaves the pipeline.
final class HTTPRequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var machine: HTTPRequestGuardStateMachine
    private let connection: HTTPConnectionGuardState
    private let limits: APIServerLimits
    private let logger: Logger
    private var headDeadline: Scheduled<Void>?
    private var lingerDeadline: Scheduled<Void>?

    init(connection: HTTPConnectionGuardState, limits: APIServerLimits, logger: Logger) {
        self.connection = connection
        self.limits = limits
        self.logger = logger
        machine = HTTPRequestGuardStateMachine(bodyBytesMax: limits.bodyBytesMax)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        armHeadDeadline(context, in: limits.requestHeadTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarmHeadDeadline()
        lingerDeadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            switch machine.headReceived(head) {
            case .forward:
                disarmHeadDeadline()
                context.fireChannelRead(data)
            case .reject(let rejection):
                disarmHeadDeadline()
                reject(rejection, context: context)
            case .drop:
                if case .closed = machine.state { context.close(promise: nil) }
            }
        case .body:
            if machine.forwardsRequestParts { context.fireChannelRead(data) }
        case .end:
            guard machine.forwardsRequestParts else { return }
            connection.requestEnded()
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), machine.responseEnded() {
            armHeadDeadline(context, in: limits.idleTimeout)
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After a refusal the decoder reports every further byte as an error: they are dropped.
        guard case .open = machine.state else { return }
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        act(
            machine.parserFailed(parserError, requestLineComplete: connection.requestLineComplete),
            context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let upgrade = event as? HTTPServerUpgradeEvents, case .upgradeComplete = upgrade {
            upgraded(context: context, event: event)
            return
        }
        if let event = event as? ChannelEvent, event == .inputClosed, case .rejecting = machine.state {
            // The client finished sending after its error response: nothing more to wait for.
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine.closed()
        disarmHeadDeadline()
        lingerDeadline?.cancel()
        context.fireChannelInactive()
    }

    // MARK: - Actions

    private func act(_ action: HTTPRequestGuardStateMachine.FailureAction, context: ChannelHandlerContext) {
        switch action {
        case .reject(let rejection): reject(rejection, context: context)
        case .close: context.close(promise: nil)
        case .ignore: break
        }
    }

    /// Writes the error response with `Connection: close`, then stops writing and keeps reading
    /// (and dropping) for `lingerTimeout`, so that a client still sending reads the response
    /// instead of a connection reset.
    private func reject(_ rejection: HTTPRejection, context: ChannelHandlerContext) {
        logger.debug(
            "refused a request", metadata: ["status": "\(rejection.status.code)", "reason": "\(rejection.message)"])
        // APIError encodes two strings; a failure would be a bug of JSONEncoder.
        let body = try! JSONResponse.encoder.encode(APIError(code: rejection.code, message: rejection.message))
        let headers = HTTPHeaders([
            ("content-type", "application/json; charset=utf-8"), ("content-length", "\(body.count)"),
            ("connection", "close"),
        ])
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: rejection.status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
        }
        lingerDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.lingerTimeout)) {
            context.close(promise: nil)
        }
    }

    private func armHeadDeadline(_ context: ChannelHandlerContext, in timeout: Duration) {
        disarmHeadDeadline()
        headDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            [self] in
            headDeadline = nil
            act(machine.headDeadlinePassed(partialRequest: connection.requestBytes > 0), context: context)
        }
    }

    private func disarmHeadDeadline() {
        headDeadline?.cancel()
        headDeadline = nil
    }

    /// The connection is a WebSocket now: guard its frames, and leave.
    private func upgraded(context: ChannelHandlerContext, event: Any) {
        connection.upgraded = true
        disarmHeadDeadline()
        let pipeline = context.pipeline.syncOperations
        do {
            let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
            try pipeline.addHandler(WebSocketMaskGuard(), position: .after(decoder))
        } catch {
            logger.error("no WebSocket frame decoder to guard; closing", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
        pipeline.removeHandler(context: context, promise: nil)
    }
}
