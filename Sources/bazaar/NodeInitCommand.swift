import ArgumentParser
import BazaarCore
import BazaarNode
import Foundation
import Logging

extension NodeCommand {
    /// `bazaar node init`: a new node home with a new (or given) validator key.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a node home: validator key, config.json and data directory.",
            discussion: """
                Prints the node's validator id (its public key) and peer address. Refuses to touch a \
                folder that already holds a node. Without --genesis, copy the chain's genesis.json into the \
                home before the first start.
                """)

        @OptionGroup var location: NodeHomeOptions

        @Option(help: "The chain's genesis file to copy in; it must list this node's key (see --validator-key).")
        var genesis: String?

        @Option(
            name: .customLong("validator-key"),
            help: "Use this validator key file (e.g. a backup of a node's validator-key.json) instead of a new key.")
        var validatorKey: String?

        @Option(name: .customLong("api-host"), help: "The address the API listens on.")
        var apiHost = "127.0.0.1"

        @Option(name: .customLong("api-port"), help: "The API port; 0 picks a free one at each start.")
        var apiPort = 8080

        @Option(
            name: .customLong("p2p-host"),
            help: "The address the peer-to-peer transport listens on; 0.0.0.0 is every interface.")
        var p2pHost = "0.0.0.0"

        @Option(name: .customLong("p2p-port"), help: "The peer-to-peer port.")
        var p2pPort = 26_656

        @Option(name: .customLong("peer"), help: "A node to dial, as ID@HOST:PORT; repeat for each.")
        var peers: [String] = []

        @Option(name: .customLong("block-ms"), help: "Block interval in milliseconds while transactions are pending.")
        var blockMilliseconds = 200

        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
        var logLevel = "notice"

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("unknown --log-level '\(logLevel)'")
            }
        }

        /// What `--json` prints.
        struct Created: Encodable {
            var home: String
            var config: String
            var validatorId: String
            var p2pListen: String
            /// `nil` when the peer-to-peer port is chosen at each start, so peers cannot be told where to dial.
            var peerAddress: String?
            var api: String
            var chainId: String?
        }

        func run() async throws {
            try await Output.reportingErrors {
                let home = location.nodeHome
                let config = try makeConfig()
                let key = try validatorKey.map { try ValidatorKeyFile.load(from: fileURL($0)) } ?? PrivateKey()
                let genesisFile = try genesis.map { try checkedGenesis(fileURL($0), key: key.publicKey) }
                try home.create(config: config, key: key, genesis: genesisFile)
                try report(home: home, config: config, key: key.publicKey, chainID: genesisFile?.chainId)
            }
        }

        private func makeConfig() throws -> NodeConfigFile {
            let config = NodeConfigFile(
                api: .init(host: apiHost, port: apiPort), p2p: .init(host: p2pHost, port: p2pPort),
                peers: try peers.map { try PeerRecord(address: $0) }, blockIntervalMs: blockMilliseconds,
                logLevel: Logger.Level(rawValue: logLevel) ?? .notice)
            try config.validate(source: "the options")
            return config
        }

        private func fileURL(_ path: String) -> URL {
            URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
        }

        private func checkedGenesis(_ url: URL, key: PublicKey) throws -> GenesisFile {
            let file = try GenesisFile.load(from: url)
            let genesis = try file.genesis()
            do {
                _ = try genesis.makeState()
            } catch {
                throw NodeError(.configuration, "invalid genesis \(url.path): \(error)")
            }
            guard genesis.validators.contains(key) else {
                throw NodeError(
                    .configuration,
                    "\(url.path) does not list this node's key \(key.hex) as a validator. For a new validator, "
                        + "run `bazaar node init` without --genesis and give its validator id to whoever makes "
                        + "the genesis; for an existing one, pass its key with --validator-key")
            }
            return file
        }

        private func report(home: NodeHome, config: NodeConfigFile, key: PublicKey, chainID: String?) throws {
            let wildcard = ["0.0.0.0", "::"].contains(config.p2p.host)
            let peerAddress: String? =
                if config.p2p.port == 0 {
                    nil
                } else if wildcard {
                    "\(key.hex)@<this machine's address>:\(config.p2p.port)"
                } else {
                    PeerRecord(key: key, host: config.p2p.host, port: config.p2p.port).address
                }
            let api = localAPIURL(host: config.api.host, port: config.api.port)
            if json {
                return try Output.json(
                    Created(
                        home: home.directory.path, config: home.configURL.path, validatorId: key.hex,
                        p2pListen: "\(config.p2p.host):\(config.p2p.port)", peerAddress: peerAddress, api: api,
                        chainId: chainID))
            }
            Output.fields([
                ("node home", home.directory.path),
                ("validator id", key.hex),
                ("p2p listen", "\(config.p2p.host):\(config.p2p.port)"),
                ("peer address", peerAddress ?? "none: with --p2p-port 0 the port changes at each start"),
                ("API", api + (config.api.port == 0 ? " (port chosen at start)" : "")),
                ("chain", chainID ?? "none yet"),
            ])
            let start = "bazaar node start --home \(home.directory.path)"
            var next = ["Next:"]
            if chainID == nil {
                next += [
                    "  1. Give the validator id and peer address to whoever makes the chain's genesis "
                        + "(bazaar genesis create --validator ID ...).",
                    "  2. Copy the chain's genesis.json to \(config.genesisURL(home: home.directory).path).",
                    "  3. List the other validators under \"peers\" in \(home.configURL.path), "
                        + "as {\"id\": ID, \"host\": HOST, \"port\": PORT}.",
                    "  4. \(start)",
                ]
            } else {
                next.append("  \(start)")
            }
            Output.note(next.joined(separator: "\n"))
        }
    }
}
