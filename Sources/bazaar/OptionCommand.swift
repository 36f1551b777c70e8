import ArgumentParser
import BazaarCore

/// `bazaar option list|chain|greeks|order|positions|settle-price`: options (greeks: Black-Scholes for
/// any inputs; the rest: series on a node, OptionSeriesCommands.swift).
struct OptionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "option",
        abstract: "European options: series, the chain, orders, positions, settlement and Black-Scholes Greeks.",
        subcommands: [List.self, Chain.self, Greeks.self, Order.self, Positions.self, SettlePrice.self])

    /// The six values, as decimal strings: the `--json` shape.
    struct GreeksJSON: Encodable {
        var price: String
        var delta: String
        var gamma: String
        var vega: String
        var theta: String
        var rho: String

        init(_ greeks: BlackScholes.Greeks) {
            price = greeks.price.description
            delta = greeks.delta.description
            gamma = greeks.gamma.description
            vega = greeks.vega.description
            theta = greeks.theta.description
            rho = greeks.rho.description
        }
    }

    struct Greeks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Black-Scholes-Merton price, delta, gamma, vega, theta and rho of a European option.",
            discussion: """
                Computed in 18-decimal fixed point by the same code the state machine runs (docs/OPTIONS.md). \
                Inputs are exact decimals; the year is 365 days; rate and dividend yield are continuous. \
                Vega and rho are per 1.00 of volatility and rate (multiply by 0.01 for a point), theta is per \
                year (divide by 365 for a day).
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "call or put.") var type: String
        @Option(parsing: .unconditional, help: "The underlying's price, above 0.") var spot: String
        @Option(parsing: .unconditional, help: "The strike, above 0.") var strike: String
        @Option(parsing: .unconditional, help: "Days to expiry, above 0 (a decimal; T = days/365).")
        var days: String
        @Option(parsing: .unconditional, help: "Continuous risk-free rate, e.g. 0.05 for 5 %.")
        var rate: String = "0"
        @Option(name: .customLong("dividend-yield"), parsing: .unconditional, help: "Continuous dividend yield.")
        var dividendYield: String = "0"
        @Option(parsing: .unconditional, help: "Annualized volatility, above 0, e.g. 0.6 for 60 %.")
        var vol: String

        func run() async throws {
            try await Output.reportingErrors {
                let greeks = try BlackScholes.evaluate(try inputs())
                if global.json { return try Output.json(GreeksJSON(greeks)) }
                Output.fields([
                    ("price", greeks.price.description), ("delta", greeks.delta.description),
                    ("gamma", greeks.gamma.description), ("vega", greeks.vega.description),
                    ("theta", greeks.theta.description), ("rho", greeks.rho.description),
                ])
            }
        }

        /// The parsed inputs; an error message names the option at fault.
        private func inputs() throws -> BlackScholes.Inputs {
            guard let kind = BlackScholes.Kind(rawValue: type) else {
                throw ValidationError("--type must be call or put, not '\(type)'")
            }
            func decimal(_ text: String, _ name: String) throws -> Decimal18 {
                do {
                    return try Decimal18(parsing: text)
                } catch {
                    throw ValidationError("--\(name) '\(text)': \(error)")
                }
            }
            return BlackScholes.Inputs(
                kind: kind, spot: try decimal(spot, "spot"), strike: try decimal(strike, "strike"),
                years: try BlackScholes.years(days: try decimal(days, "days")), rate: try decimal(rate, "rate"),
                dividendYield: try decimal(dividendYield, "dividend-yield"), volatility: try decimal(vol, "vol"))
        }
    }
}
