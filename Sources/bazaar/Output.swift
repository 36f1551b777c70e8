import ArgumentParser
import BazaarAPI
import BazaarClient
import Foundation

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
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Writes one line to standard output at once, so a reader on a pipe sees it immediately.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
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

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Runs a command's body, turning any failure into one `error: …` line and a non-zero exit.
    static func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let error as APIError {
            Output.error("node refused: \(error.code): \(error.message)")
            throw ExitCode.failure
        } catch {
            Output.error("\(error)")
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
            Output.error("transaction failed: \(response.code ?? "unknown"): \(response.message ?? "")")
            throw ExitCode.failure
        }
    }
}
