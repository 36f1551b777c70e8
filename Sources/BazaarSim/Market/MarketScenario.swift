/// A price path for the market simulator: per step, each asset's price and a liquidity multiplier.
///
/// Built-in scenarios replay or are calibrated to the crash windows of `../shared/scenarios/`;
/// a user's CSV or JSON file gives any other path. The simulator may use floating point for paths
/// (DESIGN.md binds only BazaarCore and BazaarConsensus to integers): what reaches the state
/// machine is oracle reports and transactions built from these numbers.
public struct MarketScenario: Sendable, Equatable {
    /// `black-thursday`, `luna`, `ftx`, `random`, or the file's path.
    public var name: String
    /// The assets priced, e.g. `["BTC", "ETH"]`, all against the simulation's quote asset.
    public var assets: [String]
    /// `prices[step][asset]`: whole quote units per whole unit of `assets[asset]`, each > 0.
    public var prices: [[Double]]
    /// `liquidity[step]`: how much of their normal size market makers and liquidity providers
    /// offer, 1 being normal and 0.1 a tenth; each > 0.
    public var liquidity: [Double]
    /// Virtual time between two steps.
    public var stepMilliseconds: UInt64

    public init(name: String, assets: [String], prices: [[Double]], liquidity: [Double], stepMilliseconds: UInt64) {
        precondition(!assets.isEmpty, "a scenario prices at least one asset")
        precondition(prices.count == liquidity.count, "a scenario has one liquidity multiplier per step")
        precondition(prices.allSatisfy { $0.count == assets.count }, "a scenario prices every asset at every step")
        precondition(stepMilliseconds > 0, "a scenario's steps take time")
        self.name = name
        self.assets = assets
        self.prices = prices
        self.liquidity = liquidity
        self.stepMilliseconds = stepMilliseconds
    }

    public var stepCount: Int { prices.count }
}
