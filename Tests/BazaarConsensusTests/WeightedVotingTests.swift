import BazaarConsensus
import BazaarCore
import Testing

/// Thresholds count voting power, not validators.
@Suite("Weighted voting")
struct WeightedVotingTests {
    /// Three light validators and one holding 7 of the 10 units of power.
    let fixture = ConsensusFixture(powers: [1, 1, 1, 7])
    let a = ConsensusFixture.valueA

    private var heavy: PrivateKey { fixture.keys[3] }
    private var light: [PrivateKey] { Array(fixture.keys.prefix(3)) }

    private func startedObserver() -> Tendermint {
        var observer = Tendermint(configuration: fixture.configuration, signer: nil, height: 1)
        _ = observer.handle(.startHeight(1))
        return observer
    }

    @Test func aCommitNeedsMoreThanTwoThirdsOfPowerNotOfCount() {
        var observer = startedObserver()
        let lightOnly = observer.handle(light.map { fixture.vote(.precommit, from: $0, value: a) })
        #expect(lightOnly.decisions.isEmpty)
        let withHeavy = observer.handle(fixture.vote(.precommit, from: heavy, value: a))
        #expect(withHeavy.decisions.count == 1)
        #expect(withHeavy.decisions.first?.precommits.count == 4)
    }

    @Test func theHeavyValidatorAndOneLightOneAreEnoughToCommit() {
        var observer = startedObserver()
        let directives = observer.handle([
            fixture.vote(.precommit, from: heavy, value: a), fixture.vote(.precommit, from: light[0], value: a),
        ])
        #expect(directives.decisions.map(\.value) == [a])
    }

    @Test func aCommitOfThreeOutOfFourValidatorsIsInvalidWithoutTheirPower() {
        let precommits = light.map {
            SignedVote(
                signing: Vote(type: .precommit, height: 1, round: 0, value: a, validator: $0.publicKey), with: $0,
                chainID: ConsensusFixture.chainID)
        }
        let commit = Commit(height: 1, round: 0, value: a, precommits: precommits)
        #expect(commit.signedPower(chainID: ConsensusFixture.chainID, validators: fixture.validators) == 3)
        #expect(!commit.isValid(chainID: ConsensusFixture.chainID, validators: fixture.validators))
    }

    @Test func aCommitCountsEachValidatorOnceAndOnlyWithAValidSignature() {
        let vote = Vote(type: .precommit, height: 1, round: 0, value: a, validator: heavy.publicKey)
        let forged = SignedVote(vote: vote, signature: light[0].sign(vote.signingBytes(chainID: "x")))
        let genuine = SignedVote(signing: vote, with: heavy, chainID: ConsensusFixture.chainID)
        let forgedOnly = Commit(height: 1, round: 0, value: a, precommits: [forged])
        let twice = Commit(height: 1, round: 0, value: a, precommits: [genuine, genuine])
        #expect(forgedOnly.signedPower(chainID: ConsensusFixture.chainID, validators: fixture.validators) == 0)
        #expect(twice.signedPower(chainID: ConsensusFixture.chainID, validators: fixture.validators) == 7)
    }

    @Test func theHeavyValidatorAloneMakesOthersSkipToItsRound() {
        var observer = startedObserver()
        _ = observer.handle(fixture.vote(.prevote, from: heavy, round: 4, value: nil))
        #expect(observer.round == 4)
    }

    @Test func allLightValidatorsTogetherAreNotEnoughToSkip() {
        var observer = startedObserver()
        _ = observer.handle(light.map { fixture.vote(.prevote, from: $0, round: 4, value: nil) })
        #expect(observer.round == 0)
    }
}
