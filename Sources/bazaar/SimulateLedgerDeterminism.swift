import ArgumentParser
import BazaarSim
import Foundation

/// `bazaar simulate ledger --check-determinism`: each seed in two separate processes of this
/// executable, their application hashes compared at every height.
///
/// Two processes, not two runs in one: each process seeds Swift's hashing differently, so any
/// iteration over a `Dictionary` or `Set` that reaches the state shows up as differing hashes.
extension SimulateCommand.Ledger {
    func runDeterminismCheck() async throws {
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-determinism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for offset in 0..<UInt64(seeds) {
            let runSeed = seed + offset
            Output.note("checking ledger determinism, seed \(runSeed), in two processes")
            let files = ["first", "second"].map { directory.appendingPathComponent("\($0)-\(runSeed).hashes") }
            async let first = runChild(executable, seed: runSeed, hashes: files[0])
            async let second = runChild(executable, seed: runSeed, hashes: files[1])
            let statuses = try await [first, second]
            for (status, file) in zip(statuses, files) where status != 0 {
                Output.error("a simulation process exited with status \(status) (\(file.lastPathComponent))")
                Output.note("replay: \(replayCommand(seed: runSeed))")
                throw ExitCode.failure
            }
            let logs = try files.map { try LedgerHashLog(text: String(contentsOf: $0, encoding: .utf8)) }
            if let difference = LedgerHashLog.firstDifference(logs[0], logs[1]) {
                Output.error("ledger simulation seed \(runSeed) is not deterministic: \(difference)")
                Output.note("replay: \(replayCommand(seed: runSeed)) --check-determinism")
                throw ExitCode.failure
            }
            print(
                "ledger determinism seed \(runSeed): two processes agree at all \(logs[0].hashes.count) heights "
                    + "(0 to \(logs[0].hashes.count - 1)), final app hash \(logs[0].hashes.last ?? "none")")
        }
    }

    /// Runs `simulate ledger` for one seed with these sizes, writing its hashes to `hashes`; returns its exit status.
    private func runChild(_ executable: URL, seed: UInt64, hashes: URL) async throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "simulate", "ledger", "--seed", "\(seed)", "--blocks", "\(blocks)", "--accounts", "\(accounts)",
            "--transactions-per-block", "\(transactionsPerBlock)", "--hashes", hashes.path,
        ]
        // Each process must seed its hashing at random for the comparison to mean anything.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
