public import BazaarConsensus
public import BazaarCore

/// Block sync and gossip housekeeping: a node behind its peers fetches committed blocks with their
/// commits, executes them in order, and then goes on with consensus at the height after them.
///
/// There is no separate sync mode to enter or leave: every node tells its peers its committed
/// height on every gossip tick, and whenever a peer is ahead the node asks for the missing blocks.
/// A new node, one back from a crash, and one that fell behind during consensus (it missed a
/// decision while partitioned, or decided a block it never received) all take the same path.
extension Node {
    /// The periodic gossip tick: announce the committed height, send this height's own messages
    /// again if the height made no progress since the last tick, sync the log, and ask for missing
    /// blocks.
    ///
    /// - Throws: `NodeError` when the log cannot be written, or when a timer or proposal task failed
    ///   since the last tick; the node must then stop.
    public func consensusTick() throws {
        if let failure = consensusFailure { throw failure }
        guard var runtime = consensus, !runtime.isStopped else { return }
        let committed = application.state.height
        if let transport = runtime.transport {
            transport.broadcast(PeerMessage.status(committedHeight: committed).canonicalBytes)
            runtime.stuckTicks = committed == runtime.heightAtLastTick ? runtime.stuckTicks + 1 : 0
            // A peer may have missed them (a link that was down); a whole block is resent less often.
            for message in runtime.ownMessages where runtime.stuckTicks > 0 {
                if case .proposal = message, runtime.stuckTicks % ConsensusRuntime.proposalResendTicks != 0 { continue }
                transport.broadcast(message.canonicalBytes)
            }
        }
        runtime.heightAtLastTick = committed
        metrics.consensusRound.set(Int64(runtime.tendermint.round))
        metrics.connectedPeers.set(Int64(runtime.transport?.connectedPeers.count ?? 0))
        let entries = runtime.unloggedEntries
        runtime.unloggedEntries = []
        consensus = runtime
        try runtime.log.append(contentsOf: entries)
        requestMissingBlocks()
    }

    /// A peer's committed height.
    public func receiveStatus(from peer: PublicKey, committedHeight: UInt64) {
        guard consensus != nil else { return }
        consensus?.peerHeights[peer] = committedHeight
        requestMissingBlocks()
    }

    /// A committed block from a peer whose commit the network layer checked (more than two thirds
    /// of the power signed its id) and whose transactions' signatures it verified.
    ///
    /// - Throws: `NodeError.storage` when the block cannot be stored.
    public func receiveSynced(block: Block, commit: Commit, verified: [VerifiedTransaction]) throws {
        guard let runtime = consensus, !runtime.isStopped, block.header.height > application.state.height,
            block.header.height <= application.state.height + runtime.settings.syncWindow
        else { return }
        consensus?.syncedBlocks[block.header.height] = (block, commit, verified)
        while let (next, nextCommit, nextVerified) = consensus?.syncedBlocks[application.state.height + 1] {
            let verdict = checkProposal(next, verified: nextVerified)
            guard verdict == .accept else {
                // A commit of more than two thirds for a block that does not extend this chain means
                // this node's state differs from the network's: stop rather than fork.
                throw NodeError(
                    .corruptStore,
                    "block \(next.header.height) committed by the network does not extend this node's chain: \(verdict)"
                )
            }
            logger.info("synced block", metadata: ["height": "\(next.header.height)"])
            try finishHeight(next, verified: nextVerified, commit: nextCommit)
        }
        requestMissingBlocks()
    }

    /// Asks peers that are ahead for the blocks after the committed height, a window at a time,
    /// spreading the requests over them and asking again after `syncRetryMilliseconds`.
    func requestMissingBlocks() {
        guard let runtime = consensus, let transport = runtime.transport else { return }
        let committed = application.state.height
        let ahead = runtime.peerHeights.filter { $0.value > committed }.sorted { $0.key < $1.key }
        guard let highest = ahead.map(\.value).max() else { return }
        let now = ContinuousClock.now
        let retry = Duration.milliseconds(runtime.settings.syncRetryMilliseconds)
        for height in (committed + 1)...min(highest, committed + runtime.settings.syncWindow) {
            guard runtime.syncedBlocks[height] == nil else { continue }
            let previous = runtime.syncRequests[height]
            if let previous, now - previous.at < retry { continue }
            let attempt = previous.map { $0.attempt + 1 } ?? 0
            let holders = ahead.filter { $0.value >= height }
            // A different holder on each retry, so one slow or faulty peer cannot stall sync.
            let peer = holders[(Int(height % 1024) + attempt) % holders.count].key
            transport.send(PeerMessage.blockRequest(height: height).canonicalBytes, to: peer)
            consensus?.syncRequests[height] = (now, attempt)
        }
    }

    /// Records a failure from a timer or proposal task; the next gossip tick rethrows it.
    func recordConsensusFailure(_ error: any Error) {
        logger.critical("consensus failed", metadata: ["error": "\(error)"])
        if consensusFailure == nil { consensusFailure = error }
    }
}
