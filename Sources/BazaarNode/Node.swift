import BazaarConsensus
public import BazaarCore
public import Logging

/// One node: the state machine, the mempool and the block store, behind an actor.
///
/// Signature checks run outside the actor (`Application.admit` is a pure
/// static function, so the API verifies on whichever core serves the
/// request); the actor serializes only the cheap stateful steps and block
/// production, which drives the same ABCI++-shaped boundary the BFT
/// consensus will drive.
public actor Node {
    /// What `GET /v1/status` reports.
    public struct Status: Sendable {
        public let chainID: String
        public let height: UInt64
        public let appHash: Hash
        public let lastBlockHash: Hash
        public let lastBlockTimeMilliseconds: UInt64
        public let feeAsset: AssetSymbol
        public let minimumFee: Amount
        public let mempoolTransactions: Int
    }

    public nonisolated let chainID: String
    public nonisolated let store: BlockStore
    public nonisolated let hub: StreamHub
    public nonisolated let metrics: NodeMetrics
    private var application: Application
    private var mempool: Mempool
    private let validatorKey: PrivateKey
    private let snapshotInterval: UInt64
    private let logger: Logger
    private var onFirstPendingTransaction: (@Sendable () -> Void)?
    private let dataDirectoryLock: DataDirectoryLock

    /// Opens the store, restores the newest snapshot and replays the blocks after it.
    ///
    /// - Throws: `NodeError` when the store is unreadable, belongs to another
    ///   genesis, or replay does not reproduce a stored application hash.
    public init(configuration: NodeConfiguration, logger: Logger = Logger(label: "bazaar.node")) throws {
        let genesis = configuration.genesis
        guard genesis.validators.contains(configuration.validatorKey.publicKey) else {
            throw NodeError(.configuration, "the validator key is not a validator of this genesis")
        }
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let store = try BlockStore(path: configuration.storePath)
        try store.bind(toGenesis: genesis.hash)
        var application: Application
        do {
            application = try store.latestSnapshot().map { Application(state: $0) } ?? Application(genesis: genesis)
        } catch {
            throw NodeError(.configuration, "invalid genesis: \(error)")
        }
        try Node.replay(store: store, into: &application)
        chainID = genesis.parameters.chainID
        self.store = store
        dataDirectoryLock = lock
        self.application = application
        hub = StreamHub()
        metrics = NodeMetrics()
        mempool = Mempool(
            transactionCountMax: configuration.mempoolTransactionCountMax,
            byteCountMax: configuration.mempoolByteCountMax)
        validatorKey = configuration.validatorKey
        snapshotInterval = max(configuration.snapshotInterval, 1)
        self.logger = logger
        metrics.blockHeight.set(Int64(application.state.height))
        logger.info(
            "node ready",
            metadata: ["height": "\(application.state.height)", "appHash": "\(application.state.appHash)"])
    }

    /// Re-executes stored blocks above the state's height, checking each stored application hash.
    private static func replay(store: BlockStore, into application: inout Application) throws {
        try store.forEachBlock(after: application.state.height) { stored in
            let verified = stored.block.transactions.map(VerifiedTransaction.init(readBackFromOwnStore:))
            guard case .accept = application.processProposal(stored.block, verified: verified) else {
                throw NodeError(.corruptStore, "stored block \(stored.block.header.height) does not extend the chain")
            }
            let finalized = application.finalizeBlock(stored.block, verified: verified)
            guard finalized.appHash == stored.appHash else {
                throw NodeError(
                    .corruptStore,
                    "replaying block \(stored.block.header.height) gave application hash \(finalized.appHash), stored \(stored.appHash)"
                )
            }
            _ = application.commit()
        }
    }

    // MARK: - Transactions

    /// Admits a transaction whose signature was verified by `Application.admit`.
    public func submit(_ transaction: VerifiedTransaction) -> ResultCode {
        let wasEmpty = mempool.isEmpty
        let code = mempool.insert(transaction, application: application)
        if code == .ok {
            metrics.transactionsAccepted.increment()
            metrics.mempoolTransactions.set(Int64(mempool.count))
            if wasEmpty { onFirstPendingTransaction?() }
        } else {
            metrics.transactionsRejected.increment()
        }
        return code
    }

    /// Admits verified transactions in order, in one visit to the actor.
    public func submit(_ transactions: [VerifiedTransaction]) -> [ResultCode] {
        transactions.map { submit($0) }
    }

    public func isPending(_ id: Hash) -> Bool { mempool.contains(id) }

    public var hasPendingTransactions: Bool { !mempool.isEmpty }

    /// Registers the producer's wake-up call for when the mempool stops being empty.
    public func setPendingTransactionHandler(_ handler: @escaping @Sendable () -> Void) {
        onFirstPendingTransaction = handler
    }

    // MARK: - Blocks

    /// Proposes, checks, executes, persists and commits the next block.
    ///
    /// - Parameter clockMilliseconds: the proposer's wall clock; the block time is
    ///   moved past the previous block's if the clock lags.
    /// - Throws: `NodeError.storage` when the block cannot be persisted; the
    ///   node must then stop, since memory is ahead of disk.
    @discardableResult
    public func produceBlock(clockMilliseconds: UInt64) throws -> FinalizedBlock {
        let started = ContinuousClock.now
        let state = application.state
        let chosen = application.prepareProposal(mempool.transactions)
        let header = BlockHeader(
            chainID: chainID, height: state.height + 1,
            timeMilliseconds: BlockSchedule.blockTime(
                clockMilliseconds: clockMilliseconds, previousBlockMilliseconds: state.timeMilliseconds),
            previousBlockHash: state.lastBlockHash, transactionsHash: Block.transactionsHash(ids: chosen.map(\.id)),
            previousAppHash: state.appHash, proposer: validatorKey.publicKey)
        let block = Block(header: header, transactions: chosen.map(\.signed))
        let verdict = application.processProposal(block, verified: chosen)
        precondition(verdict == .accept, "own proposal rejected: \(verdict)")
        let finalized = application.finalizeBlock(block, verified: chosen)
        let snapshot = header.height % snapshotInterval == 0 ? application.state : nil
        try store.append(finalized, snapshot: snapshot)
        _ = application.commit()
        mempool.update(afterCommitting: Set(chosen.map(\.id)), application: application)
        let assets = application.state.assets
        hub.publish(finalized) { assets[$0]?.decimals ?? 0 }
        metrics.blocksCommitted.increment()
        metrics.transactionsCommitted.increment(by: Int64(chosen.count))
        metrics.blockHeight.set(Int64(header.height))
        metrics.mempoolTransactions.set(Int64(mempool.count))
        metrics.mempoolBytes.set(Int64(mempool.byteCount))
        metrics.blockExecution.record(ContinuousClock.now - started)
        return finalized
    }

    /// Stores a snapshot of the current state so the next start replays nothing.
    public func saveSnapshot() throws {
        try store.saveSnapshot(application.state)
    }

    // MARK: - Queries

    public var status: Status {
        let state = application.state
        return Status(
            chainID: chainID, height: state.height, appHash: state.appHash, lastBlockHash: state.lastBlockHash,
            lastBlockTimeMilliseconds: state.timeMilliseconds, feeAsset: state.parameters.feeAsset,
            minimumFee: state.parameters.minimumFee, mempoolTransactions: mempool.count)
    }

    public func account(_ id: AccountID) -> Account? { application.state.account(id) }

    public var assets: [AssetInfo] { application.state.sortedAssets }

    public func asset(_ symbol: AssetSymbol) -> AssetInfo? { application.state.assets[symbol] }

    /// Runs the O(state) conservation check; for tests and start-up diagnostics.
    public func checkFullConservation() throws { try application.state.checkFullConservation() }
}
