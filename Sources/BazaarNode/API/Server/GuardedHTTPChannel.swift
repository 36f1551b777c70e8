import HummingbirdCore
import Logging
import NIOCore

/// An HTTP child channel (here HTTP/1.1 with the WebSocket upgrade) with the API's guards in its
/// pipeline: `HTTPConnectionGuard` first, on raw bytes, and `HTTPRequestGuard` after the
/// decoder and the upgrade handler.
struct GuardedHTTPChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limits: APIServerLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let connection = HTTPConnectionGuardState()
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(
                HTTPConnectionGuard(state: connection, writeStallTimeout: limits.writeStallTimeout), position: .first)
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
