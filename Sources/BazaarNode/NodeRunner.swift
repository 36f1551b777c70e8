import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// Runs a node: the HTTP/WebSocket server and consensus (with the peer-to-peer transport when the
/// network has more than one validator or peers are configured) in one `ServiceGroup`, stopped
/// gracefully on SIGINT or SIGTERM.
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
    /// - Parameter services: more services to run beside the node (the devnet's oracle reporters).
    public func run(
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        services: @Sendable (Node) throws -> [any Service] = { _ in [] }
    ) async throws {
        let node = try Node(configuration: configuration, logger: logger)
        let consensus = try makeConsensusService(node: node)
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let server = APIServer.makeApplication(
            node: node,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "bazaar"),
            faucet: configuration.faucet.map { Faucet(node: node, settings: $0) }, tls: configuration.tls,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: serverLogger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server), .init(service: consensus)]
                    + (try services(node)).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == 98 {
            throw NodeError(
                .network, "cannot listen on \(configuration.host):\(configuration.port): the port is in use")
        }
    }

    func makeConsensusService(node: Node) throws -> ConsensusService {
        let genesis = configuration.genesis
        var transport: PeerTransport?
        if genesis.validators.count > 1 || !configuration.peers.isEmpty {
            var transportConfiguration = PeerTransportConfiguration(
                nodeKey: configuration.validatorKey,
                allowedPeers: Set(genesis.validators + configuration.peers.map(\.key)))
            // A proposal carries its whole block; no frame is larger than a write-ahead log record.
            transportConfiguration.frameBytesMax =
                try ConsensusLimits(parameters: genesis.parameters, validatorCount: genesis.validators.count)
                .frameBytesMax
            transportConfiguration.peerListPath = configuration.peerListPath
            transport = try PeerTransport(configuration: transportConfiguration, logger: logger)
        }
        let settings = ConsensusSettings(
            timeouts: configuration.timeouts, blockIntervalMilliseconds: configuration.blockIntervalMilliseconds,
            idleIntervalMilliseconds: configuration.idleIntervalMilliseconds)
        return ConsensusService(
            node: node, transport: transport, listenHost: configuration.p2pHost, listenPort: configuration.p2pPort,
            peers: configuration.peers, settings: settings,
            paths: ConsensusPaths(
                writeAheadLog: configuration.writeAheadLogPath, signerState: configuration.signerStatePath,
                allowsMissingSignerState: configuration.allowsMissingSignerState),
            logger: logger)
    }
}
