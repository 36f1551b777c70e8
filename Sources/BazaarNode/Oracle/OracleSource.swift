import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a node's reporter reads the prices and volatilities it reports: a JSON file (re-read every
/// interval), a command (run every interval; its standard output is the JSON), or an HTTP URL on
/// loopback (GET every interval). The JSON is an `OracleFeed`.
public enum OracleSource: Sendable, Hashable, CustomStringConvertible {
    case file(URL)
    case command(String)
    case http(URL)

    /// The most bytes a read takes: a feed is a few kilobytes.
    public static let byteCountMax = 1 << 20
    /// How long a command or an HTTP request may take.
    public static let timeoutSeconds: Int64 = 10

    /// Parses `file:PATH`, `command:CMD` or `http://127.0.0.1:PORT/PATH` (also `localhost`, `[::1]`).
    ///
    /// - Throws: `NodeError.configuration` for anything else, or an HTTP host off loopback.
    public init(parsing text: String) throws(NodeError) {
        if text.hasPrefix("file:"), text.count > 5 {
            self = .file(URL(fileURLWithPath: NSString(string: String(text.dropFirst(5))).expandingTildeInPath))
        } else if text.hasPrefix("command:"), text.count > 8 {
            self = .command(String(text.dropFirst(8)))
        } else if text.hasPrefix("http://"), let url = URL(string: text), let host = url.host {
            guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
                throw NodeError(.configuration, "oracle source \(text): an HTTP feed must be on loopback (127.0.0.1)")
            }
            self = .http(url)
        } else {
            throw NodeError(
                .configuration,
                "oracle source '\(text)' is not file:PATH, command:CMD or http://127.0.0.1:PORT/PATH")
        }
    }

    public var description: String {
        switch self {
        case .file(let url): "file:\(url.path)"
        case .command(let command): "command:\(command)"
        case .http(let url): url.absoluteString
        }
    }

    /// Reads the source once.
    ///
    /// - Throws: `NodeError.configuration` when the file is unreadable, the command fails or times
    ///   out, the request fails or answers other than 200, or the bytes pass `byteCountMax`.
    public func read() async throws -> Data {
        let data: Data
        switch self {
        case .file(let url):
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw NodeError(.configuration, "cannot read oracle source \(url.path): \(error.localizedDescription)")
            }
        case .command(let command): data = try await Self.run(command)
        case .http(let url): data = try await Self.get(url)
        }
        guard data.count <= Self.byteCountMax else {
            throw NodeError(.configuration, "oracle source \(self) gave more than \(Self.byteCountMax) bytes")
        }
        return data
    }

    private static func get(_ url: URL) async throws -> Data {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
        let body = try await response.body.collect(upTo: byteCountMax)
        guard response.status == .ok else {
            throw NodeError(.configuration, "oracle source \(url.absoluteString) answered \(response.status.code)")
        }
        return Data(body.readableBytesView)
    }

    /// Runs `command` with `/bin/sh -c`, its standard output collected, stopped after the timeout.
    private static func run(_ command: String) async throws -> Data {
        try await Task.detached { try runBlocking(command) }.value
    }

    private static func runBlocking(_ command: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw NodeError(
                .configuration, "cannot run oracle source command '\(command)': \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        let timer = DispatchWorkItem { _ = kill(pid, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeoutSeconds)), execute: timer)
        // Read until the command closes its output, so that a full pipe never blocks it.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw NodeError(
                .configuration,
                "oracle source command '\(command)' failed (status \(process.terminationStatus)) or took over \(timeoutSeconds) s"
            )
        }
        return data
    }
}
