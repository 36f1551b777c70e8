import Testing

@testable import BazaarSim

/// Scripted simulator runs that reproduce an incident exactly.
@Suite("Consensus simulation scenarios")
struct ConsensusScenarioTests {
    /// Issue 13, part 2: a validator that lost the record of its round-0 prevote restarts in round 1
    /// while its two live peers wait in round 0 with prevotes from half of the power, and the fourth
    /// validator is down. Without the round deadline nothing is decided again (the run fails its
    /// liveness check); with it the rounds meet and the height is decided in a later round.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func aValidatorRestartedInALaterRoundDoesNotStallThreeOfFour(seed: UInt64) throws {
        let simulation = ConsensusSimulation.lostPrevote(seed: seed, heights: 4)
        let report = try simulation.run()
        #expect(report.crashes == 1)
        #expect(report.heights >= 4)
        // Round 0 of height 2 cannot decide: only two of four validators can vote in it.
        #expect(report.decisionRounds[1] >= 1)
        #expect(report.messagesLost == 0 && report.messagesBlockedByPartitions == 0)
    }

    @Test func theScriptedRunReplaysExactly() throws {
        let first = try ConsensusSimulation.lostPrevote(seed: 7, heights: 3).run()
        let second = try ConsensusSimulation.lostPrevote(seed: 7, heights: 3).run()
        #expect(first == second)
    }
}
