import BazaarConsensus
import BazaarCore
import Logging
import ServiceLifecycle

/// Runs consensus for a node: the peer-to-peer transport, the loop that checks and delivers what
/// peers send, and the gossip tick. Replaces the one-validator block producer; a network of one
/// validator runs the same consensus with no transport.
///
/// Signatures are checked here, off the node's actor (votes, proposals, each transaction of a
/// proposed or synced block not already in the mempool, and every precommit of a synced block's
/// commit); the actor receives only verified messages. A peer that sends something undecodable or
/// wrongly signed is disconnected.
struct ConsensusService: Service {
    /// Transaction frames waiting for their lane, at most.
    static let transactionFramesQueuedMax = 4_096

    let node: Node
    let transport: PeerTransport?
    let listenHost: String
    let listenPort: Int
    let peers: [PeerRecord]
    let settings: ConsensusSettings
    let paths: ConsensusPaths
    let logger: Logger

    func run() async throws {
        if let transport {
            let port = try await transport.start(host: listenHost, port: listenPort)
            logger.notice("peer-to-peer listening", metadata: ["port": "\(port)", "peers": "\(peers.count)"])
            for peer in peers { transport.dial(peer) }
        }
        try await node.startConsensus(transport: transport, settings: settings, paths: paths)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let transport {
                    // Two lanes, so that a flood of gossiped transactions never delays a vote: consensus
                    // messages are handled in arrival order here; transaction frames are queued (bounded;
                    // dropped when full, since their senders keep them and proposals carry them anyway)
                    // for their own task.
                    let (transactionFrames, transactionLane) = AsyncStream.makeStream(
                        of: InboundFrame.self, bufferingPolicy: .bufferingOldest(Self.transactionFramesQueuedMax))
                    group.addTask {
                        for await frame in transactionFrames { await deliverTransactions(frame, transport: transport) }
                    }
                    group.addTask {
                        defer { transactionLane.finish() }
                        for await frame in transport.frames {
                            if frame.payload.first == PeerMessage.transactionsTag {
                                transactionLane.yield(frame)
                            } else {
                                try await deliver(frame, transport: transport)
                            }
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(settings.gossipIntervalMilliseconds))
                        try await node.consensusTick()
                    }
                }
                group.addTask {
                    try await gracefulShutdown()
                    throw CancellationError()
                }
                do {
                    try await group.next()
                } catch is CancellationError {
                }
                group.cancelAll()
            }
        } catch {
            // The service group reports only which service failed; say why, with the cause, here.
            logger.critical("consensus failed; stopping the node", metadata: Self.metadata(of: error))
            await stop()
            throw error
        }
        await stop()
    }

    /// An error's code and message for the log (a `NodeError`'s code separately).
    static func metadata(of error: any Error) -> Logger.Metadata {
        if let error = error as? NodeError { return ["code": "\(error.code.rawValue)", "error": "\(error.message)"] }
        return ["error": "\(String(reflecting: error))"]
    }

    private func stop() async {
        do {
            try await node.stopConsensus()
            try await node.saveSnapshot()
        } catch {
            logger.error("stopping consensus", metadata: ["error": "\(error)"])
        }
        await transport?.close()
        logger.info("consensus stopped; snapshot saved")
    }

    /// Decodes, checks and hands one frame to the node.
    private func deliver(_ frame: InboundFrame, transport: PeerTransport) async throws {
        let chainID = node.chainID
        guard let message = try? PeerMessage(canonicalBytes: frame.payload) else {
            transport.disconnect(frame.peer, reason: "undecodable message")
            return
        }
        switch message {
        case .transactions:
            await deliverTransactions(frame, transport: transport)
        case .vote(let signed):
            guard let vote = VerifiedVote(verifying: signed, chainID: chainID) else {
                transport.disconnect(frame.peer, reason: "vote with an invalid signature")
                return
            }
            try await node.receive(vote: vote)
        case .proposal(let signed, let block):
            // Size, height, round, proposer and one proposal per round are judged first, before any
            // signature is checked or anything logged or kept (issue 13: one oversized proposal made
            // the log append fail and stopped the node; hundreds of proposals grew log and memory).
            switch await node.screen(signed, block: block, encodedBytes: frame.payload.count) {
            case .accept: break
            case .ignore: return
            case .penalise(let reason):
                transport.disconnect(frame.peer, reason: reason)
                return
            }
            guard let proposal = VerifiedProposal(verifying: signed, chainID: chainID),
                proposal.proposal.value == block.hash
            else {
                transport.disconnect(frame.peer, reason: "proposal with an invalid signature or block")
                return
            }
            // A proposal whose block holds a badly signed transaction is received, but as invalid:
            // the paper's `valid(v)` is false and honest validators prevote nil.
            let started = ContinuousClock.now
            let verified = await verify(block)
            let checked = ContinuousClock.now
            try await node.receive(proposal: proposal, block: block, verified: verified)
            logger.debug(
                "proposal received",
                metadata: [
                    "height": "\(proposal.proposal.height)", "round": "\(proposal.proposal.round)",
                    "transactions": "\(block.transactions.count)", "verifyMs": "\((checked - started).milliseconds)",
                    "handleMs": "\((ContinuousClock.now - checked).milliseconds)",
                ])
        case .status(let height):
            await node.receiveStatus(from: frame.peer, committedHeight: height)
        case .blockRequest(let height):
            guard let stored = try node.store.block(at: height), let bytes = stored.commit,
                let commit = try? Commit(canonicalBytes: bytes)
            else { return }
            transport.send(PeerMessage.blockResponse(stored.block, commit).canonicalBytes, to: frame.peer)
        case .blockResponse(let block, let commit):
            guard commit.value == block.hash, commit.height == block.header.height,
                commit.isValid(chainID: chainID, validators: node.validators), let verified = await verify(block)
            else {
                transport.disconnect(frame.peer, reason: "block without a valid commit")
                return
            }
            try await node.receiveSynced(block: block, commit: commit, verified: verified)
        }
    }

    /// Verifies a frame of gossiped transactions on every core and admits them to the mempool.
    private func deliverTransactions(_ frame: InboundFrame, transport: PeerTransport) async {
        guard case .transactions(let transactions) = try? PeerMessage(canonicalBytes: frame.payload) else {
            transport.disconnect(frame.peer, reason: "undecodable message")
            return
        }
        let verified = await BatchVerifier.verify(transactions)
        // Nodes gossip only transactions their API admitted: for this chain, correctly signed.
        guard
            verified.allSatisfy({
                $0.map { Application.isSameChain($0.transaction.chainID, node.chainID) } ?? false
            })
        else {
            transport.disconnect(frame.peer, reason: "relayed a transaction that is badly signed or for another chain")
            return
        }
        _ = await node.submit(verified.compactMap { $0 }, gossip: false)
    }

    /// The block's transactions with their signatures checked, reusing the mempool's checks and
    /// verifying the rest on every core; `nil` when one is not valid.
    private func verify(_ block: Block) async -> [VerifiedTransaction]? {
        let known = await node.knownTransactions(block)
        let unknownPositions = known.indices.filter { known[$0] == nil }
        let checked = await BatchVerifier.verify(unknownPositions.map { block.transactions[$0] })
        var verified = known
        for (position, transaction) in zip(unknownPositions, checked) {
            guard let transaction else { return nil }
            verified[position] = transaction
        }
        return verified.compactMap { $0 }
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
