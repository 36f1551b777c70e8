import BazaarConsensus
import BazaarCore
import Testing

/// A validator rebuilt from its write-ahead log never signs a second, different message for a step.
@Suite("Tendermint restart")
struct TendermintRestartTests {
    let fixture = ConsensusFixture()
    let a = ConsensusFixture.valueA
    let b = ConsensusFixture.valueB

    private func records(_ directives: [ConsensusDirective]) -> [WALRecord] {
        directives.compactMap {
            if case .persist(let record) = $0 { return record }
            return nil
        }
    }

    private func restarted(from consensus: Tendermint, records: [WALRecord]) -> Tendermint {
        fixture.instance(fixture.key(of: consensus.publicKey!), restoring: records)
    }

    @Test func aRestartedValidatorResendsItsPrevoteInsteadOfPrevotingNil() {
        var (follower, _) = fixture.startedFollower()
        let log = records(follower.handle(fixture.proposal(for: follower, value: a)))
        #expect(log.count == 1)
        var restarted = restarted(from: follower, records: log)
        _ = restarted.handle(.startHeight(1))
        let directives = restarted.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0)))
        #expect(directives.broadcastVotes.map(\.value) == [a])
        #expect(records(directives).isEmpty)
    }

    @Test func aRestartedValidatorKeepsItsLockAndRound() {
        var (follower, _) = fixture.startedFollower()
        var log = records(follower.handle(fixture.proposal(for: follower, value: a)))
        log += records(follower.handle(fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, value: a)))
        var restarted = restarted(from: follower, records: log)
        _ = restarted.handle(.startHeight(1))
        #expect(restarted.lockedValue == a && restarted.lockedRound == 0)
        _ = restarted.handle(.timeout(ConsensusTimeout(kind: .precommit, height: 1, round: 0)))
        let directives = restarted.handle(fixture.proposal(for: restarted, round: 1, value: b))
        #expect(directives.broadcastVotes.map(\.value) == [nil])
    }

    @Test func aRestartedValidatorResumesInTheLastRoundItSignedIn() {
        var (follower, _) = fixture.startedFollower()
        let skip = fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 3, value: nil)
        _ = follower.handle(Array(skip.prefix(2)))
        let log = records(follower.handle(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 3))))
        var restarted = restarted(from: follower, records: log)
        _ = restarted.handle(.startHeight(1))
        #expect(restarted.round == 3)
    }

    @Test func aRestartedProposerSendsItsRecordedProposalAgain() {
        let probe = fixture.instance(fixture.keys[0])
        var proposer = fixture.instance(fixture.key(of: probe.proposer(round: 0)))
        _ = proposer.handle(.startHeight(1))
        let log = records(proposer.handle(.proposeValue(height: 1, round: 0, value: a)))
        var restarted = restarted(from: proposer, records: log)
        let directives = restarted.handle(.startHeight(1))
        #expect(!directives.contains(.requestValue(height: 1, round: 0)))
        #expect(directives.contains(.broadcastProposal(SignedProposal.recorded(in: log)!)))
        // Asked for another value anyway, it does not sign a second proposal.
        #expect(restarted.handle(.proposeValue(height: 1, round: 0, value: b)).isEmpty)
    }
}

extension SignedProposal {
    static func recorded(in records: [WALRecord]) -> SignedProposal? {
        for case .proposal(let signed) in records { return signed }
        return nil
    }
}
