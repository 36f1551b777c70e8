public import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
public import Logging
public import NIOCore

/// The node's HTTP server: the API router, the stream's WebSocket upgrade, and the connection
/// guards and limits of `APIServerLimits`.
public enum APIServer {
    /// The Hummingbird application serving `node`'s API.
    ///
    /// - Parameters:
    ///   - configuration: the address and server name; its connection delegate is replaced by
    ///     one that enforces `limits.connectionsMax`.
    ///   - faucet: the devnet's faucet (`/v1/faucet`), or `nil` on any other chain.
    ///   - onServerRunning: called with the listening channel once requests can be served.
    public static func makeApplication(
        node: Node, configuration: ApplicationConfiguration, limits: APIServerLimits = APIServerLimits(),
        faucet: Faucet? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }, logger: Logger
    ) -> some ApplicationProtocol {
        var configuration = configuration
        configuration.availableConnectionsDelegate = MaximumAvailableConnections(limits.connectionsMax, logger: logger)
        return Application(
            router: APIRoutes.makeRouter(node: node, faucet: faucet),
            server: server(node: node, limits: limits),
            configuration: configuration, onServerRunning: onServerRunning, logger: logger)
    }

    /// HTTP/1.1 with the WebSocket upgrade on a router of its own, inside the guards.
    static func server(node: Node, limits: APIServerLimits) -> HTTPServerBuilder {
        let webSocketResponder = APIRoutes.makeWebSocketRouter(node: node).buildResponder()
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.headerFieldBytesMax, maxHeaderListSize: limits.headerBytesMax,
                maxHeaderFieldCount: limits.headerFieldCountMax))
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: http1, ws: WebSocketServerConfiguration(autoPing: .enabled(timePeriod: .seconds(30))))
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                limits: limits)
        }
    }
}
