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
}
