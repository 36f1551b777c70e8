// Scenario-based portfolio margin for accounts holding options (docs/OPTIONS.md, "Portfolio
// margin"): every underlying in which an account holds an option is revalued under a grid of
// spot and volatility shocks, and its requirement is the worst loss plus a short-option add-on.
//
// Cost: each series is priced once per scenario per valuation pass (``PortfolioMargin/SeriesTable``,
// shared through ``MarginPrices``); an account's scenario PnL is then an integer dot product of
// its sizes with those tables.

/// The scenario grid, its parameters, and the requirement of one underlying.
public enum PortfolioMargin {
    /// How a scenario moves each series' implied volatility (relative, scaled by time to expiry:
    /// ``volatilityShockPPM(millisecondsToExpiry:)``).
    public enum VolatilityShock: String, Sendable, Hashable, CaseIterable {
        case up
        case unchanged
        case down
    }

    /// One scenario: a relative move of the underlying's oracle price and a volatility shock.
    public struct Scenario: Sendable, Hashable {
        /// The spot move, basis points of the oracle price (−1,500 is −15%).
        public var spotShockBasisPoints: Int32
        public var volatility: VolatilityShock
        /// The scenario's PnL counts divided by this, rounded down (a loss rounds up): 1 on the
        /// grid, ``tailDivisor`` for a dampened tail scenario.
        public var divisor: Int128

        public var isTail: Bool { divisor != 1 }
    }

    /// Spot shocks of the grid: −15% to +15% in 9 steps, 3.75% apart, basis points.
    public static let gridSpotShocksBasisPoints: [Int32] = [-1_500, -1_125, -750, -375, 0, 375, 750, 1_125, 1_500]
    /// Tail spot shocks, each with volatility up, their PnL counted at a third.
    public static let tailSpotShocksBasisPoints: [Int32] = [-4_500, 4_500]
    public static let tailDivisor: Int128 = 3
    /// Every scenario, in this order: for each grid spot shock (ascending) volatility up,
    /// unchanged, down; then the tails. APIs list PnL in this order.
    public static let scenarios: [Scenario] =
        gridSpotShocksBasisPoints.flatMap { shock in
            VolatilityShock.allCases.map { Scenario(spotShockBasisPoints: shock, volatility: $0, divisor: 1) }
        }
        + tailSpotShocksBasisPoints.map { Scenario(spotShockBasisPoints: $0, volatility: .up, divisor: tailDivisor) }

    /// The volatility shock at 30 days to expiry: 30%, parts per million.
    public static let volatilityShockPPM: UInt64 = 300_000
    /// The time to expiry at which the shock is ``volatilityShockPPM``; it scales by
    /// √(this / T), at most ``volatilityShockFactorMaxPPM``.
    public static let volatilityShockReferenceMilliseconds: UInt64 = 30 * 86_400_000
    /// The largest scaling of the volatility shock (2×: any expiry under 7.5 days).
    public static let volatilityShockFactorMaxPPM: UInt64 = 2_000_000
    /// A shocked volatility stays within 1% and 1,000% (the surface's range), ppm.
    public static let volatilityFloorPPM: UInt64 = 10_000
    public static let volatilityCapPPM: UInt64 = 10_000_000
    /// The add-on per short option: 1% of its underlying notional (|size| × oracle price).
    public static let shortOptionAddOnBasisPoints: UInt128 = 100
    /// Maintenance is 80% of the initial requirement, rounded up.
    public static let maintenanceBasisPoints: UInt128 = 8_000
    /// Per-unit values and moves in the tables carry a factor 10⁴, so that a perpetual's move
    /// `S × shock / 10⁴` is exact; the account's PnL divides it out once.
    static let valueFactor: UInt128 = 10_000

    /// The relative volatility shock for a series `milliseconds` from expiry, ppm:
    /// 30% × min(2, √(30 days / T)), the root and the product rounded up.
    public static func volatilityShockPPM(millisecondsToExpiry milliseconds: UInt64) -> UInt64 {
        precondition(milliseconds > 0, "a volatility shock of an expired series")
        let reference = UInt128(volatilityShockReferenceMilliseconds) * 1_000_000_000_000
        let ratio = (reference + UInt128(milliseconds) - 1) / UInt128(milliseconds)
        var root = OracleState.squareRoot(ratio)
        if root * root < ratio { root += 1 }
        let factor = min(root, UInt128(volatilityShockFactorMaxPPM))
        return UInt64((UInt128(volatilityShockPPM) * factor + 999_999) / 1_000_000)
    }

    /// A volatility (ppm) under a shock: up σ × (1 + s) rounded up, down σ × (1 − s/2) rounded
    /// down (s/2 truncated), within ``volatilityFloorPPM`` … ``volatilityCapPPM``.
    public static func shockedVolatility(
        _ volatility: UInt64, _ shock: VolatilityShock, millisecondsToExpiry: UInt64
    ) -> UInt64 {
        let s = UInt128(volatilityShockPPM(millisecondsToExpiry: millisecondsToExpiry))
        let sigma = UInt128(volatility)
        switch shock {
        case .unchanged: return volatility
        case .up: return UInt64(min((sigma * (1_000_000 + s) + 999_999) / 1_000_000, UInt128(volatilityCapPPM)))
        case .down: return UInt64(max(sigma * (1_000_000 - s / 2) / 1_000_000, UInt128(volatilityFloorPPM)))
        }
    }

    /// What one whole unit of a series gains in each scenario (``scenarios`` order), in quote
    /// base units × 10⁴: `low` is the shocked value rounded down less the unshocked one rounded
    /// up (a long's), `high` the reverse (a short's), so either side's PnL rounds against it.
    struct SeriesTable {
        let low: [Int128]
        let high: [Int128]
        /// Whether every change is within ±(2⁶³ − 1): then a size within the same range
        /// multiplies by it without overflow (the product is below 2¹²⁶), unchecked.
        let isNarrow: Bool

        init(low: [Int128], high: [Int128]) {
            precondition(low.count == PortfolioMargin.scenarios.count && high.count == low.count)
            self.low = low
            self.high = high
            isNarrow = (low + high).allSatisfy { Int64(exactly: $0) != nil }
        }
    }

    /// The figures of one underlying under the scenarios.
    public struct UnderlyingMargin: Sendable, Hashable {
        public var underlying: AssetSymbol
        /// The oracle price the shocks apply to, quote base units per whole unit.
        public var spot: UInt128
        /// PnL of the underlying's options, perpetuals and weighted collateral in each scenario
        /// (``PortfolioMargin/scenarios`` order), quote base units, a tail's already divided.
        public var scenarioPnL: [Int128]
        /// The index of the worst scenario (the first of equal ones).
        public var worstScenario: Int
        /// max(0, −min PnL).
        public var worstLoss: UInt128
        /// 1% of the underlying notional of every short option, rounded up.
        public var shortOptionAddOn: UInt128
        /// worstLoss + shortOptionAddOn.
        public var initialRequirement: UInt128
        /// 80% of initial, rounded up.
        public var maintenanceRequirement: UInt128
    }
}

/// One account's exposure to one underlying, accumulated position by position.
struct PortfolioExposure {
    /// The underlying's position in ``MarginPrices/underlyings``.
    let slot: Int
    let underlying: AssetSymbol
    let spot: UInt128
    /// 10^decimals of the underlying.
    let scale: UInt128
    /// ``MarginPrices/ScenarioUnderlying/moves``.
    let moves: [Int128]?
    /// Σ size × per-unit change × 10⁴ in each scenario; order-free, so overflow is the same on
    /// every node whatever the order of positions.
    private var sums: [OrderFreeSum]
    /// Σ claim × weight (basis points) of the underlying held as collateral.
    private var weightedClaim: UInt128 = 0
    /// Σ |size| of short options.
    private var shortSize: UInt128 = 0
    private(set) var overflowed = false

    init(slot: Int, _ underlying: MarginPrices.ScenarioUnderlying) {
        self.slot = slot
        self.underlying = underlying.symbol
        spot = underlying.spot
        scale = underlying.scale
        moves = underlying.moves
        sums = Array(repeating: OrderFreeSum(), count: PortfolioMargin.scenarios.count)
    }

    /// An exposure on its own (one position's requirement, an order's reservation), outside a
    /// valuation pass.
    init(underlying: AssetSymbol, spot: UInt128, scale: UInt128) {
        self.init(
            slot: 0,
            MarginPrices.ScenarioUnderlying(
                symbol: underlying, spot: spot, scale: scale, moves: Self.spotMoves(spot)))
    }

    /// An option position of `size` base units, with its series' table.
    mutating func addOption(size: Int128, table: PortfolioMargin.SeriesTable) {
        let changes = size > 0 ? table.low : table.high
        if table.isNarrow, Int64(exactly: size) != nil {
            // Both factors within ±(2⁶³ − 1): the product is exact in 127 bits.
            for index in sums.indices { sums[index].add(size &* changes[index]) }
        } else {
            for index in sums.indices { add(size, changes[index], to: index) }
        }
        if size < 0 {
            let (sum, overflow) = shortSize.addingReportingOverflow(size.magnitude)
            shortSize = sum
            overflowed = overflowed || overflow
        }
    }

    /// A perpetual position of `size` base units: it moves by `spot × shock` (× 10⁴, exact).
    mutating func addPerpetual(size: Int128) {
        guard let moves else {
            overflowed = true
            return
        }
        for index in sums.indices { add(size, moves[index], to: index) }
    }

    /// A positive claim on the underlying, at its collateral weight.
    mutating func addCollateral(claim: UInt128, weightBasisPoints: UInt16) {
        let (product, overflow) = claim.multipliedReportingOverflow(by: UInt128(weightBasisPoints))
        let (sum, sumOverflow) = weightedClaim.addingReportingOverflow(product)
        weightedClaim = sum
        overflowed = overflowed || overflow || sumOverflow
    }

    private mutating func add(_ size: Int128, _ change: Int128, to index: Int) {
        let (product, overflow) = size.multipliedReportingOverflow(by: change)
        guard !overflow, product != .min else {
            overflowed = true
            return
        }
        sums[index].add(product)
    }

    /// `spot × shock` in basis points of each scenario: the per-unit move × 10⁴, exact; nil
    /// when one does not fit in 127 bits.
    static func spotMoves(_ spot: UInt128) -> [Int128]? {
        var moves: [Int128] = []
        moves.reserveCapacity(PortfolioMargin.scenarios.count)
        for scenario in PortfolioMargin.scenarios {
            let (move, overflow) = spot.multipliedReportingOverflow(
                by: UInt128(scenario.spotShockBasisPoints.magnitude))
            guard !overflow, let magnitude = Int128(exactly: move), magnitude != .min else { return nil }
            moves.append(scenario.spotShockBasisPoints < 0 ? -magnitude : magnitude)
        }
        return moves
    }

    /// The underlying's scenario PnL and requirements; nil when a figure does not fit.
    ///
    /// Each scenario's PnL is ⌊Σ / (10^decimals × 10⁴)⌋ for the positions plus
    /// ⌊Σ claim × weight × spot × shock / (10^decimals × 10⁸)⌋ for the collateral, a tail's then
    /// divided by 3 rounded down (a loss up); requirements round up.
    func margin() -> PortfolioMargin.UnderlyingMargin? {
        guard !overflowed, let moves else { return nil }
        let (divisor, divisorOverflow) = scale.multipliedReportingOverflow(by: PortfolioMargin.valueFactor)
        guard !divisorOverflow, let signedDivisor = Int128(exactly: divisor) else { return nil }
        var pnl: [Int128] = []
        pnl.reserveCapacity(sums.count)
        for (index, scenario) in PortfolioMargin.scenarios.enumerated() {
            guard let total = sums[index].value else { return nil }
            var sum = Self.floorDivision(total, signedDivisor)
            if weightedClaim > 0 {
                guard
                    let collateral = MarginMath.signedMulDivFloor(
                        moves[index], weightedClaim, divisor * PortfolioMargin.valueFactor)
                else { return nil }
                let (withCollateral, overflow) = sum.addingReportingOverflow(collateral)
                guard !overflow, withCollateral != .min else { return nil }
                sum = withCollateral
            }
            // Floor division: a loss's third rounds up.
            pnl.append(Self.floorDivision(sum, scenario.divisor))
        }
        var worst = 0
        for index in pnl.indices where pnl[index] < pnl[worst] { worst = index }
        let worstLoss = pnl[worst] < 0 ? pnl[worst].magnitude : 0
        let (notionalRate, rateOverflow) = spot.multipliedReportingOverflow(
            by: PortfolioMargin.shortOptionAddOnBasisPoints)
        guard !rateOverflow, let addOn = UInt128.mulDiv(shortSize, notionalRate, divisor, rounding: .up) else {
            return nil
        }
        let (initial, initialOverflow) = worstLoss.addingReportingOverflow(addOn)
        guard !initialOverflow,
            let maintenance = UInt128.mulDiv(
                initial, PortfolioMargin.maintenanceBasisPoints, PortfolioMargin.valueFactor, rounding: .up)
        else { return nil }
        return PortfolioMargin.UnderlyingMargin(
            underlying: underlying, spot: spot, scenarioPnL: pnl, worstScenario: worst, worstLoss: worstLoss,
            shortOptionAddOn: addOn, initialRequirement: initial, maintenanceRequirement: maintenance)
    }

    /// ⌊value / divisor⌋ for a positive divisor (the quotient of a value in ±(2¹²⁷ − 1) fits).
    private static func floorDivision(_ value: Int128, _ divisor: Int128) -> Int128 {
        precondition(divisor > 0, "a scenario divisor must be positive")
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

/// Series tables computed during one valuation pass, shared by every account valued with the
/// same ``MarginPrices`` (by the series' slot in them). A table is a pure function of the state
/// the prices were read from, so computing it lazily changes no result; only the series an
/// account holds are priced.
final class ScenarioTableCache {
    private enum Slot {
        case pending
        case computed(PortfolioMargin.SeriesTable?)
    }

    private var slots: [Slot]

    init(count: Int) { slots = Array(repeating: .pending, count: count) }

    func table(_ slot: Int, compute: () -> PortfolioMargin.SeriesTable?) -> PortfolioMargin.SeriesTable? {
        if case .computed(let known) = slots[slot] { return known }
        let table = compute()
        slots[slot] = .computed(table)
        return table
    }
}
