import ArgumentParser
import BazaarSim
import Foundation

extension SimulateCommand {
    /// `bazaar simulate market`: the market stress simulator (docs/STRESS.md).
    struct Market: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run agents through a market crash on the real state machine and report the protocol's risk.",
            discussion: """
                Market makers, arbitrageurs, leveraged traders, borrowers, liquidity providers and oracle \
                reporters send signed transactions block by block in virtual time, through checkTx, \
                prepareProposal, processProposal, finalizeBlock and commit, with the full invariant check \
                every block. Reports the insurance fund, bad debt, liquidations, deleveraging, write-offs, \
                funding and oracle deviation per block; value at risk and liquidations at risk across \
                seeds; and, with --sweep, the metrics per value of one risk parameter. The same seed \
                always gives the same report. Exits with status 1, printing the seed and the replay \
                command, when an account is left below maintenance after a block. See docs/STRESS.md.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "A built-in scenario: black-thursday, luna, ftx or random.") var scenario = "random"
        @Option(help: "A scenario file (CSV or JSON) instead of a built-in scenario.") var scenarioFile: String?
        @Option(help: "The seed of the first run.") var seed: UInt64 = 1
        @Option(help: "How many runs, with consecutive seeds from --seed.") var seeds = 1
        @Option(help: "Blocks per run (default: the scenario's length).") var blocks: Int?
        @Option(help: "Virtual seconds between blocks.") var blockTime = 60
        @Option(help: "Accounts in total, split by the default mix (docs/STRESS.md).") var accounts = 1_000
        @Option(help: "Market makers (default: accounts / 500, 2 to 20).") var marketMakers: Int?
        @Option(help: "Arbitrageurs (default: accounts / 1000, 1 to 10).") var arbitrageurs: Int?
        @Option(help: "Borrowers on the lending pool (default: a quarter of the accounts).") var borrowers: Int?
        @Option(help: "Sweep a risk parameter: NAME=LOW..HIGH/COUNT, e.g. maintenance-margin=3%..10%/8.")
        var sweep: String?
        @Option(help: "With --sweep: a target, e.g. bad-debt<=0.1%-of-fund.") var target: String?
        @Option(help: "Write the HTML report to this file.") var report: String?

        func validate() throws {
            guard (1...10_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 10000") }
            guard seed <= UInt64.max - UInt64(seeds - 1) else {
                throw ValidationError("--seed plus --seeds runs past the largest seed")
            }
            if let blocks, !(1...1_000_000).contains(blocks) {
                throw ValidationError("--blocks must be from 1 to 1000000")
            }
            guard (1...86_400).contains(blockTime) else { throw ValidationError("--block-time must be 1 to 86400 s") }
            guard (MarketPopulation.accountsMin...100_000).contains(accounts) else {
                throw ValidationError("--accounts must be from \(MarketPopulation.accountsMin) to 100000")
            }
            if let sweep {
                do { _ = try MarketSweep(parsing: sweep) } catch { throw ValidationError("--sweep: \(error)") }
            }
            if let target {
                guard sweep != nil else { throw ValidationError("--target needs --sweep") }
                do { _ = try MarketTarget(parsing: target) } catch { throw ValidationError("--target: \(error)") }
            }
            _ = try population()
        }

        func population() throws -> MarketPopulation {
            var population = MarketPopulation(accounts: accounts)
            for (value, name, path) in [
                (marketMakers, "--market-makers", \MarketPopulation.marketMakers),
                (arbitrageurs, "--arbitrageurs", \MarketPopulation.arbitrageurs),
                (borrowers, "--borrowers", \MarketPopulation.borrowers),
            ] {
                guard let value else { continue }
                guard value >= (name == "--market-makers" ? 1 : 0) else {
                    throw ValidationError("\(name) is too small")
                }
                population.traders += population[keyPath: path] - value
                population[keyPath: path] = value
            }
            guard population.traders >= 0 else {
                throw ValidationError("the populations given exceed --accounts \(accounts)")
            }
            return population
        }

        func loadScenario() throws -> MarketScenario {
            let milliseconds = UInt64(blockTime) * 1_000
            if let scenarioFile { return try ScenarioFile.read(path: scenarioFile, blockMilliseconds: milliseconds) }
            return try MarketScenario.builtIn(named: scenario, seed: seed, blockMilliseconds: milliseconds)
        }

        func run() async throws {
            let scenario: MarketScenario
            do {
                scenario = try loadScenario()
            } catch {
                Output.error("\(error)")
                throw ExitCode.failure
            }
            let simulation = MarketSimulation(seed: seed, blocks: blocks, population: try population())
            let stress = MarketStress(
                scenario: scenario, simulation: simulation, seeds: MarketStress.seeds(from: seed, count: seeds),
                sweep: try sweep.map { try MarketSweep(parsing: $0) },
                target: try target.map { try MarketTarget(parsing: $0) })
            let commit = ProcessInfo.processInfo.environment["BAZAAR_COMMIT"]
            Output.note("simulating market, scenario \(scenario.name), \(simulation.population.accounts) accounts")
            let output = stress.run(commit: commit) { report in
                Output.note(
                    "seed \(report.header.seed): \(report.blocks.count) blocks, \(report.totals.liquidations) liquidations, "
                        + "\(report.failures.count) failures")
            }
            if let report {
                do {
                    try MarketReportHTML.render(output).write(toFile: report, atomically: true, encoding: .utf8)
                } catch {
                    Output.error("cannot write the report to \(report): \(error)")
                    throw ExitCode.failure
                }
            }
            if global.json { try Output.json(output) } else { printSummary(output) }
            let failing = output.runs.filter { !$0.failures.isEmpty }
            guard failing.isEmpty, (output.risk?.failedRuns ?? 0) == 0 else {
                for run in failing {
                    Output.error("seed \(run.header.seed): \(run.failures[0].message)")
                    Output.note("replay: \(replayCommand(seed: run.header.seed))")
                }
                if failing.isEmpty { Output.error("\(output.risk!.failedRuns) sweep runs failed") }
                throw ExitCode.failure
            }
        }

        func replayCommand(seed: UInt64) -> String {
            var words = ["bazaar simulate market"]
            words.append(scenarioFile.map { "--scenario-file \($0)" } ?? "--scenario \(scenario)")
            words.append("--seed \(seed) --accounts \(accounts) --block-time \(blockTime)")
            if let blocks { words.append("--blocks \(blocks)") }
            if let marketMakers { words.append("--market-makers \(marketMakers)") }
            if let arbitrageurs { words.append("--arbitrageurs \(arbitrageurs)") }
            if let borrowers { words.append("--borrowers \(borrowers)") }
            if let sweep { words.append("--sweep \(sweep)") }
            return words.joined(separator: " ")
        }

        func printSummary(_ output: MarketSimulationOutput) {
            for run in output.runs {
                let totals = run.totals
                print(
                    "seed \(run.header.seed) · \(run.header.scenario) · \(run.header.blocks) blocks · \(run.header.accounts) accounts"
                )
                Output.fields([
                    (
                        "insurance fund",
                        "\(Self.money(totals.insuranceFundStart)) → \(Self.money(totals.insuranceFundEnd))"
                    ),
                    ("bad debt beyond fund", Self.money(totals.badDebtBeyondFund)),
                    ("liquidations", "\(totals.liquidations) accounts, \(Self.money(totals.liquidationVolume)) volume"),
                    ("deleveragings", "\(totals.deleveragings)"),
                    ("lending write-offs", Self.money(totals.lendingWriteOffs)),
                    ("funding paid (longs)", Self.money(totals.fundingPaid)),
                    (
                        "LPs vs holding",
                        totals.liquidityProviderVersusHoldingPercent.map { String(format: "%+.2f%%", $0) } ?? "-"
                    ),
                    ("max oracle deviation", String(format: "%.0f bp", totals.maxOracleDeviationBasisPoints)),
                    (
                        "slowest finalizeBlock",
                        String(
                            format: "%.1f ms at height %llu", Double(totals.slowestFinalizeMicroseconds) / 1_000,
                            totals.slowestFinalizeHeight)
                    ),
                    ("transactions", "\(totals.transactionsIncluded) included, \(totals.transactionsFailed) failed"),
                    (
                        "below maintenance",
                        "\(run.blocks.reduce(0) { $0 + $1.accountsBelowMaintenance }) account-blocks"
                    ),
                    ("app hash", totals.finalAppHash),
                ])
                print("")
            }
            if let risk = output.risk, output.sweep == nil {
                print("risk across \(risk.seeds.count) seeds (nearest-rank percentiles)")
                Output.table(
                    header: ["across seeds", "95th", "99th"],
                    rows: [
                        ["VaR: bad debt beyond fund", Self.money(risk.valueAtRisk95), Self.money(risk.valueAtRisk99)],
                        [
                            "LaR: liquidation volume", Self.money(risk.liquidationsAtRisk95),
                            Self.money(risk.liquidationsAtRisk99),
                        ],
                    ], rightAligned: [1, 2])
                print("failed runs: \(risk.failedRuns)")
            }
            if let sweep = output.sweep {
                print("sweep of \(sweep.parameter)" + (sweep.target.map { ", target \($0)" } ?? ""))
                Output.table(
                    header: ["value", "VaR95", "VaR99", "LaR95", "mean bad debt", "% of fund", "failed", "meets"],
                    rows: sweep.points.map { point in
                        [
                            point.value, Self.money(point.risk.valueAtRisk95), Self.money(point.risk.valueAtRisk99),
                            Self.money(point.risk.liquidationsAtRisk95), Self.money(point.meanBadDebtBeyondFund),
                            String(format: "%.3f%%", point.meanBadDebtPercentOfFund), "\(point.risk.failedRuns)",
                            point.meetsTarget.map { $0 ? "yes" : "no" } ?? "-",
                        ]
                    }, rightAligned: [1, 2, 3, 4, 5, 6])
                if sweep.target != nil {
                    print("least conservative value meeting the target: \(sweep.chosenValue ?? "none")")
                }
            }
        }

        static func money(_ value: Double) -> String { String(format: "%.2f", value) }
    }
}
