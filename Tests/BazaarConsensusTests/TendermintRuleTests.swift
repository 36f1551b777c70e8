import BazaarConsensus
import BazaarCore
import Testing

/// One behaviour of Algorithm 1 per test, on four validators of equal power unless stated.
@Suite("Tendermint rules")
struct TendermintRuleTests {
    let fixture = ConsensusFixture()
    let a = ConsensusFixture.valueA
    let b = ConsensusFixture.valueB

    @Test func theProposerAsksForAValueWhenARoundStarts() {
        let probe = fixture.instance(fixture.keys[0])
        var proposer = fixture.instance(fixture.key(of: probe.proposer(round: 0)))
        let directives = proposer.handle(.startHeight(1))
        #expect(directives.contains(.requestValue(height: 1, round: 0)))
        #expect(proposer.step == .propose)
    }

    @Test func theProposerPersistsItsProposalAndPrevoteBeforeSendingThem() {
        let probe = fixture.instance(fixture.keys[0])
        var proposer = fixture.instance(fixture.key(of: probe.proposer(round: 0)))
        _ = proposer.handle(.startHeight(1))
        let directives = proposer.handle(.proposeValue(height: 1, round: 0, value: a))
        guard directives.count == 4, case .persist(.proposal(let recorded)) = directives[0],
            case .broadcastProposal(let sent) = directives[1], case .persist(.vote(let recordedVote)) = directives[2],
            case .broadcastVote(let sentVote) = directives[3]
        else {
            Issue.record("unexpected directives \(directives)")
            return
        }
        #expect(recorded == sent && recorded.proposal.value == a && recorded.proposal.validRound == nil)
        #expect(recordedVote == sentVote && sentVote.vote.type == .prevote && sentVote.vote.value == a)
    }

    @Test func aFollowerSchedulesTheProposeTimeout() {
        let (follower, directives) = fixture.startedFollower()
        #expect(!directives.contains(.requestValue(height: 1, round: 0)))
        #expect(
            directives.scheduledTimeouts.map(\.timeout) == [
                ConsensusTimeout(kind: .propose, height: 1, round: 0),
                ConsensusTimeout(kind: .round, height: 1, round: 0),
            ])
        #expect(follower.step == .propose)
    }

    @Test func theRoundDeadlineIsTwiceTheSumOfTheRoundsTimeouts() {
        let (_, directives) = fixture.startedFollower()
        // propose 1,000 + prevote 500 + precommit 500, twice.
        #expect(directives.scheduledTimeouts.last?.milliseconds == 4_000)
        #expect(fixture.timeouts.durationMilliseconds(.round, round: 2) == 2 * (1_200 + 600 + 600))
    }

    /// Issue 13, part 2: prevotes from half of the power schedule no prevote timeout and a lone
    /// validator in a later round triggers no round skip; only the round's deadline moves on.
    @Test func theRoundDeadlineMovesAValidatorStuckWithoutTwoThirdsOfTheVotes() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        let others = fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: nil)
        let stuck = follower.handle(Array(others.prefix(1)))
        #expect(stuck.scheduledTimeouts.isEmpty && follower.step == .prevote)
        let ahead = fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 1, value: nil)
        _ = follower.handle(Array(ahead.suffix(1)))
        #expect(follower.round == 0)
        let moved = follower.handle(.timeout(ConsensusTimeout(kind: .round, height: 1, round: 0)))
        #expect(follower.round == 1 && follower.step == .propose)
        #expect(moved.scheduledTimeouts.map(\.timeout.kind) == [.propose, .round])
        #expect(moved.broadcastVotes.isEmpty)
    }

    @Test func anEarlierRoundsDeadlineDoesNothing() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .round, height: 1, round: 0)))
        #expect(follower.round == 1)
        #expect(follower.handle(.timeout(ConsensusTimeout(kind: .round, height: 1, round: 0))).isEmpty)
        #expect(follower.handle(.timeout(ConsensusTimeout(kind: .round, height: 2, round: 1))).isEmpty)
        #expect(follower.round == 1)
    }

    @Test func aValidProposalGetsAPrevoteForItsValue() {
        var (follower, _) = fixture.startedFollower()
        let directives = follower.handle(fixture.proposal(for: follower, value: a))
        #expect(directives.broadcastVotes.map(\.value) == [a])
        #expect(follower.step == .prevote)
    }

    @Test func anInvalidProposalGetsAPrevoteForNil() {
        var (follower, _) = fixture.startedFollower()
        let directives = follower.handle(fixture.proposal(for: follower, value: a, isValid: false))
        #expect(directives.broadcastVotes.map(\.value) == [nil])
    }

    @Test func aProposalFromAValidatorThatIsNotTheProposerIsIgnored() {
        var (follower, _) = fixture.startedFollower()
        let impostor = fixture.keys.first { $0.publicKey != follower.proposer(round: 0) }!
        let proposal = Proposal(height: 1, round: 0, value: a, validRound: nil, proposer: impostor.publicKey)
        let signed = SignedProposal(signing: proposal, with: impostor, chainID: ConsensusFixture.chainID)
        let input = ConsensusInput.proposal(
            VerifiedProposal(verifying: signed, chainID: ConsensusFixture.chainID)!, isValid: true)
        #expect(follower.handle(input).broadcastVotes.isEmpty)
        #expect(follower.step == .propose)
    }

    @Test func theProposeTimeoutPrevotesNil() {
        var (follower, _) = fixture.startedFollower()
        let directives = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        #expect(directives.broadcastVotes.map(\.value) == [nil])
        #expect(follower.step == .prevote)
    }

    @Test func aTimeoutOfAnEarlierRoundIsIgnored() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .prevote, height: 1, round: 0)))
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 0)))
        #expect(follower.round == 1)
        let stale = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        #expect(stale.isEmpty)
        #expect(follower.step == .propose)
    }

    @Test func aPolkaForTheProposalLocksItAndPrecommitsIt() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(fixture.proposal(for: follower, value: a))
        let directives = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: a))
        #expect(directives.broadcastVotes.map(\.type) == [.precommit])
        #expect(directives.broadcastVotes.map(\.value) == [a])
        #expect(follower.lockedValue == a && follower.lockedRound == 0)
        #expect(follower.validValue == a && follower.validRound == 0)
    }

    @Test func prevotesOfOnlyTwoThirdsOfTheCountAreNotAPolka() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(fixture.proposal(for: follower, value: a, isValid: false))
        // Its own nil prevote plus one for the value: 1 of 4, and 2 of 4 are not more than two thirds.
        let others = fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: a)
        let directives = follower.handle(Array(others.prefix(1)))
        #expect(directives.broadcastVotes.isEmpty)
        #expect(follower.step == .prevote)
    }

    @Test func aNilPolkaPrecommitsNil() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        let directives = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: nil))
        #expect(directives.broadcastVotes.map(\.type) == [.precommit])
        #expect(directives.broadcastVotes.map(\.value) == [nil])
        #expect(follower.lockedValue == nil)
    }

    @Test func splitPrevotesScheduleThePrevoteTimeoutWhichPrecommitsNil() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        let others = fixture.validators.validators.map(\.publicKey).filter { $0 != follower.publicKey }
        let directives = follower.handle([
            fixture.vote(.prevote, from: fixture.key(of: others[0]), value: a),
            fixture.vote(.prevote, from: fixture.key(of: others[1]), value: b),
        ])
        #expect(directives.broadcastVotes.isEmpty)
        #expect(directives.scheduledTimeouts.map(\.timeout) == [ConsensusTimeout(kind: .prevote, height: 1, round: 0)])
        let fired = follower.handle(.timeout(ConsensusTimeout(kind: .prevote, height: 1, round: 0)))
        #expect(fired.broadcastVotes.map(\.type) == [.precommit])
        #expect(fired.broadcastVotes.map(\.value) == [nil])
    }

    @Test func splitPrecommitsScheduleThePrecommitTimeoutWhichStartsTheNextRound() {
        var (follower, _) = fixture.startedFollower()
        let others = fixture.validators.validators.map(\.publicKey).filter { $0 != follower.publicKey }
        let directives = follower.handle([
            fixture.vote(.precommit, from: fixture.key(of: others[0]), value: a),
            fixture.vote(.precommit, from: fixture.key(of: others[1]), value: b),
            fixture.vote(.precommit, from: fixture.key(of: others[2]), value: nil),
        ])
        #expect(directives.scheduledTimeouts.map(\.timeout.kind) == [.precommit])
        #expect(directives.decisions.isEmpty)
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 0)))
        #expect(follower.round == 1 && follower.step == .propose)
    }

    @Test func votesOfMoreThanAThirdInAHigherRoundMakeItSkipThere() {
        var (follower, _) = fixture.startedFollower()
        let others = fixture.validators.validators.map(\.publicKey).filter { $0 != follower.publicKey }
        _ = follower.handle(fixture.vote(.prevote, from: fixture.key(of: others[0]), round: 5, value: nil))
        #expect(follower.round == 0)
        _ = follower.handle(fixture.vote(.precommit, from: fixture.key(of: others[1]), round: 5, value: nil))
        #expect(follower.round == 5)
        #expect(follower.step == .propose)
    }

    @Test func votesOfOneValidatorInAHigherRoundDoNotMakeItSkip() {
        var (follower, _) = fixture.startedFollower()
        let other = fixture.keys.first { $0.publicKey != follower.publicKey }!
        _ = follower.handle([
            fixture.vote(.prevote, from: other, round: 3, value: nil),
            fixture.vote(.precommit, from: other, round: 3, value: nil),
        ])
        #expect(follower.round == 0)
    }

    @Test func precommitsOfMoreThanTwoThirdsDecideWithACommit() {
        var (follower, _) = fixture.startedFollower()
        let directives = follower.handle(fixture.votes(.precommit, from: [0, 1, 2, 3], except: follower, value: a))
        let commit = directives.decisions.first
        #expect(directives.decisions.count == 1)
        #expect(commit?.value == a && commit?.height == 1 && commit?.round == 0)
        #expect(commit?.precommits.count == 3)
        #expect(commit?.isValid(chainID: ConsensusFixture.chainID, validators: fixture.validators) == true)
        #expect(follower.step == .decided && follower.decision == commit)
    }

    @Test func aDecidedHeightIgnoresFurtherInputUntilTheNextHeight() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(fixture.votes(.precommit, from: [0, 1, 2, 3], except: follower, value: a))
        #expect(follower.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 0))).isEmpty)
        let next = follower.handle(.startHeight(2))
        #expect(follower.height == 2 && follower.round == 0 && follower.lockedValue == nil)
        #expect(next.scheduledTimeouts.map(\.timeout.height) == [2, 2])
    }

    @Test func anEquivocatingValidatorIsReportedOnceWithBothVotes() {
        var (follower, _) = fixture.startedFollower()
        let other = fixture.keys.first { $0.publicKey != follower.publicKey }!
        let first = follower.handle(fixture.vote(.prevote, from: other, value: a))
        let second = follower.handle(fixture.vote(.prevote, from: other, value: b))
        let third = follower.handle(fixture.vote(.prevote, from: other, value: nil))
        #expect(first.evidence.isEmpty && third.evidence.isEmpty)
        let evidence = second.evidence
        #expect(evidence.count == 1)
        #expect(evidence.first?.validator == other.publicKey)
        #expect(Set([evidence.first?.first.vote.value, evidence.first?.second.vote.value]) == [a, b])
        #expect(evidence.first?.isValid(chainID: ConsensusFixture.chainID, validators: fixture.validators) == true)
        // Both versions count for their value, a third one not; the validator's power counts once in total.
        #expect(follower.votes.power(round: 0, type: .prevote, value: a) == 1)
        #expect(follower.votes.power(round: 0, type: .prevote, value: b) == 1)
        #expect(follower.votes.power(round: 0, type: .prevote, value: nil) == 0)
        #expect(follower.votes.totalPower(round: 0, type: .prevote) == 1)
    }

    @Test func aCommitBuiltWithTheOtherVersionOfAnEquivocatorsVoteStillDecides() {
        var (follower, _) = fixture.startedFollower()
        let others = fixture.validators.validators.map(\.publicKey).filter { $0 != follower.publicKey }
        let equivocator = fixture.key(of: others[0])
        // This validator saw the equivocator precommit nil; the other two honest ones and the
        // equivocator's other version make the commit for a.
        _ = follower.handle(fixture.vote(.precommit, from: equivocator, value: nil))
        let directives = follower.handle([
            fixture.vote(.precommit, from: fixture.key(of: others[1]), value: a),
            fixture.vote(.precommit, from: fixture.key(of: others[2]), value: a),
            fixture.vote(.precommit, from: equivocator, value: a),
        ])
        #expect(directives.decisions.map(\.value) == [a])
        #expect(directives.decisions.first?.precommits.count == 3)
    }

    @Test func votesFromOutsideTheValidatorSetAreNotCounted() {
        var (follower, _) = fixture.startedFollower()
        let outsider = PrivateKey(seed: [UInt8](repeating: 0xEE, count: 32))!
        _ = follower.handle(fixture.vote(.prevote, from: outsider, value: a))
        #expect(follower.votes.totalPower(round: 0, type: .prevote) == 0)
    }
}
