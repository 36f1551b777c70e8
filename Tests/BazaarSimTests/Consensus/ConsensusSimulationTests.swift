import Foundation
import Testing

@testable import BazaarSim

@Suite("Consensus simulation")
struct ConsensusSimulationTests {
    /// More seeds and heights locally; CI keeps the suite fast.
    private static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
    private static let seeds: [UInt64] = Array(1...(isCI ? 20 : 80))
    private static let heights = isCI ? 3 : 8

    /// Runs on a Dispatch thread, not the test runner's cooperative ones: a run takes about a second of
    /// CPU, and the end-to-end and network tests running alongside need those threads to wake on time.
    private func simulate(seed: UInt64, heights: Int = heights) async throws -> ConsensusSimulationReport {
        let validators = 4 + Int(seed % 7)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try ConsensusSimulation(seed: seed, validators: validators, heights: heights).run() }
                )
            }
        }
    }

    @Test(arguments: seeds)
    func seedRunsWithoutViolations(seed: UInt64) async throws {
        let report = try await simulate(seed: seed)
        #expect(report.seed == seed)
        #expect(report.heights >= Self.heights)
        #expect(report.decidedBlocks.count == report.decisionRounds.count)
        #expect(Set(report.decidedBlocks).count == report.decidedBlocks.count)
    }

    @Test func theSameSeedReplaysExactly() async throws {
        let first = try await simulate(seed: 42, heights: 3)
        let second = try await simulate(seed: 42, heights: 3)
        #expect(first == second)
    }

    @Test func differentSeedsDecideDifferentBlocks() async throws {
        let first = try await simulate(seed: 5, heights: 2)
        let second = try await simulate(seed: 6, heights: 2)
        #expect(first.decidedBlocks != second.decidedBlocks)
    }

    @Test func theRunsInjectEveryKindOfFault() async throws {
        let reports = try await (100..<112).asyncMap { try await simulate(seed: $0, heights: 3) }
        #expect(reports.contains { $0.messagesLost > 0 })
        #expect(reports.contains { $0.messagesDuplicated > 0 })
        #expect(reports.contains { $0.messagesBlockedByPartitions > 0 })
        #expect(reports.contains { $0.crashes > 0 })
        #expect(reports.allSatisfy { $0.equivocations > 0 })
        #expect(reports.contains { $0.evidenceReports > 0 })
        #expect(reports.contains { $0.evidenceCommitted > 0 })
        #expect(reports.contains { $0.decisionRounds.contains { $0 > 0 } })
        #expect(reports.contains { $0.transactionsCommitted > 0 })
    }

    @Test func everyValidatorCountFromFourToTenRuns() throws {
        for validators in 4...10 {
            let report = try ConsensusSimulation(seed: 900 + UInt64(validators), validators: validators, heights: 2)
                .run()
            #expect(report.validators == validators && report.votingPowers.count == validators)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
