import BazaarAPI
public import BazaarConsensus
public import BazaarCore
import BazaarHistory
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
        public let validators: Int
        public let connectedPeers: Int
        public let consensusRound: UInt32
    }

    public nonisolated let chainID: String
    public nonisolated let store: BlockStore
    public nonisolated let hub: StreamHub
    public nonisolated let metrics: NodeMetrics
    var application: Application
    var mempool: Mempool
    let validatorKey: PrivateKey
    private let snapshotInterval: UInt64
    let logger: Logger
    private var onFirstPendingTransaction: (@Sendable () -> Void)?
    private let dataDirectoryLock: DataDirectoryLock
    /// The genesis validators, each with voting power 1.
    public nonisolated let validators: ValidatorSet
    /// The consensus driver's state, once `startConsensus` ran.
    var consensus: ConsensusRuntime?
    /// A failure of a consensus timer or proposal task, rethrown by the next `consensusTick`.
    var consensusFailure: (any Error)?

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
        // History continues only where it is whole: a chain stored without it (or whose history
        // stopped) re-executes its stored blocks to write the missing rows first.
        if configuration.recordsHistory, try HistoryBackfill.run(store: store, genesis: genesis, logger: logger) {
            application.recordsHistory = true
        }
        chainID = genesis.parameters.chainID
        validators = ValidatorSet(genesis.validators.map { Validator(publicKey: $0, votingPower: 1) })
        self.store = store
        dataDirectoryLock = lock
        self.application = application
        let hub = StreamHub()
        let latestCandles = try store.latestCandles(of: application.state.marketList.map(\.id))
        hub.start(
            context: RenderingContext(assets: application.state.assets.values, markets: application.state.marketList),
            books: Node.books(of: application.state.marketList.map(\.id), in: application.state),
            height: application.state.height, candles: latestCandles.candles,
            timeMilliseconds: application.state.timeMilliseconds)
        self.hub = hub
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

    /// Admits a transaction whose signature was verified by `Application.admit`, and sends it to
    /// the peers when it is new.
    public func submit(_ transaction: VerifiedTransaction) -> ResultCode {
        submit([transaction])[0]
    }

    /// Admits verified transactions in order, in one visit to the actor.
    ///
    /// - Parameter gossip: whether to send the admitted ones to every peer; `false` for
    ///   transactions that came from a peer (validators are fully meshed, so nothing is relayed).
    public func submit(_ transactions: [VerifiedTransaction], gossip: Bool = true) -> [ResultCode] {
        let wasEmpty = mempool.isEmpty
        var admitted = [SignedTransaction]()
        let codes = transactions.map { transaction in
            let code = mempool.insert(transaction, application: application)
            if code == .ok {
                metrics.transactionsAccepted.increment()
                admitted.append(transaction.signed)
            } else {
                metrics.transactionsRejected.increment()
            }
            return code
        }
        metrics.mempoolTransactions.set(Int64(mempool.count))
        if wasEmpty, !mempool.isEmpty { onFirstPendingTransaction?() }
        if gossip, let transport = consensus?.transport, !admitted.isEmpty {
            var start = 0
            while start < admitted.count {
                let end = min(start + PeerMessage.transactionCountMax, admitted.count)
                transport.broadcast(PeerMessage.transactions(Array(admitted[start..<end])).canonicalBytes)
                start = end
            }
        }
        return codes
    }

    public func isPending(_ id: Hash) -> Bool { mempool.contains(id) }

    public var hasPendingTransactions: Bool { !mempool.isEmpty }

    /// Registers the producer's wake-up call for when the mempool stops being empty.
    public func setPendingTransactionHandler(_ handler: @escaping @Sendable () -> Void) {
        onFirstPendingTransaction = handler
    }

    // MARK: - Blocks

    /// Proposes, checks, executes, persists and commits the next block: the one-validator path,
    /// for tests and tools that drive the node without consensus.
    ///
    /// - Parameter clockMilliseconds: the proposer's wall clock; the block time is
    ///   moved past the previous block's if the clock lags.
    /// - Throws: `NodeError.storage` when the block cannot be persisted; the
    ///   node must then stop, since memory is ahead of disk.
    @discardableResult
    public func produceBlock(clockMilliseconds: UInt64) throws -> FinalizedBlock {
        let (block, verified) = buildProposal(proposer: validatorKey.publicKey, clockMilliseconds: clockMilliseconds)
        let verdict = checkProposal(block, verified: verified)
        precondition(verdict == .accept, "own proposal rejected: \(verdict)")
        return try commitBlock(block, verified: verified, commit: nil)
    }

    /// Builds the next block from the mempool on the committed state (`prepareProposal`).
    ///
    /// - Parameter evidence: encoded equivocation evidence to include, already validated.
    public func buildProposal(proposer: PublicKey, clockMilliseconds: UInt64, evidence: [[UInt8]] = [])
        -> (Block, [VerifiedTransaction])
    {
        let state = application.state
        let chosen = application.prepareProposal(mempool.transactions)
        let header = BlockHeader(
            chainID: chainID, height: state.height + 1,
            timeMilliseconds: BlockSchedule.blockTime(
                clockMilliseconds: clockMilliseconds, previousBlockMilliseconds: state.timeMilliseconds),
            previousBlockHash: state.lastBlockHash, transactionsHash: Block.transactionsHash(ids: chosen.map(\.id)),
            previousAppHash: state.appHash, proposer: proposer, evidenceHash: Block.evidenceHash(evidence))
        return (Block(header: header, transactions: chosen.map(\.signed), evidence: evidence), chosen)
    }

    /// Whether a proposed block may be voted for on the committed state (`processProposal`).
    public func checkProposal(_ block: Block, verified: [VerifiedTransaction]) -> ProposalVerdict {
        application.processProposal(block, verified: verified)
    }

    /// The block's transactions that the mempool already verified, by position; `nil` where the
    /// caller must verify the signature itself.
    public func knownTransactions(_ block: Block) -> [VerifiedTransaction?] {
        block.transactions.map { mempool.transaction($0.id) }
    }

    /// The committed height.
    public var height: UInt64 { application.state.height }

    /// Executes a decided block, stores it with its commit, commits the state and publishes it.
    ///
    /// - Precondition: the block passed `checkProposal` on the current state.
    /// - Throws: `NodeError.storage` when the block cannot be persisted; the
    ///   node must then stop, since memory is ahead of disk.
    @discardableResult
    public func commitBlock(_ block: Block, verified: [VerifiedTransaction], commit: [UInt8]?) throws
        -> FinalizedBlock
    {
        let started = ContinuousClock.now
        let finalized = application.finalizeBlock(block, verified: verified)
        let height = block.header.height
        let snapshot = height % snapshotInterval == 0 ? application.state : nil
        var history: HistoryRows?
        var historyFailure: (any Error)?
        if let journal = finalized.journal {
            do {
                history = try HistoryExtractor.rows(of: finalized, journal: journal, state: application.state)
            } catch {
                historyFailure = error
            }
        }
        if let failure = try store.append(finalized, commit: commit, snapshot: snapshot, history: history) {
            historyFailure = failure
        }
        _ = application.commit()
        if let historyFailure { stopRecordingHistory(at: height, because: historyFailure) }
        mempool.update(afterCommitting: Set(verified.map(\.id)), application: application)
        hub.publish(finalized, context: renderingContext, books: touchedBooks(finalized))
        metrics.blocksCommitted.increment()
        metrics.transactionsCommitted.increment(by: Int64(verified.count))
        metrics.blockHeight.set(Int64(height))
        metrics.mempoolTransactions.set(Int64(mempool.count))
        metrics.mempoolBytes.set(Int64(mempool.byteCount))
        metrics.blockExecution.record(ContinuousClock.now - started)
        return finalized
    }

    /// Turns account history off after a block whose rows could not be made or stored. History
    /// is an off-consensus record: a fault in it must never stop a validator, so the node goes on
    /// committing blocks and says loudly where its history ends.
    private func stopRecordingHistory(at height: UInt64, because error: any Error) {
        application.recordsHistory = false
        metrics.historyFailures.increment()
        logger.error(
            "account history stops before block \(height) and the node goes on without it: \(error)")
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
            minimumFee: state.parameters.minimumFee, mempoolTransactions: mempool.count, validators: validators.count,
            connectedPeers: consensus?.transport?.connectedPeers.count ?? 0,
            consensusRound: consensus?.tendermint.round ?? 0)
    }

    public func account(_ id: AccountID) -> Account? { application.state.account(id) }

    public var assets: [AssetInfo] { application.state.sortedAssets }

    public func asset(_ symbol: AssetSymbol) -> AssetInfo? { application.state.assets[symbol] }

    /// Runs the O(state) conservation check; for tests and start-up diagnostics.
    public func checkFullConservation() throws { try application.state.checkFullConservation() }
}
