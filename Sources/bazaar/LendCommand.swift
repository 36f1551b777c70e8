import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar lend pools|position|supply|withdraw|borrow|repay`.
struct LendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lend", abstract: "Supply to and borrow from lending pools.",
        discussion: """
            Suppliers earn the pool's supply rate; borrowers pay its borrow rate, which rises with \
            utilization along a kink curve. A borrow lands in the borrower's margin account and counts \
            in its health; a repayment comes from the free balance, or from margin with --from-margin.
            """,
        subcommands: [
            Pools.self, Position.self, Operation<Supply>.self, Operation<Withdraw>.self, Operation<Borrow>.self,
            Operation<Repay>.self,
        ], defaultSubcommand: Pools.self)

    struct Pools: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lending pools, or show one.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "An asset, e.g. USD (default: every pool).") var asset: String?

        func run() async throws {
            try await Output.reportingErrors {
                let api = try global.api()
                let pools: [LendingPoolJSON]
                if let asset {
                    pools = [try await api.lendingPool(asset: asset)]
                    if global.json { return try Output.json(pools[0]) }
                } else {
                    pools = try await api.lendingPools().pools
                    if global.json { return try Output.json(LendingPoolsResponse(pools: pools)) }
                }
                if pools.isEmpty { return print("no lending pools") }
                Output.table(
                    header: [
                        "ASSET", "SUPPLIED", "BORROWED", "CASH", "RESERVES", "WRITTEN OFF", "UTIL", "BORROW APR",
                        "SUPPLY APR",
                    ],
                    rows: pools.map {
                        [
                            $0.asset, $0.supplied, $0.borrowed, $0.cash, $0.reserves, $0.writtenOff,
                            percent($0.utilization), percent($0.borrowRate), percent($0.supplyRate),
                        ]
                    }, rightAligned: [1, 2, 3, 4, 5, 6, 7, 8])
            }
        }
    }

    struct Position: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what an account supplied and owes.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name or bz1… address.") var account: String

        func run() async throws {
            try await Output.reportingErrors {
                let response = try await global.api().lendingPositions(address: try global.address(of: account))
                if global.json { return try Output.json(response) }
                if response.positions.isEmpty { return print("no lending positions") }
                Output.table(
                    header: ["ASSET", "SUPPLIED", "DEBT"],
                    rows: response.positions.map { [$0.asset, $0.supplied, $0.debt] }, rightAligned: [1, 2])
            }
        }
    }

    protocol Kind {
        static var operation: TransactionBuilder.LendingOperation { get }
        static var abstract: String { get }
        static var amountHelp: String { get }
    }
    enum Supply: Kind {
        static let operation = TransactionBuilder.LendingOperation.supply
        static let abstract = "Move funds from your balance into a pool to earn interest."
        static let amountHelp = "A decimal amount in whole units."
    }
    enum Withdraw: Kind {
        static let operation = TransactionBuilder.LendingOperation.withdraw
        static let abstract = "Take supplied funds (with interest) back out of a pool."
        static let amountHelp = "A decimal amount in whole units (default: everything)."
    }
    enum Borrow: Kind {
        static let operation = TransactionBuilder.LendingOperation.borrow
        static let abstract = "Borrow from a pool into your margin account; margin must cover it."
        static let amountHelp = "A decimal amount in whole units."
    }
    enum Repay: Kind {
        static let operation = TransactionBuilder.LendingOperation.repay
        static let abstract = "Repay debt from your balance (or from margin with --from-margin)."
        static let amountHelp = "A decimal amount in whole units (default: the whole debt)."
    }

    struct Operation<K: Kind>: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: K.operation.rawValue, abstract: K.abstract)
        }

        @OptionGroup var global: GlobalOptions
        @Option(help: "The key's name.") var from: String
        @Option(help: "The pool's asset, e.g. USD.") var asset: String
        @Option(help: ArgumentHelp(stringLiteral: K.amountHelp)) var amount: String?
        @Flag(name: .customLong("from-margin"), help: "repay: take the funds from margin collateral.")
        var fromMargin = false
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func validate() throws {
            if amount == nil, K.operation == .supply || K.operation == .borrow {
                throw ValidationError("\(K.operation.rawValue) needs --amount")
            }
            if fromMargin, K.operation != .repay { throw ValidationError("--from-margin is for repay only") }
        }

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from, fee: fee) { chain in
                    try TransactionBuilder.lending(
                        K.operation, asset: asset, amount: amount, decimals: try chain.decimals(of: asset),
                        fromMargin: fromMargin)
                }
            }
        }
    }
}

/// A decimal fraction as a percentage with two decimals, e.g. `0.0412` → `4.12%`.
private func percent(_ fraction: String) -> String {
    let parts = fraction.split(separator: ".", maxSplits: 1)
    let whole = Int(parts.first ?? "0") ?? 0
    let digits = Array((parts.count > 1 ? String(parts[1]) : "") + "0000")
    let hundredths = whole * 10_000 + Int(String(digits[0..<4]))!
    return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))%"
}
