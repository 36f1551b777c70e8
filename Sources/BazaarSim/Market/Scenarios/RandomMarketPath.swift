internal import Foundation

/// The `random` scenario: correlated geometric Brownian motion with jumps and clustered volatility.
///
/// Per step of `dt` years, for asset `i`:
/// - a diffusive log return `−vᵢ/2 + √vᵢ · zᵢ`, where `z = L·w`, `w` independent standard
///   normals and `L` the Cholesky factor of `correlation` (so the `zᵢ` have that correlation);
/// - with probability `1 − exp(−jumpsPerDay · step/day)`, one market-wide jump `J ~ N(μ, s²)` in
///   log price, applied to every asset scaled by its `jumpBetas` entry (a crash hits all at once);
/// - a GARCH(1,1)-like variance for the next step, `v ← (1−α−β)·v̄ᵢ + α·εᵢ² + β·v`, where `εᵢ` is
///   this step's shock (diffusive and jump) and `v̄ᵢ = σᵢ²·dt` the long-run variance, capped at
///   `varianceCapMultiple · v̄ᵢ`. So a jump or a large move raises volatility for the next steps,
///   decaying with persistence `α + β` per step.
///
/// The liquidity multiplier follows volatility: market makers keep their risk constant, so they
/// offer `σ̄/σ` of their normal size, averaged over the assets and kept within
/// `liquidityFloor...1`.
///
/// Every draw comes from `SimulationRandom` seeded with the scenario's seed, in a fixed order per
/// step (one normal per asset, one uniform for the jump, one normal for its size if it happens).
struct RandomMarketPath: Sendable {
    struct Parameters: Sendable {
        var assets: [String]
        var startPrices: [Double]
        /// Long-run volatility per asset, per year (0.6 = 60%).
        var annualVolatilities: [Double]
        /// The assets' diffusive correlation matrix: symmetric, unit diagonal, positive definite.
        var correlation: [[Double]]
        var jumpsPerDay: Double
        /// Mean and standard deviation of a jump's size in log price, for a beta of 1.
        var jumpMean: Double
        var jumpStandardDeviation: Double
        var jumpBetas: [Double]
        var garchAlpha: Double
        var garchBeta: Double
        var varianceCapMultiple: Double
        var liquidityFloor: Double
        var durationMilliseconds: UInt64

        /// BTC and ETH at the devnet's prices ($65,000 and $3,000) with crypto-like volatility
        /// (60% and 80% a year) and correlation 0.8 (about what BTC and ETH daily returns showed
        /// over 2020–2023); two jumps a day on average, each −2% ± 4% (ETH moving 1.25 times
        /// as much); α = 0.06 and β = 0.92 per step (persistence 0.98: a half-life of about 34
        /// steps, 34 minutes at one block a minute), volatility capped at 5 times its long-run
        /// level; liquidity at least 10%; one day long.
        static let standard = Parameters(
            assets: ["BTC", "ETH"], startPrices: [65_000, 3_000], annualVolatilities: [0.6, 0.8],
            correlation: [[1, 0.8], [0.8, 1]], jumpsPerDay: 2, jumpMean: -0.02, jumpStandardDeviation: 0.04,
            jumpBetas: [1, 1.25], garchAlpha: 0.06, garchBeta: 0.92, varianceCapMultiple: 25, liquidityFloor: 0.1,
            durationMilliseconds: 86_400_000)
    }

    static let yearMilliseconds = 31_557_600_000.0  // 365.25 days
    static let dayMilliseconds = 86_400_000.0

    let parameters: Parameters
    /// Lower-triangular `L` with `L·Lᵀ = correlation`.
    let cholesky: [[Double]]

    init(parameters: Parameters) {
        let count = parameters.assets.count
        precondition(count > 0, "at least one asset")
        precondition(
            [
                parameters.startPrices.count, parameters.annualVolatilities.count, parameters.jumpBetas.count,
                parameters.correlation.count,
            ]
            .allSatisfy { $0 == count } && parameters.correlation.allSatisfy { $0.count == count },
            "one value per asset")
        precondition(parameters.startPrices.allSatisfy { $0 > 0 }, "prices are positive")
        precondition(parameters.garchAlpha >= 0 && parameters.garchBeta >= 0, "GARCH weights are not negative")
        precondition(parameters.garchAlpha + parameters.garchBeta < 1, "the variance reverts to its long-run level")
        precondition(parameters.varianceCapMultiple >= 1 && parameters.jumpsPerDay >= 0)
        precondition(parameters.liquidityFloor > 0 && parameters.liquidityFloor <= 1)
        self.parameters = parameters
        self.cholesky = Self.choleskyFactor(parameters.correlation)
    }

    /// The Cholesky–Banachiewicz factorisation of a symmetric positive definite matrix.
    static func choleskyFactor(_ matrix: [[Double]]) -> [[Double]] {
        let count = matrix.count
        var factor = Array(repeating: Array(repeating: 0.0, count: count), count: count)
        for row in 0..<count {
            for column in 0...row {
                precondition(matrix[row][column] == matrix[column][row], "a correlation matrix is symmetric")
                var sum = matrix[row][column]
                for k in 0..<column { sum -= factor[row][k] * factor[column][k] }
                if row == column {
                    precondition(sum > 0, "a correlation matrix is positive definite")
                    factor[row][column] = sum.squareRoot()
                } else {
                    factor[row][column] = sum / factor[column][column]
                }
            }
        }
        return factor
    }

    /// The path, and the steps at which a jump happened (for tests and the curious).
    func generate(seed: UInt64, stepMilliseconds: UInt64, stepCount: Int) -> (
        scenario: MarketScenario, jumpSteps: [Int]
    ) {
        precondition(stepMilliseconds > 0 && stepCount > 0)
        let count = parameters.assets.count
        let dt = Double(stepMilliseconds) / Self.yearMilliseconds
        let longRunVariances = parameters.annualVolatilities.map { $0 * $0 * dt }
        let jumpProbability = 1 - exp(-parameters.jumpsPerDay * Double(stepMilliseconds) / Self.dayMilliseconds)
        let (alpha, beta) = (parameters.garchAlpha, parameters.garchBeta)
        var random = SimulationRandom(seed: seed)
        var logPrices = parameters.startPrices.map { log($0) }
        var variances = longRunVariances
        var prices = [parameters.startPrices]
        var liquidity = [1.0]
        var jumpSteps = [Int]()
        prices.reserveCapacity(stepCount)
        liquidity.reserveCapacity(stepCount)
        for step in 1..<stepCount {
            let independent = (0..<count).map { _ in random.standardNormal() }
            let jump: Double? =
                random.unitInterval() < jumpProbability
                ? parameters.jumpMean + parameters.jumpStandardDeviation * random.standardNormal() : nil
            if jump != nil { jumpSteps.append(step) }
            for asset in 0..<count {
                var correlated = 0.0
                for k in 0...asset { correlated += cholesky[asset][k] * independent[k] }
                let shock = variances[asset].squareRoot() * correlated + (jump ?? 0) * parameters.jumpBetas[asset]
                logPrices[asset] += -variances[asset] / 2 + shock
                let next =
                    (1 - alpha - beta) * longRunVariances[asset] + alpha * shock * shock + beta * variances[asset]
                variances[asset] = min(next, parameters.varianceCapMultiple * longRunVariances[asset])
            }
            prices.append(logPrices.map { exp($0) })
            let relativeSize = (0..<count).map { (longRunVariances[$0] / variances[$0]).squareRoot() }
            let offered = relativeSize.reduce(0, +) / Double(count)
            liquidity.append(min(1, max(parameters.liquidityFloor, offered)))
        }
        let scenario = MarketScenario(
            name: "random", assets: parameters.assets, prices: prices, liquidity: liquidity,
            stepMilliseconds: stepMilliseconds)
        return (scenario, jumpSteps)
    }
}
