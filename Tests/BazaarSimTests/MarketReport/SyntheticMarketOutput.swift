import Foundation

@testable import BazaarSim

/// A hand-built crash run for the report's tests, made before the market engine existed: prices
/// fall 40% over the middle of the run and half recover, the oracle lags three blocks, the fund
/// pays for liquidations until it runs dry and bad debt appears.
enum SyntheticMarketOutput {
    static func run(
        blocks: Int, scenario: String = "black-thursday", seed: UInt64 = 7,
        failures: [MarketSimulationReport.Failure] = []
    ) -> MarketSimulationReport {
        let crashStart = blocks * 3 / 10
        let crashEnd = blocks * 45 / 100
        func drawdown(_ block: Int) -> Double {
            if block < crashStart { return 0 }
            if block < crashEnd { return 0.4 * Double(block - crashStart) / Double(crashEnd - crashStart) }
            return max(0.2, 0.4 - 0.2 * Double(block - crashEnd) / Double(max(1, blocks - crashEnd)))
        }
        let assets = [("BTC", 65_000.0), ("ETH", 3_000.0)].map { asset, start in
            let scenarioPrices = (0..<blocks).map { start * (1 - drawdown($0) * (asset == "ETH" ? 1.2 : 1)) }
            let oraclePrices = (0..<blocks).map { scenarioPrices[max(0, $0 - 3)] }
            return MarketSimulationReport.AssetPath(
                asset: asset, scenarioPrices: scenarioPrices, oraclePrices: oraclePrices)
        }
        var fund = 1_000_000.0
        var badDebt = 0.0
        var metrics = [MarketSimulationReport.BlockMetrics]()
        for block in 0..<blocks {
            let falling = block >= crashStart && block < crashEnd
            let liquidations = falling ? 3 + block % 5 : (block % 97 == 0 ? 1 : 0)
            let volume = Double(liquidations) * 41_000
            let loss = falling ? 30_000.0 : 0
            let covered = min(fund, loss)
            fund -= covered
            badDebt += loss - covered
            metrics.append(
                MarketSimulationReport.BlockMetrics(
                    height: UInt64(block + 1), elapsedMilliseconds: UInt64(block) * 60_000, insuranceFund: fund,
                    badDebt: badDebt, liquidations: liquidations, liquidationVolume: volume,
                    liquidationSlippageBasisPoints: liquidations > 0 ? 35 : nil, deleveragings: 0,
                    lendingWriteOffs: 0, accountsBelowMaintenance: 0, fundingPaid: 12.5,
                    oracleDeviationBasisPoints: 40, finalizeMicroseconds: 900 + block % 50))
        }
        let header = MarketSimulationReport.Header(
            seed: seed, scenario: scenario, commit: "0123abc", blocks: blocks, blockMilliseconds: 60_000,
            accounts: 500, quoteAsset: "USD",
            parameters: [
                .init(name: "maintenance-margin", value: "5%"), .init(name: "liquidation-penalty", value: "2%"),
                .init(name: "insurance-fund", value: "1,000,000 USD"),
            ])
        let totals = MarketSimulationReport.Totals(
            badDebt: badDebt, insuranceFundStart: 1_000_000, insuranceFundEnd: fund,
            badDebtBeyondFund: badDebt, liquidations: metrics.map(\.liquidations).reduce(0, +),
            liquidationVolume: metrics.map(\.liquidationVolume).reduce(0, +), deleveragings: 0, lendingWriteOffs: 0,
            fundingPaid: 12.5 * Double(blocks), liquidityProviderVersusHoldingPercent: -3.25,
            maxOracleDeviationBasisPoints: 40, slowestFinalizeMicroseconds: 949, slowestFinalizeHeight: 50,
            transactionsIncluded: blocks * 40, transactionsFailed: blocks,
            finalAppHash: String(repeating: "ab", count: 32))
        let health = MarketSimulationReport.HealthDistribution(
            height: UInt64(crashEnd), bucketLowerEdges: [0, 0.5, 0.8, 1, 1.2, 1.5, 2, 3, 5],
            before: [4, 9, 30, 60, 80, 90, 120, 70, 37], after: [0, 0, 0, 45, 85, 100, 125, 75, 40])
        return MarketSimulationReport(
            header: header, assets: assets, blocks: metrics, failures: failures, health: health, totals: totals)
    }

    static let risk = MarketRiskSummary(
        seeds: Array(1...20), valueAtRisk95: 42_000, valueAtRisk99: 95_000, liquidationsAtRisk95: 8_000_000,
        liquidationsAtRisk99: 9_500_000, failedRuns: 1)

    /// `maintenance-margin=3%..10%/8` against `bad-debt<=0.1%-of-fund`: 7% is the least conservative passing.
    static let sweep = MarketSweepReport(
        parameter: "maintenance-margin", unit: "%",
        points: (3...10).map { percent in
            let badDebtPercent = 2.5 / pow(2.5, Double(percent - 3))
            return MarketSweepReport.Point(
                value: "\(percent)%", numericValue: Double(percent),
                risk: MarketRiskSummary(
                    seeds: Array(1...20), valueAtRisk95: badDebtPercent * 12_000,
                    valueAtRisk99: badDebtPercent * 20_000,
                    liquidationsAtRisk95: 9_000_000 - Double(percent) * 400_000,
                    liquidationsAtRisk99: 9_800_000 - Double(percent) * 400_000, failedRuns: percent < 5 ? 2 : 0),
                meanBadDebtBeyondFund: badDebtPercent * 10_000, meanBadDebtPercentOfFund: badDebtPercent,
                meanLiquidationVolume: 8_000_000 - Double(percent) * 400_000, meetsTarget: badDebtPercent <= 0.1)
        }, target: "bad-debt<=0.1%-of-fund", chosenValue: "7%")

    static let failures = [
        MarketSimulationReport.Failure(
            height: 140, account: "acct-7", message: "equity 0.91 of maintenance after the block"),
        MarketSimulationReport.Failure(height: 141, account: nil, message: "invariant <conservation> & more"),
    ]

    /// A crash run of `blocks` blocks with a sweep, the risk summary and two failures.
    static func output(blocks: Int = 300, scenario: String = "black-thursday") -> MarketSimulationOutput {
        MarketSimulationOutput(
            runs: [run(blocks: blocks, scenario: scenario, failures: failures), run(blocks: blocks, seed: 8)],
            risk: risk, sweep: sweep)
    }
}
