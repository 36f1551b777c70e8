import Testing

@testable import BazaarCore

@Suite("Option series: listing and trading")
struct OptionSeriesTests {
    typealias F = MarginFixture

    /// Accounts 1 (buyer) and 2 (writer) with 10,000 USD of margin each; 2 writes 10 lots
    /// (0.1 BTC) of the 60,000 call at a premium of 2,000 USD per BTC, 1 buys them as taker.
    static func traded() -> (F, MarketID) {
        var f = F()
        let series = f.listOption()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, f.perpOrder(series, .ask, 10, at: 2_000))
        f.expectOK(1, f.perpOrder(series, .bid, 10, at: 2_000))
        return (f, series)
    }

    @Test func theAuthorityListsASeriesAsAFlaggedContinuousMarket() throws {
        var f = F()
        let id = f.listOption()
        let market = try #require(f.state.market(id)).market
        #expect(market.name == "BTC-20270101-60000-C")
        #expect(market.option?.strike == Amount(6_000_000))
        #expect(market.option?.kind == .call)
        #expect(market.isMarginMarket && !market.isPerpetual && market.mode == .continuous)
        let series = try #require(f.state.derivatives.margin.optionSeries[id])
        #expect(series.underlying == F.btc && series.quote == F.usd && series.settlement == nil)
        // The market's encoding carries its terms after the mode byte and decodes to itself.
        let decoded = try Market(canonicalBytes: market.canonicalBytes)
        #expect(decoded == market)
        // A spot market still encodes its mode byte alone.
        let spot = try #require(f.state.market(TestChain.btcUSD)).market
        #expect(spot.canonicalBytes.last == Market.Mode.continuous.rawValue)
        let put = f.listOption(F.optionSpec(.put, strike: 5_500_000))
        #expect(f.state.market(put)?.market.name == "BTC-20270101-55000-P")
        f.checkInvariants()
    }

    @Test func badListingsAreRefusedWithDistinctCodesAndChangeNothing() {
        var f = F()
        let markets = f.state.markets.count
        var spec = F.callSpec
        f.expectFailure(1, .listOption(spec), .notMarketAuthority)
        spec.strike = Amount(6_050_000)
        f.expectFailure(0, .listOption(spec), .invalidStrike)
        spec = F.callSpec
        spec.strikeStep = .zero
        f.expectFailure(0, .listOption(spec), .invalidStrike)
        spec = F.callSpec
        spec.expiryMilliseconds = f.state.timeMilliseconds
        f.expectFailure(0, .listOption(spec), .expiryPassed)
        spec = F.callSpec
        spec.quote = F.btc
        f.expectFailure(0, .listOption(spec), .wrongQuoteAsset)
        spec = F.callSpec
        spec.contractSize = Amount(1_500_000)
        f.expectFailure(0, .listOption(spec), .invalidMarket)
        #expect(f.state.markets.count == markets)
        // Once a series is listed, the underlying's grid is fixed and the name is taken.
        f.listOption()
        spec = F.callSpec
        spec.strike = Amount(6_050_000)
        spec.strikeStep = Amount(50_000)
        f.expectFailure(0, .listOption(spec), .invalidStrike)
        f.expectFailure(0, .listOption(F.callSpec), .marketExists)
        #expect(f.state.markets.count == markets + 1)
    }

    @Test func buyingPaysThePremiumAndFeeFromCollateralAndOpensAPosition() throws {
        let (f, series) = Self.traded()
        // 10 lots × 2,000 ticks × 1 cent = 200 USD premium; the taker's fee is 0.5% of it.
        #expect(f.claim(1, F.usd) == 1_000_000 - 20_000 - 100)
        #expect(f.claim(2, F.usd) == 1_000_000 + 20_000)
        #expect(f.claim(0, F.usd) == 0)
        #expect(f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) == 100)
        #expect(f.position(1, series) == Position(size: 10_000_000, cash: -20_000, realized: -100))
        #expect(f.position(2, series) == Position(size: -10_000_000, cash: 20_000))
        #expect(f.state.derivatives.margin.optionSeries[series]?.openInterest == 10_000_000)
        // Balances outside margin do not move.
        #expect(f.state.locked(of: f.id(1), asset: F.usd) == .zero)
        let report = try f.state.marginReport(of: f.id(1))
        let position = try #require(report.optionPositions.first)
        #expect(position.averageEntryPremium == 200_000)
        // The mark is Black-Scholes on the surface (OptionMarkTests); 0.1 BTC of it, rounded down.
        let row = try #require(f.state.derivatives.margin.optionSeries[series])
        let mark = try #require(f.state.optionMark(of: row))
        #expect(position.markPrice == mark)
        #expect(position.unrealizedPnL == Int128(mark / 10) - 20_000)
        f.checkInvariants()
    }

    @Test func equityCountsOptionsAtTheMarkAndShortsArePortfolioMargined() throws {
        var (f, market) = Self.traded()
        let series = try #require(f.state.derivatives.margin.optionSeries[market])
        // 0.1 BTC at `mark` cents per BTC: the long's value rounds down, the short's debt up.
        func tenth(_ mark: UInt128, roundingUp: Bool) -> Int128 { Int128((mark + (roundingUp ? 9 : 0)) / 10) }
        func expectMargin(sourceLocation: SourceLocation = #_sourceLocation) throws -> UInt128 {
            let mark = try #require(f.state.optionMark(of: series), sourceLocation: sourceLocation)
            // The writer: the premium received less the option's value; its requirements are
            // the scenario engine's (PortfolioMarginTests checks them against a reference).
            let writer = f.summary(2)
            let scenarios = try f.state.marginScenarios(of: f.id(2))
            #expect(writer.equity == 1_020_000 - tenth(mark, roundingUp: true), sourceLocation: sourceLocation)
            #expect(writer.initialRequirement == scenarios.underlyings.first?.initialRequirement)
            #expect(writer.initialRequirement > 0 && writer.maintenanceRequirement < writer.initialRequirement)
            #expect(f.summary(1).equity == 979_900 + tenth(mark, roundingUp: false), sourceLocation: sourceLocation)
            return mark
        }
        let atTheMoney = try expectMargin()
        f.setPrice(6_200_000, of: F.btc)
        let inTheMoney = try expectMargin()
        f.setPrice(5_000_000, of: F.btc)
        let outOfTheMoney = try expectMargin()
        // A call's value rises with the underlying, and keeps time value out of the money.
        #expect(inTheMoney > atTheMoney && atTheMoney > outOfTheMoney && outOfTheMoney > 0)
    }

    @Test func aPremiumTheBuyerCannotPayIsRefused() {
        var (f, series) = Self.traded()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(20_000)))
        f.expectOK(2, f.perpOrder(series, .ask, 10, at: 2_000))
        // 200 USD of premium and 1 USD of fee against 200 USD of margin.
        f.expectFailure(3, f.perpOrder(series, .bid, 10, at: 2_000), .insufficientPremium)
        f.expectOK(3, f.perpOrder(series, .bid, 9, at: 2_000))
        #expect(f.position(3, series)?.size == 9_000_000)
        f.checkInvariants()
    }

    @Test func aStalePriceRefusesRiskIncreasingOptionOrdersButNotClosingOnes() {
        var (f, series) = Self.traded()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.setPrice(F.btcPrice, of: F.btc, isStale: true)
        f.expectFailure(3, f.perpOrder(series, .bid, 1, at: 2_000), .stalePrice)
        f.expectFailure(3, f.perpOrder(series, .ask, 1, at: 2_000), .stalePrice)
        // The holder may still sell what it holds.
        f.expectOK(1, f.perpOrder(series, .ask, 5, at: 2_100))
    }

    @Test func closingAnOptionRealizesItsPnLAgainstTheAverageEntryPremium() {
        var (f, series) = Self.traded()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(3, f.perpOrder(series, .bid, 4, at: 2_500))
        // The holder sells 4 lots at 25 USD a lot as taker (0.5% fee): 5 USD a lot above its
        // average entry of 20, so 20 USD realized less the 0.50 USD fee; the open part keeps
        // its share of the entry premium.
        f.expectOK(1, f.perpOrder(series, .ask, 4, at: 2_500))
        #expect(f.position(1, series) == Position(size: 6_000_000, cash: -12_000, realized: -100 + 2_000 - 50))
        #expect(f.claim(1, F.usd) == 1_000_000 - 20_100 + 10_000 - 50)
        #expect(f.position(3, series)?.size == 4_000_000)
        f.checkInvariants()
    }
}
