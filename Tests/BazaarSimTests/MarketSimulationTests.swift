import BazaarCore
import Testing

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
}
