import ArgumentParser
import BazaarCore
import BazaarSim
import Foundation

/// `bazaar bench orders`: order transactions through the state machine's `finalizeBlock`.
struct BenchOrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Execute an EC-1 order stream as transactions through finalizeBlock, on one thread.",
        discussion: """
            Every EC-1 command becomes a one-action transaction (place, cancel or amend) from one of --accounts \
            accounts, pre-verified as after mempool admission: no Ed25519. The timed part is finalizeBlock plus \
            commit of each block: fees and nonces, locks, matching, settlement with maker and taker fees, the undo \
            journal, the conservation check and the application hash. Orders/s is the median of --runs runs, each \
            on a fresh chain; every run must end with the same application hash.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Timed EC-1 commands (after 1,000 untimed warm-up orders).") var commands: Int = 200_000
    @Option(help: "The stream generator's seed.") var seed: UInt64 = 1
    @Option(help: "Accounts the orders come from.") var accounts: Int = 1_000
    @Option(help: "Transactions per block (1 to 10,000).") var blockTransactions: Int = 5_000
    @Option(help: "Runs; the median is reported.") var runs: Int = 3

    func validate() throws {
        guard (1...EC1Parser.commandCountMax).contains(commands) else {
            throw ValidationError("--commands must be 1...\(EC1Parser.commandCountMax)")
        }
        guard (1...100_000).contains(accounts) else { throw ValidationError("--accounts must be 1...100000") }
        guard (1...10_000).contains(blockTransactions) else {
            throw ValidationError("--block-transactions must be 1...10000")
        }
        guard (1...21).contains(runs) else { throw ValidationError("--runs must be 1...21") }
    }

    struct Report: Encodable {
        var commands: Int
        var blocks: Int
        var transactionsPerBlock: Int
        var accounts: Int
        var seed: UInt64
        var runs: Int
        var ordersPerSecond: Double
        var ordersPerSecondRuns: [Double]
        var blockMillisecondsMedian: Double
        var blockMillisecondsP99: Double
        var blockMillisecondsMax: Double
        var trades: Int
        var failedTransactions: Int
        var failuresByCode: [String: Int]
        var restingOrders: Int
        var appHash: String
    }

    func run() throws {
        let configuration = OrderFlowBenchmark.Configuration(
            commandCount: commands, seed: seed, accountCount: accounts, transactionsPerBlock: blockTransactions)
        var results: [OrderFlowBenchmark.Figures] = []
        for run in 1...runs {
            let figures = OrderFlowBenchmark.run(configuration)
            if let first = results.first, first.appHash != figures.appHash {
                throw ValidationError("run \(run) ended with another application hash than run 1")
            }
            Output.note("run \(run): \(BenchCommand.rate(figures.commandsPerSecond)) orders/s")
            results.append(figures)
        }
        let median = results.sorted { $0.commandsPerSecond < $1.commandsPerSecond }[results.count / 2]
        let report = Report(
            commands: median.commandCount, blocks: median.blockCount, transactionsPerBlock: blockTransactions,
            accounts: accounts, seed: seed, runs: runs, ordersPerSecond: median.commandsPerSecond.rounded(),
            ordersPerSecondRuns: results.map { $0.commandsPerSecond.rounded() },
            blockMillisecondsMedian: BenchCommand.milliseconds(median.blockMedian),
            blockMillisecondsP99: BenchCommand.milliseconds(median.blockP99),
            blockMillisecondsMax: BenchCommand.milliseconds(median.blockMax), trades: median.tradeCount,
            failedTransactions: median.failedTransactionCount, failuresByCode: median.failures,
            restingOrders: median.restingOrderCount, appHash: median.appHash.hex)
        if global.json { return try Output.json(report) }
        let failures = report.failuresByCode.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        Output.fields([
            (
                "orders",
                "\(report.commands) in \(report.blocks) blocks of \(blockTransactions) from \(accounts) accounts"
            ),
            (
                "orders/s",
                "\(BenchCommand.rate(report.ordersPerSecond)) (median of \(runs); runs: \(report.ordersPerSecondRuns.map { BenchCommand.rate($0) }.joined(separator: ", ")))"
            ),
            (
                "block",
                String(
                    format: "median %.1f ms, p99 %.1f ms, max %.1f ms (finalizeBlock + commit)",
                    report.blockMillisecondsMedian, report.blockMillisecondsP99, report.blockMillisecondsMax)
            ),
            ("trades", String(report.trades)),
            (
                "failed",
                report.failedTransactions == 0
                    ? "0" : "\(report.failedTransactions) (\(failures.joined(separator: ", ")))"
            ),
            ("resting", String(report.restingOrders)),
            ("app hash", report.appHash),
        ])
    }
}
