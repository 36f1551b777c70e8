import BazaarCore

/// The "upon" rules of Algorithm 1, applied until none fires.
extension Tendermint {
    /// More rule firings than this after one input would mean a rule that fires without changing state.
    static let ruleFiringsMax = 10_000

    mutating func applyRules() {
        var firings = 0
        while isRunning, applyOneRule() {
            firings += 1
            precondition(firings < Self.ruleFiringsMax, "consensus rules do not settle")
        }
    }

    /// Fires the first rule whose condition holds; returns whether one fired.
    private mutating func applyOneRule() -> Bool {
        if decideIfCommitted() { return true }
        if skipToHigherRound() { return true }
        if step == .propose, prevoteOnProposal() { return true }
        if step >= .prevote, lockOnPolka() { return true }
        if step == .prevote, precommitNilOnNilPolka() { return true }
        if step == .prevote, prevoteTimeoutRound != round, votes.totalPower(round: round, type: .prevote) > 0,
            validators.isQuorum(votes.totalPower(round: round, type: .prevote))
        {
            // Line 34: prevotes of two thirds, but not for one value; wait a little for the rest.
            prevoteTimeoutRound = round
            schedule(.prevote)
            return true
        }
        if precommitTimeoutRound != round, validators.isQuorum(votes.totalPower(round: round, type: .precommit)) {
            // Line 47.
            precommitTimeoutRound = round
            schedule(.precommit)
            return true
        }
        return false
    }

    /// Line 49: precommits of more than two thirds for one value in any round decide the height.
    private mutating func decideIfCommitted() -> Bool {
        for committedRound in votes.rounds {
            guard case .some(.some(let value)) = votes.quorumValue(round: committedRound, type: .precommit) else {
                continue
            }
            let commit = Commit(
                height: height, round: committedRound, value: value,
                precommits: votes.precommits(round: committedRound, value: value))
            assert(commit.signedPower(chainID: configuration.chainID, validators: validators) > 0)
            decision = commit
            step = .decided
            output.append(.decide(commit))
            return true
        }
        return false
    }

    /// Line 55: votes from more than a third of the power in a higher round mean an honest validator is there.
    private mutating func skipToHigherRound() -> Bool {
        let higher = votes.rounds.last { $0 > round && validators.exceedsOneThird(votes.senderPower(round: $0)) }
        guard let higher else { return false }
        startRound(higher)
        return true
    }

    /// Lines 22 and 28: prevote for the round's proposal if it is valid and the lock allows it, else for nil.
    private mutating func prevoteOnProposal() -> Bool {
        guard let proposal = proposals[round] else { return false }
        let acceptable: Bool
        if let proposalValidRound = proposal.validRound {
            // Line 28: a re-proposal needs the polka of its valid round, which may unlock us.
            guard validators.isQuorum(votes.power(round: proposalValidRound, type: .prevote, value: proposal.value))
            else { return false }
            acceptable = lockedRound.map { $0 <= proposalValidRound } ?? true || lockedValue == proposal.value
        } else {
            acceptable = lockedRound == nil || lockedValue == proposal.value
        }
        step = .prevote
        castVote(.prevote, value: proposal.isValid && acceptable ? proposal.value : nil)
        return true
    }

    /// Line 36: a valid proposal with a polka in this round becomes the valid value, and the locked one
    /// if we have not precommitted yet.
    private mutating func lockOnPolka() -> Bool {
        guard polkaRound != round, let proposal = proposals[round], proposal.isValid,
            validators.isQuorum(votes.power(round: round, type: .prevote, value: proposal.value))
        else { return false }
        polkaRound = round
        validValue = proposal.value
        validRound = round
        if step == .prevote {
            lockedValue = proposal.value
            lockedRound = round
            step = .precommit
            castVote(.precommit, value: proposal.value)
        }
        return true
    }

    /// Line 44: a polka for nil.
    private mutating func precommitNilOnNilPolka() -> Bool {
        guard case .some(.none) = votes.quorumValue(round: round, type: .prevote) else { return false }
        step = .precommit
        castVote(.precommit, value: nil)
        return true
    }
}
