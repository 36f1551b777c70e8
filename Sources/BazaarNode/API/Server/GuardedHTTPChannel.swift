import HummingbirdCore
import Logging
import NIOCore

/// An HTTP child channel (here HTTP/1.1 with the WebSocket upgrade) with the API's guards in its
/// pipeline: `HTTPConnectionGuard` before the base channel's handlers, on the request's bytes,
/// and `HTTPRequestGuard` after the decoder and the upgrade handler.
///
/// Each guard is added after what is already in the pipeline, so that under a `TLSChannel`,
/// whose TLS handler comes first, the connection guard counts decrypted bytes; and the request
/// guard's head deadline, armed when the connection is set up, also bounds the TLS handshake.
struct GuardedHTTPChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limits: APIServerLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionGuard(state: HTTPConnectionGuardState(), writeStallTimeout: limits.writeStallTimeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let connection = try pipeline.handler(type: HTTPConnectionGuard.self).state
            try pipeline.addHandler(HTTPRequestGuard(connection: connection, limits: limits, logger: logger))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        // When a guard closes a connection during the upgrade negotiation, Hummingbird logs the
        // abandoned negotiation as an error: one line per hostile request. The guards log what
        // they refuse at debug level instead.
        var quiet = logger
        quiet.logLevel = .critical
        await base.handle(value: value, logger: quiet)
    }
}
