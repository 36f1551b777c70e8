public import Foundation
public import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a prepared testnet as child processes, one `bazaar node start --home <nodeI>` per validator,
/// each writing its standard output and error to `<nodeI>/node.log`.
///
/// It waits until every API accepts connections, then watches: a child that exits is reported and
/// the others keep running (fault tests kill validators on purpose). On SIGINT or SIGTERM it sends
/// SIGTERM to every child, waits up to `stopGracePeriod`, then SIGKILLs whatever is left.
/// Each child is told the supervisor's pid and stops by itself if the supervisor disappears.
public struct TestnetSupervisor: Sendable {
    /// A child that is running.
    public struct Child: Sendable {
        public let member: Testnet.Member
        public let pid: Int32
    }

    /// What the supervisor reports while it runs.
    public enum Event: Sendable {
        /// Every API accepts connections.
        case listening([Child])
        /// A child ended while the testnet was running; `stillRunning` children remain.
        case exited(Child, status: String, stillRunning: Int)
        /// Shutting down `count` children.
        case stopping(count: Int)
        /// A child did not stop within the grace period and was killed.
        case killed(Child)
    }

    public let members: [Testnet.Member]
    /// The `bazaar` executable to run for each node; `currentExecutable()` for this one.
    public let executable: URL
    public var startTimeout: Duration = .seconds(120)
    public var stopGracePeriod: Duration = .seconds(10)
    public let report: @Sendable (Event) -> Void

    public init(members: [Testnet.Member], executable: URL, report: @escaping @Sendable (Event) -> Void) {
        self.members = members
        self.executable = executable
        self.report = report
    }

    /// Starts the children and supervises them until SIGINT or SIGTERM, then stops them all.
    ///
    /// - Throws: `NodeError.network` if a child exits before its API listens, an API does not listen
    ///   within `startTimeout`, or every child has exited; the children are stopped first.
    public func run(logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: Supervision(supervisor: self))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// The running executable's file, to start more of it.
    public static func currentExecutable() -> URL {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path)
            }
        #endif
        if let url = Bundle.main.executableURL { return url }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}

/// The supervisor's loop as a service, so that the service group turns signals into a graceful shutdown.
private struct Supervision: Service {
    /// Begins the line written to a log before each start, so an error shows only the latest run.
    static let startMarker = "--- bazaar testnet: starting "

    let supervisor: TestnetSupervisor

    func run() async throws {
        var processes = [Process]()
        do {
            for member in supervisor.members { processes.append(try spawn(member)) }
            guard try await waitUntilListening(processes) else { return await stop(processes) }
            supervisor.report(.listening(zip(supervisor.members, processes).map(child)))
            try await watch(processes)
            await stop(processes)
        } catch {
            await stop(processes)
            throw error
        }
    }

    private func child(_ member: Testnet.Member, _ process: Process) -> TestnetSupervisor.Child {
        TestnetSupervisor.Child(member: member, pid: process.processIdentifier)
    }

    private func spawn(_ member: Testnet.Member) throws -> Process {
        // Close-on-exec: each child gets its own log as standard output and error, and no other child's.
        let descriptor = open(member.logURL.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw NodeError(.storage, "cannot open \(member.logURL.path): \(String(cString: strerror(errno)))")
        }
        let log = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        log.write(Data("\(Self.startMarker)\(member.name) at \(Date()) ---\n".utf8))
        let process = Process()
        process.executableURL = supervisor.executable
        process.arguments = [
            "node", "start", "--home", member.home.directory.path, "--supervisor-pid", "\(getpid())",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw NodeError(.network, "cannot start \(supervisor.executable.path): \(error.localizedDescription)")
        }
        return process
    }

    /// Polls until every API accepts connections; `false` if shutdown was requested first.
    private func waitUntilListening(_ processes: [Process]) async throws -> Bool {
        var listening = Array(repeating: false, count: processes.count)
        let deadline = ContinuousClock.now + supervisor.startTimeout
        while listening.contains(false) {
            if Task.isShuttingDownGracefully || Task.isCancelled { return false }
            for (index, member) in supervisor.members.enumerated() where !listening[index] {
                guard processes[index].isRunning else {
                    throw NodeError(
                        .network,
                        "\(member.name) stopped (\(Self.status(of: processes[index]))) before its API listened; "
                            + "the end of \(member.logURL.path):\n\(Self.tail(of: member.logURL))")
                }
                listening[index] = LoopbackPort.acceptsConnections(member.apiPort)
            }
            guard ContinuousClock.now < deadline else {
                let late = supervisor.members.indices.filter { !listening[$0] }.map { supervisor.members[$0].name }
                throw NodeError(
                    .network,
                    "\(late.joined(separator: ", ")) did not listen within \(supervisor.startTimeout); see node.log")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    /// Reports children that end, until shutdown is requested.
    private func watch(_ processes: [Process]) async throws {
        var ended = Set<Int>()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            for index in processes.indices where !ended.contains(index) && !processes[index].isRunning {
                ended.insert(index)
                supervisor.report(
                    .exited(
                        child(supervisor.members[index], processes[index]), status: Self.status(of: processes[index]),
                        stillRunning: processes.count - ended.count))
            }
            guard ended.count < processes.count else {
                throw NodeError(.network, "every validator has stopped; see the node.log files")
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// SIGTERM to every running child, SIGKILL to those still running after the grace period.
    private func stop(_ processes: [Process]) async {
        let running = processes.filter(\.isRunning)
        guard !running.isEmpty else { return }
        supervisor.report(.stopping(count: running.count))
        for process in running where process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + supervisor.stopGracePeriod
        while running.contains(where: \.isRunning), ContinuousClock.now < deadline {
            await Self.pause(milliseconds: 50)
        }
        for (index, process) in processes.enumerated() where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            supervisor.report(.killed(child(supervisor.members[index], process)))
        }
        // A killed process ends at once unless stuck in the kernel; do not wait forever for that.
        let killDeadline = ContinuousClock.now + .seconds(10)
        while running.contains(where: \.isRunning), ContinuousClock.now < killDeadline {
            await Self.pause(milliseconds: 20)
        }
    }

    /// Sleeps even in a cancelled task, so that stopping the children always waits for them.
    private static func pause(milliseconds: Int) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) {
                continuation.resume()
            }
        }
    }

    static func status(of process: Process) -> String {
        let code = process.terminationStatus
        guard process.terminationReason == .uncaughtSignal else { return "exit status \(code)" }
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM",
        ]
        return "killed by \(names[code] ?? "signal \(code)")"
    }

    /// The last lines of a log, for an error message.
    static func tail(of url: URL, lineCountMax: Int = 15) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "(no log)" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        let latestRun = lines.lastIndex { $0.hasPrefix(startMarker) }.map { lines[$0...] } ?? lines[...]
        return latestRun.suffix(lineCountMax).map { "  " + $0 }.joined(separator: "\n")
    }
}
