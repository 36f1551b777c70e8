import BazaarConsensus
import BazaarCore

/// The faulty network, message handling at the receiver, and the Byzantine validator's equivocation.
extension ConsensusSimulationRun {
    mutating func broadcast(_ message: SimulatedMessage, from: Int) {
        for to in nodes.indices where to != from { send(message, from: from, to: to) }
    }

    mutating func send(_ message: SimulatedMessage, from: Int, to: Int) {
        stats.sent += 1
        guard healed || now >= healAt else {
            if partitions.contains(where: { $0.blocks(from: from, to: to, atMilliseconds: now) }) {
                stats.partitioned += 1
                return
            }
            if random.chance(percent: lossPercent) {
                stats.lost += 1
                return
            }
            let copies = random.chance(percent: duplicationPercent) ? 2 : 1
            stats.duplicated += copies - 1
            for _ in 0..<copies {
                let delay = UInt64(random.int(in: chaosDelayMilliseconds))
                queue.schedule(.deliver(message, from: from, to: to), atMilliseconds: now + delay)
            }
            return
        }
        queue.schedule(.deliver(message, from: from, to: to), atMilliseconds: now + UInt64(random.int(in: 5...50)))
    }

    mutating func receive(_ message: SimulatedMessage, from: Int, at index: Int) throws(ConsensusSimulationFailure) {
        let height = nodes[index].nextHeight
        switch message {
        case .proposal(let signed, let block):
            guard let proposal = verify(signed) else { throw failure("a proposal's signature does not verify") }
            if signed.proposal.height < height { return sendCommit(of: signed.proposal.height, from: index, to: from) }
            guard signed.proposal.height == height else { return }
            let isValid =
                block.hash == signed.proposal.value
                && nodes[index].application.processProposal(block, verified: verified(block)) == .accept
            try feed(index, .proposal(proposal, isValid: isValid))
        case .vote(let signed):
            guard let verified = verify(signed) else { throw failure("a vote's signature does not verify") }
            if signed.vote.height < height { return sendCommit(of: signed.vote.height, from: index, to: from) }
            try feed(index, .vote(verified))
        case .commit(let commit):
            guard commit.height == height else { return }
            for precommit in commit.precommits {
                guard let verified = verify(precommit) else { throw failure("a commit's signature does not verify") }
                try feed(index, .vote(verified))
            }
        }
    }

    /// Answers a peer still voting at a height this validator decided, as block sync would.
    private mutating func sendCommit(of height: UInt64, from: Int, to: Int) {
        guard let commit = nodes[from].commits[height] else { return }
        send(.commit(commit), from: from, to: to)
    }

    /// Checks a signature once per distinct message; the answer is cached by the signed bytes.
    mutating func verify(_ signed: SignedVote) -> VerifiedVote? {
        let bytes = signed.canonicalBytes
        if signatureChecks[bytes] == false { return nil }
        let verified = VerifiedVote(verifying: signed, chainID: ConsensusSimulation.chainID)
        signatureChecks[bytes] = verified != nil
        return verified
    }

    private mutating func verify(_ signed: SignedProposal) -> VerifiedProposal? {
        let bytes = signed.canonicalBytes
        if signatureChecks[bytes] == false { return nil }
        let verified = VerifiedProposal(verifying: signed, chainID: ConsensusSimulation.chainID)
        signatureChecks[bytes] = verified != nil
        return verified
    }

    /// Sends the vote to some peers and a conflicting one, also signed, to the others.
    mutating func equivocate(_ signed: SignedVote, from index: Int) {
        var other = signed.vote
        other.value = other.value == nil ? Hash.sha256(random.bytes(8)) : nil
        let conflicting = SignedVote(signing: other, with: nodes[index].key, chainID: ConsensusSimulation.chainID)
        stats.equivocations += 1
        for to in nodes.indices where to != index {
            send(random.chance(percent: 50) ? .vote(signed) : .vote(conflicting), from: index, to: to)
        }
    }

    /// Sends the proposal to some peers and a proposal of another valid block to the others.
    mutating func equivocate(_ signed: SignedProposal, block: Block, from index: Int) {
        var header = block.header
        header.timeMilliseconds += 1
        let otherBlock = Block(header: header, transactions: block.transactions)
        blocks[otherBlock.hash] = otherBlock
        var other = signed.proposal
        other.value = otherBlock.hash
        let conflicting = SignedProposal(signing: other, with: nodes[index].key, chainID: ConsensusSimulation.chainID)
        stats.equivocations += 1
        for to in nodes.indices where to != index {
            let useFirst = random.chance(percent: 50)
            send(useFirst ? .proposal(signed, block) : .proposal(conflicting, otherBlock), from: index, to: to)
        }
    }

    /// After the heal, every honest validator that is up decides again within the deadline.
    mutating func checkLiveness() throws(ConsensusSimulationFailure) {
        guard healed else { return }
        for index in honestIndices where now - lastProgressAt[index] > livenessDeadlineMilliseconds {
            throw failure(
                "liveness: validator \(index) decided nothing for \(now - lastProgressAt[index]) ms after the heal "
                    + "(limit \(livenessDeadlineMilliseconds) ms, \(ConsensusSimulation.livenessRoundsMax) rounds); "
                    + nodeStates)
        }
    }

    /// Where each validator stands, for a failure message.
    private var nodeStates: String {
        nodes.indices.map { index in
            guard let consensus = nodes[index].consensus else { return "\(index): down" }
            let locked = consensus.lockedRound.map { "locked in \($0)" } ?? "unlocked"
            return "\(index): height \(consensus.height) round \(consensus.round) \(consensus.step) \(locked)"
        }.joined(separator: ", ")
    }
}
