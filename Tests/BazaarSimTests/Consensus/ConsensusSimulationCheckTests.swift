import Testing

@testable import BazaarSim

/// The simulator's checks catch a broken driver.
@Suite("Consensus simulation checks")
struct ConsensusSimulationCheckTests {
    @Test func validatorsThatForgetTheirWriteAheadLogAreCaughtSigningTwice() {
        var failures = [String]()
        for seed in UInt64(1)...40 where !failures.contains(where: { $0.contains("signed twice") }) {
            var simulation = ConsensusSimulation(seed: seed, validators: 4, heights: 3)
            simulation.restartsWithoutWriteAheadLog = true
            do {
                _ = try simulation.run()
            } catch {
                failures.append(error.violation)
            }
        }
        #expect(failures.contains { $0.contains("signed twice") })
    }
}
