import BazaarConsensus
import BazaarCore
import Testing

/// Exactly two thirds of the power is not a quorum and exactly one third is not "more than one
/// third": the fixtures here make both reachable (total powers divisible by three), so a `>=` in
/// place of a `>` fails them.
@Suite("Quorum boundaries")
struct QuorumBoundaryTests {
    let a = ConsensusFixture.valueA

    @Test(arguments: [UInt64(1), 2, 3, 1_000])
    func exactlyTwoThirdsIsNotAQuorumAndOneUnitMoreIs(unit: UInt64) {
        let validators = ConsensusFixture(powers: [unit, unit, unit]).validators
        #expect(validators.totalVotingPower == 3 * unit)
        #expect(!validators.isQuorum(2 * unit))
        #expect(validators.isQuorum(2 * unit + 1))
        #expect(!validators.exceedsOneThird(unit))
        #expect(validators.exceedsOneThird(unit + 1))
    }

    @Test func theLargestTotalPowerKeepsItsBoundaries() {
        let third = ValidatorSet.totalVotingPowerMax / 3
        let validators = ConsensusFixture(powers: [third, third, third]).validators
        #expect(!validators.isQuorum(2 * third))
        #expect(validators.isQuorum(2 * third + 1))
        #expect(!validators.exceedsOneThird(third))
        #expect(validators.exceedsOneThird(third + 1))
    }

    @Test func twoOfThreeEqualValidatorsDoNotCommitAndAllThreeDo() {
        let fixture = ConsensusFixture(powers: [1, 1, 1])
        var observer = Tendermint(configuration: fixture.configuration, signer: nil, height: 1)
        _ = observer.handle(.startHeight(1))
        let twoThirds = observer.handle(fixture.keys.prefix(2).map { fixture.vote(.precommit, from: $0, value: a) })
        #expect(twoThirds.decisions.isEmpty)
        let all = observer.handle(fixture.vote(.precommit, from: fixture.keys[2], value: a))
        #expect(all.decisions.map(\.value) == [a])
    }

    @Test func aCommitSignedByExactlyTwoThirdsIsInvalid() {
        let fixture = ConsensusFixture(powers: [1, 1, 1])
        let signed = fixture.keys.map {
            SignedVote(
                signing: Vote(type: .precommit, height: 1, round: 0, value: a, validator: $0.publicKey), with: $0,
                chainID: ConsensusFixture.chainID)
        }
        let twoThirds = Commit(height: 1, round: 0, value: a, precommits: Array(signed.prefix(2)))
        let all = Commit(height: 1, round: 0, value: a, precommits: signed)
        #expect(!twoThirds.isValid(chainID: ConsensusFixture.chainID, validators: fixture.validators))
        #expect(all.isValid(chainID: ConsensusFixture.chainID, validators: fixture.validators))
    }

    @Test func exactlyOneThirdInAHigherRoundDoesNotMakeAValidatorSkipAndMoreDoes() {
        let fixture = ConsensusFixture(powers: [1, 1, 1])
        var observer = Tendermint(configuration: fixture.configuration, signer: nil, height: 1)
        _ = observer.handle(.startHeight(1))
        _ = observer.handle(fixture.vote(.prevote, from: fixture.keys[0], round: 4, value: nil))
        #expect(observer.round == 0)
        _ = observer.handle(fixture.vote(.prevote, from: fixture.keys[1], round: 4, value: nil))
        #expect(observer.round == 4)
    }

    @Test func prevotesOfExactlyTwoThirdsForAValueDoNotLockIt() {
        let fixture = ConsensusFixture(powers: [1, 1, 1])
        let (follower, _) = fixture.startedFollowerOfThree()
        var consensus = follower
        _ = consensus.handle(fixture.proposal(for: consensus, value: a))
        let others = fixture.keys.filter { $0.publicKey != consensus.publicKey }
        let oneOther = consensus.handle(fixture.vote(.prevote, from: others[0], value: a))
        // Its own prevote and one other: two of three, exactly two thirds.
        #expect(!oneOther.broadcastVotes.contains { $0.type == .precommit && $0.value == a })
        let both = consensus.handle(fixture.vote(.prevote, from: others[1], value: a))
        #expect(both.broadcastVotes.contains { $0.type == .precommit && $0.value == a })
    }
}

extension ConsensusFixture {
    /// A started validator of this set that does not propose in round 0.
    fileprivate func startedFollowerOfThree() -> (Tendermint, [ConsensusDirective]) {
        let probe = instance(keys[0])
        let key = keys.first { $0.publicKey != probe.proposer(round: 0) }!
        var consensus = instance(key)
        let directives = consensus.handle(.startHeight(1))
        return (consensus, directives)
    }
}
