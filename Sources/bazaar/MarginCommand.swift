import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// `bazaar margin deposit|withdraw|show`: a cross-margin account.
struct MarginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin", abstract: "Deposit and withdraw margin collateral and show a margin account.",
        subcommands: [Deposit.self, Withdraw.self, Show.self, Scenarios.self])

    struct Deposit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move collateral from your balance into your margin account.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The key whose balance pays.") var from: String
        @Option(help: "A collateral asset, e.g. USD.") var asset: String
        @Option(help: "A decimal amount in whole units.") var amount: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from, fee: fee) { chain in
                    try TransactionBuilder.marginDeposit(
                        asset: asset, amount: amount, decimals: try chain.decimals(of: asset.uppercased()))
                }
            }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move collateral back to your balance; refused if the initial requirement would not be covered.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The margin account's key.") var from: String
        @Option(help: "The collateral asset.") var asset: String
        @Option(help: "A decimal amount in whole units.") var amount: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from, fee: fee) { chain in
                    try TransactionBuilder.marginWithdraw(
                        asset: asset, amount: amount, decimals: try chain.decimals(of: asset.uppercased()))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Equity, requirements, health factor, collateral and positions of a margin account.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name or bz1… address.") var account: String

        func run() async throws {
            try await Output.reportingErrors {
                let margin = try await global.api().margin(address: try global.address(of: account))
                if global.json { return try Output.json(margin) }
                let quote = margin.quoteAsset ?? ""
                Output.fields([
                    ("address", margin.address),
                    ("equity", "\(margin.equity) \(quote)"),
                    ("initial", "\(margin.initialRequirement) \(quote)"),
                    ("maintenance", "\(margin.maintenanceRequirement) \(quote)"),
                    ("health factor", margin.healthFactor ?? "-"),
                    (
                        "debts",
                        margin.debts.isEmpty
                            ? "none" : margin.debts.map { "\($0.amount) \($0.asset)" }.joined(separator: ", ")
                    ),
                ])
                if !margin.collateral.isEmpty {
                    print("")
                    Output.table(
                        header: ["ASSET", "AMOUNT", "WEIGHT", "VALUE"],
                        rows: margin.collateral.map { [$0.asset, $0.amount, $0.weight, $0.value] },
                        rightAligned: [1, 2, 3])
                }
                if !margin.positions.isEmpty {
                    print("")
                    PerpCommand.printPositions(margin.positions)
                }
                if !margin.optionPositions.isEmpty {
                    print("")
                    OptionCommand.printPositions(margin.optionPositions)
                }
                OptionCommand.printGreeks(margin.greeks, quote: margin.quoteAsset)
            }
        }
    }

    struct Scenarios: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The portfolio margin scenarios of an account holding options: PnL per spot and volatility shock."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name or bz1… address.") var account: String

        func run() async throws {
            try await Output.reportingErrors {
                let matrix = try await global.api().marginScenarios(address: try global.address(of: account))
                if global.json { return try Output.json(matrix) }
                let quote = matrix.quoteAsset ?? ""
                Output.fields([
                    ("address", matrix.address ?? "-"),
                    ("equity", "\(matrix.equity) \(quote)"),
                    ("initial", "\(matrix.initialRequirement) \(quote)"),
                    ("maintenance", "\(matrix.maintenanceRequirement) \(quote)"),
                    ("prices", matrix.dependsOnStalePrice ? "STALE or missing" : "fresh"),
                ])
                if matrix.underlyings.isEmpty { print("\nno options: perpetual rules only") }
                for underlying in matrix.underlyings {
                    print("\n\(underlying.underlying) at \(underlying.spot) \(quote)")
                    Output.table(
                        header: ["SPOT", "VOL", "PNL", ""],
                        rows: underlying.scenarios.enumerated().map { index, scenario in
                            [
                                scenario.spotShock, scenario.volatilityShock + (scenario.tail ? " (tail, 1/3)" : ""),
                                scenario.pnl, index == underlying.worstScenario ? "worst" : "",
                            ]
                        }, rightAligned: [0, 2])
                    Output.fields([
                        ("worst loss", "\(underlying.worstLoss) \(quote)"),
                        ("short add-on", "\(underlying.shortOptionAddOn) \(quote)"),
                        ("initial", "\(underlying.initialRequirement) \(quote)"),
                        ("maintenance", "\(underlying.maintenanceRequirement) \(quote)"),
                    ])
                }
            }
        }
    }
}
