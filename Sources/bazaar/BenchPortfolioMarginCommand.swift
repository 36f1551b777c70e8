import ArgumentParser
import BazaarCore
import Foundation

/// `bazaar bench portfolio-margin`: one block revaluing every account under the scenario grid.
struct BenchPortfolioMarginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio-margin",
        abstract: "Time the end-of-block revaluation of accounts holding options under the portfolio margin scenarios.",
        discussion: """
            Builds --accounts margin accounts, each holding 10 BTC option positions (5 strikes, calls and puts, 30 \
            days to expiry, a flat 60% surface) and one BTC-PERP position, with margin to spare. Then times (1) one \
            valuation pass over every account as the liquidation scan does it (fresh prices: each series priced once \
            per scenario, 29 scenarios) and (2) finalizeBlock plus commit of one empty block, whose end of block runs \
            that scan among everything else. Set-up is not timed. Figures in docs/PERFORMANCE.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Margin accounts holding options (even).") var accounts: Int = 100_000

    func validate() throws {
        guard (2...1_000_000).contains(accounts), accounts % 2 == 0 else {
            throw ValidationError("--accounts must be an even number from 2 to 1000000")
        }
    }

    struct Report: Encodable {
        var accounts: Int
        var portfolioAccounts: Int
        var optionPositionsPerAccount: Int
        var scenarios: Int
        var valuationPassMilliseconds: Double
        var blockMilliseconds: Double
        var underMaintenance: Int
        var setupSeconds: Double
    }

    func run() throws {
        let clock = ContinuousClock()
        let setupStart = clock.now
        var workload = PortfolioMarginBenchmark.prepare(accountCount: accounts)
        let setup = clock.now - setupStart
        Output.note("set up \(accounts) accounts in \(Self.seconds(setup)) s; timing the valuation pass and the block")
        let state = workload.application.state
        let scanStart = clock.now
        let under = PortfolioMarginBenchmark.scan(state)
        let scan = clock.now - scanStart
        let start = clock.now
        _ = workload.application.finalizeBlock(workload.block, verified: [])
        _ = workload.application.commit()
        let elapsed = clock.now - start
        func milliseconds(_ duration: Duration) -> Double { (Self.seconds(duration) * 10_000).rounded() / 10 }
        let report = Report(
            accounts: accounts, portfolioAccounts: PortfolioMarginBenchmark.portfolioAccounts(state),
            optionPositionsPerAccount: workload.seriesCount, scenarios: PortfolioMargin.scenarios.count,
            valuationPassMilliseconds: milliseconds(scan), blockMilliseconds: milliseconds(elapsed),
            underMaintenance: under, setupSeconds: (Self.seconds(setup) * 10).rounded() / 10)
        if global.json { return try Output.json(report) }
        Output.fields([
            (
                "accounts",
                "\(accounts) (\(report.portfolioAccounts) margined by scenarios), \(report.optionPositionsPerAccount) options + 1 perpetual each"
            ),
            ("scenarios", "\(report.scenarios)"),
            (
                "valuation pass",
                String(format: "%.1f ms (every account, fresh prices)", report.valuationPassMilliseconds)
            ),
            ("block", String(format: "%.1f ms (finalizeBlock + commit)", report.blockMilliseconds)),
            ("under maintenance", "\(under)"),
        ])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
