import Foundation
import Testing

/// The `bazaar` executable built next to this test bundle, run as a real process.
enum BazaarBinary {
    /// `$BAZAAR_BINARY`, else the `bazaar` beside the test bundle in the build folder.
    static var url: URL {
        get throws {
            if let path = ProcessInfo.processInfo.environment["BAZAAR_BINARY"] {
                return URL(fileURLWithPath: path)
            }
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            // On Linux the test runner is the bundle itself; on macOS it sits inside it.
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("bazaar")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw E2EError("cannot find the bazaar executable next to \(CommandLine.arguments[0]); set BAZAAR_BINARY")
        }
    }

    /// Runs a CLI command to completion and returns its exit code and standard output (with its
    /// standard error too when `withErrors`).
    ///
    /// - Parameter environment: variables set for the command, beside this process's own.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60),
        withErrors: Bool = false
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = withErrors ? output : FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw E2EError("bazaar \(arguments.joined(separator: " ")) timed out")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A `bazaar devnet` process on a free loopback port, with its output in files.
final class DevnetProcess {
    let home: URL
    let process = Process()
    private(set) var port = 0
    private let stdoutURL: URL

    /// - Parameters:
    ///   - extraArguments: more `bazaar devnet` options, such as `--price-path FILE`.
    ///   - quotesOptions: whether the devnet's option market maker runs (`--no-option-quotes`
    ///     otherwise): only tests that trade options need it, and its margin checks cost every
    ///     other test's devnet CPU on a shared machine.
    init(home: URL, blockMilliseconds: Int = 100, extraArguments: [String] = [], quotesOptions: Bool = false) throws {
        self.home = home
        stdoutURL = home.appendingPathComponent("devnet-\(UUID().uuidString).out")
        let logURL = home.appendingPathComponent("devnet.log")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        process.executableURL = try BazaarBinary.url
        process.arguments =
            ["devnet", "--home", home.path, "--port", "0", "--block-ms", "\(blockMilliseconds)"] + extraArguments
            + (quotesOptions ? [] : ["--no-option-quotes"])
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        let log = try FileHandle(forWritingTo: logURL)
        try log.seekToEnd()
        process.standardError = log
    }

    var url: String { "http://127.0.0.1:\(port)" }
    /// The URL of a devnet started with a TLS option.
    var httpsURL: String { "https://127.0.0.1:\(port)" }
    var standardOutput: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Starts the process and waits for the `API:` line of its banner.
    func start(timeout: Duration = .seconds(60)) async throws {
        try process.run()
        let deadline = ContinuousClock.now + timeout
        // One more look after the deadline: on a loaded machine this task may wake only after it.
        var lastLook = false
        while !lastLook {
            lastLook = ContinuousClock.now >= deadline
            let text = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("API:") }),
                let port = Int(line.split(separator: ":").last ?? "")
            {
                self.port = port
                return
            }
            guard process.isRunning else { throw E2EError("devnet exited with status \(process.terminationStatus)") }
            if !lastLook { try await Task.sleep(for: .milliseconds(50)) }
        }
        throw E2EError("devnet did not print its API URL in time")
    }

    /// Sends a signal and waits for the process to end.
    func stop(signal: Int32) async throws {
        kill(process.processIdentifier, signal)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
