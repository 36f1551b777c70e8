import Testing

@testable import BazaarCore
@testable import BazaarSim

@Suite struct MarketSimulationTests {
    /// A calm start, then both assets fall in a straight line by `drop` while liquidity thins to a third.
    static func crash(blocks: Int, drop: Double, calmBlocks: Int = 25) -> MarketScenario {
        var prices: [[Double]] = []
        var liquidity: [Double] = []
        for step in 0..<blocks {
            let progress = step < calmBlocks ? 0 : Double(step - calmBlocks) / Double(max(blocks - calmBlocks - 1, 1))
            prices.append([65_000 * (1 - drop * progress), 3_000 * (1 - drop * progress)])
            liquidity.append(1 - 0.67 * progress)
        }
        return MarketScenario(
            name: "test-crash", assets: ["BTC", "ETH"], prices: prices, liquidity: liquidity, stepMilliseconds: 60_000)
    }

    static func small(seed: UInt64) -> MarketSimulation {
        MarketSimulation(seed: seed, population: MarketPopulation(accounts: 300))
    }

    /// The report without its wall-clock fields.
    static func deterministicPart(_ report: MarketSimulationReport) -> MarketSimulationReport {
        var report = report
        for index in report.blocks.indices { report.blocks[index].finalizeMicroseconds = 0 }
        report.totals.slowestFinalizeMicroseconds = 0
        report.totals.slowestFinalizeHeight = 0
        return report
    }

    @Test func sameSeedGivesTheSameReport() {
        let scenario = Self.crash(blocks: 60, drop: 0.3)
        let first = Self.small(seed: 7).run(scenario)
        let second = Self.small(seed: 7).run(scenario)
        let other = Self.small(seed: 8).run(scenario)
        #expect(Self.deterministicPart(first) == Self.deterministicPart(second))
        #expect(first.totals.finalAppHash != other.totals.finalAppHash)
        #expect(first.blocks.count == 60)
    }

    @Test func crashLiquidatesAndLeavesNoAccountBelowMaintenance() {
        let report = Self.small(seed: 1).run(Self.crash(blocks: 100, drop: 0.4))
        #expect(report.totals.liquidations > 0)
        #expect(report.totals.liquidationVolume > 0)
        #expect(report.totals.transactionsIncluded > 300)
        #expect(report.health != nil)
        #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
        #expect(report.blocks.allSatisfy { $0.accountsBelowMaintenance == 0 })
        // The oracle follows the scenario within its move clamp: a 40% fall over 75 blocks never clamps.
        #expect(report.totals.maxOracleDeviationBasisPoints < 300)
    }

    @Test func anAccountLeftBelowMaintenanceIsReportedWithItsAccountAndBlock() throws {
        var run = Self.small(seed: 3).start(Self.crash(blocks: 40, drop: 0))
        for _ in 0..<30 {
            let produced = run.produceBlock(blockMilliseconds: 60_000)
            #expect(produced)
        }
        var state = run.application.state
        #expect(
            MarketSimulationRun.maintenanceFailures(state.marginAccountsAtRisk(), height: 30, liquidated: []).isEmpty)
        // Halve BTC behind the liquidation engine's back: long traders and BTC borrowers are now under.
        let price = state.oraclePrice(of: "BTC")!
        state.setOraclePrice(OraclePrice(quotePerUnit: price.quotePerUnit / 2, height: state.height), of: "BTC")
        let under = try state.derivatives.margin.accounts.rows.keys.filter { id in
            try id != MarginState.insuranceFund && !state.marginSummary(of: id).coversMaintenance
        }
        let failures = MarketSimulationRun.maintenanceFailures(state.marginAccountsAtRisk(), height: 30, liquidated: [])
        #expect(under.count > 0)
        #expect(failures.count == under.count)
        #expect(Set(failures.compactMap(\.account)) == Set(under.map(\.description)))
        #expect(failures.allSatisfy { $0.height == 30 && $0.message.contains("below maintenance") })
    }

    @Test func nearestRankPercentiles() {
        let values = (1...20).map(Double.init).reversed().map { $0 }
        #expect(MarketRiskSummary.nearestRankPercentile(values, percent: 95) == 19)
        #expect(MarketRiskSummary.nearestRankPercentile(values, percent: 99) == 20)
        #expect(MarketRiskSummary.nearestRankPercentile(values, percent: 50) == 10)
        #expect(MarketRiskSummary.nearestRankPercentile([3, 1, 2], percent: 0) == 1)
        #expect(MarketRiskSummary.nearestRankPercentile([5], percent: 99) == 5)
        let hundred = (1...100).map(Double.init)
        #expect(MarketRiskSummary.nearestRankPercentile(hundred, percent: 95) == 95)
        #expect(MarketRiskSummary.nearestRankPercentile(hundred, percent: 99) == 99)
    }

    @Test func sweepParsesEvenlySpacedInclusiveValues() throws {
        let sweep = try MarketSweep(parsing: "maintenance-margin=3%..10%/8")
        #expect(sweep.parameter == .maintenanceMargin)
        #expect(sweep.values == [300, 400, 500, 600, 700, 800, 900, 1_000])
        #expect(sweep.label(sweep.values[0]) == "3%")
        let weights = try MarketSweep(parsing: "collateral-weight:BTC=50%..90%/3")
        #expect(weights.parameter == .collateralWeight("BTC"))
        #expect(weights.values == [5_000, 7_000, 9_000])
        let applied = weights.applying(7_000, to: .devnet)
        #expect(applied.collateralWeights["BTC"] == 7_000 && applied.collateralWeights["ETH"] == 7_000)
        #expect(
            try MarketSweep(parsing: "collateral-weight=50%..60%/2").applying(5_000, to: .devnet).collateralWeights[
                "ETH"] == 5_000)
        let fund = try MarketSweep(parsing: "insurance-fund=0..1000000/5")
        #expect(fund.values == [0, 250_000, 500_000, 750_000, 1_000_000])
        #expect(try MarketSweep(parsing: "close-factor=2.5%..2.5%/1").values == [250])
    }

    @Test(arguments: [
        "maintenance-margin", "maintenance-margin=3%..10%", "maintenance-margin=3..10%/8", "speed=1%..2%/2",
        "maintenance-margin=10%..3%/8", "maintenance-margin=3%..10%/0", "maintenance-margin=3%..10%/x",
        "insurance-fund=1%..2%/2", "liquidation-penalty=1%..60%/3", "maintenance-margin=3%..10%/1",
    ])
    func malformedSweepsAreRefusedWithAReason(text: String) {
        #expect(throws: MarketSweepError.self) { try MarketSweep(parsing: text) }
        do {
            _ = try MarketSweep(parsing: text)
        } catch {
            #expect(error.description.contains("'"), "the message quotes what was wrong: \(error)")
        }
    }

    static func point(_ value: Double, valueAtRisk95: Double, failed: Int = 0) -> MarketSweepReport.Point {
        MarketSweepReport.Point(
            value: "\(value)%", numericValue: value,
            risk: MarketRiskSummary(
                seeds: [1], valueAtRisk95: valueAtRisk95, valueAtRisk99: valueAtRisk95, liquidationsAtRisk95: 0,
                liquidationsAtRisk99: 0, failedRuns: failed),
            meanBadDebtBeyondFund: valueAtRisk95, meanBadDebtPercentOfFund: 0, meanLiquidationVolume: 0,
            meetsTarget: nil)
    }

    @Test func targetPicksTheLeastConservativeValueMeetingIt() throws {
        let target = try MarketTarget(parsing: "bad-debt<=0.1%-of-fund")
        #expect(target.bound == .percentOfFund(0.1))
        // Fund 100,000: the bound is 100.
        var points = [
            Self.point(3, valueAtRisk95: 5_000), Self.point(4, valueAtRisk95: 101), Self.point(5, valueAtRisk95: 100),
            Self.point(6, valueAtRisk95: 0, failed: 1), Self.point(7, valueAtRisk95: 0),
        ]
        for index in points.indices { points[index].meetsTarget = target.isMet(by: points[index].risk, fund: 100_000) }
        #expect(points.map { $0.meetsTarget! } == [false, false, true, false, true])
        let margin = try MarketSweep(parsing: "maintenance-margin=3%..7%/5")
        #expect(margin.leastConservative(points)?.value == "5.0%")
        let weight = try MarketSweep(parsing: "collateral-weight=3%..7%/5")
        #expect(weight.leastConservative(points)?.value == "7.0%")
        for index in points.indices { points[index].meetsTarget = false }
        #expect(margin.leastConservative(points) == nil)
        #expect(try MarketTarget(parsing: "bad-debt<=5000").isMet(by: points[1].risk, fund: 0))
        #expect(throws: MarketSweepError.self) { try MarketTarget(parsing: "bad-debt<0.1%") }
        #expect(throws: MarketSweepError.self) { try MarketTarget(parsing: "losses<=1") }
    }
}
