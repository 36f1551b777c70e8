import BazaarConsensus
import BazaarCore

/// Carrying out one validator's directives, as the node's driver would.
extension ConsensusSimulationRun {
    mutating func feed(_ index: Int, _ input: ConsensusInput) throws(ConsensusSimulationFailure) {
        guard nodes[index].consensus != nil else { return }
        let directives = nodes[index].consensus!.handle(input)
        for directive in directives {
            // A validator that crashed while carrying them out (a lost record) sends nothing after.
            guard nodes[index].isUp else { return }
            try execute(directive, at: index)
        }
    }

    /// In a `LostPrevote` run, whether this record is the honest validator's round-0 prevote at the
    /// scripted height whose append fails.
    private func losesRecord(_ record: WALRecord, at index: Int) -> Bool {
        guard let scenario = simulation.lostPrevote, index == (byzantine + 1) % nodes.count,
            nodes[index].lostRecord == nil, case .vote(let signed) = record
        else { return false }
        return signed.vote.type == .prevote && signed.vote.height == scenario.height && signed.vote.round == 0
    }

    /// The append failed: the signer state recorded the vote, the log did not, and the node stops
    /// before sending it; it restarts a little later.
    private mutating func loseRecordAndCrash(_ record: WALRecord, at index: Int) {
        guard let scenario = simulation.lostPrevote else { return }
        nodes[index].lostRecord = (record.height, 0)
        nodes[index].consensus = nil
        nodes[index].incarnation += 1
        stats.crashes += 1
        queue.schedule(.restart(node: index), atMilliseconds: now + scenario.restartDelayMilliseconds)
    }

    private mutating func execute(_ directive: ConsensusDirective, at index: Int) throws(ConsensusSimulationFailure) {
        switch directive {
        case .persist(let record):
            if losesRecord(record, at: index) { return loseRecordAndCrash(record, at: index) }
            nodes[index].writeAheadLog.append(record)
        case .broadcastProposal(let signed):
            try checkSignedOnce(index, step: signed.proposal.signingStep, bytes: signed.canonicalBytes)
            guard let block = blocks[signed.proposal.value] else { throw failure("proposed an unknown block") }
            let message = SimulatedMessage.proposal(signed, block)
            nodes[index].ownMessages.append(message)
            if nodes[index].isByzantine {
                equivocate(signed, block: block, from: index)
            } else {
                broadcast(message, from: index)
            }
        case .broadcastVote(let signed):
            try checkSignedOnce(index, step: signed.vote.signingStep, bytes: signed.canonicalBytes)
            nodes[index].ownMessages.append(.vote(signed))
            if nodes[index].isByzantine {
                equivocate(signed, from: index)
            } else {
                broadcast(.vote(signed), from: index)
            }
        case .requestValue(let height, let round):
            let block = makeBlock(proposer: index)
            blocks[block.hash] = block
            try feed(index, .proposeValue(height: height, round: round, value: block.hash))
        case .scheduleTimeout(let timeout, let milliseconds):
            queue.schedule(
                .timeout(timeout, node: index, incarnation: nodes[index].incarnation),
                atMilliseconds: now + milliseconds)
        case .decide(let commit):
            try decide(commit, at: index)
        case .reportEvidence(let evidence):
            stats.evidenceReports += 1
            guard evidence.validator == nodes[byzantine].key.publicKey else {
                throw failure("validator \(index) reports evidence against honest \(evidence.validator)")
            }
            if !nodes[index].pendingEvidence.contains(evidence) { nodes[index].pendingEvidence.append(evidence) }
        }
    }

    /// A block of a few random transfers and other actions on the proposer's committed state.
    mutating func makeBlock(proposer index: Int) -> Block {
        let application = nodes[index].application
        let state = application.state
        var pending: [AccountID: Application.PendingSender] = [:]
        var candidates = [VerifiedTransaction]()
        for _ in 0..<random.int(in: 0...4) {
            let bytes = factory.makeTransactionBytes(state: state, pending: pending, random: &random)
            guard case .success(let verified) = Application.admit(bytes, chainID: ConsensusSimulation.chainID),
                application.checkTx(verified, pending: pending[verified.sender] ?? .none) == .ok
            else { continue }
            let previous = pending[verified.sender] ?? .none
            pending[verified.sender] = Application.PendingSender(
                transactionCount: previous.transactionCount + 1,
                fees: previous.fees.adding(verified.transaction.fee)!)
            candidates.append(verified)
        }
        let chosen = application.prepareProposal(candidates)
        // Evidence from earlier heights that no decided block holds yet, as the node's driver includes it.
        let evidence = nodes[index].pendingEvidence
            .filter { $0.height <= state.height && !committedEvidence.contains($0.canonicalBytes) }
            .prefix(Block.evidenceCountMax).map(\.canonicalBytes)
        let header = BlockHeader(
            chainID: ConsensusSimulation.chainID, height: state.height + 1,
            timeMilliseconds: BlockSchedule.blockTime(
                clockMilliseconds: genesisTimeMilliseconds + now, previousBlockMilliseconds: state.timeMilliseconds),
            previousBlockHash: state.lastBlockHash, transactionsHash: Block.transactionsHash(ids: chosen.map(\.id)),
            previousAppHash: state.appHash, proposer: nodes[index].key.publicKey,
            evidenceHash: Block.evidenceHash(Array(evidence)))
        let block = Block(header: header, transactions: chosen.map(\.signed), evidence: Array(evidence))
        verifiedTransactions[block.hash] = chosen
        return block
    }

    /// Executes a decided block and checks it against every other validator's decision at that height.
    private mutating func decide(_ commit: Commit, at index: Int) throws(ConsensusSimulationFailure) {
        guard configuration.validators.isQuorum(signedPower(of: commit)) else {
            throw failure("validator \(index) decided height \(commit.height) without two thirds of the power")
        }
        guard let block = blocks[commit.value] else { throw failure("decided a block nobody proposed") }
        let verified = verified(block)
        guard nodes[index].application.processProposal(block, verified: verified) == .accept else {
            throw failure("validator \(index) decided an invalid block at height \(commit.height)")
        }
        _ = nodes[index].application.finalizeBlock(block, verified: verified)
        let appHash = nodes[index].application.commit().appHash
        let height = Int(commit.height)
        if height <= decided.count {
            guard decided[height - 1] == commit.value else {
                throw failure("agreement: two blocks decided at height \(height)")
            }
            guard appHashes[height - 1] == appHash else {
                throw failure("application hashes differ at height \(height)")
            }
        } else {
            guard height == decided.count + 1 else { throw failure("height \(height) decided before its parent") }
            decided.append(commit.value)
            for item in block.evidence {
                guard let evidence = try? Evidence(canonicalBytes: item),
                    evidence.isValid(chainID: ConsensusSimulation.chainID, validators: configuration.validators),
                    evidence.validator == nodes[byzantine].key.publicKey, committedEvidence.insert(item).inserted
                else { throw failure("height \(height) holds invalid or repeated evidence") }
            }
            decisionRounds.append(commit.round)
            appHashes.append(appHash)
            transactionsCommitted += block.transactions.count
        }
        nodes[index].commits[commit.height] = commit
        nodes[index].ownMessages = []
        lastProgressAt[index] = now
        if healed { decidedAfterHeal[index] = true }
        try feed(index, .startHeight(commit.height + 1))
    }

    /// `Commit.signedPower`, with each signature checked once per run rather than once per validator.
    private mutating func signedPower(of commit: Commit) -> UInt64 {
        let validators = configuration.validators
        var seen = [Bool](repeating: false, count: validators.count)
        var power: UInt64 = 0
        for signed in commit.precommits {
            let vote = signed.vote
            guard vote.type == .precommit, vote.height == commit.height, vote.round == commit.round,
                vote.value == commit.value, let index = validators.index(of: vote.validator), !seen[index],
                verify(signed) != nil
            else { continue }
            seen[index] = true
            power += validators.validators[index].votingPower
        }
        return power
    }

    /// The block's transactions with their signatures checked, once per block.
    mutating func verified(_ block: Block) -> [VerifiedTransaction] {
        if let known = verifiedTransactions[block.hash] { return known }
        let verified = block.transactions.compactMap(VerifiedTransaction.init(verifying:))
        verifiedTransactions[block.hash] = verified
        return verified
    }

    /// No honest validator signs two different messages for one step, even across a crash.
    private mutating func checkSignedOnce(_ index: Int, step: (UInt64, UInt32, VoteType?), bytes: [UInt8])
        throws(ConsensusSimulationFailure)
    {
        guard index != byzantine else { return }
        let key = SignedStep(validator: index, height: step.0, round: step.1, type: step.2)
        if let earlier = honestSignatures[key] {
            guard earlier == bytes else {
                throw failure("honest validator \(index) signed twice at height \(step.0) round \(step.1)")
            }
        } else {
            honestSignatures[key] = bytes
        }
    }
}

extension Vote {
    var signingStep: (UInt64, UInt32, VoteType?) { (height, round, type) }
}

extension Proposal {
    var signingStep: (UInt64, UInt32, VoteType?) { (height, round, nil) }
}
