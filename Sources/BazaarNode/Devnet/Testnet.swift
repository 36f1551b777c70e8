public import BazaarCore
public import Foundation
public import Logging

/// A local network of 1 to 10 validators, each a separate `bazaar node start` process with its
/// own node home under `<home>/testnet/nodeI`, sharing one genesis with the devnet's demo assets.
///
/// Ports are fixed so that every config can name its peers before any process starts: node I
/// serves its API on `basePort + I` and listens for peers on `basePort + 100 + I`, all on 127.0.0.1.
public enum Testnet {
    public static let chainID = "bazaar-testnet"
    public static let validatorCountRange = 1...10
    public static let defaultBasePort = 8080
    /// The distance from a node's API port to its peer-to-peer port.
    public static let p2pPortOffset = 100
    /// Written last when a testnet is created, so a folder without it is an interrupted creation.
    public static let genesisFileName = "genesis.json"
    public static let logFileName = "node.log"

    /// One validator of the testnet.
    public struct Member: Sendable, Equatable {
        public let index: Int
        public let home: NodeHome
        public let publicKey: PublicKey
        public let apiPort: Int
        public let p2pPort: Int

        public var name: String { "node\(index)" }
        public var apiURL: String { "http://127.0.0.1:\(apiPort)" }
        /// The process's standard output and error.
        public var logURL: URL { home.directory.appendingPathComponent(Testnet.logFileName) }
    }

    /// A testnet folder ready to start.
    public struct Prepared: Sendable {
        public let directory: URL
        public let genesis: Genesis
        public let members: [Member]
        /// Whether this call created the chain (first start or `reset`).
        public let isNew: Bool
    }

    /// The ports a testnet uses, API and peer-to-peer for each node, or `nil` if they do not fit below 65536.
    public static func ports(basePort: Int, validatorCount: Int) -> [(api: Int, p2p: Int)]? {
        guard basePort >= 1, basePort + p2pPortOffset + validatorCount - 1 <= 65_535 else { return nil }
        return (0..<validatorCount).map { (basePort + $0, basePort + p2pPortOffset + $0) }
    }

    /// Creates the testnet folder on first use (or after `reset`), else checks and reuses it; either
    /// way writes every node's `config.json` anew from the arguments, so ports, block interval and
    /// log level follow the latest command line while keys, genesis and chain data stay.
    ///
    /// - Parameters:
    ///   - directory: `<home>/testnet`.
    ///   - demoAccounts: funded in a new genesis, as on the devnet.
    ///   - clockMilliseconds: the genesis time of a new chain.
    ///   - oracleSource: every node's `oracleSource` (each reports with its validator key, which a
    ///     new testnet's genesis registers as an oracle reporter).
    /// - Throws: `NodeError.configuration` if the existing testnet has another number of validators
    ///   or its files do not match its genesis, or the ports do not fit.
    public static func prepare(
        directory: URL, validatorCount: Int, basePort: Int, blockIntervalMs: Int, logLevel: Logger.Level,
        demoAccounts: [AccountID], reset: Bool, clockMilliseconds: UInt64, oracleSource: String? = nil
    ) throws -> Prepared {
        guard validatorCountRange.contains(validatorCount) else {
            throw NodeError(.configuration, "a testnet has 1 to 10 validators, not \(validatorCount)")
        }
        guard let ports = ports(basePort: basePort, validatorCount: validatorCount) else {
            throw NodeError(.configuration, "base port \(basePort) leaves no room for \(validatorCount) validators")
        }
        let files = FileManager.default
        let genesisURL = directory.appendingPathComponent(genesisFileName)
        try ensureNotRunning(directory: directory)
        if reset || !files.fileExists(atPath: genesisURL.path), files.fileExists(atPath: directory.path) {
            try files.removeItem(at: directory)
        }
        let isNew = !files.fileExists(atPath: genesisURL.path)
        let keys: [PrivateKey]
        let genesis: Genesis
        if isNew {
            keys = (0..<validatorCount).map { _ in PrivateKey() }
            genesis = try NetworkGenesis.make(
                chainID: chainID, validators: keys.map(\.publicKey), demoAccounts: demoAccounts,
                timeMilliseconds: clockMilliseconds)
        } else {
            genesis = try GenesisFile.load(from: genesisURL).genesis()
            guard genesis.validators.count == validatorCount else {
                let count = genesis.validators.count
                throw NodeError(
                    .configuration,
                    "the testnet in \(directory.path) has \(count) validator\(count == 1 ? "" : "s"); "
                        + "start it with --validators \(count), or add --reset for a new one")
            }
            keys = try (0..<validatorCount).map { index in
                try loadKey(of: index, directory: directory, expected: genesis.validators[index])
            }
        }
        let members = (0..<validatorCount).map { index in
            Member(
                index: index, home: NodeHome(directory: directory.appendingPathComponent("node\(index)")),
                publicKey: keys[index].publicKey, apiPort: ports[index].api, p2pPort: ports[index].p2p)
        }
        for member in members {
            var config = makeConfig(
                for: member, members: members, blockIntervalMs: blockIntervalMs, logLevel: logLevel)
            config.oracleSource = oracleSource
            if isNew {
                try member.home.create(config: config, key: keys[member.index], genesis: GenesisFile(genesis))
            } else {
                try config.save(to: member.home.configURL)
            }
        }
        if isNew { try GenesisFile(genesis).save(to: genesisURL) }
        return Prepared(directory: directory, genesis: genesis, members: members, isNew: isNew)
    }

    /// Node `member`'s config: loopback addresses, every other member as a peer.
    static func makeConfig(for member: Member, members: [Member], blockIntervalMs: Int, logLevel: Logger.Level)
        -> NodeConfigFile
    {
        NodeConfigFile(
            api: .init(host: "127.0.0.1", port: member.apiPort), p2p: .init(host: "127.0.0.1", port: member.p2pPort),
            peers: members.filter { $0.index != member.index }.map {
                PeerRecord(key: $0.publicKey, host: "127.0.0.1", port: $0.p2pPort)
            },
            blockIntervalMs: blockIntervalMs, logLevel: logLevel)
    }

    /// Refuses to touch a testnet whose nodes run: each holds the lock on its data directory.
    private static func ensureNotRunning(directory: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasPrefix("node") {
            let data = directory.appendingPathComponent(name).appendingPathComponent("data")
            guard FileManager.default.fileExists(atPath: data.path) else { continue }
            do {
                _ = try DataDirectoryLock(directory: data)
            } catch {
                throw NodeError(
                    .configuration, "\(name) of the testnet in \(directory.path) is running; stop that testnet first")
            }
        }
    }

    private static func loadKey(of index: Int, directory: URL, expected: PublicKey) throws -> PrivateKey {
        let home = directory.appendingPathComponent("node\(index)")
        let key = try ValidatorKeyFile.load(from: home.appendingPathComponent("validator-key.json"))
        guard key.publicKey == expected else {
            throw NodeError(
                .configuration,
                "\(home.path) holds the key of another chain's validator; add --reset for a new testnet")
        }
        return key
    }
}
