import BazaarConsensus
import BazaarCore
import Testing

/// Locked and valid values across rounds (Algorithm 1, lines 22–43).
@Suite("Tendermint locking")
struct TendermintLockingTests {
    let fixture = ConsensusFixture()
    let a = ConsensusFixture.valueA
    let b = ConsensusFixture.valueB

    /// A follower locked on `a` in round 0 and now in round `round`, in the propose step.
    private func lockedFollower(movingTo round: UInt32 = 1) -> Tendermint {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(fixture.proposal(for: follower, value: a))
        _ = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: a))
        precondition(follower.lockedValue == a)
        let skip = fixture.votes(.precommit, from: [0, 1, 2, 3], except: follower, round: round, value: nil)
        _ = follower.handle(Array(skip.prefix(2)))
        precondition(follower.round == round && follower.step == .propose)
        return follower
    }

    @Test func aLockedValidatorPrevotesNilForADifferentValueWithoutAPolka() {
        var follower = lockedFollower()
        let directives = follower.handle(fixture.proposal(for: follower, round: 1, value: b))
        #expect(directives.broadcastVotes.map(\.value) == [nil])
        #expect(follower.lockedValue == a)
    }

    @Test func aLockedValidatorPrevotesForItsLockedValueAgain() {
        var follower = lockedFollower()
        let directives = follower.handle(fixture.proposal(for: follower, round: 1, value: a, validRound: 0))
        #expect(directives.broadcastVotes.map(\.value) == [a])
    }

    @Test func aPolkaInALaterRoundThanTheLockUnlocksAReproposal() {
        var follower = lockedFollower(movingTo: 2)
        _ = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 1, value: b))
        let directives = follower.handle(fixture.proposal(for: follower, round: 2, value: b, validRound: 1))
        #expect(directives.broadcastVotes.map(\.value) == [b])
    }

    @Test func aReproposalIsNotPrevotedUntilThePolkaOfItsValidRoundIsSeen() {
        var follower = lockedFollower(movingTo: 2)
        let directives = follower.handle(fixture.proposal(for: follower, round: 2, value: b, validRound: 1))
        #expect(directives.broadcastVotes.isEmpty)
        #expect(follower.step == .propose)
    }

    @Test func aPolkaOlderThanTheLockDoesNotUnlock() {
        // Locked on a in round 1; a proposal of b with a polka from round 0 is older than the lock.
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 0, value: b))
        let skip = fixture.votes(.precommit, from: [0, 1, 2, 3], except: follower, round: 1, value: nil)
        _ = follower.handle(Array(skip.prefix(2)))
        _ = follower.handle(fixture.proposal(for: follower, round: 1, value: a))
        _ = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 1, value: a))
        #expect(follower.lockedValue == a && follower.lockedRound == 1)
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 1)))
        let directives = follower.handle(fixture.proposal(for: follower, round: 2, value: b, validRound: 0))
        #expect(directives.broadcastVotes.map(\.value) == [nil])
    }

    @Test func aPolkaSeenAfterPrecommittingUpdatesTheValidValueButNotTheLock() {
        var (follower, _) = fixture.startedFollower()
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        _ = follower.handle(.timeout(ConsensusTimeout(kind: .prevote, height: 1, round: 0)))
        #expect(follower.step == .precommit)
        _ = follower.handle(fixture.proposal(for: follower, value: a))
        _ = follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: a))
        #expect(follower.validValue == a && follower.validRound == 0)
        #expect(follower.lockedValue == nil)
    }

    @Test func theNextProposerReproposesTheValidValueWithItsValidRound() {
        let probe = fixture.instance(fixture.keys[0])
        let nextProposer = fixture.key(of: probe.proposer(round: 1))
        #expect(nextProposer.publicKey != probe.proposer(round: 0))
        var consensus = fixture.instance(nextProposer)
        _ = consensus.handle(.startHeight(1))
        _ = consensus.handle(fixture.proposal(for: consensus, value: a))
        _ = consensus.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: consensus, value: a))
        let directives = consensus.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 0)))
        let proposals: [Proposal] = directives.compactMap {
            if case .broadcastProposal(let signed) = $0 { return signed.proposal }
            return nil
        }
        #expect(proposals.map(\.value) == [a])
        #expect(proposals.first?.validRound == 0 && proposals.first?.round == 1)
        #expect(!directives.contains(.requestValue(height: 1, round: 1)))
    }
}
