internal import Foundation

extension ScenarioTable {
    /// Parses the CSV scenario format (`MarketScenario.load(path:blockMilliseconds:)`).
    init(csv text: String, source: String) throws {
        // "\r\n" is one Character in Swift, so CRLF files split on it as well as on "\n".
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.enumerated().lazy
            .map { (number: $0.offset + 1, fields: Self.fields($0.element)) }
            .filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) && !($0.fields.first?.hasPrefix("#") ?? false) }
            .makeIterator()
        guard let header = lines.next() else { throw MarketScenarioError(.emptyFile, source: source) }
        guard header.fields.first == "time_ms" else {
            throw MarketScenarioError(
                header.fields.contains("time_ms")
                    ? .badHeader(reason: "'time_ms' must be the first column") : .missingColumn(name: "time_ms"),
                source: source)
        }
        let liquidityColumn = header.fields.firstIndex(of: "liquidity")
        let assetColumns = header.fields.indices.dropFirst().filter { $0 != liquidityColumn }
        let assets = assetColumns.map { header.fields[$0] }
        try Self.checkAssets(assets, source: source) { .badHeader(reason: $0) }
        guard header.fields.filter({ $0 == "liquidity" }).count <= 1 else {
            throw MarketScenarioError(.badHeader(reason: "column 'liquidity' appears twice"), source: source)
        }
        self.init(assets: assets, source: source)
        while let row = lines.next() {
            try appendCSVRow(
                row.fields, line: row.number, header: header.fields, assetColumns: assetColumns,
                liquidityColumn: liquidityColumn)
        }
        guard !timesMilliseconds.isEmpty else { throw error(.noSteps) }
    }

    private mutating func appendCSVRow(
        _ fields: [String], line: Int, header: [String], assetColumns: [Int], liquidityColumn: Int?
    ) throws {
        guard fields.count == header.count else {
            throw error(.raggedRow(line: line, expectedFields: header.count, foundFields: fields.count))
        }
        guard let time = UInt64(fields[0]) else {
            throw error(.badNumber(line: line, column: "time_ms", text: fields[0]))
        }
        if let last = timesMilliseconds.last, time <= last { throw error(.timeNotIncreasing(line: line)) }
        func number(_ column: Int) throws -> Double {
            guard let value = Double(fields[column]) else {
                throw error(.badNumber(line: line, column: header[column], text: fields[column]))
            }
            return value
        }
        let prices = try assetColumns.map(number)
        let liquidity = try liquidityColumn.map(number) ?? 1
        try append(
            timeMilliseconds: time, prices: prices, liquidity: liquidity,
            location: { "line \(line), column '\(header[assetColumns[$0]])'" },
            liquidityLocation: "line \(line), column 'liquidity'")
    }

    /// A CSV line's fields, trimmed; a trailing carriage return (CRLF files) is dropped.
    private static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    private struct JSONFile: Decodable {
        struct Step: Decodable {
            var prices: [Double]?
            var liquidity: Double?
        }

        var stepMilliseconds: UInt64?
        var assets: [String]?
        var steps: [Step]?
    }

    /// Parses the JSON scenario format (`MarketScenario.load(path:blockMilliseconds:)`).
    init(json text: String, source: String) throws {
        let file: JSONFile
        do {
            file = try JSONDecoder().decode(JSONFile.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw MarketScenarioError(Self.describe(error), source: source)
        }
        guard let stepMilliseconds = file.stepMilliseconds else {
            throw MarketScenarioError(.badJSON(field: "stepMilliseconds", reason: "missing"), source: source)
        }
        guard stepMilliseconds > 0 else {
            throw MarketScenarioError(.badJSON(field: "stepMilliseconds", reason: "must be > 0"), source: source)
        }
        guard let assets = file.assets else {
            throw MarketScenarioError(.badJSON(field: "assets", reason: "missing"), source: source)
        }
        try Self.checkAssets(assets, source: source) { .badJSON(field: "assets", reason: $0) }
        guard let steps = file.steps else {
            throw MarketScenarioError(.badJSON(field: "steps", reason: "missing"), source: source)
        }
        guard steps.count <= MarketScenario.stepCountMax else {
            throw MarketScenarioError(.tooManySteps(count: UInt64(steps.count)), source: source)
        }
        self.init(assets: assets, source: source)
        for (index, step) in steps.enumerated() {
            guard let prices = step.prices else {
                throw error(.badJSON(field: "steps[\(index)].prices", reason: "missing"))
            }
            guard prices.count == assets.count else {
                throw error(
                    .badJSON(
                        field: "steps[\(index)].prices",
                        reason: "\(prices.count) prices for \(assets.count) assets"))
            }
            let (time, overflow) = stepMilliseconds.multipliedReportingOverflow(by: UInt64(index))
            guard !overflow else {
                throw error(.badJSON(field: "stepMilliseconds", reason: "too large for \(steps.count) steps"))
            }
            try append(
                timeMilliseconds: time, prices: prices, liquidity: step.liquidity ?? 1,
                location: { "steps[\(index)].prices[\($0)] (\(assets[$0]))" },
                liquidityLocation: "steps[\(index)].liquidity")
        }
        guard !timesMilliseconds.isEmpty else { throw error(.noSteps) }
    }

    /// A decoding error as the field it is about (`steps[3].prices[1]`) and what was wrong.
    private static func describe(_ error: DecodingError) -> MarketScenarioError.Code {
        func path(_ codingPath: [any CodingKey]) -> String {
            let path = codingPath.reduce("") { path, key in
                key.intValue.map { "\(path)[\($0)]" } ?? (path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)")
            }
            return path.isEmpty ? "the document" : path
        }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .badJSON(field: path(context.codingPath), reason: "expected \(type)")
        case .keyNotFound(let key, let context):
            return .badJSON(field: path(context.codingPath + [key]), reason: "missing")
        case .dataCorrupted(let context):
            return .badJSON(field: path(context.codingPath), reason: "not valid JSON or not a number in range")
        @unknown default:
            return .badJSON(field: "the document", reason: "\(error)")
        }
    }
}
