import Foundation
import Testing

@testable import BazaarCore

/// A series' mark: Black-Scholes on the oracle's volatility surface, clamped by the book's impact
/// bid and ask; without a fresh surface the mark is flagged stale and risk-increasing orders wait.
@Suite("Option mark price")
struct OptionMarkTests {
    typealias F = MarginFixture

    /// Black-Scholes with rate and yield 0, in floating point: an independent reference.
    static func blackScholes(call: Bool, spot: Double, strike: Double, years: Double, volatility: Double) -> Double {
        let deviation = volatility * years.squareRoot()
        let d1 = (log(spot / strike) + deviation * deviation / 2) / deviation
        let d2 = d1 - deviation
        func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        return call ? spot * cdf(d1) - strike * cdf(d2) : strike * cdf(-d2) - spot * cdf(-d1)
    }

    static func years(_ f: F) -> Double { Double(F.optionExpiry - f.state.timeMilliseconds) / 31_536_000_000 }

    @Test func withoutABookTheMarkIsBlackScholesAtTheSurfacesVolatility() {
        var f = F()
        let call = f.listOption()
        let put = f.listOption(F.optionSpec(.put, strike: 5_000_000))
        let years = Self.years(f)
        for (market, isCall, strike) in [(call, true, 6_000_000.0), (put, false, 5_000_000.0)] {
            let series = f.state.derivatives.margin.optionSeries[market]!
            let expected = Self.blackScholes(
                call: isCall, spot: 6_000_000, strike: strike, years: years, volatility: 0.6)
            guard
                let (mark, isStale) = f.state.optionMarkAndStaleness(
                    of: series, underlying: 6_000_000, scale: 100_000_000)
            else {
                Issue.record("no mark")
                continue
            }
            // Cents per BTC, rounded down: within a cent of the reference.
            #expect(abs(Double(mark) - expected) <= 1, "mark \(mark), reference \(expected)")
            #expect(!isStale)
            // Far above intrinsic: three years of 60% volatility.
            #expect(mark > series.terms.intrinsicValue(underlying: 6_000_000) + 1_000_000)
        }
    }

    @Test func aBookOnBothSidesClampsTheMark() {
        var f = F()
        let market = f.listOption()
        for account in 2...3 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        // Premiums of 19,000 and 20,000 USD per BTC (ticks), 2 lots (the impact size) on each side.
        f.expectOK(2, f.perpOrder(market, .bid, 2, at: 19_000))
        f.expectOK(3, f.perpOrder(market, .ask, 2, at: 20_000))
        let series = f.state.derivatives.margin.optionSeries[market]!
        let unclamped = Self.blackScholes(
            call: true, spot: 6_000_000, strike: 6_000_000, years: Self.years(f), volatility: 0.6)
        #expect(unclamped > 2_000_000)
        #expect(f.state.optionMark(of: series) == 2_000_000)
        f.checkInvariants()
    }

    @Test func withoutASurfaceTheMarkIsIntrinsicStaleAndABuyWaits() {
        var f = F()
        let market = f.listOption(F.optionSpec(.put, strike: 7_000_000))
        f.state.derivatives.oracle.volatilitySmiles.write(
            nil, for: VolatilityKey(asset: F.btc, expiryMilliseconds: F.optionExpiry))
        let series = f.state.derivatives.margin.optionSeries[market]!
        let marked = f.state.optionMarkAndStaleness(of: series, underlying: 6_000_000, scale: 100_000_000)
        #expect(marked?.mark == 1_000_000 && marked?.volatilityIsStale == true)
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectFailure(1, f.perpOrder(market, .bid, 1, at: 10_000), .stalePrice)
        f.expectFailure(1, f.perpOrder(market, .ask, 1, at: 10_000), .stalePrice)
    }

    @Test func aStaleSurfaceStillPricesTheMarkButRefusesNewRisk() {
        var f = F()
        let market = f.listOption()
        // The last agreed smile is two minutes old: older than the 60 s staleness window.
        f.state.timeMilliseconds += 120_000
        let series = f.state.derivatives.margin.optionSeries[market]!
        let marked = f.state.optionMarkAndStaleness(of: series, underlying: 6_000_000, scale: 100_000_000)
        let expected = Self.blackScholes(
            call: true, spot: 6_000_000, strike: 6_000_000, years: Self.years(f), volatility: 0.6)
        #expect(marked.map { abs(Double($0.mark) - expected) <= 1 } == true)
        #expect(marked?.volatilityIsStale == true)
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectFailure(1, f.perpOrder(market, .bid, 1, at: 20_000), .stalePrice)
        // A fresh smile lets the same order through.
        f.setSmile()
        f.expectOK(1, f.perpOrder(market, .bid, 1, at: 20_000))
    }
}
