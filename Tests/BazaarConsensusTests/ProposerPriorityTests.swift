import BazaarConsensus
import BazaarCore
import Testing

@Suite("Proposer priority")
struct ProposerPriorityTests {
    private func proposers(powers: [UInt64], heights: Int) -> [Int] {
        let validators = ConsensusFixture(powers: powers).validators
        var priority = ProposerPriority(validators: validators)
        var chosen = [Int]()
        for _ in 0..<heights {
            chosen.append(priority.proposerIndex)
            priority = priority.nextHeight()
        }
        return chosen
    }

    @Test func equalPowersTakeTurns() {
        let chosen = proposers(powers: [5, 5, 5, 5], heights: 8)
        #expect(Array(chosen.prefix(4)).sorted() == [0, 1, 2, 3])
        #expect(Array(chosen.suffix(4)) == Array(chosen.prefix(4)))
    }

    @Test func eachValidatorProposesInProportionToItsPower() {
        let validators = ConsensusFixture(powers: [1, 2, 3, 4]).validators
        let chosen = proposers(powers: [1, 2, 3, 4], heights: 100)
        for (index, validator) in validators.validators.enumerated() {
            #expect(chosen.count { $0 == index } == Int(validator.votingPower) * 10)
        }
    }

    @Test func laterRoundsMoveToTheNextProposer() {
        let validators = ConsensusFixture().validators
        let priority = ProposerPriority(validators: validators)
        let byRound = (0..<4).map { priority.proposer(round: UInt32($0)) }
        #expect(byRound.sorted() == [0, 1, 2, 3])
    }

    @Test func prioritiesAtAHeightEqualStepsFromHeightOne() {
        let validators = ConsensusFixture(powers: [3, 1, 4, 1, 5]).validators
        var stepped = ProposerPriority(validators: validators)
        for _ in 1..<17 { stepped = stepped.nextHeight() }
        #expect(ProposerPriority(validators: validators, height: 17) == stepped)
    }

    @Test func prioritiesStayWithinTwiceTheTotalPower() {
        let validators = ConsensusFixture(powers: [1, 1, 1_000_000]).validators
        let priority = ProposerPriority(validators: validators, height: 500)
        let spread = priority.priorities.max()! - priority.priorities.min()!
        #expect(spread <= 2 * Int64(validators.totalVotingPower) + Int64(validators.totalVotingPower))
    }
}
