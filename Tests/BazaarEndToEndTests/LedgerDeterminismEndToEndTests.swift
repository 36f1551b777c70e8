import Foundation
import Testing

/// `bazaar simulate ledger` as a user runs it: the hash file of one seed, and the determinism
/// check that runs the seed in two separate processes of the real executable.
@Suite struct LedgerDeterminismEndToEndTests {
    private static let sizes = ["--blocks", "12", "--accounts", "5", "--transactions-per-block", "15"]

    @Test func hashesFileHasOneHashPerHeightEndingInTheReportedOne() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-hashes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await CommandLineRun.run(
            ["simulate", "ledger", "--seed", "7", "--hashes", file.path, "--json"] + Self.sizes,
            timeout: .seconds(300))
        #expect(run.status == 0, "\(run.error)")
        struct Report: Decodable { var finalAppHash: String }
        let reports = try JSONDecoder().decode([Report].self, from: Data(run.output.utf8))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 13)
        #expect(lines.enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset) ") })
        #expect(lines.last?.split(separator: " ").last.map(String.init) == reports.first?.finalAppHash)
    }

    @Test func oneSeedInTwoProcessesAgreesAtEveryHeight() async throws {
        let run = try await CommandLineRun.run(
            ["simulate", "ledger", "--seed", "3", "--check-determinism"] + Self.sizes, timeout: .seconds(300))
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("ledger determinism seed 3: two processes agree at all 13 heights"))
        // Both processes ran: each announced its seed on standard error.
        #expect(run.error.components(separatedBy: "simulating ledger, seed 3").count - 1 == 2)
    }

    @Test func hashesRefuseSeveralSeeds() async throws {
        let run = try await CommandLineRun.run(["simulate", "ledger", "--seeds", "2", "--hashes", "/tmp/unused"])
        #expect(run.status != 0)
        #expect(run.error.contains("--hashes takes one seed"))
    }
}
