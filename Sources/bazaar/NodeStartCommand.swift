import ArgumentParser
import BazaarCore
import BazaarNode
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension NodeCommand {
    /// `bazaar node start`: runs the node a home describes until Ctrl-C or SIGTERM.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a node from its home: config.json, genesis.json and validator-key.json.",
            discussion: """
                Checks the config file and the files it names, then serves the API and the page and prints \
                their URL: plain HTTP, or HTTPS and WSS on the same port with --tls-cert and --tls-key or \
                --tls-self-signed (needed for the page's keys when it is reached by an address other than \
                127.0.0.1 or localhost). Logs go to standard error at the config's logLevel. Ctrl-C or SIGTERM stops the node \
                cleanly; the next start resumes from disk.
                """)

        @OptionGroup var location: NodeHomeOptions

        @OptionGroup(title: "HTTPS") var tls: TLSServerOptions

        @Option(help: .hidden) var supervisorPid: Int32?

        @Flag(
            help: """
                Start even though this validator ran before and its signer-state file is missing. It then \
                does not know what it signed and could sign twice; use it only when no copy of this validator \
                key has signed since the last committed height.
                """)
        var allowMissingSignerState = false

        @Option(
            name: .customLong("oracle-source"),
            help: ArgumentHelp(
                "Report oracle prices and volatilities from file:PATH, command:CMD or http://127.0.0.1:PORT/PATH.",
                discussion: """
                    Overrides config.json's oracleSource. The source is read every oracleReportIntervalMs \
                    (default 1000) and gives JSON: {"prices": {"BTC": "65000.5"}, "volatilities": {"BTC": \
                    [{"expiryMs": 1767225600000, "points": {"7000": "0.8", ..., "13000": "0.72"}}]}}. Reports are \
                    signed with the validator key, while it is a registered oracle reporter.
                    """))
        var oracleSource: String?

        func validate() throws {
            if let oracleSource {
                do {
                    _ = try OracleSource(parsing: oracleSource)
                } catch {
                    throw ValidationError(error.message)
                }
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                if supervisorPid != nil { Self.leaveTerminalProcessGroup() }
                let home = location.nodeHome
                let loaded = try home.load()
                let level = loaded.file.logLevel
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
                var configuration = loaded.configuration
                configuration.allowsMissingSignerState = allowMissingSignerState
                let serving = try tls.serving(home: home.directory)
                configuration.tls = serving?.identity
                let runner = NodeRunner(configuration: configuration, logger: Logger(label: "bazaar.node"))
                let banner = Banner(home: home, configuration: configuration, tls: serving)
                let watcher = supervisorPid.map { pid in Task { await Self.stopWhenOrphaned(supervisor: pid) } }
                defer { watcher?.cancel() }
                let sourceText = oracleSource ?? loaded.file.oracleSource
                let source = try sourceText.map { (text) throws(NodeError) in try OracleSource(parsing: text) }
                let interval = UInt64(
                    loaded.file.oracleReportIntervalMs ?? NodeConfigFile.defaultOracleReportIntervalMs)
                let key = configuration.validatorKey
                try await runner.run { port in
                    banner.print(port: port)
                } services: { node in
                    guard let source else { return [] }
                    return [
                        SourceReporter(
                            node: node, key: key, source: source, intervalMilliseconds: interval,
                            logger: Logger(label: "bazaar.node.oracle"))
                    ]
                }
                Output.note("node stopped")
            }
        }

        /// A testnet child leaves the terminal's process group, so that Ctrl-C reaches only the supervisor,
        /// which then stops every child in order.
        private static func leaveTerminalProcessGroup() {
            setpgid(0, 0)
        }

        /// Stops the node (as SIGTERM would) once the supervisor is gone, so no validator outlives its testnet.
        private static func stopWhenOrphaned(supervisor: Int32) async {
            while !Task.isCancelled {
                if getppid() != supervisor {
                    kill(getpid(), SIGTERM)
                    return
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

/// What `bazaar node start` prints once the API is listening.
private struct Banner: Sendable {
    let home: NodeHome
    let configuration: NodeConfiguration
    let tls: TLSServing?

    func print(port: Int) {
        let genesis = configuration.genesis
        let p2p =
            configuration.p2pPort == 0
            ? "\(configuration.p2pHost), port chosen at start" : "\(configuration.p2pHost):\(configuration.p2pPort)"
        let peers = configuration.peers.count
        let url = localAPIURL(host: configuration.host, port: port, secure: tls != nil)
        var lines = [
            "Bazaar node started (chain \(genesis.parameters.chainID))",
            "Page:      \(url)/",
            "API:       \(url)",
        ]
        lines += tls?.bannerLines(labelWidth: 11) ?? []
        lines += [
            "P2P:       \(p2p); \(peers) peer\(peers == 1 ? "" : "s") to dial",
            "Validator: \(configuration.validatorKey.publicKey.hex)",
            "Genesis:   \(genesis.hash.hex)",
            "Home:      \(home.directory.path)",
            "Press Ctrl-C to stop.",
            "",
        ]
        // A closed standard output must not stop the node: the banner is only for a person.
        try? Output.writeAll(lines.joined(separator: "\n"), to: STDOUT_FILENO)
    }
}
