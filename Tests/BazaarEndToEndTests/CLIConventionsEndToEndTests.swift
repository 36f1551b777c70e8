import BazaarAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Command-line conventions (issue 16, part 6) against a real devnet: `--version`, a negative
/// number as an option's value, and errors as JSON on standard error under `--json`.
@Suite struct CLIConventionsEndToEndTests {
    @Test func versionNegativeValuesAndJSONErrors() async throws {
        let version = try await BazaarBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("bazaar 0."), "\(version.output)")

        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-conv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]

        // A maker rebate written as the README writes it: `--maker-fee-bp -10`.
        let created = try await BazaarBinary.run(
            [
                "market", "create", "--from", "alice", "--base", "ETH", "--quote", "BTC", "--lot", "0.001", "--tick",
                "0.00001", "--max-price", "1", "--maker-fee-bp", "-10", "--taker-fee-bp", "20", "--json",
            ] + global, withErrors: true)
        #expect(created.status == 0, "\(created.output)")
        let markets = try JSONDecoder().decode(
            MarketsResponse.self, from: Data(try await BazaarBinary.run(["markets", "--json"] + global).output.utf8))
        #expect(markets.markets.contains { $0.name == "ETH-BTC" && $0.makerFeeBasisPoints == -10 })

        // Under --json an error is one JSON object on standard error, with a stable code, and
        // nothing on standard output.
        for (arguments, code) in [
            (["transfer", "--from", "alice", "--to", "bob", "--asset", "NOPE", "--amount", "1"], "invalid_input"),
            (
                [
                    "order", "place", "--from", "alice", "--market", "BTC-USD", "--side", "buy", "--price", "0.5",
                    "--size", "1",
                ], "invalid_input"
            ),
            (["book", "NOPE-USD"], "unknown_market"),
        ] {
            let errors = try await Self.standardError(of: arguments + ["--json"] + global)
            #expect(errors.status != 0, "\(arguments)")
            #expect(errors.output.isEmpty, "\(arguments) wrote to standard output: \(errors.output)")
            let error = try JSONDecoder().decode(APIError.self, from: Data(errors.errors.utf8))
            #expect(error.code == code, "\(arguments): \(errors.errors)")
        }
        try await devnet.stop(signal: SIGINT)
    }

    /// Runs a command with standard output and standard error apart.
    static func standardError(of arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try BazaarBinary.url
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw E2EError("bazaar \(arguments.joined(separator: " ")) timed out")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }
}
