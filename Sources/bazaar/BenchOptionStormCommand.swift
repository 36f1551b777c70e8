import ArgumentParser
import BazaarCore
import Foundation

/// `bazaar bench option-storm`: one block that liquidates option portfolios after a storm.
struct BenchOptionStormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "option-storm",
        abstract: "Time the block that liquidates option portfolios after spot −30% and volatility +50%.",
        discussion: """
            Builds --accounts margin accounts, each short ten BTC puts (five strikes at 7 and 30 days) and long \
            BTC-PERP, a market maker's resting asks on every put and bids on the perpetual near the storm's prices, \
            and an insurance fund. Then times finalizeBlock plus commit of one block whose reporter transaction \
            moves the oracle price by −30% and the volatility surface by +50%: the oracle aggregates both, every \
            account falls under maintenance, and the end of block liquidates them (book, insurance fund, \
            auto-deleveraging), checks conservation and hashes the changes. Set-up is not timed.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Margin accounts holding option portfolios.") var accounts: Int = 10_000

    func validate() throws {
        guard (1...1_000_000).contains(accounts) else {
            throw ValidationError("--accounts must be from 1 to 1000000")
        }
    }

    struct Report: Encodable {
        var accounts: Int
        var underMaintenanceBefore: Int
        var underMaintenanceAtStorm: Int
        var handledAccounts: Int
        var underMaintenanceAfter: Int
        var blockMilliseconds: Double
        var eventsByKind: [String: Int]
        var setupSeconds: Double
    }

    func run() throws {
        let clock = ContinuousClock()
        let setupStart = clock.now
        var workload = OptionStormBenchmark.prepare(accountCount: accounts)
        let setup = clock.now - setupStart
        Output.note(
            "set up \(accounts) accounts in \(BenchLiquidationsCommand.seconds(setup)) s; timing the storm block")
        let start = clock.now
        let finalized = workload.application.finalizeBlock(workload.block, verified: workload.verified)
        _ = workload.application.commit()
        let elapsed = clock.now - start
        guard finalized.results.allSatisfy({ $0.code == .ok }) else {
            throw ValidationError("the storm's oracle reports were refused: \(finalized.results.map(\.code.name))")
        }
        let events = finalized.endBlockEvents
        let outcome = LiquidationBenchmark.outcome(of: workload.application.state, events: events)
        let seconds = BenchLiquidationsCommand.seconds(elapsed)
        let report = Report(
            accounts: accounts, underMaintenanceBefore: workload.underMaintenanceBefore,
            underMaintenanceAtStorm: workload.underMaintenanceAtStorm,
            handledAccounts: OptionStormBenchmark.handledAccounts(workload.application.state),
            underMaintenanceAfter: outcome.underMaintenance,
            blockMilliseconds: (seconds * 1_000 * 10).rounded() / 10, eventsByKind: outcome.kinds,
            setupSeconds: (BenchLiquidationsCommand.seconds(setup) * 10).rounded() / 10)
        if global.json { return try Output.json(report) }
        Output.fields([
            ("accounts", "\(accounts), each 10 short puts and 1 perpetual; spot −30%, volatility +50% in one block"),
            (
                "under maintenance",
                "\(report.underMaintenanceBefore) before, \(report.underMaintenanceAtStorm) at the storm's prices, "
                    + "\(report.underMaintenanceAfter) after the block"
            ),
            ("handled", "\(report.handledAccounts) accounts in the storm block"),
            ("block", String(format: "%.1f ms (finalizeBlock + commit)", report.blockMilliseconds)),
            (
                "events",
                report.eventsByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            ),
        ])
    }
}
