public import BazaarConsensus
public import BazaarCore
public import Foundation

/// Everything a node needs to start.
public struct NodeConfiguration: Sendable {
    /// Holds the block store (`node.sqlite`).
    public var dataDirectory: URL
    public var genesis: Genesis
    /// The validator key that signs proposals; in the single-validator network it must be the genesis validator.
    public var validatorKey: PrivateKey
    public var host: String
    /// 0 picks a free port; the bound port is reported once the server runs.
    public var port: Int
    public var blockIntervalMilliseconds: UInt64
    public var idleIntervalMilliseconds: UInt64
    /// A state snapshot is stored every this many blocks; start-up replays at most this many.
    public var snapshotInterval: UInt64
    public var mempoolTransactionCountMax: Int
    public var mempoolByteCountMax: Int
    /// Where the peer-to-peer transport listens; 0 picks a free port.
    public var p2pHost: String = "127.0.0.1"
    public var p2pPort: Int = 0
    /// The validators (and other nodes) this node keeps links to; empty for a one-validator network.
    public var peers: [PeerRecord] = []
    /// The consensus timeouts; every validator of a chain should use the same ones.
    public var timeouts = TimeoutSettings()
    /// Whether a validator that ran before may start without its signer state file (see `ConsensusPaths`).
    public var allowsMissingSignerState = false
    /// The devnet faucet behind `POST /v1/faucet`; `nil`, which refuses it, except under `bazaar devnet`.
    public var faucet: FaucetSettings?
    /// The certificate and key the API serves HTTPS and WSS with, on its port; `nil` for plain HTTP.
    public var tls: TLSIdentity?
    /// Whether the node keeps account history (fills, orders, funding, ledger) in its store.
    public var recordsHistory = true

    public init(
        dataDirectory: URL, genesis: Genesis, validatorKey: PrivateKey, host: String = "127.0.0.1", port: Int = 8080,
        blockIntervalMilliseconds: UInt64 = 200, idleIntervalMilliseconds: UInt64 = 1000,
        snapshotInterval: UInt64 = 100,
        mempoolTransactionCountMax: Int = 50_000, mempoolByteCountMax: Int = 64 * 1024 * 1024
    ) {
        self.dataDirectory = dataDirectory
        self.genesis = genesis
        self.validatorKey = validatorKey
        self.host = host
        self.port = port
        self.blockIntervalMilliseconds = blockIntervalMilliseconds
        self.idleIntervalMilliseconds = idleIntervalMilliseconds
        self.snapshotInterval = snapshotInterval
        self.mempoolTransactionCountMax = mempoolTransactionCountMax
        self.mempoolByteCountMax = mempoolByteCountMax
    }

    public var storePath: String { dataDirectory.appendingPathComponent("node.sqlite").path }
    /// The consensus write-ahead log.
    public var writeAheadLogPath: String { dataDirectory.appendingPathComponent("consensus.wal").path }
    /// The last height, round and step this validator signed, checked before every signature.
    public var signerStatePath: String { dataDirectory.appendingPathComponent("signer-state").path }
    /// The peers this node learned, kept across restarts.
    public var peerListPath: String { dataDirectory.appendingPathComponent("peers.json").path }
}
