import BazaarCore
import Foundation
import Testing

/// `bazaar option greeks` as a user runs it: the real executable, its text and JSON output
/// against the library it prints, and its one-line errors.
@Suite struct OptionGreeksEndToEndTests {
    private static let arguments = [
        "option", "greeks", "--type", "put", "--spot", "60602.63", "--strike", "87422.28", "--days", "477",
        "--rate", "0.0361", "--dividend-yield", "0.0342", "--vol", "0.3254",
    ]

    private static func library() throws -> BlackScholes.Greeks {
        try BlackScholes.evaluate(
            BlackScholes.Inputs(
                kind: .put, spot: Decimal18(parsing: "60602.63"), strike: Decimal18(parsing: "87422.28"),
                years: BlackScholes.years(days: Decimal18(477)), rate: Decimal18(parsing: "0.0361"),
                dividendYield: Decimal18(parsing: "0.0342"), volatility: Decimal18(parsing: "0.3254")))
    }

    private static func expected() throws -> [String: String] {
        let greeks = try library()
        return [
            "price": greeks.price.description, "delta": greeks.delta.description, "gamma": greeks.gamma.description,
            "vega": greeks.vega.description, "theta": greeks.theta.description, "rho": greeks.rho.description,
        ]
    }

    @Test func textOutputPrintsTheSixValuesOfTheLibrary() async throws {
        let run = try await CommandLineRun.run(Self.arguments)
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 6, "\(run.output)")
        var printed: [String: String] = [:]
        for line in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count == 2, "\(line)")
            if fields.count == 2 { printed[String(fields[0])] = String(fields[1]) }
        }
        #expect(lines.first?.hasPrefix("price") == true)
        #expect(printed == (try Self.expected()))
        // QuantLib's price for this case (../shared/vectors) to 7 significant digits.
        let price = try #require(Double(printed["price"] ?? ""), "\(run.output)")
        #expect(abs(price - 27660.676553423527) < 1e-6)
    }

    @Test func jsonIsOneObjectWithExactlySixDecimalStrings() async throws {
        let run = try await CommandLineRun.run(Self.arguments + ["--json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        let values = try #require(object as? [String: String], "every value is a string: \(run.output)")
        #expect(Set(values.keys) == ["price", "delta", "gamma", "vega", "theta", "rho"])
        #expect(values == (try Self.expected()))
        for value in values.values { #expect((try? Decimal18(parsing: value)) != nil, "\(value) is a decimal") }
    }

    @Test func badInputsAreOneLineErrors() async throws {
        let base = ["option", "greeks", "--type", "call"]
        let good = ["--spot": "100", "--strike": "100", "--days": "30", "--vol": "0.5"]
        let cases: [(String, String, String)] = [
            ("--spot", "-5", "spot must be above 0"), ("--spot", "0", "spot must be above 0"),
            ("--strike", "0", "strike must be above 0"), ("--strike", "-100", "strike must be above 0"),
            ("--days", "0", "days must be above 0"), ("--days", "-3", "days must be above 0"),
            ("--vol", "0", "volatility must be above 0"), ("--vol", "-0.2", "volatility must be above 0"),
            ("--spot", "1e5", "--spot '1e5'"), ("--vol", "abc", "--vol 'abc'"),
        ]
        for (option, value, message) in cases {
            var values = good
            values[option] = value
            let arguments = base + values.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            let run = try await CommandLineRun.run(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.output.isEmpty, "\(arguments): \(run.output)")
            let lines = run.error.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(run.error)")
            #expect(lines.first?.hasPrefix("error: ") == true && run.error.contains(message), "\(run.error)")
        }
        let wrongType = try await CommandLineRun.run(
            ["option", "greeks", "--type", "straddle", "--spot", "1", "--strike", "1", "--days", "1", "--vol", "1"])
        #expect(wrongType.status != 0)
        #expect(wrongType.error == "error: --type must be call or put, not 'straddle'\n")
    }
}
