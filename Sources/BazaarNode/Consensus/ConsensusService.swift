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
                    group.addTask {
                        for await frame in transport.frames {
                            try await deliver(frame, transport: transport)
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
            await stop()
            throw error
        }
        await stop()
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
        case .transactions(let transactions):
            var verified = [VerifiedTransaction]()
            for signed in transactions {
                guard let transaction = VerifiedTransaction(verifying: signed) else {
                    transport.disconnect(frame.peer, reason: "relayed a transaction with an invalid signature")
                    return
                }
                verified.append(transaction)
            }
            _ = await node.submit(verified, gossip: false)
        case .vote(let signed):
            guard let vote = VerifiedVote(verifying: signed, chainID: chainID) else {
                transport.disconnect(frame.peer, reason: "vote with an invalid signature")
                return
            }
            try await node.receive(vote: vote)
        case .proposal(let signed, let block):
            guard let proposal = VerifiedProposal(verifying: signed, chainID: chainID),
                proposal.proposal.value == block.hash
            else {
                transport.disconnect(frame.peer, reason: "proposal with an invalid signature or block")
                return
            }
            // A proposal whose block holds a badly signed transaction is received, but as invalid:
            // the paper's `valid(v)` is false and honest validators prevote nil.
            try await node.receive(proposal: proposal, block: block, verified: await verify(block))
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

    /// The block's transactions with their signatures checked, reusing the mempool's checks; `nil`
    /// when one is not valid.
    private func verify(_ block: Block) async -> [VerifiedTransaction]? {
        let known = await node.knownTransactions(block)
        var verified = [VerifiedTransaction]()
        verified.reserveCapacity(known.count)
        for (signed, match) in zip(block.transactions, known) {
            guard let transaction = match ?? VerifiedTransaction(verifying: signed) else { return nil }
            verified.append(transaction)
        }
        return verified
    }
}
