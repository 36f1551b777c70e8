import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-running `bazaar` command (`node start`, `testnet`) with its standard output and error in files.
final class ServerProcess {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(_ arguments: [String], outputIn directory: URL) throws {
        let name = "\(arguments.first ?? "bazaar")-\(UUID().uuidString)"
        stdoutURL = directory.appendingPathComponent("\(name).out")
        stderrURL = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = try BazaarBinary.url
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var standardOutput: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits until `text` holds a line for which `matches` is true, and returns that line.
    ///
    /// Every wait here looks once more after its deadline: when CPU-bound tests occupy the test
    /// runner's threads, a sleeping test may wake long after the deadline, and what it waited for
    /// has usually happened by then.
    func waitForLine(
        in text: KeyPath<ServerProcess, String> = \.standardOutput, timeout: Duration = .seconds(90),
        _ matches: (Substring) -> Bool
    ) async throws -> Substring {
        let deadline = ContinuousClock.now + timeout
        while true {
            let running = process.isRunning
            if let line = self[keyPath: text].split(separator: "\n").first(where: matches) { return line }
            guard running else {
                throw E2EError(
                    "bazaar \(process.arguments?.first ?? "") exited with status \(process.terminationStatus): "
                        + standardError)
            }
            guard ContinuousClock.now < deadline else {
                throw E2EError("no matching line in time; output so far:\n\(standardOutput)\n\(standardError)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(signal: Int32, timeout: Duration = .seconds(30)) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try await waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            let late = ContinuousClock.now >= deadline
            try await Task.sleep(for: .milliseconds(20))
            if late, process.isRunning { throw E2EError("the process did not exit in time") }
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Running CLI commands to completion with both output streams. Output goes to files and the exit
/// is polled, so a waiting test never blocks one of the test runner's few threads (a blocking read
/// of a pipe would).
enum CommandLineRun {
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (
        status: Int32, output: String, error: String
    ) {
        let directory = FileManager.default.temporaryDirectory
        let server = try ServerProcess(arguments, outputIn: directory)
        defer {
            try? FileManager.default.removeItem(at: server.stdoutURL)
            try? FileManager.default.removeItem(at: server.stderrURL)
        }
        let status = try await server.waitForExit(timeout: timeout)
        return (status, server.standardOutput, server.standardError)
    }
}

/// Loopback ports and processes, as the tests see them.
enum LocalSystem {
    /// Whether a listener could bind 127.0.0.1:`port`.
    static func isFree(_ port: Int) -> Bool {
        guard let socket = try? ListeningSocket(port: port, listen: false) else { return false }
        socket.release()
        return true
    }

    /// A base port whose API ports `base..<base+count` and peer ports `base+100..<base+100+count` are free.
    static func freeBasePort(count: Int) throws -> Int {
        for _ in 0..<200 {
            // Below Linux's ephemeral range (32768 up): a port the kernel hands to another test's
            // outgoing connection while a validator is down would stop it listening there again.
            let base = Int.random(in: 20_000...32_000)
            let ports = (0..<count).flatMap { [base + $0, base + 100 + $0] }
            if ports.allSatisfy(isFree) { return base }
        }
        throw E2EError("no free ports found")
    }

    /// Whether `pid` names a live process (a zombie waiting to be reaped counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the parenthesised command name: "pid (comm) S ...".
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    /// Waits until `pid` is gone; `false` if it is still alive after `timeout`.
    static func waitUntilGone(_ pid: Int32, timeout: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isAlive(pid) {
            let late = ContinuousClock.now >= deadline
            try await Task.sleep(for: .milliseconds(50))
            if late { return !isAlive(pid) }
        }
        return true
    }
}

/// A TCP socket bound (and optionally listening) on 127.0.0.1, to hold a port in a test.
final class ListeningSocket {
    private var descriptor: Int32

    init(port: Int, listen shouldListen: Bool = true) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw E2EError("socket failed") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, !shouldListen || listen(descriptor, 8) == 0 else {
            release()
            throw E2EError("cannot bind 127.0.0.1:\(port)")
        }
    }

    func release() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }
}
