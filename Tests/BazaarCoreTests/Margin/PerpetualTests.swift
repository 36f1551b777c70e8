import Foundation
import Testing

@testable import BazaarCore

@Suite("Perpetual futures")
struct PerpetualTests {
    typealias F = MarginFixture

    /// Accounts 1 and 2 with 1,000 USD of margin each; 2 sells 5 lots at 600 USD a lot to 1.
    static func opened() -> (F, MarketID) {
        var f = F()
        let market = f.createPerpetual()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(2, f.perpOrder(market, .ask, 5, at: 6_000))
        f.expectOK(1, f.perpOrder(market, .bid, 5, at: 6_000))
        return (f, market)
    }

    @Test func aTradeOpensOppositePositionsWithoutMovingBalances() {
        let (f, market) = Self.opened()
        #expect(f.position(1, market) == Position(size: 5_000_000, cash: -300_000))
        #expect(f.position(2, market) == Position(size: -5_000_000, cash: 300_000))
        #expect(f.state.balance(of: f.id(1), asset: F.usd) == Amount(900_000))
        #expect(f.state.locked(of: f.id(2), asset: F.btc) == .zero)
        #expect(f.state.derivatives.margin.perpetuals[market]?.openInterest == 5_000_000)
        // 0.05 BTC at 60,000 = 3,000 USD notional: 10% initial, 5% maintenance.
        #expect(
            f.summary(1) == MarginSummary(equity: 100_000, initialRequirement: 30_000, maintenanceRequirement: 15_000))
        f.checkInvariants()
    }

    @Test func unrealizedPnLFollowsTheOraclePriceAndSumsToZero() {
        var (f, market) = Self.opened()
        f.setPrice(6_200_000, of: F.btc)
        #expect(f.summary(1).equity == 110_000)
        #expect(f.summary(2).equity == 90_000)
        #expect(f.summary(1).initialRequirement == 31_000)
        #expect(f.perpetualTotals(market) == (0, 200_000))
    }

    @Test func reducingRealizesPnLAndKeepsTheEntryPrice() {
        var (f, market) = Self.opened()
        f.setPrice(6_200_000, of: F.btc)
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 2, at: 6_200))
        f.expectOK(1, f.perpOrder(market, .ask, 2, at: 6_200))
        // 2 lots closed at 620 USD against an entry of 600: 40 USD realized.
        #expect(f.position(1, market) == Position(size: 3_000_000, cash: -180_000, realized: 4_000))
        #expect(f.claim(1, F.usd) == 104_000)
        #expect(f.position(3, market) == Position(size: 2_000_000, cash: -124_000))
        // Flip: 1 sells 5 lots to 3 at 620: closes 3 (realizes 60 USD) and opens 2 short.
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 6_200))
        f.expectOK(1, f.perpOrder(market, .ask, 5, at: 6_200))
        #expect(f.position(1, market) == Position(size: -2_000_000, cash: 124_000))
        #expect(f.claim(1, F.usd) == 110_000)
        #expect(f.perpetualTotals(market).size == 0)
        #expect(f.perpetualTotals(market).quote == 300_000)
        f.checkInvariants()
    }

    @Test func leverageLimitsAndStalePricesRefuseRiskIncreasingOrders() {
        var (f, market) = Self.opened()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(10_000)))
        // 2 lots = 1,200 USD notional needs 120 USD initial: 100 USD is not enough.
        f.expectFailure(3, f.perpOrder(market, .bid, 2, at: 6_000), .insufficientMargin)
        f.expectOK(3, f.perpOrder(market, .bid, 1, at: 6_000))
        // Resting orders count: a second lot would need 120 USD in all.
        f.expectFailure(3, f.perpOrder(market, .bid, 1, at: 5_000), .insufficientMargin)
        f.setPrice(F.btcPrice, of: F.btc, isStale: true)
        f.expectFailure(2, f.perpOrder(market, .ask, 1, at: 6_500), .stalePrice)
        // Reducing a position is allowed while stale.
        f.expectOK(1, f.perpOrder(market, .ask, 1, at: 6_000))
        #expect(f.position(1, market)?.size == 4_000_000)
        // Withdrawing is risk-increasing.
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(1)), .stalePrice)
    }

    @Test func aWithdrawalMustKeepTheInitialRequirementCovered() {
        var (f, _) = Self.opened()
        // Equity 1,000 USD, initial 300 USD.
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(70_001)), .insufficientMargin)
        f.expectOK(1, .withdraw(asset: F.usd, amount: Amount(70_000)))
        #expect(f.summary(1).coversInitial)
    }

    @Test func cancellingAPerpetualOrderReleasesNothingAndAmendingRechecksMargin() {
        var f = F()
        let market = f.createPerpetual()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(12_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 1, at: 6_000))
        let order = f.state.nextOrderID - 1
        f.expectFailure(
            3, .amendOrder(Action.AmendOrder(market: market, order: .id(order), price: nil, size: Amount(3_000_000))),
            .insufficientMargin)
        f.expectOK(3, .cancelOrder(Action.CancelOrder(market: market, order: .id(order))))
        #expect(f.state.balance(of: f.id(3), asset: F.usd) == Amount(988_000))
        f.checkInvariants()
    }

    @Test func badPerpetualDefinitionsAreRefused() {
        var f = F()
        var spec = F.perpetualSpec
        f.expectFailure(1, .createPerpetual(spec), .notMarketAuthority)
        spec.maintenanceBasisPoints = 2_000
        f.expectFailure(0, .createPerpetual(spec), .invalidMarginParameters)
        spec = F.perpetualSpec
        spec.lotSize = .zero
        f.expectFailure(0, .createPerpetual(spec), .invalidMarket)
        spec = F.perpetualSpec
        spec.base = "NOPE"
        f.expectFailure(0, .createPerpetual(spec), .unknownAsset)
        f.createPerpetual()
        f.expectFailure(0, .createPerpetual(F.perpetualSpec), .marketExists)
        var noQuote = F()
        noQuote.state.derivatives.oracle.quoteAsset = nil
        noQuote.expectFailure(0, .createPerpetual(F.perpetualSpec), .noQuoteAsset)
    }

    // MARK: - Funding

    @Test func fundingIndexArithmeticReproducesDydxVectors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("../shared/vectors/dydx_funding_index_delta.json")
        guard let data = try? Data(contentsOf: file) else {
            print("skipped: \(file.path) is absent")
            return
        }
        let document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = document["cases"] as! [[String: Any]]
        #expect(cases.count == 4)
        for testCase in cases {
            let input = testCase["input"] as! [String: Any]
            let exponent =
                (input["priceExponent"] as! Int) + (input["atomicResolution"] as! Int) + 6
            let delta = MarginMath.fundingIndexDelta(
                seconds: UInt64(input["timeSinceLastFundingSec"] as! Int),
                ratePPM: Int64(input["fundingRate8hPpm"] as! Int), price: UInt128(input["price"] as! Int),
                exponent: exponent)
            let expected = (testCase["expectedFundingIndexDelta"] as! NSNumber).int64Value
            #expect(delta == Int128(expected), "\(testCase["name"]!)")
        }
    }

    @Test func fundingMovesThePremiumFromLongsToShortsAndSumsToZero() {
        var (f, market) = Self.opened()
        // The book trades above the index: impact bid 610 USD a lot vs an index of 600.
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 2, at: 6_100))
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(4, f.perpOrder(market, .ask, 2, at: 6_300))
        let before = f.perpetualTotals(market)
        f.advance(milliseconds: 1_800_000)
        #expect(f.endBlock().isEmpty)  // interval not reached
        f.advance(milliseconds: 1_800_000)
        let events = f.endBlock()
        // Premium (610 − 600) / 600 = 16,666 ppm, clamped to 10,000 (1% per 8 hours); one hour:
        // Δindex = trunc(3,600 × 10,000 × 6,000,000 × 10⁻⁸ / 28,800) = 75 ppm-cents per satoshi.
        guard case .funding(market, 10_000, 75, 75, let paid, let dust) = events.first else {
            Issue.record("no funding event: \(events)")
            return
        }
        // 0.05 BTC = 5,000,000 units × 75 / 10⁶ = 375 cents (1% / 8 of 3,000 USD).
        #expect(paid == 375)
        #expect(dust == .zero)
        #expect(f.claim(1, F.usd) == 100_000 - 375)
        #expect(f.claim(2, F.usd) == 100_000 + 375)
        #expect(f.position(1, market)?.realized == -375)
        #expect(f.perpetualTotals(market) == before)
        #expect(f.state.derivatives.margin.perpetuals[market]?.fundingIndex == 75)
        f.checkInvariants()
    }

    @Test func fundingRoundsAgainstEachAccountAndGivesTheDustToTheFund() {
        var f = F()
        let market = f.createPerpetual()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(2, f.perpOrder(market, .ask, 1, at: 6_000))
        f.expectOK(1, f.perpOrder(market, .bid, 1, at: 6_000))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(3, f.perpOrder(market, .ask, 2, at: 5_990))  // impact ask 599 < 600: shorts pay
        f.advance(milliseconds: 3_601_000)
        let events = f.endBlock()
        guard case .funding(_, let rate, let delta, _, _, let dust) = events.first else {
            Issue.record("no funding event")
            return
        }
        #expect(rate == -1_666)
        // trunc(3,601 × −1,666 × 6,000,000 × 10⁻⁸ / 28,800) = −12
        #expect(delta == -12)
        // 1,000,000 × 12 / 10⁶ = 12 exactly: no dust here; the rule is payers round up.
        #expect(dust == .zero)
        #expect(f.claim(1, F.usd) == 100_012)
        #expect(f.claim(2, F.usd) == 99_988)
        f.checkInvariants()
    }

    /// With lots of 0.0001 BTC, a funding payment is a fraction of a cent: each short pays one
    /// cent (rounded up), the long receives nothing (rounded down), and the fund gets the three.
    @Test func fundingDustGoesToTheFund() {
        var f = F()
        var spec = F.perpetualSpec
        spec.lotSize = Amount(10_000)
        spec.minimumSize = Amount(10_000)
        spec.tickSize = Amount(1)  // a cent per lot: 600 ticks is 60,000 USD per BTC
        let market = f.createPerpetual(spec)
        for account in 1...5 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(100_000))) }
        for account in 2...4 { f.expectOK(account, f.perpOrder(market, .ask, 1, at: 600)) }
        f.expectOK(1, f.perpOrder(market, .bid, 3, at: 600))
        f.expectOK(5, f.perpOrder(market, .ask, 2, at: 599))  // impact ask 5.99 USD < 6.00: shorts pay
        let fundBefore = f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) ?? 0
        let totalBefore = f.perpetualTotals(market)
        f.advance(milliseconds: 3_601_000)
        guard case .funding(_, -1_666, -12, _, let paid, let dust) = f.endBlock().first else {
            Issue.record("no funding event")
            return
        }
        // Shorts: ⌈10,000 × 12 / 10⁶⌉ = 1 cent each; the long: ⌊30,000 × 12 / 10⁶⌋ = 0.
        #expect(dust == Amount(3))
        #expect(paid == 0)
        for account in 2...4 { #expect(f.claim(account, F.usd) == 99_999) }
        #expect(f.claim(1, F.usd) == 100_000)
        #expect(f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) == fundBefore + 3)
        #expect(f.perpetualTotals(market) == totalBefore)
        f.checkInvariants()
    }

    /// The mark price is the oracle price clamped between the impact bid and ask: an empty or thin
    /// book leaves the oracle; a book trading above or below it moves the mark to the impact price.
    @Test func theMarkPriceIsTheOracleClampedToTheImpactBidAndAsk() throws {
        var (f, market) = Self.opened()
        let perpetual = f.state.derivatives.margin.perpetuals[market]!
        #expect(f.state.markPrice(of: perpetual) == F.btcPrice)
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(500_000)))
        // One lot bid at 620 is thinner than the impact size (2 lots): no clamp.
        f.expectOK(3, f.perpOrder(market, .bid, 1, at: 6_200))
        #expect(f.state.markPrice(of: perpetual) == F.btcPrice)
        // Two lots: impact bid (620 + 610) / 2 = 615 a lot, 61,500 USD per BTC, above the oracle.
        f.expectOK(3, f.perpOrder(market, .bid, 1, at: 6_100))
        #expect(f.state.markPrice(of: perpetual) == 6_150_000)
        // Positions are valued at the mark: 1's long gains 0.05 × 1,500 USD, 2's short loses it.
        #expect(f.summary(1).equity == 100_000 + 7_500)
        #expect(f.summary(2).equity == 100_000 - 7_500)
        #expect(try f.state.marginReport(of: f.id(1)).positions[0].markPrice == 6_150_000)
        // A book trading below: the bids go, asks at 590 and 580 make an impact ask of 585.
        f.expectOK(3, .cancelAllOrders(Action.CancelAllOrders(market: market)))
        f.expectOK(4, f.perpOrder(market, .ask, 1, at: 5_900))
        f.expectOK(4, f.perpOrder(market, .ask, 1, at: 5_800))
        #expect(f.state.markPrice(of: perpetual) == 5_850_000)
        #expect(f.summary(1).equity == 100_000 - 7_500)
        #expect(f.state.fundingView(of: market)?.markPrice == 5_850_000)
    }

    /// A long whose book collapses below the oracle is liquidated at the mark, even though the
    /// oracle price alone would keep it above maintenance; nothing bids within the penalty of the
    /// oracle, so the fund takes the position over at the mark.
    @Test func liquidationFollowsTheMarkPrice() {
        var (f, market) = Self.opened()
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        // At 42,000 1's equity is 100 USD against 105 of maintenance; at 45,000 it is 250 against
        // 112.50. The oracle says 45,000 but the book's impact ask is 42,000.
        f.setPrice(4_500_000, of: F.btc)
        #expect(f.summary(1).coversMaintenance)
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(4, f.perpOrder(market, .ask, 2, at: 4_200))
        #expect(!f.summary(1).coversMaintenance)
        let events = f.endBlock()
        #expect(events.contains(.takenOver(account: f.id(1), market: market, size: 5_000_000, price: 4_200_000)))
        #expect(f.position(1, market) == nil)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }
}
