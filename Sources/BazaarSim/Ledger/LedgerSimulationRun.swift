import BazaarCore

/// The mutable part of one `LedgerSimulation`: the application, the blocks so far and the tallies.
struct LedgerSimulationRun {
    let simulation: LedgerSimulation
    let genesis: Genesis
    var factory: TransactionFactory
    var application: Application
    var random: SimulationRandom
    var blocks: [Block] = []
    /// The application hash after each height; index 0 is genesis.
    var appHashes: [Hash]
    var rejected: [ResultCode: Int] = [:]
    var executed: [ResultCode: Int] = [:]
    /// Actions of included transactions by kind: all of an `ok` transaction's, and the failing one of another's.
    var actionsOK: [LedgerActionKind: Int] = [:]
    var actionsFailed: [LedgerActionKind: Int] = [:]
    var generated = 0
    var admitted = 0
    var skipped = 0
    var injected = 0

    init(simulation: LedgerSimulation, genesis: Genesis, keys: [PrivateKey], random: SimulationRandom)
        throws(LedgerSimulationFailure)
    {
        self.simulation = simulation
        self.genesis = genesis
        self.random = random
        factory = TransactionFactory(keys: keys, chainID: LedgerSimulation.chainID, coversEveryAction: true)
        do {
            application = try Application(genesis: genesis)
        } catch {
            throw LedgerSimulationFailure(seed: simulation.seed, height: 0, violation: "genesis: \(error)")
        }
        application.checksFullInvariantsEveryBlock = true
        appHashes = [application.state.appHash]
    }

    private var height: UInt64 { application.state.height }

    private func failure(_ violation: String) -> LedgerSimulationFailure {
        LedgerSimulationFailure(seed: simulation.seed, height: height, violation: violation)
    }

    // MARK: - One block

    mutating func produceBlock() throws(LedgerSimulationFailure) {
        let candidates = admitCandidates()
        var chosen = application.prepareProposal(candidates)
        skipped += candidates.count - chosen.count
        if random.chance(percent: 10), let stale = factory.staleTransaction(state: application.state, random: &random) {
            // A faulty proposer includes a transaction that fails admission; execution must record and ignore it.
            chosen.insert(stale, at: random.int(in: 0...chosen.count))
            injected += 1
        }
        let block = makeBlock(chosen)
        guard application.processProposal(block, verified: chosen) == .accept else {
            throw failure("processProposal rejected a block built by prepareProposal")
        }
        let before = application.state
        let snapshot = before.canonicalBytes
        let finalized = application.finalizeBlock(block, verified: chosen)
        let committed = application.commit()
        guard committed.appHash == finalized.appHash else { throw failure("commit reports another app hash") }
        for result in finalized.results { executed[result.code, default: 0] += 1 }
        countActions(chosen, results: finalized.results, before: before)
        blocks.append(block)
        appHashes.append(finalized.appHash)
        try checkInvariants()
        try checkSnapshotResumes(from: snapshot, block: block, verified: chosen, expected: finalized.appHash)
    }

    /// Counts each executed action by kind and outcome; actions after a failing one did not run.
    private mutating func countActions(
        _ transactions: [VerifiedTransaction], results: [TransactionResult], before: LedgerState
    ) {
        precondition(transactions.count == results.count, "one result per transaction")
        for (transaction, result) in zip(transactions, results) {
            let actions = transaction.transaction.actions
            if result.code == .ok {
                for action in actions { actionsOK[LedgerActionKind(action, state: before), default: 0] += 1 }
            } else if let index = result.failedActionIndex, Int(index) < actions.count {
                actionsFailed[LedgerActionKind(actions[Int(index)], state: before), default: 0] += 1
            }
        }
    }

    /// Generates this block's transactions and runs each through `admit` and `checkTx`.
    private mutating func admitCandidates() -> [VerifiedTransaction] {
        var pending: [AccountID: Application.PendingSender] = [:]
        var candidates = [VerifiedTransaction]()
        for _ in 0..<simulation.transactionsPerBlock {
            let bytes = factory.makeTransactionBytes(state: application.state, pending: pending, random: &random)
            generated += 1
            let verified: VerifiedTransaction
            switch Application.admit(bytes, chainID: LedgerSimulation.chainID) {
            case .failure(let rejection):
                rejected[rejection.code, default: 0] += 1
                continue
            case .success(let transaction): verified = transaction
            }
            let senderPending = pending[verified.sender] ?? .none
            let code = application.checkTx(verified, pending: senderPending)
            guard code == .ok else {
                rejected[code, default: 0] += 1
                continue
            }
            admitted += 1
            pending[verified.sender] = Application.PendingSender(
                transactionCount: senderPending.transactionCount + 1,
                fees: senderPending.fees.adding(verified.transaction.fee)!)
            candidates.append(verified)
        }
        return candidates
    }

    private mutating func makeBlock(_ transactions: [VerifiedTransaction]) -> Block {
        let state = application.state
        let header = BlockHeader(
            chainID: LedgerSimulation.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + UInt64(random.int(in: 1...2_000)),
            previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)),
            previousAppHash: state.appHash, proposer: factory.keys[0].publicKey)
        return Block(header: header, transactions: transactions.map(\.signed))
    }

    // MARK: - Checks

    private func checkInvariants() throws(LedgerSimulationFailure) {
        let state = application.state
        do {
            try state.checkFullConservation()
        } catch {
            throw failure(error.description)
        }
        for id in state.accounts.keys.sorted() {
            for (asset, amount) in state.accounts[id]!.sortedBalances where amount.isZero {
                throw failure("account \(id) stores a zero balance of \(asset)")
            }
        }
    }

    /// An application resumed from the snapshot before `block` must reach the same hash after it.
    private func checkSnapshotResumes(
        from snapshot: [UInt8], block: Block, verified: [VerifiedTransaction], expected: Hash
    ) throws(LedgerSimulationFailure) {
        let state: LedgerState
        do {
            state = try LedgerState(canonicalBytes: snapshot)
        } catch {
            throw failure("snapshot does not decode: \(error)")
        }
        guard state.canonicalBytes == snapshot else { throw failure("snapshot does not re-encode to its bytes") }
        var resumed = Application(state: state)
        resumed.checksFullInvariantsEveryBlock = true
        guard resumed.processProposal(block, verified: verified) == .accept else {
            throw failure("an application resumed from a snapshot rejects the block")
        }
        let appHash = resumed.finalizeBlock(block, verified: verified).appHash
        guard appHash == expected else {
            throw failure("an application resumed from a snapshot reaches \(appHash), not \(expected)")
        }
    }

    /// A fresh application replays every block from its bytes and must match every height's hash.
    func replayFromGenesis() throws(LedgerSimulationFailure) {
        var replica: Application
        do {
            replica = try Application(genesis: genesis)
        } catch {
            throw failure("genesis: \(error)")
        }
        for (index, original) in blocks.enumerated() {
            let block: Block
            do {
                block = try Block(canonicalBytes: original.canonicalBytes)
            } catch {
                throw failure("block \(index + 1) does not decode: \(error)")
            }
            let verified = block.transactions.compactMap(VerifiedTransaction.init(verifying:))
            guard verified.count == block.transactions.count,
                replica.processProposal(block, verified: verified) == .accept
            else { throw failure("replay rejects block \(index + 1)") }
            let appHash = replica.finalizeBlock(block, verified: verified).appHash
            _ = replica.commit()
            guard appHash == appHashes[index + 1] else {
                throw failure("replay reaches \(appHash) at height \(index + 1), not \(appHashes[index + 1])")
            }
        }
    }

    func report() -> LedgerSimulationReport {
        let included = executed.values.reduce(0, +)
        let ok = executed[.ok] ?? 0
        return LedgerSimulationReport(
            seed: simulation.seed, blocks: blocks.count, accounts: simulation.accountCount,
            transactionsGenerated: generated, transactionsAdmitted: admitted, transactionsSkippedByProposer: skipped,
            transactionsInjectedByFaultyProposer: injected, transactionsIncluded: included, transactionsOK: ok,
            transactionsFailed: included - ok, rejectedByCode: LedgerSimulationReport.counts(rejected),
            executedByCode: LedgerSimulationReport.counts(executed),
            actions: LedgerActionKind.allCases.map {
                LedgerSimulationReport.ActionCount(
                    kind: $0.rawValue, ok: actionsOK[$0] ?? 0, failed: actionsFailed[$0] ?? 0)
            }, finalHeight: application.state.height,
            finalAppHash: application.state.appHash.hex)
    }
}
