public import BazaarConsensus
import BazaarCore
public import Foundation
public import Logging

/// `<node home>/config.json`: how an operator runs one node — its API and peer-to-peer
/// addresses, the peers it dials, the block interval, the consensus timeouts, the log level,
/// and where its genesis, validator key and data live.
///
/// JSON through `Codable` rather than the TOML of DESIGN.md: TOMLKit's package needs
/// swift-checkit, which cannot be installed here. Every field but `version` may be left out
/// and takes its default; a field the format does not know is an error, so a misspelt name
/// never silently falls back to a default. Relative paths are relative to the file's folder.
public struct NodeConfigFile: Sendable, Equatable {
    public static let fileName = "config.json"
    public static let currentVersion = 1
    /// The most peers a file may list, the transport's default limit on links.
    public static let peerCountMax = 64

    /// A host and TCP port to listen on.
    public struct Address: Sendable, Equatable {
        public var host: String
        /// 0 picks a free port when the node starts.
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Tendermint's timeouts in milliseconds: each is `base + delta × round`, capped at `maxMs`.
    /// Every validator of a chain should use the same ones.
    public struct Timeouts: Sendable, Equatable {
        public var proposeMs: Int
        public var proposeDeltaMs: Int
        public var prevoteMs: Int
        public var prevoteDeltaMs: Int
        public var precommitMs: Int
        public var precommitDeltaMs: Int
        public var maxMs: Int

        public init(_ settings: TimeoutSettings = TimeoutSettings()) {
            proposeMs = Int(settings.proposeMilliseconds)
            proposeDeltaMs = Int(settings.proposeDeltaMilliseconds)
            prevoteMs = Int(settings.prevoteMilliseconds)
            prevoteDeltaMs = Int(settings.prevoteDeltaMilliseconds)
            precommitMs = Int(settings.precommitMilliseconds)
            precommitDeltaMs = Int(settings.precommitDeltaMilliseconds)
            maxMs = Int(settings.durationMillisecondsMax)
        }

        /// The settings the consensus uses; call on a validated file only.
        public var settings: TimeoutSettings {
            TimeoutSettings(
                proposeMilliseconds: UInt64(proposeMs), proposeDeltaMilliseconds: UInt64(proposeDeltaMs),
                prevoteMilliseconds: UInt64(prevoteMs), prevoteDeltaMilliseconds: UInt64(prevoteDeltaMs),
                precommitMilliseconds: UInt64(precommitMs), precommitDeltaMilliseconds: UInt64(precommitDeltaMs),
                durationMillisecondsMax: UInt64(maxMs))
        }
    }

    public var version: Int
    /// The chain's `genesis.json`, shared by every node of the chain.
    public var genesisFile: String
    /// This node's Ed25519 key: it signs consensus messages and names the node to its peers.
    public var validatorKeyFile: String
    /// Holds the block store, the write-ahead log and the signer state.
    public var dataDirectory: String
    public var api: Address
    public var p2p: Address
    /// The nodes this node dials.
    public var peers: [PeerRecord]
    public var blockIntervalMs: Int
    /// How often a block is made when no transaction is waiting.
    public var idleIntervalMs: Int
    public var timeouts: Timeouts
    public var logLevel: Logger.Level
    /// Where this node's oracle reporter reads prices and volatilities (`OracleSource`:
    /// `file:PATH`, `command:CMD` or `http://127.0.0.1:PORT/PATH`); none: no reporter. The reporter
    /// signs with the validator key, and reports only while that key is a registered reporter.
    public var oracleSource: String?
    /// How often the reporter reads its source and reports (default 1,000).
    public var oracleReportIntervalMs: Int?

    /// The reporter's interval when the file gives none.
    public static let defaultOracleReportIntervalMs = 1_000

    /// A file with every default, then the given changes.
    public init(
        api: Address = Address(host: "127.0.0.1", port: 8080), p2p: Address = Address(host: "0.0.0.0", port: 26_656),
        peers: [PeerRecord] = [], blockIntervalMs: Int = 200, idleIntervalMs: Int? = nil,
        timeouts: Timeouts = Timeouts(), logLevel: Logger.Level = .notice
    ) {
        version = Self.currentVersion
        genesisFile = "genesis.json"
        validatorKeyFile = "validator-key.json"
        dataDirectory = "data"
        self.api = api
        self.p2p = p2p
        self.peers = peers
        self.blockIntervalMs = blockIntervalMs
        self.idleIntervalMs = idleIntervalMs ?? Self.defaultIdleIntervalMs(blockIntervalMs: blockIntervalMs)
        self.timeouts = timeouts
        self.logLevel = logLevel
    }

    static func defaultIdleIntervalMs(blockIntervalMs: Int) -> Int { max(1000, blockIntervalMs) }

    // MARK: - Files

    /// Reads and checks a config file; the files it names are checked by `makeConfiguration`.
    ///
    /// - Throws: `NodeError.configuration` naming the file and the first bad field.
    public static func load(from url: URL) throws -> NodeConfigFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw NodeError(.configuration, "\(url.path) does not exist; create a node with `bazaar node init`")
            }
            throw NodeError(.configuration, "cannot read \(url.path): \(error.localizedDescription)")
        }
        let file: NodeConfigFile
        do {
            file = try JSONDecoder().decode(NodeConfigFile.self, from: data)
        } catch let error as Swift.DecodingError {
            throw NodeError(.configuration, "\(url.path): \(Self.describe(error))")
        }
        try file.validate(source: url.path)
        return file
    }

    /// Writes the file as sorted, indented JSON, replacing any file at `url` atomically.
    ///
    /// - Throws: `NodeError.configuration` if a field is invalid or the file cannot be written.
    public func save(to url: URL) throws {
        try validate(source: url.path)
        let encoder = JSONEncoder()
        // Sorted keys: the same file every time, whatever the hashing of the encoder's dictionary.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try (encoder.encode(self) + Data("\n".utf8)).write(to: url, options: .atomic)
        } catch {
            throw NodeError(.configuration, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// `path` as a file URL: absolute as given (with `~` expanded), else inside `home`.
    public static func resolve(_ path: String, home: URL) -> URL {
        let expanded = NSString(string: path).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return home.appendingPathComponent(expanded).standardizedFileURL
    }
}
