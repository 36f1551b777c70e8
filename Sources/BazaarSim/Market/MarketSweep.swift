public import BazaarCore

/// A risk parameter swept over evenly spaced values: `maintenance-margin=3%..10%/8`.
///
/// Parameters and what "least conservative" means for each (the value a target search picks
/// among those meeting the target):
///
/// | parameter | unit | least conservative |
/// |---|---|---|
/// | `maintenance-margin` | percent | lowest margin |
/// | `collateral-weight` (all non-quote assets) or `collateral-weight:BTC` | percent | highest weight |
/// | `close-factor` | percent | lowest close factor (closes least at a time) |
/// | `liquidation-penalty` | percent | lowest penalty |
/// | `max-oracle-move` | percent | highest move (least clamping) |
/// | `insurance-fund` | quote units | smallest fund |
public struct MarketSweep: Sendable, Equatable {
    public enum Parameter: Sendable, Equatable {
        case maintenanceMargin
        /// One asset's weight, or every non-quote asset's when nil.
        case collateralWeight(AssetSymbol?)
        case closeFactor
        case liquidationPenalty
        case maximumOracleMove
        case insuranceFund
    }

    public var parameter: Parameter
    /// The name as written (`maintenance-margin`, `collateral-weight:BTC`).
    public var name: String
    /// Values in basis points (percent parameters) or whole quote units (`insurance-fund`).
    public var values: [UInt128]

    /// The most values a sweep takes.
    public static let valueCountMax = 100

    /// Parses `name=LOW..HIGH/COUNT`: COUNT evenly spaced values from LOW to HIGH inclusive, each
    /// rounded to the nearest basis point (percent parameters, written with `%`) or whole unit.
    ///
    /// - Throws: `MarketSweepError` saying what is wrong and what is expected.
    public init(parsing text: String) throws(MarketSweepError) {
        let usage = "expected NAME=LOW..HIGH/COUNT, e.g. maintenance-margin=3%..10%/8"
        let halves = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { throw MarketSweepError("'\(text)': \(usage)") }
        name = halves[0]
        switch name {
        case "maintenance-margin": parameter = .maintenanceMargin
        case "collateral-weight": parameter = .collateralWeight(nil)
        case "close-factor": parameter = .closeFactor
        case "liquidation-penalty": parameter = .liquidationPenalty
        case "max-oracle-move": parameter = .maximumOracleMove
        case "insurance-fund": parameter = .insuranceFund
        default:
            if name.hasPrefix("collateral-weight:"), let asset = AssetSymbol(validating: String(name.dropFirst(18))) {
                parameter = .collateralWeight(asset)
            } else {
                throw MarketSweepError(
                    "unknown sweep parameter '\(name)': one of maintenance-margin, collateral-weight[:ASSET], "
                        + "close-factor, liquidation-penalty, max-oracle-move, insurance-fund")
            }
        }
        let rangeAndCount = halves[1].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard rangeAndCount.count == 2, let count = Int(rangeAndCount[1]), count >= 1, count <= Self.valueCountMax
        else { throw MarketSweepError("'\(text)': \(usage), with COUNT 1 to \(Self.valueCountMax)") }
        guard let dots = rangeAndCount[0].firstRange(of: "..") else { throw MarketSweepError("'\(text)': \(usage)") }
        let bounds = [String(rangeAndCount[0][..<dots.lowerBound]), String(rangeAndCount[0][dots.upperBound...])]
        let isPercent = parameter != .insuranceFund
        let low = try Self.number(bounds[0], percent: isPercent, text: text)
        let high = try Self.number(bounds[1], percent: isPercent, text: text)
        guard low <= high else { throw MarketSweepError("'\(text)': LOW must not exceed HIGH") }
        guard count > 1 || low == high else { throw MarketSweepError("'\(text)': a range needs COUNT of 2 or more") }
        values = (0..<count).map { index in
            let fraction = count == 1 ? 0 : Double(index) / Double(count - 1)
            return UInt128((low + (high - low) * fraction).rounded())
        }
        let limit: Double = isPercent ? 10_000 : 1e15
        guard let last = values.last, Double(last) <= limit else {
            throw MarketSweepError("'\(text)': values must be at most \(isPercent ? "100%" : "10^15")")
        }
        if parameter == .maintenanceMargin || parameter == .closeFactor || parameter == .maximumOracleMove {
            guard values.first! >= 1 else { throw MarketSweepError("'\(text)': \(name) must be above 0%") }
        }
        if parameter == .liquidationPenalty, last > 5_000 {
            throw MarketSweepError("'\(text)': the liquidation penalty is at most 50%")
        }
    }

    /// A bound in basis points (`3%`, `2.5%`) or whole units.
    private static func number(_ text: String, percent: Bool, text whole: String) throws(MarketSweepError) -> Double {
        if percent {
            guard text.hasSuffix("%"), let value = Double(text.dropLast()), value >= 0, value.isFinite else {
                throw MarketSweepError("'\(whole)': '\(text)' is not a percentage like 3% or 2.5%")
            }
            return value * 100
        }
        guard let value = Double(text), value >= 0, value.isFinite else {
            throw MarketSweepError("'\(whole)': '\(text)' is not an amount of quote units like 100000")
        }
        return value
    }

    /// The unit of `values` as the report names it.
    public var unit: String { parameter == .insuranceFund ? "quote units" : "percent" }

    /// `value` as written in reports: `5%`, `5.25%`, or whole units.
    public func label(_ value: UInt128) -> String {
        parameter == .insuranceFund ? "\(value)" : MarketRiskParameters.percent(UInt16(clamping: value))
    }

    /// `value` as a number for charts: percent, or whole quote units.
    public func numeric(_ value: UInt128) -> Double {
        parameter == .insuranceFund ? Double(value) : Double(value) / 100
    }

    /// `risk` with this parameter set to `value`.
    public func applying(_ value: UInt128, to risk: MarketRiskParameters) -> MarketRiskParameters {
        var risk = risk
        let basisPoints = UInt16(clamping: value)
        switch parameter {
        case .maintenanceMargin: risk.maintenanceBasisPoints = basisPoints
        case .collateralWeight(let asset):
            for key in risk.collateralWeights.keys where asset == nil || key == asset {
                risk.collateralWeights[key] = basisPoints
            }
            if let asset, risk.collateralWeights[asset] == nil { risk.collateralWeights[asset] = basisPoints }
        case .closeFactor: risk.closeFactorBasisPoints = basisPoints
        case .liquidationPenalty: risk.liquidationPenaltyBasisPoints = basisPoints
        case .maximumOracleMove: risk.maximumOracleMoveBasisPoints = UInt32(value)
        case .insuranceFund: risk.insuranceFundWhole = value
        }
        return risk
    }

    /// Whether a higher value is less conservative (weights, oracle move) or more (the rest).
    public var higherIsLessConservative: Bool {
        switch parameter {
        case .collateralWeight, .maximumOracleMove: true
        case .maintenanceMargin, .closeFactor, .liquidationPenalty, .insuranceFund: false
        }
    }

    /// The least conservative of the points that meet the target; nil when none does.
    public func leastConservative(_ points: [MarketSweepReport.Point]) -> MarketSweepReport.Point? {
        let meeting = points.filter { $0.meetsTarget == true }
        return higherIsLessConservative
            ? meeting.max { $0.numericValue < $1.numericValue } : meeting.min { $0.numericValue < $1.numericValue }
    }
}

/// A target a sweep searches for: `bad-debt<=0.1%-of-fund` or `bad-debt<=5000` (quote units).
///
/// A sweep point meets it when none of its runs failed (no account left below maintenance) and
/// its value at risk — the nearest-rank 95th percentile across seeds of bad debt beyond the fund —
/// is at most the bound (for `%-of-fund`, that percentage of the point's own insurance fund).
public struct MarketTarget: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        case percentOfFund(Double)
        case quoteUnits(Double)
    }

    public var bound: Bound
    public var text: String

    public init(parsing text: String) throws(MarketSweepError) {
        self.text = text
        let usage = "expected bad-debt<=P%-of-fund or bad-debt<=AMOUNT, e.g. bad-debt<=0.1%-of-fund"
        guard text.hasPrefix("bad-debt<=") else { throw MarketSweepError("'\(text)': \(usage)") }
        let rest = String(text.dropFirst("bad-debt<=".count))
        if rest.hasSuffix("%-of-fund") {
            guard let value = Double(rest.dropLast("%-of-fund".count)), value >= 0, value.isFinite else {
                throw MarketSweepError("'\(text)': \(usage)")
            }
            bound = .percentOfFund(value)
        } else {
            guard let value = Double(rest), value >= 0, value.isFinite else {
                throw MarketSweepError("'\(text)': \(usage)")
            }
            bound = .quoteUnits(value)
        }
    }

    /// Whether a point whose runs gave `risk`, with `fund` quote units of insurance fund, meets it.
    public func isMet(by risk: MarketRiskSummary, fund: Double) -> Bool {
        guard risk.failedRuns == 0 else { return false }
        switch bound {
        case .percentOfFund(let percent): return risk.valueAtRisk95 <= percent / 100 * fund
        case .quoteUnits(let limit): return risk.valueAtRisk95 <= limit
        }
    }
}

/// A sweep or target written wrongly.
public struct MarketSweepError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
