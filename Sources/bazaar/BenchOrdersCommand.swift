import ArgumentParser
import BazaarCore
import BazaarHistory
import BazaarNode
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

            --store adds what a node does with each block, timed with it: `blocks` appends every block to a             node's SQLite store (a fresh one per run, in a temporary folder, synchronous=FULL) as a node with             history off does; `history` also records the history journal and stores the block's history rows             (fills, order events, ledger) in its transaction, as every node does by default; `compare` alternates             the two, --runs each, and reports both with their ratio.
            """)

    enum Store: String, ExpressibleByArgument, CaseIterable {
        case none, blocks, history, compare
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Timed EC-1 commands (after 1,000 untimed warm-up orders).") var commands: Int = 200_000
    @Option(help: "The stream generator's seed.") var seed: UInt64 = 1
    @Option(help: "Accounts the orders come from.") var accounts: Int = 1_000
    @Option(help: "Transactions per block (1 to 10,000).") var blockTransactions: Int = 5_000
    @Option(help: "Runs; the median is reported.") var runs: Int = 3
    @Option(help: "What each block goes to besides the state machine: none, blocks, history or compare.")
    var store: Store = .none

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
        /// `none`, `blocks` or `history`: what each block went to besides the state machine.
        var store: String
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

    /// The figures of one kind of run across --runs runs, with the median's.
    struct Series {
        var store: Store
        var results: [OrderFlowBenchmark.Figures] = []

        var median: OrderFlowBenchmark.Figures {
            results.sorted { $0.commandsPerSecond < $1.commandsPerSecond }[results.count / 2]
        }
    }

    /// Both kinds of `--store compare`, and what history costs.
    struct Comparison: Encodable {
        var withoutHistory: Report
        var withHistory: Report
        /// Orders/s with history over orders/s without (the target is at least 0.85).
        var ratio: Double
        /// Continuous-market fills (trades) per second with history: the rate an indexer must keep up with.
        var fillsPerSecondWithHistory: Double
    }

    func run() throws {
        let configuration = OrderFlowBenchmark.Configuration(
            commandCount: commands, seed: seed, accountCount: accounts, transactionsPerBlock: blockTransactions)
        var series: [Series] =
            switch store {
            case .compare: [Series(store: .blocks), Series(store: .history)]
            default: [Series(store: store)]
            }
        for run in 1...runs {
            for index in series.indices {
                let figures = try Self.run(configuration, store: series[index].store)
                if let first = series.first?.results.first, first.appHash != figures.appHash {
                    throw ValidationError("run \(run) ended with another application hash than run 1")
                }
                let label = store == .compare ? " (\(series[index].store.rawValue))" : ""
                Output.note("run \(run)\(label): \(BenchCommand.rate(figures.commandsPerSecond)) orders/s")
                series[index].results.append(figures)
            }
        }
        let reports = series.map(report(of:))
        if store == .compare {
            let history = series[1].median
            let seconds =
                Double(history.elapsed.components.seconds) + Double(history.elapsed.components.attoseconds) * 1e-18
            let comparison = Comparison(
                withoutHistory: reports[0], withHistory: reports[1],
                ratio: (reports[1].ordersPerSecond / reports[0].ordersPerSecond * 1000).rounded() / 1000,
                fillsPerSecondWithHistory: (Double(history.tradeCount) / seconds).rounded())
            if global.json { return try Output.json(comparison) }
            print("without history (blocks stored):")
            show(reports[0])
            print("\nwith history (blocks and history rows stored):")
            show(reports[1])
            print(
                "\nhistory keeps \(String(format: "%.1f", comparison.ratio * 100))% of the rate; \(BenchCommand.rate(comparison.fillsPerSecondWithHistory)) fills/s with history"
            )
            return
        }
        if global.json { return try Output.json(reports[0]) }
        show(reports[0])
    }

    /// One run on a fresh chain, with a fresh store in a temporary folder when `store` asks for one.
    static func run(_ configuration: OrderFlowBenchmark.Configuration, store: Store) throws
        -> OrderFlowBenchmark.Figures
    {
        guard store == .blocks || store == .history else { return OrderFlowBenchmark.run(configuration) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-bench-orders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var sink = StoreSink(
            store: try BlockStore(path: directory.appendingPathComponent("store.sqlite").path),
            history: store == .history)
        return try OrderFlowBenchmark.run(configuration, recordsHistory: store == .history, sink: &sink)
    }

    /// Stores each block as `Node.commitBlock` does: with its history rows when history is on.
    struct StoreSink: OrderFlowBenchmark.BlockSink {
        let store: BlockStore
        let history: Bool

        func start(genesis: Genesis, state: LedgerState, journal: HistoryJournal?) throws {
            try store.bind(toGenesis: genesis.hash)
            guard history else { return }
            guard let journal else { throw ValidationError("a history run without the genesis journal") }
            try store.appendGenesisHistory(
                HistoryExtractor.genesisRows(
                    journal: journal, state: state, timeMilliseconds: genesis.timeMilliseconds))
        }

        func finish(_ finalized: FinalizedBlock, state: LedgerState) throws {
            var rows: HistoryRows?
            if history {
                guard let journal = finalized.journal else { throw ValidationError("a history run without a journal") }
                rows = try HistoryExtractor.rows(of: finalized, journal: journal, state: state)
            }
            if let failure = try store.append(finalized, snapshot: nil, history: rows) { throw failure }
        }
    }

    func report(of series: Series) -> Report {
        let median = series.median
        return Report(
            store: series.store.rawValue, commands: median.commandCount, blocks: median.blockCount,
            transactionsPerBlock: blockTransactions,
            accounts: accounts, seed: seed, runs: runs, ordersPerSecond: median.commandsPerSecond.rounded(),
            ordersPerSecondRuns: series.results.map { $0.commandsPerSecond.rounded() },
            blockMillisecondsMedian: BenchCommand.milliseconds(median.blockMedian),
            blockMillisecondsP99: BenchCommand.milliseconds(median.blockP99),
            blockMillisecondsMax: BenchCommand.milliseconds(median.blockMax), trades: median.tradeCount,
            failedTransactions: median.failedTransactionCount, failuresByCode: median.failures,
            restingOrders: median.restingOrderCount, appHash: median.appHash.hex)
    }

    static let storeLabels = ["blocks": " + store", "history": " + history + store"]

    func show(_ report: Report) {
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
                    format: "median %.1f ms, p99 %.1f ms, max %.1f ms",
                    report.blockMillisecondsMedian, report.blockMillisecondsP99, report.blockMillisecondsMax)
                    + " (finalizeBlock + commit\(Self.storeLabels[report.store] ?? ""))"
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
