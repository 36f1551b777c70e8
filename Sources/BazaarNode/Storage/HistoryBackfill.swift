import BazaarCore
import BazaarHistory
import Logging

/// Writes the account history of blocks stored without it: a chain stored before the node kept
/// history, or one whose history stopped (see `Node.stopRecordingHistory`). It re-executes the
/// stored blocks from the genesis with the journal on, checks every application hash against the
/// stored one, and stores the rows in transactions of ``blocksPerTransaction`` blocks, each moving
/// the store's history height. Killed part way, it starts again from that height: no gap, no
/// duplicate (the tables' keys refuse a second copy of a row anyway).
enum HistoryBackfill {
    /// Blocks of rows stored per SQLite transaction.
    static let blocksPerTransaction = 100
    /// Blocks between two progress lines in the log.
    static let blocksPerProgressLine: UInt64 = 1_000

    /// Backfills history up to the store's tip.
    ///
    /// - Returns: whether the store's history now reaches the tip. It does not when the journal
    ///   of some block could not be turned into rows; the node then runs without history, as the
    ///   log says.
    /// - Throws: `NodeError.corruptStore` when re-executing a stored block gives another
    ///   application hash than the stored one, or a storage error.
    static func run(store: BlockStore, genesis: Genesis, logger: Logger) throws -> Bool {
        let tip = try store.latestHeight()
        let start = try store.historyHeight()
        if start == tip { return true }
        // A new chain's genesis rows are no backfill worth a line in the log.
        let level: Logger.Level = tip == 0 ? .debug : .notice
        logger.log(
            level: level,
            "writing account history for blocks \(start.map { $0 + 1 } ?? 0) to \(tip) by re-executing them")
        var application: Application
        do {
            application = try Application(genesis: genesis, recordsHistory: start == nil)
        } catch {
            throw NodeError(.configuration, "invalid genesis: \(error)")
        }
        var pending: [HistoryRows] = []
        if start == nil {
            guard let journal = application.genesisJournal else {
                preconditionFailure("an application made with history on has no genesis journal")
            }
            do {
                pending.append(
                    try HistoryExtractor.genesisRows(
                        journal: journal, state: application.state, timeMilliseconds: genesis.timeMilliseconds))
            } catch {
                logger.error("account history stays off: the genesis state's rows could not be made: \(error)")
                return false
            }
        }
        let historyFrom = start ?? 0
        var failure: (any Error)?
        try store.forEachBlock(after: 0) { stored in
            let height = stored.block.header.height
            guard failure == nil else { return }
            // Blocks that already have rows are re-executed only to rebuild the state.
            application.recordsHistory = height > historyFrom
            let verified = stored.block.transactions.map(VerifiedTransaction.init(readBackFromOwnStore:))
            guard case .accept = application.processProposal(stored.block, verified: verified) else {
                throw NodeError(.corruptStore, "stored block \(height) does not extend the chain")
            }
            let finalized = application.finalizeBlock(stored.block, verified: verified)
            guard finalized.appHash == stored.appHash else {
                throw NodeError(
                    .corruptStore,
                    "re-executing block \(height) gave application hash \(finalized.appHash), stored \(stored.appHash)")
            }
            if let journal = finalized.journal {
                do {
                    pending.append(try HistoryExtractor.rows(of: finalized, journal: journal, state: application.state))
                } catch {
                    failure = error
                }
            }
            _ = application.commit()
            if pending.count >= blocksPerTransaction || (failure != nil && !pending.isEmpty) {
                do {
                    try store.appendHistory(pending)
                } catch {
                    failure = error
                }
                pending.removeAll(keepingCapacity: true)
            }
            if height % blocksPerProgressLine == 0 { logger.info("account history written up to block \(height)") }
        }
        if !pending.isEmpty, failure == nil {
            do {
                try store.appendHistory(pending)
            } catch {
                failure = error
            }
        }
        if let failure {
            let reached = try store.historyHeight().map(String.init) ?? "none"
            logger.error("account history stops at block \(reached), and the node runs without it: \(failure)")
            return false
        }
        let reached = try store.historyHeight()
        assert(reached == tip, "backfill ended at \(String(describing: reached)), the tip is \(tip)")
        logger.log(level: level, "account history written up to block \(tip)")
        return reached == tip
    }
}
