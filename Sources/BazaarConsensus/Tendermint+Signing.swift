import BazaarCore

/// Signing this validator's own messages, at most one per step, across restarts.
extension Tendermint {
    /// Signs, records and sends a vote for the current round, then counts it.
    ///
    /// A step already signed (before a restart) sends the recorded vote again
    /// instead, even if the algorithm now wants another value: a second,
    /// different vote would be equivocation.
    mutating func castVote(_ type: VoteType, value: Hash?) {
        guard let signer, let publicKey else { return }
        let key = SigningKey(height: height, round: round, type: type)
        let signed: SignedVote
        if let recorded = signedVotes[key] {
            signed = recorded
        } else {
            let vote = Vote(type: type, height: height, round: round, value: value, validator: publicKey)
            signed = SignedVote(signing: vote, with: signer, chainID: configuration.chainID)
            signedVotes[key] = signed
            output.append(.persist(.vote(signed)))
        }
        output.append(.broadcastVote(signed))
        _ = votes.add(VerifiedVote(ownSigned: signed))
    }

    /// Signs, records and sends a proposal for the current round, then accepts it as this round's proposal.
    mutating func sendProposal(_ value: Hash, validRound proposalValidRound: UInt32?) {
        guard let signer, let publicKey else { return }
        let key = SigningKey(height: height, round: round, type: nil)
        precondition(signedProposals[key] == nil, "one proposal per round")
        let proposal = Proposal(
            height: height, round: round, value: value, validRound: proposalValidRound, proposer: publicKey)
        let signed = SignedProposal(signing: proposal, with: signer, chainID: configuration.chainID)
        signedProposals[key] = signed
        output.append(.persist(.proposal(signed)))
        output.append(.broadcastProposal(signed))
        proposals[round] = ReceivedProposal(proposal: VerifiedProposal(ownSigned: signed), isValid: true)
    }

    /// Takes back what this validator signed before a restart: the steps it may not sign again, its
    /// proposals and votes at the current height, its lock, and the round it had reached.
    mutating func restore(_ records: [WALRecord]) {
        guard let publicKey else { return }
        for record in records where record.height >= height {
            switch record {
            case .proposal(let signed) where signed.proposal.proposer == publicKey:
                let proposal = signed.proposal
                signedProposals[SigningKey(height: proposal.height, round: proposal.round, type: nil)] = signed
                guard proposal.height == height else { continue }
                proposals[proposal.round] = ReceivedProposal(
                    proposal: VerifiedProposal(ownSigned: signed), isValid: true)
                restoredRound = max(restoredRound ?? 0, proposal.round)
            case .vote(let signed) where signed.vote.validator == publicKey:
                let vote = signed.vote
                signedVotes[SigningKey(height: vote.height, round: vote.round, type: vote.type)] = signed
                guard vote.height == height else { continue }
                _ = votes.add(VerifiedVote(ownSigned: signed))
                restoredRound = max(restoredRound ?? 0, vote.round)
                // A precommit for a value is exactly when line 36 locked it.
                if vote.type == .precommit, let value = vote.value, lockedRound.map({ $0 < vote.round }) ?? true {
                    (lockedValue, lockedRound, validValue, validRound) = (value, vote.round, value, vote.round)
                    polkaRound = nil
                }
            default:
                continue
            }
        }
    }
}
