// The market simulator's output, shared by the run (which fills it), the JSON output and the HTML
// report (which only reads it). Amounts here are for people and charts, not for state: the
// simulator may use floating point (DESIGN.md's determinism rules bind BazaarCore and
// BazaarConsensus), and every figure is converted from the state's integers in one place.

/// What one market simulation run measured, block by block and in total.
public struct MarketSimulationReport: Sendable, Equatable, Codable {
    /// What was run: enough to replay it.
    public struct Header: Sendable, Equatable, Codable {
        public var seed: UInt64
        /// The scenario's name (`black-thursday`, `luna`, `ftx`, `random`, or a file's path).
        public var scenario: String
        /// The source revision the binary was built from, when known.
        public var commit: String?
        public var blocks: Int
        /// Virtual time between blocks.
        public var blockMilliseconds: UInt64
        public var accounts: Int
        /// The quote asset every value below is in (whole units).
        public var quoteAsset: String
        /// Risk parameters and populations, in the order the run reports them.
        public var parameters: [Parameter]
    }

    public struct Parameter: Sendable, Equatable, Codable {
        public var name: String
        public var value: String
    }

    /// One asset's oracle price after each block, beside the scenario's target price.
    public struct AssetPath: Sendable, Equatable, Codable {
        public var asset: String
        /// The scenario's price at each block (what reporters were told).
        public var scenarioPrices: [Double]
        /// The oracle's price after each block.
        public var oraclePrices: [Double]
    }

    /// What one block did to the system's risk.
    public struct BlockMetrics: Sendable, Equatable, Codable {
        public var height: UInt64
        /// Virtual milliseconds since the first simulated block.
        public var elapsedMilliseconds: UInt64
        /// The insurance fund's value after the block, quote units.
        public var insuranceFund: Double
        /// Bad debt so far, quote units: the margin engine's (recorded once the fund is spent) plus
        /// lending write-offs; cumulative.
        public var badDebt: Double
        public var liquidations: Int
        /// Notional closed by liquidations in this block, quote units.
        public var liquidationVolume: Double
        /// Volume-weighted slippage of those closes against the oracle, basis points; nil without any.
        public var liquidationSlippageBasisPoints: Double?
        public var deleveragings: Int
        /// Lending debt written off in this block, quote units.
        public var lendingWriteOffs: Double
        /// Margin accounts below maintenance after the block (expected 0).
        public var accountsBelowMaintenance: Int
        /// Funding paid by longs to shorts (negative: shorts to longs) in this block, quote units.
        public var fundingPaid: Double
        /// The largest distance between an oracle price and the scenario's price, basis points.
        public var oracleDeviationBasisPoints: Double
        /// Wall-clock time of this block's `finalizeBlock`, microseconds (not deterministic).
        public var finalizeMicroseconds: Int
    }

    /// A property the run expected and did not see: the block, the account and what was wrong.
    public struct Failure: Sendable, Equatable, Codable {
        public var height: UInt64
        public var account: String?
        public var message: String
    }

    /// Health factors (equity / maintenance requirement) of margin accounts with positions or
    /// debts, before and after the block with the most liquidation volume.
    public struct HealthDistribution: Sendable, Equatable, Codable {
        public var height: UInt64
        /// Bucket lower edges; the last bucket is open above.
        public var bucketLowerEdges: [Double]
        public var before: [Int]
        public var after: [Int]
    }

    /// The run in a few numbers.
    public struct Totals: Sendable, Equatable, Codable {
        public var badDebt: Double
        public var insuranceFundStart: Double
        public var insuranceFundEnd: Double
        /// Bad debt beyond the fund, quote units: the worst block's `badDebt` plus the insurance
        /// fund's value below zero (its taken-over positions at the oracle).
        public var badDebtBeyondFund: Double
        public var liquidations: Int
        public var liquidationVolume: Double
        public var deleveragings: Int
        public var lendingWriteOffs: Double
        public var fundingPaid: Double
        /// Liquidity providers' value at the end against holding their deposit, percent (negative: loss).
        public var liquidityProviderVersusHoldingPercent: Double?
        public var maxOracleDeviationBasisPoints: Double
        public var slowestFinalizeMicroseconds: Int
        public var slowestFinalizeHeight: UInt64
        public var transactionsIncluded: Int
        public var transactionsFailed: Int
        public var finalAppHash: String
    }

    public var header: Header
    public var assets: [AssetPath]
    public var blocks: [BlockMetrics]
    public var failures: [Failure]
    public var health: HealthDistribution?
    public var totals: Totals
}

/// Risk across seeds, as Gauntlet reports it: percentiles of per-run outcomes.
public struct MarketRiskSummary: Sendable, Equatable, Codable {
    public var seeds: [UInt64]
    /// Value at risk: the 95th and 99th percentiles of bad debt beyond the fund, quote units.
    public var valueAtRisk95: Double
    public var valueAtRisk99: Double
    /// Liquidations at risk: the same percentiles of liquidation volume, quote units.
    public var liquidationsAtRisk95: Double
    public var liquidationsAtRisk99: Double
    /// Runs with any failure (an account left below maintenance, an invariant).
    public var failedRuns: Int
}

/// One risk parameter swept over values, with the metrics of each.
public struct MarketSweepReport: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        /// The parameter's value as the user wrote it (`5%`).
        public var value: String
        /// The value as a number for charts (percent or quote units, as `unit` says).
        public var numericValue: Double
        public var risk: MarketRiskSummary
        /// Mean bad debt beyond the fund across seeds, and as a fraction of the fund.
        public var meanBadDebtBeyondFund: Double
        public var meanBadDebtPercentOfFund: Double
        public var meanLiquidationVolume: Double
        public var meetsTarget: Bool?
    }

    /// The parameter's name as `--sweep` takes it (`maintenance-margin`).
    public var parameter: String
    public var unit: String
    public var points: [Point]
    /// The target as written (`bad-debt<=0.1%-of-fund`), if one was given.
    public var target: String?
    /// The least conservative value meeting the target; nil when none does (or no target).
    public var chosenValue: String?
}

/// Everything `bazaar simulate market` produced: what `--json` prints and the HTML report draws.
public struct MarketSimulationOutput: Sendable, Equatable, Codable {
    /// Each run (one per seed; per sweep point, only the first seed's run is kept).
    public var runs: [MarketSimulationReport]
    public var risk: MarketRiskSummary?
    public var sweep: MarketSweepReport?

    public init(runs: [MarketSimulationReport], risk: MarketRiskSummary? = nil, sweep: MarketSweepReport? = nil) {
        self.runs = runs
        self.risk = risk
        self.sweep = sweep
    }
}
