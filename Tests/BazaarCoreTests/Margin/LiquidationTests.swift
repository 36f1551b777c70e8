import Testing

@testable import BazaarCore

@Suite("Liquidation engine")
struct LiquidationTests {
    typealias F = MarginFixture

    var fund: AccountID { MarginState.insuranceFund }

    func fundClaim(_ f: F) -> Int128 { f.state.derivatives.margin.accounts[fund]?.claim(F.usd) ?? 0 }

    func liquidationEvents(_ events: [MarginEvent]) -> [MarginEvent] {
        events.filter { if case .funding = $0 { false } else { true } }
    }

    @Test func partialLiquidationClosesTheCloseFactorOnTheBookAndPaysThePenalty() {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 4_160))
        // −30%: 1's equity is 100 USD against a maintenance requirement of 105.
        f.setPrice(4_200_000, of: F.btc)
        #expect(!f.summary(1).coversMaintenance)
        let events = liquidationEvents(f.endBlock())
        // Half of 5 lots, rounded up, sold at 416 USD (bound: 420 less 1% = 415.80).
        #expect(
            events == [
                .liquidated(
                    account: f.id(1), market: market, size: -3_000_000, notional: Amount(124_800),
                    penalty: Amount(1_248))
            ])
        #expect(f.position(1, market) == Position(size: 2_000_000, cash: -120_000, realized: -55_200))
        #expect(f.claim(1, F.usd) == 100_000 - 55_200 - 1_248)
        #expect(fundClaim(f) == 1_248)
        #expect(f.summary(1).coversMaintenance)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func aLiquidationNeverExecutesBeyondThePenaltyFromTheOraclePrice() {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 4_150))  // below 415.80
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        f.setPrice(4_200_000, of: F.btc)
        let events = liquidationEvents(f.endBlock())
        #expect(events.allSatisfy { if case .liquidated = $0 { false } else { true } })
        // The fund took the position over at the oracle price.
        #expect(events.contains(.takenOver(account: f.id(1), market: market, size: 5_000_000, price: 4_200_000)))
        #expect(f.position(3, market) == nil)
        #expect(f.state.derivatives.margin.accounts[fund]?.positions[market]?.size == 5_000_000)
        f.checkInvariants()
    }

    @Test func theInsuranceFundTakesWhatTheBookCannotAbsorbAtTheBankruptcyPrice() {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        // 1 is bankrupt by 100 USD at 38,000.
        f.setPrice(3_800_000, of: F.btc)
        #expect(f.summary(1).equity == -10_000)
        let events = liquidationEvents(f.endBlock())
        #expect(
            events == [
                .takenOver(account: f.id(1), market: market, size: 5_000_000, price: 3_800_000),
                .deficitCovered(account: f.id(1), asset: F.usd, amount: Amount(10_000)),
            ])
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        #expect(fundClaim(f) == 40_000)
        #expect(
            f.state.derivatives.margin.accounts[fund]?.positions[market] == Position(size: 5_000_000, cash: -190_000))
        #expect(f.perpetualTotals(market).size == 0)
        f.checkInvariants()
    }

    @Test func anExhaustedFundDeleveragesTheMostProfitableOppositePosition() {
        var (f, market) = PerpetualTests.opened()
        f.setPrice(3_800_000, of: F.btc)
        let events = liquidationEvents(f.endBlock())
        #expect(
            events == [
                .deleveraged(
                    account: f.id(1), counterparty: f.id(2), market: market, size: 5_000_000, loss: Amount(10_000))
            ])
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        // 2's short closed at 380 USD against 600: +1,100 USD, less the 100 USD deficit.
        #expect(f.position(2, market) == nil)
        #expect(f.claim(2, F.usd) == 200_000)
        #expect(f.state.derivatives.margin.perpetuals[market]?.openInterest == 0)
        f.checkInvariants()
    }

    @Test func collateralIsSoldToTheFundAtTheDiscountedOraclePrice() {
        var f = F()
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(5, .deposit(asset: F.btc, amount: Amount(1_000_000)))
        // 5 owes 500 USD (to 4): equity 480 − 500 < 0.
        f.state.updateMarginAccount(f.id(5)) { $0.addClaim(-50_000, F.usd) }
        f.state.updateMarginAccount(f.id(4)) { $0.addClaim(50_000, F.usd) }
        f.checkInvariants()
        let events = liquidationEvents(f.endBlock())
        #expect(
            events == [
                .collateralSeized(account: f.id(5), asset: F.btc, amount: Amount(841_751), proceeds: Amount(50_000))
            ])
        #expect(f.claim(5, F.usd) == 0)
        #expect(f.claim(5, F.btc) == 158_249)
        #expect(fundClaim(f) == -50_000)
        #expect(f.state.derivatives.margin.accounts[fund]?.claim(F.btc) == 841_751)
        f.checkInvariants()
    }

    @Test func aDeficitNobodyCanCoverIsRecordedAsBadDebt() {
        var f = F()
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(0, .fundInsurance(amount: Amount(2_000)))
        f.state.updateMarginAccount(f.id(5)) { $0.addClaim(-5_000, F.usd) }
        f.state.updateMarginAccount(f.id(4)) { $0.addClaim(5_000, F.usd) }
        let events = liquidationEvents(f.endBlock())
        #expect(
            events == [
                .deficitCovered(account: f.id(5), asset: F.usd, amount: Amount(2_000)),
                .badDebt(account: f.id(5), asset: F.usd, amount: Amount(3_000)),
            ])
        #expect(f.state.derivatives.margin.badDebt[F.usd] == Amount(3_000))
        #expect(f.state.derivatives.margin.accounts[f.id(5)] == nil)
        f.checkInvariants()
    }

    @Test func aCrashLeavesNoAccountUnderMaintenanceAndConservesEverything() {
        var f = F(accountCount: 12)
        let market = f.createPerpetual()
        f.expectOK(0, .fundInsurance(amount: Amount(20_000)))
        for account in 1..<12 { f.expectOK(account, .deposit(asset: F.usd, amount: Amount(UInt128(20_000 * account)))) }
        // Longs 1…5 buy from shorts 6…10 at increasing leverage; 11 bids below the market.
        for account in 1...5 {
            f.expectOK(account + 5, f.perpOrder(market, .ask, Int64(account * 2), at: 6_000))
            f.expectOK(account, f.perpOrder(market, .bid, Int64(account * 2), at: 6_000))
        }
        f.expectOK(11, f.perpOrder(market, .bid, 4, at: 4_400))
        let before = f.perpetualTotals(market)
        f.setPrice(4_200_000, of: F.btc)
        let events = f.endBlock()
        #expect(events.contains { if case .liquidated = $0 { true } else { false } })
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        let after = f.perpetualTotals(market)
        #expect(after.size == 0)
        // Quote claims plus position cash only move between accounts; bad debt is what left.
        #expect(after.quote == before.quote + Int128(f.state.derivatives.margin.badDebt[F.usd]?.baseUnits ?? 0))
        f.checkInvariants()
    }

    /// Deleveraging can push the counterparty under maintenance; it is liquidated in the same block.
    /// B is short BTC-PERP against A and long ETH-PERP with just its initial margin; BTC and ETH
    /// crash together. A is bankrupt by 100 USD and the fund is empty, so A's long is deleveraged
    /// against B's short; the 100 USD B bears takes it from 215 USD of equity (above its 213.50
    /// maintenance) to 115 (below the 118.50 its ETH long alone needs), and the same block hands
    /// B's ETH long to the fund.
    @Test func anAccountDeleveragingPushesUnderIsLiquidatedInTheSameBlock() {
        var f = F()
        let btcMarket = f.createPerpetual()
        let ethMarket = f.createPerpetual(
            MarginAction.CreatePerpetual(
                base: TestChain.eth, lotSize: Amount(1_000), tickSize: Amount(1), minimumSize: Amount(1_000),
                maximumPriceTicks: 20_000, makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, initialBasisPoints: 1_000,
                maintenanceBasisPoints: 500, fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000,
                impactLots: 2))
        f.setPrice(200_000, of: TestChain.eth)  // 2,000 USD per ETH: 200 ticks a lot of 0.001 ETH
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(69_500)))  // 300 + 395 USD of initial margin
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(2, f.perpOrder(btcMarket, .ask, 5, at: 6_000))
        f.expectOK(1, f.perpOrder(btcMarket, .bid, 5, at: 6_000))
        f.expectOK(3, f.perpOrder(ethMarket, .ask, 1_975, at: 200))
        f.expectOK(2, f.perpOrder(ethMarket, .bid, 1_975, at: 200))
        f.setPrice(3_800_000, of: F.btc)
        f.setPrice(120_000, of: TestChain.eth)
        #expect(f.summary(1).equity == -10_000)
        #expect(f.summary(2).equity == 21_500)
        #expect(f.summary(2).maintenanceRequirement == 21_350)
        #expect(f.state.accountsUnderMaintenance(among: nil) == [f.id(1)])
        let events = liquidationEvents(f.endBlock())
        #expect(
            events == [
                .deleveraged(
                    account: f.id(1), counterparty: f.id(2), market: btcMarket, size: 5_000_000,
                    loss: Amount(10_000)),
                .takenOver(account: f.id(2), market: ethMarket, size: 1_975_000, price: 120_000),
            ])
        #expect(f.position(2, btcMarket) == nil && f.position(2, ethMarket) == nil)
        // B paid the 1% penalty on 2,370 USD of ETH to the fund and keeps the rest.
        #expect(f.claim(2, F.usd) == 21_500 - 10_000 - 2_370)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    /// A liquidation that empties the book's bids moves the mark down, and the engine values
    /// every account again at the new mark in the same block. 3's bid of 3 lots at 41,000 holds
    /// the mark above the 40,000 oracle; 4, long 5 lots from 60,000 with 1,080 USD, covers its
    /// maintenance at 41,000 (equity 130 against 102.50) but not at 40,000 (80 against 100).
    /// 1 is under at either price; selling 3 of its lots into 3's bid leaves no bids, the mark
    /// falls to the oracle, and the rescan hands 4 to the engine in the same block.
    @Test func aLiquidationThatMovesTheMarkIsFollowedByARescanInTheSameBlock() {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(0, .fundInsurance(amount: Amount(200_000)))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(108_000)))
        f.expectOK(5, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(5, f.perpOrder(market, .ask, 5, at: 6_000))
        f.expectOK(4, f.perpOrder(market, .bid, 5, at: 6_000))
        f.expectOK(3, f.perpOrder(market, .bid, 3, at: 4_100))
        f.setPrice(4_000_000, of: F.btc)
        let perpetual = f.state.derivatives.margin.perpetuals[market]!
        #expect(f.state.markPrice(of: perpetual) == 4_100_000)
        #expect(
            f.summary(4) == MarginSummary(equity: 13_000, initialRequirement: 20_500, maintenanceRequirement: 10_250))
        #expect(f.state.accountsUnderMaintenance(among: nil) == [f.id(1)])
        let events = liquidationEvents(f.endBlock())
        #expect(
            events.first
                == .liquidated(
                    account: f.id(1), market: market, size: -3_000_000, notional: Amount(123_000),
                    penalty: Amount(1_230)))
        #expect(f.state.markPrice(of: perpetual) == 4_000_000)
        let handledFour = events.contains {
            switch $0 {
            case .liquidated(let account, _, _, _, _), .takenOver(let account, _, _, _): account == f.id(4)
            default: false
            }
        }
        #expect(handledFour)
        #expect(f.position(4, market) == nil)
        #expect(f.state.liquidationRecord?.accounts.contains(f.id(4)) == true)
        f.checkInvariants()
    }
}
