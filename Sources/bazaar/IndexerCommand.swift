import ArgumentParser
import BazaarIndexer
import Foundation
import Logging
import ServiceLifecycle

/// `bazaar indexer`: follows a node's committed history into PostgreSQL.
struct IndexerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indexer",
        abstract: "Follow a node's history into PostgreSQL (fills, orders, funding, ledger, trades, candles).",
        discussion: """
            Writes one database transaction per block, so the database never holds half a block; after \
            a crash or kill -9 it resumes at the next height with no gap and no duplicate. The database \
            is bound to the node's chain on first use and refuses another chain. One indexer writes to \
            one database. docs/INDEXER.md shows how to run PostgreSQL for it.
            """)

    @Option(help: "The PostgreSQL database, as postgres://user[:password]@host[:port]/database.")
    var postgres: String

    @Option(help: "The node to follow, e.g. http://127.0.0.1:8080.")
    var node: String

    @Option(help: "API port on 127.0.0.1 (/v1/status and the history read routes); 0 picks a free one.")
    var port: Int = 8090

    @Flag(name: .customLong("exit-at-tip"), help: "Stop once the node has nothing newer, instead of following it.")
    var exitsAtTip = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard node.hasPrefix("http://") || node.hasPrefix("https://") else {
            throw ValidationError("--node must be an http:// or https:// URL, e.g. http://127.0.0.1:8080")
        }
        do {
            _ = try PostgresURL(postgres)
        } catch {
            throw ValidationError("--postgres: \(error)")
        }
    }

    func run() async throws {
        let logger = Logger(label: "bazaar.indexer")
        var configuration = IndexerService.Configuration(postgres: try PostgresURL(postgres), node: node)
        configuration.exitsAtTip = exitsAtTip
        let service = IndexerService(configuration: configuration, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if !exitsAtTip {
            var serverLogger = logger
            serverLogger.logLevel = .notice
            for server in IndexerServer.makeServices(
                service: service, host: "127.0.0.1", port: port, logger: serverLogger,
                onServerRunning: { port in print("indexer API on http://127.0.0.1:\(port)/v1 (status: /v1/status)") })
            {
                services.append(.init(service: server))
            }
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
