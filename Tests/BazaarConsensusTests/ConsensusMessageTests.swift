import BazaarConsensus
import BazaarCore
import Testing

@Suite("Consensus messages")
struct ConsensusMessageTests {
    let fixture = ConsensusFixture()
    let a = ConsensusFixture.valueA

    private func signed(_ value: Hash?, key: PrivateKey? = nil) -> SignedVote {
        let key = key ?? fixture.keys[0]
        let vote = Vote(type: .prevote, height: 7, round: 2, value: value, validator: key.publicKey)
        return SignedVote(signing: vote, with: key, chainID: ConsensusFixture.chainID)
    }

    @Test func aVoteSignatureIsValidOnlyOnItsOwnChain() {
        let vote = signed(a)
        #expect(VerifiedVote(verifying: vote, chainID: ConsensusFixture.chainID) != nil)
        #expect(VerifiedVote(verifying: vote, chainID: "another-chain") == nil)
    }

    @Test func aVoteSignatureDoesNotPassForAProposal() {
        let key = fixture.keys[0]
        let proposal = Proposal(height: 7, round: 2, value: a, validRound: nil, proposer: key.publicKey)
        let vote = Vote(type: .prevote, height: 7, round: 2, value: a, validator: key.publicKey)
        let borrowed = SignedProposal(
            proposal: proposal, signature: key.sign(vote.signingBytes(chainID: ConsensusFixture.chainID)))
        #expect(VerifiedProposal(verifying: borrowed, chainID: ConsensusFixture.chainID) == nil)
    }

    @Test func messagesRoundTripThroughTheirCanonicalBytes() throws {
        let vote = signed(nil)
        #expect(try SignedVote(canonicalBytes: vote.canonicalBytes) == vote)
        let key = fixture.keys[1]
        let proposal = SignedProposal(
            signing: Proposal(height: 3, round: 1, value: a, validRound: 0, proposer: key.publicKey), with: key,
            chainID: ConsensusFixture.chainID)
        #expect(try WALRecord(canonicalBytes: WALRecord.proposal(proposal).canonicalBytes) == .proposal(proposal))
        let commit = Commit(height: 7, round: 2, value: a, precommits: fixture.keys.map { signed(a, key: $0) })
        #expect(try Commit(canonicalBytes: commit.canonicalBytes) == commit)
    }

    @Test func aCommitWithUnsortedPrecommitsDoesNotDecode() {
        let sorted = Commit(height: 7, round: 2, value: a, precommits: fixture.keys.map { signed(a, key: $0) })
        var writer = CanonicalWriter()
        writer.write(sorted.height)
        writer.write(sorted.round)
        writer.write(sorted.value)
        writer.write(Array(sorted.precommits.reversed()))
        #expect(throws: DecodingError.self) { try Commit(canonicalBytes: writer.bytes) }
    }

    @Test func evidenceIsTheSameInEitherOrder() {
        let first = signed(a)
        let second = signed(nil)
        #expect(Evidence(first, second) == Evidence(second, first))
        #expect(Evidence(first, first) == nil)
        #expect(Evidence(first, signed(nil, key: fixture.keys[1])) == nil)
    }

    @Test func timeoutsGrowPerRoundUpToTheirMaximum() {
        let timeouts = TimeoutSettings(
            proposeMilliseconds: 1_000, proposeDeltaMilliseconds: 500, durationMillisecondsMax: 5_000)
        #expect(timeouts.durationMilliseconds(.propose, round: 0) == 1_000)
        #expect(timeouts.durationMilliseconds(.propose, round: 3) == 2_500)
        #expect(timeouts.durationMilliseconds(.propose, round: 100) == 5_000)
        #expect(timeouts.durationMilliseconds(.propose, round: .max) == 5_000)
    }

    @Test func theProposeTimeoutResetsAtTheNextHeight() {
        var (follower, _) = fixture.startedFollower()
        let skip = fixture.votes(.prevote, from: [0, 1, 2, 3], except: follower, round: 4, value: nil)
        let late = follower.handle(Array(skip.prefix(2)))
        #expect(late.scheduledTimeouts.first?.milliseconds == 1_400)
        _ = follower.handle(fixture.votes(.precommit, from: [0, 1, 2, 3], except: follower, round: 4, value: a))
        let next = follower.handle(.startHeight(2))
        #expect(next.scheduledTimeouts.first?.milliseconds == 1_000)
    }
}
