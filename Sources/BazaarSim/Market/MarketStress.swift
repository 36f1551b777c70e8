/// Runs a scenario over several seeds, and optionally over a parameter sweep: what
/// `bazaar simulate market` computes.
public struct MarketStress: Sendable {
    public var scenario: MarketScenario
    /// The simulation each run starts from; its seed is replaced by each of `seeds`.
    public var simulation: MarketSimulation
    public var seeds: [UInt64]
    public var sweep: MarketSweep?
    public var target: MarketTarget?

    /// - Precondition: at least one seed.
    public init(
        scenario: MarketScenario, simulation: MarketSimulation, seeds: [UInt64], sweep: MarketSweep? = nil,
        target: MarketTarget? = nil
    ) {
        precondition(!seeds.isEmpty, "a stress run needs a seed")
        self.scenario = scenario
        self.simulation = simulation
        self.seeds = seeds
        self.sweep = sweep
        self.target = target
    }

    /// The seeds `first`, `first + 1`, … (`count` of them).
    public static func seeds(from first: UInt64, count: Int) -> [UInt64] {
        (0..<UInt64(count)).map { first &+ $0 }
    }

    /// Runs everything.
    ///
    /// - Parameters:
    ///   - commit: the source revision for the reports' headers.
    ///   - progress: told about each run as it finishes (for a command's progress line).
    public func run(commit: String? = nil, progress: (MarketSimulationReport) -> Void = { _ in })
        -> MarketSimulationOutput
    {
        guard let sweep else {
            let runs = runSeeds(simulation, commit: commit, progress: progress)
            return MarketSimulationOutput(runs: runs, risk: MarketRiskSummary(runs: runs))
        }
        var kept: [MarketSimulationReport] = []
        var points: [MarketSweepReport.Point] = []
        var all: [MarketSimulationReport] = []
        for value in sweep.values {
            var point = simulation
            point.risk = sweep.applying(value, to: simulation.risk)
            let runs = runSeeds(point, commit: commit, progress: progress)
            kept.append(runs[0])
            all += runs
            let risk = MarketRiskSummary(runs: runs)
            let fund = Double(point.risk.insuranceFundWhole)
            let meanBadDebt = runs.reduce(0) { $0 + $1.totals.badDebtBeyondFund } / Double(runs.count)
            points.append(
                MarketSweepReport.Point(
                    value: sweep.label(value), numericValue: sweep.numeric(value), risk: risk,
                    meanBadDebtBeyondFund: meanBadDebt,
                    meanBadDebtPercentOfFund: fund > 0 ? meanBadDebt / fund * 100 : (meanBadDebt > 0 ? .infinity : 0),
                    meanLiquidationVolume: runs.reduce(0) { $0 + $1.totals.liquidationVolume } / Double(runs.count),
                    meetsTarget: target.map { $0.isMet(by: risk, fund: fund) }))
        }
        let report = MarketSweepReport(
            parameter: sweep.name, unit: sweep.unit, points: points, target: target?.text,
            chosenValue: target == nil ? nil : sweep.leastConservative(points)?.value)
        return MarketSimulationOutput(runs: kept, risk: MarketRiskSummary(runs: all), sweep: report)
    }

    private func runSeeds(
        _ simulation: MarketSimulation, commit: String?, progress: (MarketSimulationReport) -> Void
    ) -> [MarketSimulationReport] {
        seeds.map { seed in
            var run = simulation
            run.seed = seed
            let report = run.run(scenario, commit: commit)
            progress(report)
            return report
        }
    }
}
