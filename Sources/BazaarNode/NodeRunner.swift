import Hummingbird
import HummingbirdWebSocket
public import Logging
import NIOCore
import ServiceLifecycle

/// Runs a node: the HTTP/WebSocket server and the block producer in one
/// `ServiceGroup`, stopped gracefully on SIGINT or SIGTERM.
public struct NodeRunner: Sendable {
    public let configuration: NodeConfiguration
    public let logger: Logger

    public init(configuration: NodeConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the node and serves until a signal or cancellation.
    ///
    /// - Parameter onListening: called once with the bound port, when requests can be served.
    /// - Throws: `NodeError` when the node cannot start, including a port already in use.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let node = try Node(configuration: configuration, logger: logger)
        let producer = BlockProducer(
            node: node, blockIntervalMilliseconds: configuration.blockIntervalMilliseconds,
            idleIntervalMilliseconds: configuration.idleIntervalMilliseconds, logger: logger)
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let router = APIRoutes.makeRouter(node: node)
        let server = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "bazaar"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: serverLogger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server), .init(service: producer)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == 98 {
            throw NodeError(
                .network, "cannot listen on \(configuration.host):\(configuration.port): the port is in use")
        }
    }
}
