import Testing

@testable import BazaarCore

/// Liquidation of option portfolios (docs/OPTIONS.md, "Liquidation of option portfolios").
///
/// Every account put under maintenance here is far under it whatever rule computes the option
/// requirement: a short deep in the money after a 50% rally (or a 30% fall for puts) with a few
/// hundred dollars of equity, or less than nothing, against a liability of thousands.
@Suite("Option liquidation")
struct OptionLiquidationTests {
    typealias F = MarginFixture

    var fund: AccountID { MarginState.insuranceFund }

    func fundClaim(_ f: F) -> Int128 { f.state.derivatives.margin.accounts[fund]?.claim(F.usd) ?? 0 }

    /// The 60,000 call on a 1% smile (its mark little more than intrinsic); account 1 with
    /// `deposit` cents writes `lots` lots at 2,000 USD per BTC to `buyer` (10,000 USD deposited
    /// unless it is the fund), as a fill of the book, whatever the margin rule would ask of an order.
    static func written(deposit: UInt128, buyer: Int? = 2, lots: Int64 = 10) -> (F, MarketID) {
        var f = F()
        let series = f.listOption()
        f.setSmile(10_000)
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(deposit)))
        let buyerID: AccountID
        if let buyer {
            f.expectOK(buyer, .deposit(asset: F.usd, amount: Amount(1_000_000)))
            buyerID = f.id(buyer)
        } else {
            buyerID = MarginState.insuranceFund
        }
        f.state.settlePerpetualFill(
            market: f.state.market(series)!.market, priceTicks: 2_000, lots: lots, buyer: buyerID,
            buyerFeeBasisPoints: 0, seller: f.id(1), sellerFeeBasisPoints: 0)
        return (f, series)
    }

    /// The series' mark now, cents per BTC.
    static func mark(_ f: F, _ series: MarketID) throws -> UInt128 {
        let row = try #require(f.state.derivatives.margin.optionSeries[series])
        return try #require(f.state.optionMark(of: row))
    }

    /// What a position of `size` BTC base units is worth at `mark`, floored (as the engine moves it).
    static func value(_ size: Int128, _ mark: UInt128) -> Int128 {
        MarginMath.signedMulDivFloor(size, mark, 100_000_000)!
    }

    @Test func theBandIsAroundTheSeriesMarkAndLetsCheapOptionsFill() throws {
        let f = F()
        let market = Market(
            id: 9, base: F.btc, quote: F.usd, lotSize: Amount(1_000_000), tickSize: Amount(1),
            minimumSize: Amount(1_000_000), maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 0, mode: .continuous)
        // Mark 30,000 USD: the band is 1% of it (300 USD beats 0.1% of 90,000), per lot of 0.01 BTC.
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .bid, mark: 3_000_000, underlying: 9_000_000, scale: 100_000_000) == 30_300)
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .ask, mark: 3_000_000, underlying: 9_000_000, scale: 100_000_000) == 29_700)
        // A worthless option: a short is bought back at up to 0.1% of the underlying (90 USD), a
        // long is sold at anything (one tick).
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .bid, mark: 0, underlying: 9_000_000, scale: 100_000_000)
                == 90)
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .ask, mark: 0, underlying: 9_000_000, scale: 100_000_000)
                == 1)
        // Inwards: 30,000.50 ± 300.00 USD buys at most 303.00 (per lot: 30,300 cents), sells at least 297.01.
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .bid, mark: 3_000_050, underlying: 9_000_000, scale: 100_000_000) == 30_300)
        #expect(
            f.state.optionLiquidationLimit(
                market: market, side: .ask, mark: 3_000_050, underlying: 9_000_000, scale: 100_000_000) == 29_701)
    }

    @Test func aShortCallIsBoughtBackOnTheBookWithinTheBandAndTheFundTakesTheRest() throws {
        // 1 holds 3,200 USD against 0.1 BTC of 60,000 calls; BTC rallies to 90,000.
        var (f, series) = Self.written(deposit: 300_000)
        f.setPrice(9_000_000, of: F.btc)
        let mark = try Self.mark(f, series)
        #expect(mark > 2_990_000 && mark < 3_010_000)
        #expect(f.summary(1).equity > 0 && !f.summary(1).coversMaintenance)
        // 2 sells back 6 lots 200 USD above the mark (inside the 300 USD band), 4 lots 400 above.
        let ticks = Int64(mark / 100)
        f.expectOK(2, f.perpOrder(series, .ask, 6, at: ticks + 200))
        f.expectOK(2, f.perpOrder(series, .ask, 4, at: ticks + 400))
        let fundBefore = fundClaim(f)
        let events = f.state.runDerivativesEndOfBlock()
        // Every liquidation order is limited at mark + 1% of mark, rounded down to a tick.
        let limit = Int64((mark + mark / 100) / 100)
        var placed: [UInt64] = []
        for case .orderPlaced(series, let order, f.id(1), .bid, let price, _) in events {
            #expect(price == limit)
            placed.append(order)
        }
        #expect(placed.count == 2)
        var fees: Int128 = 0
        for case .trade(series, let price, let lots, _, _, let taker, _, _) in events {
            #expect(placed.contains(taker))
            #expect(price == ticks + 200 && price <= limit)
            fees += Int128((UInt128(price * lots) * 50 + 9_999) / 10_000)
        }
        let margin = events.compactMap { if case .derivatives(.margin(let event)) = $0 { event } else { nil } }
        let first = UInt128(5 * (ticks + 200))
        let second = UInt128(ticks + 200)
        let (a, b) = ((first + 99) / 100, (second + 99) / 100)
        let taken = Self.value(-4_000_000, mark)
        // The take-over's penalty: 1% of the notional at the mark (rounded down), within the equity left.
        let takeOverPenalty = (mark * 4_000_000 / 100_000_000 + 99) / 100
        #expect(
            margin == [
                .liquidated(
                    account: f.id(1), market: series, size: 5_000_000, notional: Amount(first), penalty: Amount(a)),
                .liquidated(
                    account: f.id(1), market: series, size: 1_000_000, notional: Amount(second), penalty: Amount(b)),
                .takenOver(account: f.id(1), market: series, size: -4_000_000, price: mark),
            ])
        #expect(f.position(1, series) == nil)
        #expect(f.position(2, series)?.size == 4_000_000)
        #expect(f.state.derivatives.margin.accounts[fund]?.positions[series]?.size == -4_000_000)
        #expect(f.state.derivatives.margin.optionSeries[series]?.openInterest == 4_000_000)
        #expect(fundClaim(f) == fundBefore + Int128(a + b) + fees - taken + Int128(takeOverPenalty))
        #expect(f.summary(1).equity >= 0)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func withAnEmptyBookTheFundTakesTheShortOverAtTheMarkAndCoversTheDeficit() throws {
        // 1 holds 1,200 USD against a 0.1 BTC call worth about 3,000 USD after the rally.
        var (f, series) = Self.written(deposit: 100_000)
        f.expectOK(0, .fundInsurance(amount: Amount(500_000)))
        f.setPrice(9_000_000, of: F.btc)
        let mark = try Self.mark(f, series)
        #expect(f.summary(1).equity < 0)
        let events = f.endBlock()
        let owed = -Self.value(-10_000_000, mark)
        #expect(
            events == [
                .takenOver(account: f.id(1), market: series, size: -10_000_000, price: mark),
                .deficitCovered(account: f.id(1), asset: F.usd, amount: Amount(UInt128(owed - 120_000))),
            ])
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        // The fund was paid the short's value and spent what 1 lacked of it: +1,200 USD.
        #expect(fundClaim(f) == 620_000)
        #expect(
            f.state.derivatives.margin.accounts[fund]?.positions[series] == Position(size: -10_000_000, cash: owed))
        #expect(f.state.derivatives.margin.optionSeries[series]?.openInterest == 10_000_000)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func anExhaustedFundDeleveragesTheMostProfitableLongsOfTheSeries() throws {
        var f = F()
        let series = f.listOption()
        f.setSmile(10_000)
        let spec = f.state.market(series)!.market
        for index in 1...3 { f.expectOK(index, .deposit(asset: F.usd, amount: Amount(100_000))) }
        // 3 bought 6 lots at 1,000 USD per BTC, 2 bought 4 at 2,000: 3 is the more profitable.
        f.state.settlePerpetualFill(
            market: spec, priceTicks: 1_000, lots: 6, buyer: f.id(3), buyerFeeBasisPoints: 0, seller: f.id(1),
            sellerFeeBasisPoints: 0)
        f.state.settlePerpetualFill(
            market: spec, priceTicks: 2_000, lots: 4, buyer: f.id(2), buyerFeeBasisPoints: 0, seller: f.id(1),
            sellerFeeBasisPoints: 0)
        f.setPrice(9_000_000, of: F.btc)
        let mark = try Self.mark(f, series)
        let (two, three) = (f.claim(2, F.usd), f.claim(3, F.usd))
        let events = f.endBlock()
        let (v3, v2) = (Self.value(-6_000_000, mark), Self.value(-4_000_000, mark))
        let loss = -(114_000 + v3 + v2)
        try #require(loss > 0)
        let share3 = loss * 6 / 10
        #expect(
            events == [
                .deleveraged(
                    account: f.id(1), counterparty: f.id(3), market: series, size: -6_000_000,
                    loss: Amount(UInt128(share3))),
                .deleveraged(
                    account: f.id(1), counterparty: f.id(2), market: series, size: -4_000_000,
                    loss: Amount(UInt128(loss - share3))),
            ])
        // Each long closed at the mark and bore its share of the deficit.
        #expect(f.claim(3, F.usd) == three - v3 - share3)
        #expect(f.claim(2, F.usd) == two - v2 - (loss - share3))
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        #expect(f.position(2, series) == nil && f.position(3, series) == nil)
        #expect(f.state.derivatives.margin.optionSeries[series]?.openInterest == 0)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func aDeficitNothingCoversIsBadDebt() throws {
        // The fund holds the only long (as after an earlier take-over) and its quote claim is
        // 4,000 USD below zero (it bought collateral with it): nobody is left to cover 1.
        var (f, series) = Self.written(deposit: 100_000, buyer: nil)
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.state.updateMarginAccount(fund) { $0.addClaim(-400_000, F.usd) }
        f.state.updateMarginAccount(f.id(4)) { $0.addClaim(400_000, F.usd) }
        f.checkInvariants()
        f.setPrice(9_000_000, of: F.btc)
        let mark = try Self.mark(f, series)
        let events = f.endBlock()
        let owed = -Self.value(-10_000_000, mark)
        let deficit = UInt128(owed - 120_000)
        #expect(
            events == [
                .takenOver(account: f.id(1), market: series, size: -10_000_000, price: mark),
                .badDebt(account: f.id(1), asset: F.usd, amount: Amount(deficit)),
            ])
        #expect(f.state.derivatives.margin.badDebt[F.usd] == Amount(deficit))
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        // The fund's long and the short it took over cancel out.
        #expect(f.state.derivatives.margin.accounts[fund]?.positions[series] == nil)
        #expect(f.state.derivatives.margin.optionSeries[series]?.openInterest == 0)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func anOptionAndPerpetualPortfolioIsLiquidatedInOneBlock() throws {
        var f = F()
        let perpetual = f.createPerpetual()
        let put = f.listOption(F.optionSpec(.put, strike: 6_000_000))
        f.setSmile(10_000)
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(150_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(100_000)))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(4, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(0, .fundInsurance(amount: Amount(300_000)))
        // 1 is long 0.05 BTC-PERP at 60,000 (from 4) and short 0.1 BTC of 60,000 puts (to 2).
        f.state.settlePerpetualFill(
            market: f.state.market(perpetual)!.market, priceTicks: 6_000, lots: 5, buyer: f.id(1),
            buyerFeeBasisPoints: 0, seller: f.id(4), sellerFeeBasisPoints: 0)
        f.state.settlePerpetualFill(
            market: f.state.market(put)!.market, priceTicks: 2_000, lots: 10, buyer: f.id(2), buyerFeeBasisPoints: 0,
            seller: f.id(1), sellerFeeBasisPoints: 0)
        // −30%: the perpetual loses 900 USD, the put owes about 1,800.
        f.setPrice(4_200_000, of: F.btc)
        #expect(f.summary(1).equity < 0)
        let putTicks = Int64(try Self.mark(f, put) / 100)
        f.expectOK(3, f.perpOrder(perpetual, .bid, 5, at: 4_180))
        f.expectOK(2, f.perpOrder(put, .ask, 10, at: putTicks + 100))
        let events = f.endBlock()
        let closes = events.compactMap { event -> (MarketID, Int128)? in
            if case .liquidated(f.id(1), let market, let size, _, _) = event { (market, size) } else { nil }
        }
        // The close factor of both positions, then the rest of both: the hedge stays balanced.
        #expect(closes.map(\.0) == [perpetual, put, perpetual, put])
        #expect(closes.map(\.1) == [-3_000_000, 5_000_000, -2_000_000, 5_000_000])
        #expect(events.last.map { if case .deficitCovered(f.id(1), F.usd, _) = $0 { true } else { false } } == true)
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        #expect(f.state.derivatives.margin.perpetuals[perpetual]?.openInterest == 5_000_000)
        #expect(f.position(3, perpetual)?.size == 5_000_000)
        #expect(f.state.derivatives.margin.optionSeries[put]?.openInterest == 0)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }

    @Test func theInvariantCatchesOpenInterestThatDisagreesWithTheLongs() {
        var (f, series) = Self.written(deposit: 300_000)
        f.checkInvariants()
        f.state.derivatives.margin.optionSeries.update(series) { $0.openInterest += 1 }
        #expect(throws: InvariantViolation.self) { try f.state.derivatives.margin.checkInvariants(in: f.state) }
    }

    @Test func theStormBenchmarkHandlesEveryAccountInTheStormBlock() {
        var workload = OptionStormBenchmark.prepare(accountCount: 12)
        #expect(workload.underMaintenanceBefore == 0)
        #expect(workload.underMaintenanceAtStorm == 12)
        workload.application.checksFullInvariantsEveryBlock = true
        let finalized = workload.application.finalizeBlock(workload.block, verified: workload.verified)
        _ = workload.application.commit()
        #expect(finalized.results.map(\.code) == [.ok])
        let state = workload.application.state
        // The oracle aggregated the reports: −30% and a 90% smile.
        #expect(state.oraclePrice(of: OptionStormBenchmark.btc)?.quotePerUnit == 4_200_000)
        #expect(OptionStormBenchmark.handledAccounts(state) == 12)
        #expect(state.accountsUnderMaintenance(among: nil).isEmpty)
        // Every put and perpetual position of the accounts was closed on the maker's liquidity.
        let liquidated = finalized.endBlockEvents.filter {
            if case .derivatives(.margin(.liquidated)) = $0 { true } else { false }
        }
        #expect(liquidated.count == 12 * 11)
    }
}
