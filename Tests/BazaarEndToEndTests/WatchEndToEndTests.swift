import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `bazaar watch` against a real devnet: a reader that goes away early (`watch | head`), a
/// refused subscription, a node that goes away, and `--count`.
@Suite struct WatchEndToEndTests {
    /// A `bazaar watch` process with its standard output and error on pipes.
    struct Watch {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = try BazaarBinary.url
            process.arguments = ["watch"] + arguments
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// Reads standard output until its first line has arrived (or the process closed it).
        func firstLine() -> String {
            var first = Data()
            while !first.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                first += chunk
            }
            return String(decoding: first, as: UTF8.self)
        }

        /// Waits for the process to exit; fails the test with what it printed if it does not.
        func exit(within timeout: Duration = .seconds(60)) async throws -> (status: Int32, errors: String) {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    process.terminate()
                    throw E2EError("bazaar watch still running after \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.terminationStatus, text)
        }
    }

    static func devnet() async throws -> (DevnetProcess, URL) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let devnet = try DevnetProcess(home: home)
        try await devnet.start()
        return (devnet, home)
    }

    @Test func aReaderThatStopsReadingEndsWatchQuietly() async throws {
        let (devnet, home) = try await Self.devnet()
        defer { try? FileManager.default.removeItem(at: home) }
        let watch = try Watch(["--node", devnet.url, "--home", home.path])
        // Read the first line, then close the pipe as `head -1` does.
        #expect(watch.firstLine().hasPrefix("block "))
        try watch.output.fileHandleForReading.close()
        let (status, errors) = try await watch.exit()
        #expect(status == 0, "watch | head ended with \(status): \(errors)")
        #expect(errors.isEmpty, "watch wrote to standard error: \(errors)")
        try await devnet.stop(signal: SIGINT)
    }

    @Test func aRefusedSubscriptionAndALostNodeAreErrors() async throws {
        let (devnet, home) = try await Self.devnet()
        defer { try? FileManager.default.removeItem(at: home) }
        let unknown = try Watch(["--book", "NOPE-USD", "--no-blocks", "--node", devnet.url, "--home", home.path])
        let refused = try await unknown.exit()
        #expect(refused.status != 0)
        #expect(refused.errors.contains("unknown_market"), "\(refused.errors)")

        // --count counts the lines shown (the subscription's acknowledgement is not one).
        let counted = try Watch(["--count", "2", "--node", devnet.url, "--home", home.path])
        let (status, _) = try await counted.exit()
        #expect(status == 0)
        let lines = String(decoding: counted.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("block ") }, "\(lines)")

        let following = try Watch(["--node", devnet.url, "--home", home.path])
        #expect(following.firstLine().hasPrefix("block "))
        try await devnet.stop(signal: SIGKILL)
        let lost = try await following.exit()
        #expect(lost.status != 0)
        #expect(lost.errors.contains("closed the stream after"), "\(lost.errors)")
    }
}
