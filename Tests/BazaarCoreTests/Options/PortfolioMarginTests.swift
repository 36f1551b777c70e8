import Foundation
import Testing

@testable import BazaarCore

/// Scenario-based portfolio margin (docs/OPTIONS.md, "Portfolio margin"), against a reference
/// computed here in floating point from the documented grid.
@Suite("Portfolio margin")
struct PortfolioMarginTests {
    typealias F = MarginFixture

    /// A short of 0.1 BTC of the 60,000 call (`callSpec`, flat 60% smile) written by account 2,
    /// bought by account 1, both with 10,000 USD of margin (`OptionSeriesTests.traded`).
    static func traded() -> (F, MarketID) { OptionSeriesTests.traded() }

    /// The reference scenario PnL (cents) of `size` BTC of a call struck at `strike` cents, at
    /// spot `spot` cents, volatility `volatility` and `years` to expiry, plus `perpetual` BTC of
    /// perpetual and `collateral` BTC of collateral at `weight`, following the documented grid:
    /// spot −15%…+15% in 9 steps × volatility up / unchanged / down with s = 30% × min(2,
    /// √(30 days / T)), up σ(1 + s), down σ(1 − s/2); tails ±45% with volatility up at a third.
    static func referencePnL(
        size: Double, strike: Double, spot: Double, volatility: Double, years: Double, perpetual: Double = 0,
        collateral: Double = 0, weight: Double = 0.8
    ) -> [Double] {
        let shock = 0.3 * min(2, (30.0 / 365 / years).squareRoot())
        let base = OptionMarkTests.blackScholes(
            call: true, spot: spot, strike: strike, years: years, volatility: volatility)
        func pnl(_ move: Double, _ sigma: Double) -> Double {
            let value = OptionMarkTests.blackScholes(
                call: true, spot: spot * (1 + move), strike: strike, years: years, volatility: sigma)
            return size * (value - base) + (perpetual + collateral * weight) * spot * move
        }
        var result: [Double] = []
        for move in stride(from: -0.15, through: 0.15001, by: 0.0375) {
            for sigma in [volatility * (1 + shock), volatility, volatility * (1 - shock / 2)] {
                result.append(pnl(move, sigma))
            }
        }
        for move in [-0.45, 0.45] { result.append(pnl(move, volatility * (1 + shock)) / 3) }
        return result
    }

    static func scenarios(_ f: F, _ account: Int) throws -> PortfolioMargin.UnderlyingMargin {
        let matrix = try f.state.marginScenarios(of: f.id(account))
        #expect(matrix.underlyings.count == 1)
        return try #require(matrix.underlyings.first)
    }

    @Test func theGridHasNineSpotShocksTimesThreeVolatilitiesPlusTwoTails() {
        let scenarios = PortfolioMargin.scenarios
        #expect(scenarios.count == 29)
        #expect(scenarios.filter(\.isTail).map(\.spotShockBasisPoints) == [-4_500, 4_500])
        #expect(Set(scenarios.filter { !$0.isTail }.map(\.spotShockBasisPoints)).count == 9)
        // 30% at 30 days, scaled by √(30 days / T), at most doubled.
        let day: UInt64 = 86_400_000
        #expect(PortfolioMargin.volatilityShockPPM(millisecondsToExpiry: 30 * day) == 300_000)
        #expect(PortfolioMargin.volatilityShockPPM(millisecondsToExpiry: 120 * day) == 150_000)
        #expect(PortfolioMargin.volatilityShockPPM(millisecondsToExpiry: day) == 600_000)
        #expect(PortfolioMargin.shockedVolatility(600_000, .up, millisecondsToExpiry: 30 * day) == 780_000)
        #expect(PortfolioMargin.shockedVolatility(600_000, .down, millisecondsToExpiry: 30 * day) == 510_000)
        #expect(PortfolioMargin.shockedVolatility(10_000, .down, millisecondsToExpiry: day) == 10_000)
    }

    @Test func aNakedShortCallNeedsItsWorstScenarioLossPlusTheAddOn() throws {
        let (f, _) = Self.traded()
        let years = OptionMarkTests.years(f)
        let reference = Self.referencePnL(
            size: -0.1, strike: 6_000_000, spot: 6_000_000, volatility: 0.6, years: years)
        let margin = try Self.scenarios(f, 2)
        #expect(margin.underlying == F.btc && margin.spot == F.btcPrice)
        #expect(margin.scenarioPnL.count == reference.count)
        for (computed, expected) in zip(margin.scenarioPnL, reference) {
            // Cents, each value rounded against the account: within 2 cents of the reference.
            #expect(abs(Double(computed) - expected) <= 2, "computed \(computed), reference \(expected)")
        }
        // A short call loses most when the spot jumps 15% with volatility up.
        let worst = PortfolioMargin.scenarios[margin.worstScenario]
        #expect(worst.spotShockBasisPoints == 1_500 && worst.volatility == .up)
        let worstLoss = -reference.min()!
        #expect(abs(Double(margin.worstLoss) - worstLoss) <= 2)
        // Add-on: 1% of 0.1 BTC × 60,000 USD = 60 USD.
        #expect(margin.shortOptionAddOn == 6_000)
        #expect(margin.initialRequirement == margin.worstLoss + 6_000)
        #expect(margin.maintenanceRequirement == (margin.initialRequirement * 8 + 9) / 10)
        let summary = f.summary(2)
        #expect(summary.initialRequirement == margin.initialRequirement)
        #expect(summary.maintenanceRequirement == margin.maintenanceRequirement)
    }

    @Test func aCallCoveredByCollateralOrAPerpetualNeedsLessThanANakedOne() throws {
        var (f, series) = Self.traded()
        let naked = f.summary(2).initialRequirement
        // Account 3 holds 0.01 BTC (all it has) as collateral and writes 0.01 BTC of the call.
        f.expectOK(3, .deposit(asset: F.btc, amount: Amount(1_000_000)))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(3, f.perpOrder(series, .ask, 1, at: 2_000))
        f.expectOK(1, f.perpOrder(series, .bid, 1, at: 2_000))
        let byCollateral = f.summary(3).initialRequirement
        let nakedLot = try f.state.simulateMargin(positions: [(series, -1_000_000)], adding: nil).summary
            .initialRequirement
        #expect(byCollateral < nakedLot)
        let years = OptionMarkTests.years(f)
        let collateralReference = Self.referencePnL(
            size: -0.01, strike: 6_000_000, spot: 6_000_000, volatility: 0.6, years: years, collateral: 0.01)
        #expect(abs(Double(try Self.scenarios(f, 3).worstLoss) + collateralReference.min()!) <= 2)
        // Account 4 is long 0.1 BTC-PERP (account 5 short) and writes the call.
        let perpetual = f.createPerpetual()
        for account in [4, 5] { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        f.expectOK(5, f.perpOrder(perpetual, .ask, 10, at: 6_000))
        f.expectOK(4, f.perpOrder(perpetual, .bid, 10, at: 6_000))
        f.expectOK(4, f.perpOrder(series, .ask, 10, at: 2_000))
        f.expectOK(1, f.perpOrder(series, .bid, 10, at: 2_000))
        let byPerpetual = try Self.scenarios(f, 4)
        let perpetualReference = Self.referencePnL(
            size: -0.1, strike: 6_000_000, spot: 6_000_000, volatility: 0.6, years: years, perpetual: 0.1)
        #expect(abs(Double(byPerpetual.worstLoss) + perpetualReference.min()!) <= 2)
        // The perpetual is margined with the option, not by its own 10% as well.
        #expect(f.summary(4).initialRequirement == byPerpetual.initialRequirement)
        #expect(byPerpetual.initialRequirement < naked)
        f.checkInvariants()
    }

    @Test func aLongOptionAloneNeedsNothingBeyondItsPremium() throws {
        var (f, series) = Self.traded()
        let margin = try Self.scenarios(f, 1)
        #expect(margin.shortOptionAddOn == 0)
        // Its worst loss is less than the option's value: the equity the premium bought covers it.
        let row = try #require(f.state.derivatives.margin.optionSeries[series])
        let value = try #require(f.state.optionMark(of: row)) / 10
        #expect(margin.initialRequirement > 0 && margin.initialRequirement < value)
        // An account with exactly the premium and the fee buys, and stays above its requirement.
        f.expectOK(2, f.perpOrder(series, .ask, 10, at: 2_000))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(20_100)))
        f.expectOK(3, f.perpOrder(series, .bid, 10, at: 2_000))
        let summary = f.summary(3)
        #expect(summary.equity >= Int128(summary.initialRequirement))
        f.checkInvariants()
    }

    @Test func perpetualOnlyAccountsKeepThePerpetualRules() throws {
        var f = F()
        let perpetual = f.createPerpetual()
        for account in [1, 2] { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        f.expectOK(2, f.perpOrder(perpetual, .ask, 10, at: 6_000))
        f.expectOK(1, f.perpOrder(perpetual, .bid, 10, at: 6_000))
        // 0.1 BTC at 60,000: 10% and 5% of 6,000 USD.
        let summary = f.summary(1)
        #expect(summary.initialRequirement == 60_000 && summary.maintenanceRequirement == 30_000)
        #expect(try f.state.marginScenarios(of: f.id(1)).underlyings.isEmpty)
    }

    @Test func aWriteWithoutEnoughMarginIsRefusedAndChangesNothing() throws {
        var f = F()
        let series = f.listOption()
        // What 0.1 BTC written needs on its own, as the simulator answers it.
        let needed = try f.state.simulateMargin(positions: [(series, -10_000_000)], adding: nil).summary
            .initialRequirement
        let reference = Self.referencePnL(
            size: -0.1, strike: 6_000_000, spot: 6_000_000, volatility: 0.6, years: OptionMarkTests.years(f))
        #expect(abs(Double(needed) - (6_000 - reference.min()!)) <= 3)
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(needed - 1)))
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(needed)))
        f.expectFailure(3, f.perpOrder(series, .ask, 10, at: 2_000), .insufficientMargin)
        f.expectOK(4, f.perpOrder(series, .ask, 10, at: 2_000))
        // Resting orders count: one lot more does not fit.
        f.expectFailure(4, f.perpOrder(series, .ask, 1, at: 2_000), .insufficientMargin)
    }

    @Test func theSimulatorAgreesWithTheAccountItAddsTo() throws {
        let (f, series) = Self.traded()
        let account = try f.state.marginScenarios(of: f.id(2))
        // Nothing added: the account's own figures.
        let same = try f.state.simulateMargin(positions: [], adding: f.id(2))
        #expect(same == account)
        // A hypothetical long of the same size closes the short: nothing left to margin.
        let closed = try f.state.simulateMargin(positions: [(series, 10_000_000)], adding: f.id(2))
        #expect(closed.underlyings.isEmpty && closed.summary.initialRequirement == 0)
        // The same short without the account: the same scenario matrix.
        let alone = try f.state.simulateMargin(positions: [(series, -10_000_000)], adding: nil)
        #expect(alone.underlyings == account.underlyings)
        // Bad input.
        #expect(throws: MarginSimulationError.notMarginMarket(TestChain.btcUSD)) {
            try f.state.simulateMargin(positions: [(TestChain.btcUSD, 1)], adding: nil)
        }
        #expect(throws: MarginSimulationError.zeroSize(series)) {
            try f.state.simulateMargin(positions: [(series, 0)], adding: nil)
        }
        let many = Array(repeating: (market: series, size: Int128(1)), count: LedgerState.simulationPositionsMax + 1)
        #expect(throws: MarginSimulationError.tooManyPositions) {
            try f.state.simulateMargin(positions: many, adding: nil)
        }
    }

    /// The scenario sums take an unchecked product when both factors fit in 64 bits and a
    /// checked one otherwise: either way each scenario's PnL is the exact floor of
    /// size × change / (10^decimals × 10⁴), a tail's then a third of it, rounded down.
    @Test func scenarioSumsAreExactWhateverTheWidthOfTheirFactors() throws {
        let scale: UInt128 = 100_000_000
        let narrow = (0..<PortfolioMargin.scenarios.count).map { Int128($0 - 14) * 1_000_003 }
        let wide = narrow.map { $0 << 66 }
        let cases: [(changes: [Int128], size: Int128)] = [
            (narrow, 7_000_000), (narrow, -7_000_000), (narrow, Int128(1) << 90), (wide, -3), (wide, 12_345),
        ]
        for (changes, size) in cases {
            let table = PortfolioMargin.SeriesTable(low: changes, high: changes)
            #expect(table.isNarrow == (changes == narrow))
            var exposure = PortfolioExposure(underlying: F.btc, spot: 6_000_000, scale: scale)
            exposure.addOption(size: size, table: table)
            let margin = try #require(exposure.margin())
            for (index, scenario) in PortfolioMargin.scenarios.enumerated() {
                func floorDivision(_ value: Int128, _ divisor: Int128) -> Int128 {
                    let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
                    return remainder < 0 ? quotient - 1 : quotient
                }
                let scenarioValue = floorDivision(size * changes[index], Int128(scale) * 10_000)
                #expect(margin.scenarioPnL[index] == floorDivision(scenarioValue, scenario.divisor))
            }
        }
        // A product past 127 bits is an overflow, not a wrapped value.
        var overflowing = PortfolioExposure(underlying: F.btc, spot: 6_000_000, scale: scale)
        overflowing.addOption(size: Int128(1) << 70, table: PortfolioMargin.SeriesTable(low: wide, high: wide))
        #expect(overflowing.margin() == nil)
    }
}
