/// Why a scenario could not be built or loaded, in words a person can act on.
///
/// `description` names the file, and the line and column (CSV) or field (JSON) at fault.
public struct MarketScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case unknownScenario(name: String)
        case blockTimeOutOfRange(milliseconds: UInt64)
        case tooManySteps(count: UInt64)
        case unreadable(reason: String)
        case tooLarge(bytes: Int)
        case emptyFile
        case unknownFormat
        case missingColumn(name: String)
        case badHeader(reason: String)
        case raggedRow(line: Int, expectedFields: Int, foundFields: Int)
        case badNumber(line: Int, column: String, text: String)
        case nonPositivePrice(location: String, value: Double)
        case nonPositiveLiquidity(location: String, value: Double)
        case timeNotIncreasing(line: Int)
        case noSteps
        case badJSON(field: String, reason: String)
    }

    public let code: Code
    /// The scenario file's path, or the built-in name.
    public let source: String

    public init(_ code: Code, source: String) {
        self.code = code
        self.source = source
    }

    public var description: String {
        "\(source): \(explanation)"
    }

    private var explanation: String {
        switch code {
        case .unknownScenario(let name):
            "no built-in scenario '\(name)'; the built-ins are \(MarketScenario.builtInNames.joined(separator: ", "))"
        case .blockTimeOutOfRange(let milliseconds):
            "a block time of \(milliseconds) ms is outside 1...\(MarketScenario.blockMillisecondsMax) ms"
        case .tooManySteps(let count):
            "\(count) steps at this block time; a scenario has at most \(MarketScenario.stepCountMax) "
                + "(use a longer block time or a shorter file)"
        case .unreadable(let reason):
            "cannot read the file: \(reason)"
        case .tooLarge(let bytes):
            "the file has \(bytes) bytes; a scenario file has at most \(MarketScenario.fileBytesMax)"
        case .emptyFile:
            "the file is empty"
        case .unknownFormat:
            "not a scenario file: expected a CSV header starting with 'time_ms' or a JSON object"
        case .missingColumn(let name):
            "line 1: missing column '\(name)'"
        case .badHeader(let reason):
            "line 1: \(reason)"
        case .raggedRow(let line, let expectedFields, let foundFields):
            "line \(line): \(foundFields) fields, but the header has \(expectedFields)"
        case .badNumber(let line, let column, let text):
            "line \(line), column '\(column)': '\(text)' is not a number"
        case .nonPositivePrice(let location, let value):
            "\(location): price \(value) is not positive"
        case .nonPositiveLiquidity(let location, let value):
            "\(location): liquidity \(value) is not positive"
        case .timeNotIncreasing(let line):
            "line \(line): time_ms is not after the previous row's"
        case .noSteps:
            "the file has no steps after its header"
        case .badJSON(let field, let reason):
            "\(field): \(reason)"
        }
    }
}
