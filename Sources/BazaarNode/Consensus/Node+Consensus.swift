public import BazaarConsensus
public import BazaarCore
import Foundation
import Logging

/// The consensus driver: carries out `Tendermint`'s directives with the node's mempool, application,
/// block store, write-ahead log, signer state, timers and peer links.
///
/// It runs on the node's actor, so no other work interleaves with an input: a directive list is
/// carried out in order, and `persist` is durable (write-ahead log synced, signer state replaced)
/// before the `broadcast` after it sends anything.
extension Node {
    /// Opens the write-ahead log and signer state, restores the current height's consensus state
    /// from the log, and starts the height after the committed one.
    ///
    /// - Throws: `NodeError` when the log or the signer state is damaged or cannot be written.
    public func startConsensus(transport: PeerTransport?, settings: ConsensusSettings, paths: ConsensusPaths) throws {
        precondition(consensus == nil, "consensus already started")
        // A record holds any message a peer may send: an accepted proposal always fits.
        let limits = try ConsensusLimits(parameters: application.state.parameters, validatorCount: validators.count)
        let log = try WriteAheadLog(path: paths.writeAheadLog, payloadBytesMax: limits.frameBytesMax, logger: logger)
        let signer = try SignerState(path: paths.signerState)
        try checkSignerStatePresent(signer, log: log, paths: paths)
        let height = application.state.height + 1
        var entries = [ConsensusLogEntry]()
        for payload in try log.recordsSinceLastEndOfHeight() {
            guard let entry = try? ConsensusLogEntry(canonicalBytes: payload) else {
                throw NodeError(
                    .corruptStore, "write-ahead log \(paths.writeAheadLog) holds a record that does not decode")
            }
            if entry.height >= height { entries.append(entry) }
        }
        let configuration = Tendermint.Configuration(
            chainID: chainID, validators: validators, timeouts: settings.timeouts)
        let own = entries.compactMap { entry -> WALRecord? in
            if case .own(let record) = entry { return record }
            return nil
        }
        consensus = ConsensusRuntime(
            tendermint: Self.makeTendermint(
                configuration: configuration, key: validatorKey, height: height, restoring: own, signer: signer),
            log: log, signer: signer, transport: transport, settings: settings, limits: limits, lastCommitAt: .now)
        consensus?.committedEvidence = try recentEvidence()
        logger.info(
            "consensus starting",
            metadata: [
                "height": "\(height)", "validators": "\(validators.count)", "restoredRecords": "\(entries.count)",
            ])
        // Own blocks first, so that a restored proposer can send its proposal again with its block;
        // then every handled input again, in the order it was logged.
        for case .ownBlock(let block) in entries {
            let verified = block.transactions.map(VerifiedTransaction.init(readBackFromOwnStore:))
            consensus?.candidates[block.hash] = ProposalCandidate(block: block, verified: verified, isValid: true)
        }
        try feed(.startHeight(height))
        for entry in entries {
            switch entry {
            case .own(.proposal(let signed)):
                if let candidate = consensus?.candidates[signed.proposal.value] {
                    consensus?.ownMessages.append(.proposal(signed, candidate.block))
                }
            case .own(.vote(let signed)):
                consensus?.ownMessages.append(.vote(signed))
            case .ownBlock:
                continue
            case .receivedVote(let signed):
                guard let vote = VerifiedVote(verifying: signed, chainID: chainID),
                    consensus?.receivedVotes.insert(signed).inserted == true
                else { continue }
                try feed(.vote(vote))
            case .receivedProposal(let signed, let block):
                guard let proposal = VerifiedProposal(verifying: signed, chainID: chainID) else { continue }
                let verified = block.transactions.compactMap(VerifiedTransaction.init(verifying:))
                let candidate =
                    verified.count == block.transactions.count
                    ? evaluate(block, verified: verified, clockMilliseconds: nil)
                    : ProposalCandidate(block: block, verified: [], isValid: false)
                try receive(proposal: proposal, candidate: candidate, logging: false)
            case .timeout(let timeout):
                try feed(.timeout(timeout))
            }
        }
    }

    /// Refuses to start a validator that has run before but whose signer state is gone, unless the
    /// operator said so; then, and on a first start, creates the state as "nothing signed yet".
    ///
    /// A first start creates the file, so later its absence means it was deleted or lost, and the
    /// validator no longer knows what it signed: started anyway, it could sign a second proposal or
    /// vote at a height and round where it signed one already. The log and the store tell a node
    /// that ran before (any log record, or a stored block) from a new one.
    private func checkSignerStatePresent(_ signer: SignerState, log: WriteAheadLog, paths: ConsensusPaths) throws {
        guard signer.lastSigned == nil else { return }
        let hasRecords = try !log.records().isEmpty
        let hasRun = application.state.height > 0 || log.lastEndOfHeight != nil || hasRecords
        if hasRun {
            guard paths.allowsMissingSignerState else {
                throw NodeError(
                    .corruptStore,
                    "signer state \(paths.signerState) is missing, but this validator has run before "
                        + "(committed height \(application.state.height)): without it the validator could sign twice "
                        + "at a height and round where it signed before. Restore the file from a backup of this node; "
                        + "or, only if no copy of this validator key has signed since the last committed height, "
                        + "start with --allow-missing-signer-state")
            }
            logger.warning(
                """
                starting without a signer state, as --allow-missing-signer-state asks: this validator does not \
                know what it signed before, and could sign twice if it had signed at the height it now joins
                """,
                metadata: ["path": "\(paths.signerState)", "committedHeight": "\(application.state.height)"])
        }
        try signer.recordNothingSigned()
    }

    /// The consensus state machine for `height`, consistent with the signer state.
    ///
    /// The signer state can be ahead of the log only if the log lost records (a damaged final
    /// record, or a log restored from a backup). Below the signer's height the validator follows
    /// without voting; at its height it starts after the signer's round unless the log holds the
    /// record of exactly that position. So it never has to refuse a signature it already counted.
    static func makeTendermint(
        configuration: Tendermint.Configuration, key: PrivateKey, height: UInt64, restoring own: [WALRecord],
        signer: SignerState
    ) -> Tendermint {
        guard let last = signer.lastSigned, last.height >= height else {
            return Tendermint(configuration: configuration, signer: key, height: height, restoring: own)
        }
        if last.height > height {
            return Tendermint(configuration: configuration, signer: nil, height: height)
        }
        let logged = own.contains { record in
            switch record {
            case .proposal(let signed):
                SignerState.Position(height: signed.proposal.height, round: signed.proposal.round, step: .proposal)
                    == last
            case .vote(let signed):
                SignerState.Position(
                    height: signed.vote.height, round: signed.vote.round, step: SignerState.Step(signed.vote.type))
                    == last
            }
        }
        return Tendermint(
            configuration: configuration, signer: key, height: height, restoring: own,
            startingRound: logged ? 0 : last.round + 1)
    }

    /// Stops timers from feeding inputs and syncs what is left of the log.
    public func stopConsensus() throws {
        guard var runtime = consensus else { return }
        runtime.isStopped = true
        let entries = runtime.unloggedEntries
        runtime.unloggedEntries = []
        consensus = runtime
        try runtime.log.append(contentsOf: entries)
    }

    // MARK: - Inputs

    func feed(_ input: ConsensusInput) throws {
        guard let directives = consensus?.tendermint.handle(input) else { return }
        try execute(directives)
    }

    /// A vote whose signature the network layer checked.
    public func receive(vote: VerifiedVote) throws {
        // Read what is needed, not a copy of the runtime: a copy alive across `feed` would make the
        // state machine's vote tables copy on write.
        guard let height = consensus?.tendermint.height, consensus?.isStopped == false else { return }
        if vote.vote.height == height {
            // Peers send their votes again while a height is stuck; each is logged and handled once.
            // Only votes the state machine can count are logged and kept: from a validator, for a
            // round it accepts, and at most two per validator, round and type (the first and one
            // conflicting, as `VoteTally` counts), however many a faulty validator signs.
            guard let round = consensus?.tendermint.round, let configuration = consensus?.tendermint.configuration,
                configuration.validators.index(of: vote.vote.validator) != nil,
                vote.vote.round <= round || vote.vote.round - round <= configuration.roundsAheadMax,
                consensus?.receivedVotes.contains(vote.signed) == false
            else { return }
            let slot = VoteSlot(validator: vote.vote.validator, round: vote.vote.round, type: vote.vote.type)
            guard consensus?.receivedVoteSlots[slot, default: 0] ?? .max < ConsensusRuntime.votesPerSlotMax else {
                return
            }
            consensus?.receivedVoteSlots[slot, default: 0] += 1
            consensus?.receivedVotes.insert(vote.signed)
            consensus?.unloggedEntries.append(ConsensusLogEntry.receivedVote(vote.signed).canonicalBytes)
            try feed(.vote(vote))
        } else if vote.vote.height == height + 1,
            (consensus?.earlyVotes.count ?? .max) < ConsensusRuntime.earlyMessagesMax
        {
            consensus?.earlyVotes.append(vote)
        }
    }

    /// The size limits of blocks and peer messages, once consensus started.
    public var consensusLimits: ConsensusLimits? { consensus?.limits }

    /// Judges a proposal that arrived from a peer before its signature or its block's transactions
    /// are checked, and before anything of it is logged or kept.
    ///
    /// Refused with a penalty: a block over the limits (`ConsensusLimits`), a proposal signed by a
    /// validator that is not its round's proposer, and a second, different proposal for a round.
    /// Ignored: a copy of the proposal already kept, other heights than the current and the next,
    /// rounds more than `ConsensusRuntime.proposalRoundsAheadMax` ahead, and next-height proposals
    /// beyond `ConsensusRuntime.earlyProposalsMax`. So a height keeps and logs at most one proposal
    /// per round, from that round's proposer, for rounds up to one ahead of the current one.
    ///
    /// - Parameter encodedBytes: the size of the proposal message as received.
    public func screen(_ signed: SignedProposal, block: Block, encodedBytes: Int) -> ProposalScreening {
        guard let limits = consensus?.limits else { return .ignore }
        if let violation = limits.violation(of: block, encodedBytes: encodedBytes) {
            return .penalise("sent \(violation)")
        }
        return screenRules(signed)
    }

    /// `screen` without the size limits, which the caller checked on the message as received.
    func screenRules(_ signed: SignedProposal) -> ProposalScreening {
        guard let height = consensus?.tendermint.height, let round = consensus?.tendermint.round,
            consensus?.isStopped == false
        else { return .ignore }
        let proposal = signed.proposal
        if proposal.height == height + 1 { return screenEarly(signed) }
        guard proposal.height == height else { return .ignore }
        guard proposal.proposer == consensus?.tendermint.proposer(round: proposal.round) else {
            return .penalise("sent a proposal for round \(proposal.round) whose proposer it is not")
        }
        if let kept = consensus?.receivedProposals[proposal.round] {
            return kept == signed ? .ignore : .penalise("sent a second, different proposal for round \(proposal.round)")
        }
        guard proposal.round <= round || proposal.round - round <= ConsensusRuntime.proposalRoundsAheadMax else {
            return .ignore
        }
        return .accept
    }

    /// A proposal for the next height: kept (bounded) until that height starts, where it is screened again.
    private func screenEarly(_ signed: SignedProposal) -> ProposalScreening {
        guard let tendermint = consensus?.tendermint, let early = consensus?.earlyProposals else { return .ignore }
        let proposal = signed.proposal
        let proposer = tendermint.validators.validators[
            tendermint.priorities.nextHeight().proposer(round: proposal.round)]
        guard proposal.proposer == proposer.publicKey else {
            return .penalise("sent a proposal for round \(proposal.round) whose proposer it is not")
        }
        guard proposal.round <= ConsensusRuntime.proposalRoundsAheadMax,
            early.count < ConsensusRuntime.earlyProposalsMax,
            !early.contains(where: { $0.0.proposal.round == proposal.round })
        else { return .ignore }
        return .accept
    }

    /// A proposal whose signature the network layer checked and that `screen` accepted, with its
    /// block's transactions (`nil` when one of their signatures is not valid).
    public func receive(proposal: VerifiedProposal, block: Block, verified: [VerifiedTransaction]?) throws {
        // Screened again: the height or round may have moved while the block was being verified.
        guard let height = consensus?.tendermint.height, proposal.proposal.value == block.hash,
            screenRules(proposal.signed) == .accept
        else { return }
        if proposal.proposal.height == height {
            let candidate =
                consensus?.candidates[block.hash]
                ?? verified.map { evaluate(block, verified: $0, clockMilliseconds: Self.wallClockMilliseconds()) }
                ?? ProposalCandidate(block: block, verified: [], isValid: false)
            try receive(proposal: proposal, candidate: candidate, logging: true)
        } else {
            // Judged when its height starts, on the state it builds on.
            consensus?.earlyProposals.append((proposal, block, verified))
        }
    }

    private func receive(proposal: VerifiedProposal, candidate: ProposalCandidate, logging: Bool) throws {
        let value = proposal.proposal.value
        // One proposal per round is kept and logged (a log written before this rule may hold more).
        guard let log = consensus?.log, consensus?.receivedProposals[proposal.proposal.round] == nil else { return }
        if logging {
            let entry = ConsensusLogEntry.receivedProposal(proposal.signed, candidate.block).canonicalBytes
            // `screen` keeps messages within what a record holds; never let one make an append fail.
            guard entry.count <= log.payloadBytesMax else {
                assertionFailure("a screened proposal of \(entry.count) bytes exceeds a log record")
                logger.error("dropping a proposal too large to log", metadata: ["bytes": "\(entry.count)"])
                return
            }
            consensus?.unloggedEntries.append(entry)
        }
        consensus?.receivedProposals[proposal.proposal.round] = proposal.signed
        if consensus?.candidates[value] == nil { consensus?.candidates[value] = candidate }
        try feed(.proposal(proposal, isValid: consensus?.candidates[value]?.isValid ?? false))
        if let awaiting = consensus?.awaitingBlock, awaiting.value == value, let found = consensus?.candidates[value] {
            try finishHeight(found.block, verified: found.verified, commit: awaiting)
        }
    }

    /// A consensus timeout fired.
    func timeoutFired(_ timeout: ConsensusTimeout) throws {
        guard consensus?.isStopped == false else { return }
        // Only a timeout of the current height and round moves the state machine; only that one is logged.
        if consensus?.tendermint.height == timeout.height, consensus?.tendermint.round == timeout.round {
            logger.debug(
                "timeout",
                metadata: ["height": "\(timeout.height)", "round": "\(timeout.round)", "kind": "\(timeout.kind)"])
            consensus?.unloggedEntries.append(ConsensusLogEntry.timeout(timeout).canonicalBytes)
        }
        try feed(.timeout(timeout))
    }

    /// Whether this node's block, built on the committed state, is valid for voting: the paper's `valid(v)`.
    ///
    /// - Parameter clockMilliseconds: this node's clock when the proposal arrived; a block whose
    ///   time is further ahead of it than `BlockSchedule.clockAheadMillisecondsMax` is not valid.
    ///   `nil` when the log is replayed: the arrival time is not logged, and a later clock would
    ///   judge differently (safety does not depend on the verdict; the signer state still refuses
    ///   any second signature).
    func evaluate(_ block: Block, verified: [VerifiedTransaction], clockMilliseconds: UInt64?) -> ProposalCandidate {
        let verdict = checkProposal(block, verified: verified)
        let evidenceIsValid = isValidEvidence(in: block)
        // Replay judges without a clock (see above).
        let isTimely =
            clockMilliseconds.map {
                BlockSchedule.isTimely(blockMilliseconds: block.header.timeMilliseconds, clockMilliseconds: $0)
            } ?? true
        if verdict != .accept || !evidenceIsValid || !isTimely {
            logger.notice(
                "rejecting proposed block",
                metadata: [
                    "height": "\(block.header.height)", "verdict": "\(verdict)", "evidenceValid": "\(evidenceIsValid)",
                    "blockTimeMs": "\(block.header.timeMilliseconds)",
                    "clockMs": "\(clockMilliseconds.map(String.init) ?? "replay")",
                ])
        }
        return ProposalCandidate(
            block: block, verified: verified, isValid: verdict == .accept && evidenceIsValid && isTimely)
    }

    // MARK: - Directives

    private func execute(_ directives: [ConsensusDirective]) throws {
        for directive in directives {
            switch directive {
            case .persist(let record):
                guard let signer = consensus?.signer else { return }
                let decision = try signer.checkAndRecord(record, chainID: chainID)
                guard decision.allowsSigning else {
                    // `makeTendermint` keeps consensus behind the signer state, so this is a bug or
                    // a second process with the same key; the state machine already counted the
                    // message, so going on could equivocate.
                    throw NodeError(
                        .consensus,
                        "the signer state refused to sign at height \(record.height) (\(decision)); stopping to avoid a double sign"
                    )
                }
                try writeLog(ConsensusLogEntry.own(record))
            case .broadcastProposal(let signed):
                guard let candidate = consensus?.candidates[signed.proposal.value] else {
                    logger.warning("no block for own proposal", metadata: ["round": "\(signed.proposal.round)"])
                    continue
                }
                send(.proposal(signed, candidate.block), own: true)
            case .broadcastVote(let signed):
                send(.vote(signed), own: true)
            case .requestValue(let height, let round):
                scheduleProposal(height: height, round: round)
            case .scheduleTimeout(let timeout, let milliseconds):
                // Timers hold the node weakly: a stopped node is released without waiting for them.
                Task { [weak self] in
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    await self?.timeoutTaskFired(timeout)
                }
            case .decide(let commit):
                if let candidate = consensus?.candidates[commit.value] {
                    try finishHeight(candidate.block, verified: candidate.verified, commit: commit)
                } else {
                    logger.notice("decided a block not yet seen; fetching it", metadata: ["height": "\(commit.height)"])
                    consensus?.awaitingBlock = commit
                }
            case .reportEvidence(let evidence):
                logger.warning(
                    "validator equivocated",
                    metadata: ["validator": "\(evidence.validator.hex.prefix(16))", "height": "\(evidence.height)"])
                if consensus?.pendingEvidence.contains(evidence) == false {
                    consensus?.pendingEvidence.append(evidence)
                }
            }
        }
    }

    /// Appends `entry` after the received messages not yet logged, and syncs them all.
    private func writeLog(_ entry: ConsensusLogEntry) throws {
        guard let runtime = consensus else { return }
        let entries = runtime.unloggedEntries + [entry.canonicalBytes]
        consensus?.unloggedEntries = []
        try runtime.log.append(contentsOf: entries)
    }

    func send(_ message: PeerMessage, own: Bool) {
        if own { consensus?.ownMessages.append(message) }
        consensus?.transport?.broadcast(message.canonicalBytes)
    }

    // MARK: - Proposing

    /// Waits until a block is due (`blockIntervalMilliseconds` after the last commit with
    /// transactions pending, `idleIntervalMilliseconds` without), then proposes if still the
    /// proposer of that round. Later rounds propose at once.
    private func scheduleProposal(height: UInt64, round: UInt32) {
        Task { [weak self] in
            while await self?.isProposalDue(round: round) == false {
                try? await Task.sleep(for: .milliseconds(10))
            }
            await self?.proposeTaskFired(height: height, round: round)
        }
    }

    private func timeoutTaskFired(_ timeout: ConsensusTimeout) {
        do { try timeoutFired(timeout) } catch { recordConsensusFailure(error) }
    }

    private func proposeTaskFired(height: UInt64, round: UInt32) {
        do { try propose(height: height, round: round) } catch { recordConsensusFailure(error) }
    }

    private func isProposalDue(round: UInt32) -> Bool {
        guard let runtime = consensus, !runtime.isStopped, round == 0 else { return true }
        let elapsed = ContinuousClock.now - runtime.lastCommitAt
        let interval =
            mempool.isEmpty ? runtime.settings.idleIntervalMilliseconds : runtime.settings.blockIntervalMilliseconds
        return elapsed >= .milliseconds(interval)
    }

    private func propose(height: UInt64, round: UInt32) throws {
        let started = ContinuousClock.now
        defer {
            logger.debug(
                "proposed",
                metadata: [
                    "height": "\(height)", "round": "\(round)", "ms": "\((ContinuousClock.now - started).milliseconds)",
                ])
        }
        guard consensus?.isStopped == false, consensus?.tendermint.height == height,
            consensus?.tendermint.round == round, consensus?.tendermint.step == .propose
        else { return }
        let evidence = includableEvidence(atHeight: height)
        let (block, verified) = buildProposal(
            proposer: validatorKey.publicKey, clockMilliseconds: Self.wallClockMilliseconds(),
            evidence: evidence.map(\.canonicalBytes))
        consensus?.candidates[block.hash] = ProposalCandidate(block: block, verified: verified, isValid: true)
        let entry = ConsensusLogEntry.ownBlock(block).canonicalBytes
        // `prepareProposal` keeps to the chain's block limits, from which the record limit is derived.
        precondition(
            entry.count <= consensus?.limits.proposalBytesMax ?? .max,
            "own block of \(entry.count) bytes over the limit")
        consensus?.unloggedEntries.append(entry)
        try feed(.proposeValue(height: height, round: round, value: block.hash))
    }

    /// The proposer's wall clock; block time comes from here and nowhere else.
    static func wallClockMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    // MARK: - Deciding

    /// Executes and stores a decided block with its commit, marks the height done in the log, and
    /// starts the next height.
    func finishHeight(_ block: Block, verified: [VerifiedTransaction], commit: Commit) throws {
        guard var runtime = consensus, block.header.height == application.state.height + 1 else { return }
        let height = block.header.height
        let started = ContinuousClock.now
        defer {
            logger.debug(
                "committed",
                metadata: [
                    "height": "\(height)", "round": "\(commit.round)", "transactions": "\(block.transactions.count)",
                    "ms": "\((ContinuousClock.now - started).milliseconds)",
                ])
        }
        try runtime.log.append(contentsOf: runtime.unloggedEntries)
        runtime.unloggedEntries = []
        try commitBlock(block, verified: verified, commit: commit.canonicalBytes)
        metrics.roundsAfterFirst.increment(by: Int64(commit.round))
        try runtime.log.appendEndOfHeight(height)
        for item in block.evidence { runtime.committedEvidence[Hash.sha256(item)] = height }
        runtime.committedEvidence = runtime.committedEvidence.filter {
            $0.value + ConsensusRuntime.evidenceAgeMax > height
        }
        let included = Set(block.evidence.map { Hash.sha256($0) })
        runtime.pendingEvidence.removeAll {
            included.contains(Hash.sha256($0.canonicalBytes)) || $0.height + ConsensusRuntime.evidenceAgeMax <= height
        }
        runtime.candidates = [:]
        runtime.receivedVotes = []
        runtime.receivedVoteSlots = [:]
        runtime.receivedProposals = [:]
        runtime.ownMessages = []
        runtime.awaitingBlock = nil
        runtime.syncedBlocks[height] = nil
        runtime.syncRequests = runtime.syncRequests.filter { $0.key > height }
        runtime.lastCommitAt = .now
        let votes = runtime.earlyVotes
        let proposals = runtime.earlyProposals
        (runtime.earlyVotes, runtime.earlyProposals) = ([], [])
        let followsOnly = runtime.tendermint.publicKey == nil
        if runtime.tendermint.step != .decided || runtime.tendermint.height != height || followsOnly {
            // Block sync moved past the height consensus was on, or a follower may vote again.
            runtime.tendermint = Self.makeTendermint(
                configuration: runtime.tendermint.configuration, key: validatorKey, height: height + 1, restoring: [],
                signer: runtime.signer)
        }
        consensus = runtime
        try feed(.startHeight(height + 1))
        for vote in votes { try receive(vote: vote) }
        for (proposal, block, verified) in proposals {
            try receive(proposal: proposal, block: block, verified: verified)
        }
    }

    // MARK: - Evidence

    /// Evidence this node may put in a block at `height`: seen, recent, and not yet committed.
    private func includableEvidence(atHeight height: UInt64) -> [Evidence] {
        guard let runtime = consensus else { return [] }
        return Array(
            runtime.pendingEvidence.filter {
                $0.height < height && $0.height + ConsensusRuntime.evidenceAgeMax > height
                    && runtime.committedEvidence[Hash.sha256($0.canonicalBytes)] == nil
            }
            .prefix(Block.evidenceCountMax))
    }

    /// Whether every evidence item of a block proves an equivocation by a validator of this chain,
    /// at an earlier and recent height, appears once, and was not committed before.
    func isValidEvidence(in block: Block) -> Bool {
        let height = block.header.height
        var seen = Set<Hash>()
        for item in block.evidence {
            let key = Hash.sha256(item)
            guard seen.insert(key).inserted, consensus?.committedEvidence[key] == nil,
                let evidence = try? Evidence(canonicalBytes: item),
                evidence.height < height, evidence.height + ConsensusRuntime.evidenceAgeMax > height,
                evidence.isValid(chainID: chainID, validators: validators)
            else { return false }
        }
        return true
    }

    /// The evidence committed in the last `evidenceAgeMax` blocks, read from the store at start.
    private func recentEvidence() throws -> [Hash: UInt64] {
        let top = application.state.height
        var found: [Hash: UInt64] = [:]
        let first = top > ConsensusRuntime.evidenceAgeMax ? top - ConsensusRuntime.evidenceAgeMax + 1 : 1
        guard top >= 1 else { return found }
        for height in first...top {
            guard let stored = try store.block(at: height) else { continue }
            for item in stored.block.evidence { found[Hash.sha256(item)] = height }
        }
        return found
    }
}

/// What to do with a proposal that arrived from a peer, decided before anything of it is checked
/// further, logged or kept (`Node.screen`).
public enum ProposalScreening: Sendable, Hashable {
    case accept
    /// Not needed (already kept, another height, a round too far ahead); not the sender's fault.
    case ignore
    /// The sender broke a rule: the proposal is dropped and so is the link to the sender.
    case penalise(String)
}

/// Where a validator keeps its consensus files.
public struct ConsensusPaths: Sendable {
    public var writeAheadLog: String
    public var signerState: String
    /// Whether a validator that ran before may start when its signer state file is missing
    /// (`--allow-missing-signer-state`); it then does not know what it signed.
    public var allowsMissingSignerState: Bool

    public init(writeAheadLog: String, signerState: String, allowsMissingSignerState: Bool = false) {
        self.writeAheadLog = writeAheadLog
        self.signerState = signerState
        self.allowsMissingSignerState = allowsMissingSignerState
    }
}
