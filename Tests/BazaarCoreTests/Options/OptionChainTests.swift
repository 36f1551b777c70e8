import Foundation
import Testing

@testable import BazaarCore

/// The option chain and an account's Greeks: the book's prices as implied volatilities, Greeks at
/// the oracle price and the surface's volatility, per series and summed per account.
@Suite("Option chain and Greeks")
struct OptionChainTests {
    typealias F = MarginFixture

    /// d₁ and the density at it, in floating point: an independent reference (rate and yield 0).
    static func reference(spot: Double, strike: Double, years: Double, volatility: Double) -> (d1: Double, pdf: Double)
    {
        let deviation = volatility * years.squareRoot()
        let d1 = (log(spot / strike) + deviation * deviation / 2) / deviation
        return (d1, exp(-d1 * d1 / 2) / (2 * Double.pi).squareRoot())
    }

    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    private func double(_ value: Decimal18?) -> Double { Double(value?.description ?? "nan")! }

    @Test func rowsAreStrikesWithTheCallAndThePutOfEach() throws {
        var f = F()
        let call60 = f.listOption()
        let put60 = f.listOption(F.optionSpec(.put, strike: 6_000_000))
        let call70 = f.listOption(F.optionSpec(.call, strike: 7_000_000))
        // Another expiry is not in this chain.
        var later = F.optionSpec(.call, strike: 6_000_000)
        later.expiryMilliseconds = F.optionExpiry + 86_400_000
        f.listOption(later)
        let chain = try #require(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry))
        #expect(chain.rows.map(\.strike) == [6_000_000, 7_000_000])
        #expect(chain.rows[0].call?.series.market == call60 && chain.rows[0].put?.series.market == put60)
        #expect(chain.rows[1].call?.series.market == call70 && chain.rows[1].put == nil)
        #expect(chain.spot == F.btcPrice && !chain.isStale && chain.quote == F.usd)
        #expect(f.state.optionExpiries(of: F.btc) == [F.optionExpiry, F.optionExpiry + 86_400_000])
        #expect(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry + 1) == nil)
        #expect(f.state.optionChain(underlying: F.usd, expiryMilliseconds: F.optionExpiry) == nil)
        #expect(f.state.optionExpiries(of: F.usd).isEmpty)
    }

    @Test func greeksAreBlackScholesAtTheOracleAndTheSurfaceInTradersUnits() throws {
        var f = F()
        f.listOption(F.optionSpec(.call, strike: 7_000_000))
        f.listOption(F.optionSpec(.put, strike: 7_000_000))
        let chain = try #require(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry))
        let call = try #require(chain.rows[0].call)
        let put = try #require(chain.rows[0].put)
        #expect(call.markVolatility == Decimal18(raw: 600_000_000_000_000_000))
        let years = Double(F.optionExpiry - f.state.timeMilliseconds) / 31_536_000_000
        let (d1, pdf) = Self.reference(spot: 60_000, strike: 70_000, years: years, volatility: 0.6)
        let callGreeks = try #require(call.greeks)
        let putGreeks = try #require(put.greeks)
        #expect(abs(double(callGreeks.delta) - Self.cdf(d1)) < 1e-9)
        #expect(abs(double(putGreeks.delta) - (Self.cdf(d1) - 1)) < 1e-9)
        // Per 1 USD of spot, per volatility point, per day.
        let gamma = pdf / (60_000 * 0.6 * years.squareRoot())
        let vega = 60_000 * pdf * years.squareRoot() / 100
        let theta = -60_000 * pdf * 0.6 / (2 * years.squareRoot()) / 365
        for greeks in [callGreeks, putGreeks] {
            #expect(abs(double(greeks.gamma) / gamma - 1) < 1e-9, "gamma \(greeks.gamma) vs \(gamma)")
            #expect(abs(double(greeks.vega) / vega - 1) < 1e-9, "vega \(greeks.vega) vs \(vega)")
            #expect(abs(double(greeks.theta) / theta - 1) < 1e-9, "theta \(greeks.theta) vs \(theta)")
        }
        // No book: no best prices and no volatilities from them.
        #expect(call.bestBid == nil && call.bestAsk == nil && call.bidVolatility == nil && call.midVolatility == nil)
        #expect(call.mark == f.state.optionMark(of: call.series))
    }

    @Test func theBooksPricesShowAsImpliedVolatilities() throws {
        var f = F()
        let market = f.listOption()
        for account in 2...3 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        // Premiums of 19,000 and 20,000 USD per BTC, 2 lots (0.02 BTC) and 3 lots.
        f.expectOK(2, f.perpOrder(market, .bid, 2, at: 19_000))
        f.expectOK(3, f.perpOrder(market, .ask, 3, at: 20_000))
        let chain = try #require(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry))
        let call = try #require(chain.rows.first?.call)
        #expect(call.bestBid == 1_900_000 && call.bestAsk == 2_000_000)
        #expect(call.bidSize == 2_000_000 && call.askSize == 3_000_000)
        let bid = try #require(call.bidVolatility)
        let ask = try #require(call.askVolatility)
        let mid = try #require(call.midVolatility)
        #expect(bid < mid && mid < ask)
        // Repriced in floating point, each volatility gives its price back within a cent.
        let years = Double(F.optionExpiry - f.state.timeMilliseconds) / 31_536_000_000
        for (volatility, price) in [(bid, 19_000.0), (ask, 20_000.0), (mid, 19_500.0)] {
            let repriced = OptionMarkTests.blackScholes(
                call: true, spot: 60_000, strike: 60_000, years: years, volatility: double(volatility))
            #expect(abs(repriced - price) < 0.01, "\(volatility) prices \(repriced), not \(price)")
        }
        // The mark's volatility is the surface's, whatever the book says.
        #expect(call.markVolatility == Decimal18(raw: 600_000_000_000_000_000))
    }

    @Test func aBidBelowIntrinsicValueHasNoVolatility() throws {
        var f = F()
        // Struck at 50,000 with BTC at 60,000: worth at least 10,000 USD.
        let market = f.listOption(F.optionSpec(.call, strike: 5_000_000))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, f.perpOrder(market, .bid, 1, at: 9_000))
        let call = try #require(
            f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry)?.rows[0].call)
        #expect(call.bestBid == 900_000 && call.bidVolatility == nil && call.midVolatility == nil)
    }

    @Test func aStaleSurfaceFlagsTheChainButStillShowsGreeks() throws {
        var f = F()
        f.listOption()
        f.advance(milliseconds: 120_000)
        let chain = try #require(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry))
        #expect(chain.isStale)
        #expect(chain.rows[0].call?.greeks != nil)
    }

    @Test func anAccountsGreeksSumItsOptionsAndItsPerpetualDelta() throws {
        var f = F()
        let perpetual = f.createPerpetual()
        let call = f.listOption()
        let put = f.listOption(F.optionSpec(.put, strike: 5_000_000))
        for account in 1...2 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        // Account 1 buys 0.1 BTC of calls, sells 0.05 BTC of puts and shorts 0.03 BTC of the perpetual.
        f.expectOK(2, f.perpOrder(call, .ask, 10, at: 20_000))
        f.expectOK(1, f.perpOrder(call, .bid, 10, at: 20_000))
        f.expectOK(2, f.perpOrder(put, .bid, 5, at: 5_000))
        f.expectOK(1, f.perpOrder(put, .ask, 5, at: 5_000))
        f.expectOK(2, f.perpOrder(perpetual, .bid, 3, at: 6_000))
        f.expectOK(1, f.perpOrder(perpetual, .ask, 3, at: 6_000))
        let chain = try #require(f.state.optionChain(underlying: F.btc, expiryMilliseconds: F.optionExpiry))
        let callGreeks = try #require(chain.rows.first { $0.strike == 6_000_000 }?.call?.greeks)
        let putGreeks = try #require(chain.rows.first { $0.strike == 5_000_000 }?.put?.greeks)
        let greeks = try f.state.accountGreeks(of: f.id(1))
        #expect(greeks.count == 1)
        let btc = try #require(greeks.first)
        #expect(btc.underlying == F.btc && btc.optionPositionCount == 2 && btc.perpetualPositionCount == 1)
        #expect(btc.isComplete)
        let expectedDelta = 0.1 * double(callGreeks.delta) - 0.05 * double(putGreeks.delta) - 0.03
        #expect(abs(double(btc.delta) - expectedDelta) < 1e-15)
        #expect(abs(double(btc.deltaValue) - expectedDelta * 60_000) < 1e-9)
        let expectedGamma = 0.1 * double(callGreeks.gamma) - 0.05 * double(putGreeks.gamma)
        #expect(abs(double(btc.gamma) - expectedGamma) < 1e-15)
        #expect(abs(double(btc.gammaValue) / (expectedGamma * 60_000 * 60_000 / 100) - 1) < 1e-9)
        let expectedVega = 0.1 * double(callGreeks.vega) - 0.05 * double(putGreeks.vega)
        #expect(abs(double(btc.vega) - expectedVega) < 1e-12)
        let expectedTheta = 0.1 * double(callGreeks.theta) - 0.05 * double(putGreeks.theta)
        #expect(abs(double(btc.theta) - expectedTheta) < 1e-12)
        // The counterparty's Greeks are the opposite, to the truncation.
        let other = try #require(try f.state.accountGreeks(of: f.id(2)).first)
        #expect(abs(double(other.delta) + expectedDelta) < 1e-15)
        #expect(abs(double(other.vega) + expectedVega) < 1e-12)
        #expect(try f.state.accountGreeks(of: f.id(4)).isEmpty)
    }

    @Test func anAccountWithoutASurfaceShowsIncompleteGreeksWithIntrinsicDelta() throws {
        var f = F()
        let put = f.listOption(F.optionSpec(.put, strike: 7_000_000))
        for account in 1...2 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(1_000_000))) }
        f.expectOK(2, f.perpOrder(put, .ask, 10, at: 12_000))
        f.expectOK(1, f.perpOrder(put, .bid, 10, at: 12_000))
        f.state.derivatives.oracle.volatilitySmiles.write(
            nil, for: VolatilityKey(asset: F.btc, expiryMilliseconds: F.optionExpiry))
        let btc = try #require(try f.state.accountGreeks(of: f.id(1)).first)
        #expect(!btc.isComplete)
        // 0.1 BTC of puts in the money: delta −0.1, nothing else.
        #expect(btc.delta == Decimal18(raw: -100_000_000_000_000_000) && btc.vega == .zero && btc.gamma == .zero)
    }
}
