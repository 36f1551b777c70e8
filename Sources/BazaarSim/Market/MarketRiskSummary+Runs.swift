extension MarketRiskSummary {
    /// The `percent`th percentile of `values` by the nearest-rank method: the smallest value such
    /// that at least `percent`% of the values are at most it — the value at rank
    /// ⌈percent / 100 × n⌉ (1-based) of the sorted values. Always one of the values, never an
    /// interpolation.
    ///
    /// - Precondition: `values` is not empty and `percent` is in 0...100.
    public static func nearestRankPercentile(_ values: [Double], percent: Double) -> Double {
        precondition(!values.isEmpty, "a percentile of nothing")
        precondition((0...100).contains(percent), "a percentile is 0 to 100")
        let sorted = values.sorted()
        let rank = (percent / 100 * Double(sorted.count)).rounded(.up)
        return sorted[max(Int(rank), 1) - 1]
    }

    /// The risk across `runs` (one per seed): value at risk (VaR) is the nearest-rank 95th and 99th
    /// percentile of each run's bad debt beyond the insurance fund; liquidations at risk (LaR) the
    /// same percentiles of each run's liquidation volume.
    ///
    /// - Precondition: at least one run.
    public init(runs: [MarketSimulationReport]) {
        precondition(!runs.isEmpty, "a risk summary needs a run")
        let badDebt = runs.map(\.totals.badDebtBeyondFund)
        let volume = runs.map(\.totals.liquidationVolume)
        self.init(
            seeds: runs.map(\.header.seed),
            valueAtRisk95: Self.nearestRankPercentile(badDebt, percent: 95),
            valueAtRisk99: Self.nearestRankPercentile(badDebt, percent: 99),
            liquidationsAtRisk95: Self.nearestRankPercentile(volume, percent: 95),
            liquidationsAtRisk99: Self.nearestRankPercentile(volume, percent: 99),
            failedRuns: runs.filter { !$0.failures.isEmpty }.count)
    }
}
