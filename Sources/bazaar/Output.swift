import ArgumentParser
import BazaarAPI
import BazaarClient
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output's reader has gone (`bazaar watch | head`): the command stops quietly with
/// status 0, as `git log | head` does, instead of dying on the broken pipe.
struct StandardOutputClosed: Error {}

/// A write to standard output failed for another reason than a closed reader (a full disk).
struct OutputFailure: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "cannot write to standard output: \(String(cString: strerror(code)))" }
}

/// Printing for people (aligned tables) and programs (JSON), and the one-line error convention.
enum Output {
    /// Prints `value` as pretty, key-sorted JSON on standard output.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Writes `value` as compact JSON on one line, unbuffered, for streams of objects.
    static func jsonLine(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Writes one line to standard output at once, so a reader on a pipe sees it immediately.
    ///
    /// - Throws: `StandardOutputClosed` when the reader has gone, `OutputFailure` on another error.
    static func line(_ text: String) throws {
        try writeAll(text + "\n", to: STDOUT_FILENO)
    }

    /// Writes all of `text` to `descriptor` with `write(2)`, after what `print` buffered, so that a
    /// closed pipe is an error to handle rather than Foundation's `try!` crash. The process
    /// ignores SIGPIPE (``BazaarCommand``), so a closed reader shows as `EPIPE`.
    static func writeAll(_ text: String, to descriptor: Int32) throws {
        fflush(nil)  // Every C stream, standard output among them.
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EPIPE { throw StandardOutputClosed() }
                throw OutputFailure(code: code)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Prints label–value pairs with the values aligned.
    static func fields(_ pairs: [(String, String)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (label, value) in pairs {
            print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }

    /// Prints a table with a header row and columns aligned; `rightAligned` holds the numeric columns.
    static func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        for line in tableLines(header: header, rows: rows, rightAligned: rightAligned) { print(line) }
    }

    /// The lines `table` prints: the header, then one per row.
    static func tableLines(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }
            return cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// One `error: …` line on standard error, or under `--json` one JSON object `{"code", "message"}`
    /// with a stable snake_case `code` (nowhere to report it if standard error is closed too).
    static func error(_ message: String, code: String = "error") {
        guard CommandLine.arguments.contains("--json") else {
            try? writeAll("error: \(message)\n", to: STDERR_FILENO)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(APIError(code: code, message: message))) ?? Data()
        try? writeAll(String(decoding: body, as: UTF8.self) + "\n", to: STDERR_FILENO)
    }

    /// The stable code of an error for `--json`: the node's result code, the SDK's, or the CLI's.
    static func code(of error: any Error) -> String {
        switch error {
        case let error as APIError: error.code
        case let error as BazaarClientError: error.code.description
        case is StillPending: "still_pending"
        case is OutputFailure: "output_failed"
        case is ValidationError: "invalid_input"
        default: "error"
        }
    }

    static func note(_ message: String) {
        try? writeAll("\(message)\n", to: STDERR_FILENO)
    }

    /// Runs a command's body, turning any failure into one `error: …` line and a non-zero exit.
    static func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch is StandardOutputClosed, is SentWithoutWaiting {
            return
        } catch let exit as ExitCode {
            throw exit
        } catch let error as APIError {
            Output.error("node refused: \(error.code): \(error.message)", code: error.code)
            throw ExitCode.failure
        } catch {
            Output.error("\(error)", code: code(of: error))
            throw ExitCode.failure
        }
    }

    /// Prints a committed transaction; exits non-zero when its result code is not `ok`.
    static func committed(_ response: TransactionResponse, json: Bool) throws {
        if json {
            try Output.json(response)
        } else {
            var pairs = [
                ("id", response.id), ("height", response.height.map(String.init) ?? "-"),
                ("result", response.code ?? "-"),
            ]
            if let message = response.message, response.code != "ok" { pairs.append(("message", message)) }
            Output.fields(pairs)
        }
        guard response.code == "ok" else {
            Output.error(
                "transaction failed: \(response.code ?? "unknown"): \(response.message ?? "")",
                code: response.code ?? "error")
            throw ExitCode.failure
        }
    }
}
