import ArgumentParser
import BazaarCore
import Foundation

/// `bazaar bench liquidations`: one block liquidating a crash.
struct BenchLiquidationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidations",
        abstract: "Time the block that liquidates margin accounts after a sudden oracle move.",
        discussion: """
            Builds --accounts margin accounts holding BTC-PERP positions (half long at 5× leverage, half short at \
            2×), a market maker's bids near the crash price and an insurance fund, moves the oracle price by \
            --move-percent, then times finalizeBlock plus commit of one empty block: its end of block values every \
            account, liquidates those under maintenance (book, insurance fund, auto-deleveraging), checks \
            conservation and hashes the changes. Set-up is not timed.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Margin accounts with positions (even).") var accounts: Int = 100_000
    @Option(help: "The oracle move in percent (negative is a fall).") var movePercent: Int = -30
    @Option(help: "Lots of resting bids near the crash price.") var bookLots: Int = 2_000

    func validate() throws {
        guard (2...1_000_000).contains(accounts), accounts % 2 == 0 else {
            throw ValidationError("--accounts must be an even number from 2 to 1000000")
        }
        guard (-90...(-1)).contains(movePercent) else { throw ValidationError("--move-percent must be -90...-1") }
        guard (0...50_000).contains(bookLots) else { throw ValidationError("--book-lots must be 0...50000") }
    }

    struct Report: Encodable {
        var accounts: Int
        var movePercent: Int
        var underMaintenanceBefore: Int
        var liquidatedAccounts: Int
        var blockMilliseconds: Double
        var liquidationsPerSecond: Double
        var underMaintenanceAfter: Int
        var eventsByKind: [String: Int]
        var setupSeconds: Double
    }

    func run() throws {
        let clock = ContinuousClock()
        let setupStart = clock.now
        var workload = LiquidationBenchmark.prepare(
            accountCount: accounts, moveBasisPoints: movePercent * 100, bookLots: bookLots)
        let setup = clock.now - setupStart
        Output.note("set up \(accounts) accounts in \(Self.seconds(setup)) s; timing the crash block")
        let start = clock.now
        let finalized = workload.application.finalizeBlock(workload.block, verified: [])
        _ = workload.application.commit()
        let elapsed = clock.now - start
        let events = finalized.endBlockEvents
        let liquidated = LiquidationBenchmark.liquidatedAccounts(events)
        let outcome = LiquidationBenchmark.outcome(of: workload.application.state, events: events)
        let seconds = Self.seconds(elapsed)
        let report = Report(
            accounts: accounts, movePercent: movePercent, underMaintenanceBefore: workload.underMaintenance,
            liquidatedAccounts: liquidated, blockMilliseconds: (seconds * 1_000 * 10).rounded() / 10,
            liquidationsPerSecond: (Double(liquidated) / seconds).rounded(),
            underMaintenanceAfter: outcome.underMaintenance, eventsByKind: outcome.kinds,
            setupSeconds: (Self.seconds(setup) * 10).rounded() / 10)
        if global.json { return try Output.json(report) }
        Output.fields([
            ("accounts", "\(accounts) with positions; oracle \(movePercent)% in one block"),
            (
                "under maintenance",
                "\(report.underMaintenanceBefore) before the block, \(report.underMaintenanceAfter) after"
            ),
            ("block", String(format: "%.1f ms (finalizeBlock + commit)", report.blockMilliseconds)),
            ("liquidated", "\(liquidated) accounts"),
            ("liquidations/s", BenchCommand.rate(report.liquidationsPerSecond)),
            (
                "events",
                report.eventsByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            ),
        ])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
