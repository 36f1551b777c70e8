public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
public import Logging
public import NIOCore

/// The node's HTTP server: the API router, the stream's WebSocket upgrade, and the connection
/// guards and limits of `APIServerLimits`; over TLS when given a `TLSIdentity`.
public enum APIServer {
    /// The Hummingbird application serving `node`'s API.
    ///
    /// - Parameters:
    ///   - configuration: the address and server name; its connection delegate is replaced by
    ///     one that enforces `limits.connectionsMax`.
    ///   - faucet: the devnet's faucet (`/v1/faucet`), or `nil` on any other chain.
    ///   - tls: the certificate and key to serve HTTPS and WSS with, on the same port; `nil` for
    ///     plain HTTP.
    ///   - onServerRunning: called with the listening channel once requests can be served.
    public static func makeApplication(
        node: Node, configuration: ApplicationConfiguration, limits: APIServerLimits = APIServerLimits(),
        faucet: Faucet? = nil, tls: TLSIdentity? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }, logger: Logger
    ) -> some ApplicationProtocol {
        var configuration = configuration
        configuration.availableConnectionsDelegate = MaximumAvailableConnections(limits.connectionsMax, logger: logger)
        return Application(
            router: APIRoutes.makeRouter(node: node, faucet: faucet),
            server: server(node: node, limits: limits, tls: tls),
            configuration: configuration, onServerRunning: onServerRunning, logger: logger)
    }

    /// HTTP/1.1 with the WebSocket upgrade on a router of its own, inside the guards, inside TLS
    /// when there is a `tls`: the TLS handler comes first in every connection's pipeline.
    static func server(node: Node, limits: APIServerLimits, tls: TLSIdentity?) -> HTTPServerBuilder {
        let webSocketResponder = APIRoutes.makeWebSocketRouter(node: node).buildResponder()
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.headerFieldBytesMax, maxHeaderListSize: limits.headerBytesMax,
                maxHeaderFieldCount: limits.headerFieldCountMax))
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: http1, ws: WebSocketServerConfiguration(autoPing: .enabled(timePeriod: .seconds(30))))
        @Sendable func guarded(_ responder: @escaping HTTPChannelHandler.Responder) -> some ServerChildChannel {
            GuardedHTTPChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                limits: limits)
        }
        guard let tls else { return HTTPServerBuilder { responder in guarded(responder) } }
        // `TLSIdentity` made a context from this configuration when it was checked: this one succeeds.
        let tlsConfiguration = tls.serverConfiguration
        return HTTPServerBuilder { responder in try TLSChannel(guarded(responder), tlsConfiguration: tlsConfiguration) }
    }
}
