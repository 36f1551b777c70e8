import Foundation
import HummingbirdWSClient
import Logging
import Testing

/// One page of a headless Chromium driven over the Chrome DevTools Protocol (CDP): the browser's
/// own WebSocket endpoint, which `--remote-debugging-port=0` opens on 127.0.0.1 and names in the
/// profile's `DevToolsActivePort` file. The test evaluates script in the page (as a user's clicks
/// and typing), takes screenshots, and collects every console error, uncaught exception and
/// browser log error (a failed load, a refused Content-Security-Policy) the page produces.
actor DevToolsPage {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Screenshots are a few hundred KB of base64 in one message.
    static let messageByteCountMax = 64 << 20

    private var outbound: WebSocketOutboundWriter?
    private var closed = false
    private var nextID = 1
    private var waiting: [Int: CheckedContinuation<Data, any Error>] = [:]
    private var sessionID: String?
    private var connection: Task<Void, Never>?
    /// Console errors, exceptions and log errors, in the order they happened.
    private(set) var errors: [String] = []

    /// Connects to the browser of `profile` (its `DevToolsActivePort`), opens a new page and
    /// enables the runtime and log domains, so errors from the first load on are collected.
    static func open(profile: URL, timeout: Duration = .seconds(120)) async throws -> DevToolsPage {
        let portFile = profile.appendingPathComponent("DevToolsActivePort")
        let deadline = ContinuousClock.now + timeout
        var endpoint: String?
        while endpoint == nil {
            if let text = try? String(contentsOf: portFile, encoding: .utf8) {
                let lines = text.split(separator: "\n")
                if lines.count >= 2, let port = Int(lines[0]) { endpoint = "ws://127.0.0.1:\(port)\(lines[1])" }
            }
            guard endpoint == nil else { break }
            guard ContinuousClock.now < deadline else { throw Failure("chromium wrote no DevToolsActivePort in time") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let page = DevToolsPage()
        try await page.connect(to: try #require(endpoint), deadline: deadline)
        let target = try DevToolsPage.object(
            await page.call("Target.createTarget", ["url": "about:blank"], session: false))
        let targetID = try #require(target["targetId"] as? String)
        let attached = try DevToolsPage.object(
            await page.call("Target.attachToTarget", ["targetId": targetID, "flatten": true], session: false))
        await page.setSession(try #require(attached["sessionId"] as? String))
        _ = try await page.call("Runtime.enable")
        _ = try await page.call("Log.enable")
        _ = try await page.call("Page.enable")
        return page
    }

    private func setSession(_ id: String) { sessionID = id }

    private func connect(to url: String, deadline: ContinuousClock.Instant) async throws {
        var quiet = Logger(label: "devtools")
        quiet.logLevel = .warning
        let logger = quiet
        // The task holds the page until `disconnect` cancels it or chromium closes the socket.
        let page = self
        connection = Task {
            do {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: DevToolsPage.messageByteCountMax), logger: logger
                ) { inbound, outbound, _ in
                    await page.attach(outbound)
                    for try await message in inbound.messages(maxSize: DevToolsPage.messageByteCountMax) {
                        guard case .text(let text) = message else { continue }
                        await page.receive(Data(text.utf8))
                    }
                }
            } catch {
                await page.record(connectionError: "\(error)")
            }
            await page.close()
        }
        while outbound == nil {
            guard !closed, ContinuousClock.now < deadline else {
                throw Failure("cannot connect to chromium at \(url): \(connectionError ?? "closed")")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private var connectionError: String?

    private func record(connectionError: String) { self.connectionError = connectionError }

    private func attach(_ writer: WebSocketOutboundWriter) { outbound = writer }

    private func close() {
        closed = true
        outbound = nil
        for continuation in waiting.values { continuation.resume(throwing: Failure("the DevTools connection closed")) }
        waiting = [:]
    }

    private func receive(_ data: Data) {
        guard let message = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        if let id = message["id"] as? Int, let continuation = waiting.removeValue(forKey: id) {
            if let error = message["error"] as? [String: Any] {
                continuation.resume(throwing: Failure("DevTools error: \(error["message"] ?? error)"))
            } else {
                let result = message["result"] ?? [String: Any]()
                continuation.resume(returning: (try? JSONSerialization.data(withJSONObject: result)) ?? Data("{}".utf8))
            }
            return
        }
        let parameters = message["params"] as? [String: Any] ?? [:]
        switch message["method"] as? String {
        case "Runtime.consoleAPICalled":
            let type = parameters["type"] as? String ?? ""
            if type == "error" || type == "assert" {
                let arguments = parameters["args"] as? [[String: Any]] ?? []
                let text = arguments.map { "\($0["value"] ?? $0["description"] ?? "?")" }.joined(separator: " ")
                errors.append("console.\(type): \(text)")
            }
        case "Runtime.exceptionThrown":
            let details = parameters["exceptionDetails"] as? [String: Any] ?? [:]
            let exception = details["exception"] as? [String: Any] ?? [:]
            errors.append("exception: \(exception["description"] ?? details["text"] ?? "?")")
        case "Log.entryAdded":
            let entry = parameters["entry"] as? [String: Any] ?? [:]
            if entry["level"] as? String == "error" {
                errors.append("log (\(entry["source"] ?? "?")): \(entry["text"] ?? "?") \(entry["url"] ?? "")")
            }
        default:
            break
        }
    }

    private func fail(_ id: Int, _ method: String) {
        waiting.removeValue(forKey: id)?.resume(throwing: Failure("\(method) had no answer in time"))
    }

    /// Sends one command (to the page's session unless `session` is false) and returns its result.
    func call(
        _ method: String, _ parameters: [String: any Sendable] = [:], session: Bool = true,
        timeout: Duration = .seconds(120)
    ) async throws -> Data {
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if session {
            guard let sessionID else { throw Failure("no page session") }
            message["sessionId"] = sessionID
        }
        let id = nextID
        nextID += 1
        let text = String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self)
        guard let outbound, !closed else { throw Failure("the DevTools connection is closed") }
        let data = try await withCheckedThrowingContinuation { continuation in
            waiting[id] = continuation
            Task {
                do { try await outbound.write(.text(text)) } catch { self.fail(id, method) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.fail(id, method)
            }
        }
        return data
    }

    /// A command's result as a dictionary.
    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value as JSON text
    /// (`null` for undefined).
    func evaluate(_ expression: String) async throws -> Data {
        let result = try Self.object(
            await call("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true]))
        if let details = result["exceptionDetails"] as? [String: Any] {
            let exception = details["exception"] as? [String: Any] ?? [:]
            throw Failure("evaluating \(expression.prefix(80)): \(exception["description"] ?? details["text"] ?? "?")")
        }
        let value = (result["result"] as? [String: Any])?["value"] ?? NSNull()
        return try JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed)
    }

    /// `expression`'s value as text (a string, or JSON for anything else).
    func text(_ expression: String) async throws -> String {
        let data = try await evaluate(expression)
        let value = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        return value as? String ?? String(decoding: data, as: UTF8.self)
    }

    /// Evaluates a boolean `condition` every half second until it holds; fails after `timeout`.
    func waitUntil(_ what: String, _ condition: String, timeout: Duration = .seconds(300)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await text("Boolean(\(condition))") == "true" { return }
            guard ContinuousClock.now < deadline else { throw Failure("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Saves a PNG of the viewport to `file`.
    func screenshot(to file: URL) async throws {
        let result = try Self.object(await call("Page.captureScreenshot", ["format": "png"]))
        let base64 = try #require(result["data"] as? String)
        let data = try #require(Data(base64Encoded: base64))
        try data.write(to: file)
    }

    func disconnect() {
        connection?.cancel()
        close()
    }
}
