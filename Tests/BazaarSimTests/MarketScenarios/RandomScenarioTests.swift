import Foundation
import Testing

@testable import BazaarSim

/// The `random` scenario: deterministic per seed, correlated, jumping, with clustered volatility.
@Suite struct RandomScenarioTests {
    /// Log returns of `asset` from step to step.
    static func logReturns(_ scenario: MarketScenario, asset: Int) -> [Double] {
        zip(scenario.prices, scenario.prices.dropFirst()).map { log($1[asset] / $0[asset]) }
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count)
        let meanB = b.reduce(0, +) / Double(b.count)
        var (covariance, varianceA, varianceB) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }

    /// Twenty days at one block a minute: 28,800 returns.
    static func longPath(_ parameters: RandomMarketPath.Parameters, seed: UInt64) -> (MarketScenario, [Int]) {
        let result = RandomMarketPath(parameters: parameters).generate(
            seed: seed, stepMilliseconds: 60_000, stepCount: 28_801)
        return (result.scenario, result.jumpSteps)
    }

    @Test func sameSeedGivesTheSamePath() throws {
        let first = try MarketScenario.builtIn(named: "random", seed: 42, blockMilliseconds: 60_000)
        let second = try MarketScenario.builtIn(named: "random", seed: 42, blockMilliseconds: 60_000)
        #expect(first == second)
    }

    @Test func differentSeedsGiveDifferentPaths() throws {
        let paths = try (1...5).map { try MarketScenario.builtIn(named: "random", seed: $0, blockMilliseconds: 60_000) }
        #expect(Set(paths.map { $0.prices.last! }).count == 5)
    }

    @Test func startsAtTheDevnetPricesWithFullLiquidity() throws {
        let scenario = try MarketScenario.builtIn(named: "random", seed: 1, blockMilliseconds: 60_000)
        #expect(scenario.prices[0] == [65_000, 3_000])
        #expect(scenario.liquidity[0] == 1)
    }

    /// The sample correlation of 28,800 bivariate normal returns has a standard error of about
    /// (1 − ρ²)/√n ≈ 0.002; fat tails from jumps and clustering widen it a few times, and unequal
    /// variance paths pull it a little below ρ. ±0.1 is far outside that noise, yet fails for a
    /// missing Cholesky factor (correlation 0) or a wrong one (correlation 1).
    @Test(arguments: [0.8, 0.0, -0.5])
    func diffusiveReturnsHaveTheConfiguredCorrelation(rho: Double) {
        var parameters = RandomMarketPath.Parameters.standard
        parameters.correlation = [[1, rho], [rho, 1]]
        let (scenario, jumps) = Self.longPath(parameters, seed: 7)
        let jumpSet = Set(jumps)
        let steps = (0..<(scenario.stepCount - 1)).filter { !jumpSet.contains($0 + 1) }
        let btc = Self.logReturns(scenario, asset: 0)
        let eth = Self.logReturns(scenario, asset: 1)
        let measured = Self.correlation(steps.map { btc[$0] }, steps.map { eth[$0] })
        #expect(abs(measured - rho) < 0.1, "measured \(measured) for \(rho)")
    }

    /// Jumps happen about `jumpsPerDay` times a day, and a jump step moves far more than others.
    @Test func jumpsOccurAndAreLarge() {
        let (scenario, jumps) = Self.longPath(.standard, seed: 11)
        // 20 days at 2 a day: 40 expected; Poisson's standard deviation is about 6.3.
        #expect((15...70).contains(jumps.count), "\(jumps.count) jumps")
        let btc = Self.logReturns(scenario, asset: 0)
        let jumpSet = Set(jumps)
        let atJumps = jumps.map { abs(btc[$0 - 1]) }.reduce(0, +) / Double(jumps.count)
        let others = btc.indices.filter { !jumpSet.contains($0 + 1) }.map { abs(btc[$0]) }
        let elsewhere = others.reduce(0, +) / Double(others.count)
        #expect(atJumps > 5 * elsewhere, "mean |return| \(atJumps) at jumps, \(elsewhere) elsewhere")
        var calm = RandomMarketPath.Parameters.standard
        calm.jumpsPerDay = 0
        #expect(Self.longPath(calm, seed: 11).1.isEmpty)
    }

    /// Volatility clustering: large moves follow large moves (squared returns are autocorrelated),
    /// which they do not without the GARCH terms.
    @Test func volatilityClusters() {
        func squaredReturnAutocorrelation(_ parameters: RandomMarketPath.Parameters) -> Double {
            let squared = Self.logReturns(Self.longPath(parameters, seed: 5).0, asset: 0).map { $0 * $0 }
            return Self.correlation(Array(squared.dropLast()), Array(squared.dropFirst()))
        }
        var constant = RandomMarketPath.Parameters.standard
        (constant.garchAlpha, constant.garchBeta, constant.jumpsPerDay) = (0, 0, 0)
        var clustered = RandomMarketPath.Parameters.standard
        clustered.jumpsPerDay = 0
        #expect(squaredReturnAutocorrelation(clustered) > 0.05)
        #expect(abs(squaredReturnAutocorrelation(constant)) < 0.04)  // Standard error 1/√n ≈ 0.006.
    }

    @Test func liquidityFallsWhenVolatilityRises() throws {
        let (scenario, jumps) = Self.longPath(.standard, seed: 3)
        let jump = try #require(jumps.first { scenario.liquidity[$0] < 0.5 })
        #expect(scenario.liquidity[jump] < scenario.liquidity[jump - 1])
        #expect(scenario.liquidity.allSatisfy { $0 >= 0.1 && $0 <= 1 })
    }

    @Test func choleskyFactorReproducesTheMatrix() {
        let matrix = [[1, 0.8, 0.3], [0.8, 1, 0.5], [0.3, 0.5, 1]]
        let factor = RandomMarketPath.choleskyFactor(matrix)
        for row in 0..<3 {
            for column in 0..<3 {
                let product = (0..<3).map { factor[row][$0] * factor[column][$0] }.reduce(0, +)
                #expect(abs(product - matrix[row][column]) < 1e-12)
                if column > row { #expect(factor[row][column] == 0) }
            }
        }
    }

    @Test func standardNormalHasMeanZeroAndVarianceOne() {
        var random = SimulationRandom(seed: 99)
        let draws = (0..<200_000).map { _ in random.standardNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance.
        #expect(abs(mean) < 0.015)
        #expect(abs(variance - 1) < 0.02)
        let beyondTwo = Double(draws.filter { abs($0) > 2 }.count) / Double(draws.count)
        #expect(abs(beyondTwo - 0.0455) < 0.004)  // P(|Z| > 2) ≈ 4.55%
        var uniform = SimulationRandom(seed: 1)
        #expect((0..<10_000).allSatisfy { _ in (0.0..<1.0).contains(uniform.unitInterval()) })
    }
}
