import ArgumentParser
import BazaarCore
import Foundation

/// `bazaar bench black-scholes`: fixed-point price-and-Greeks evaluations per second on one core.
struct BenchBlackScholesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "black-scholes",
        abstract: "Fixed-point Black-Scholes price-and-Greeks evaluations per second, on one core.",
        discussion: """
            Evaluates a fixed set of 64 options in turn (calls and puts, strikes 60–140 around a spot of 100, \
            1 to 730 days, volatility 10 % to 150 %, rate and yield varying) until --seconds have passed. \
            Each evaluation is one price with its delta, gamma, vega, theta and rho, as the state machine \
            computes them.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How long to measure, in seconds.") var seconds: Double = 3

    struct Report: Encodable {
        var evaluations: Int
        var seconds: Double
        var evaluationsPerSecond: Double
        var nanosecondsPerEvaluation: Double
    }

    func validate() throws {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be above 0 and at most 600") }
    }

    static func workload() throws -> [BlackScholes.Inputs] {
        try (0..<64).map { index in
            BlackScholes.Inputs(
                kind: index % 2 == 0 ? .call : .put, spot: Decimal18(100),
                strike: Decimal18(60 + (index * 37) % 81),
                years: try BlackScholes.years(days: Decimal18(1 + (index * 97) % 730)),
                rate: Decimal18(raw: Int128(index % 9) * 10_000_000_000_000_000),
                dividendYield: Decimal18(raw: Int128(index % 4) * 10_000_000_000_000_000),
                volatility: Decimal18(raw: Int128(10 + (index * 23) % 141) * 10_000_000_000_000_000))
        }
    }

    func run() throws {
        let options = try Self.workload()
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(Int(seconds * 1_000))
        var evaluations = 0
        var checksum: Int128 = 0
        let start = clock.now
        while clock.now - start < budget {
            for option in options {
                let greeks = try BlackScholes.evaluate(option)
                checksum &+= greeks.price.raw &+ greeks.theta.raw
            }
            evaluations += options.count
        }
        let elapsed = BenchCommand.milliseconds(clock.now - start) / 1_000
        precondition(checksum != 0, "the evaluations were not optimized away")
        let perSecond = Double(evaluations) / elapsed
        if global.json {
            return try Output.json(
                Report(
                    evaluations: evaluations, seconds: elapsed, evaluationsPerSecond: perSecond.rounded(),
                    nanosecondsPerEvaluation: (elapsed * 1e9 / Double(evaluations)).rounded()))
        }
        Output.fields([
            ("evaluations", "\(evaluations) in \(String(format: "%.2f", elapsed)) s"),
            ("evaluations/s", BenchCommand.rate(perSecond)),
            ("per evaluation", String(format: "%.2f µs", elapsed * 1e6 / Double(evaluations))),
        ])
    }
}
