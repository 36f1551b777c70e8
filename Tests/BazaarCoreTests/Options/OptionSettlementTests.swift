import Testing

@testable import BazaarCore

@Suite("Option series: expiry and settlement")
struct OptionSettlementTests {
    typealias F = MarginFixture

    /// A series per `spec` on a 1% volatility smile (a mark of little more than intrinsic value,
    /// so that a thinly funded writer may write); accounts 1 (long) and 2 (short) with `margin`
    /// cents each, 2 writes `lots` lots to 1 at `ticks` (cents per 0.01 BTC).
    static func traded(
        _ spec: MarginAction.ListOption = F.callSpec, lots: Int64 = 10, ticks: Int64 = 2_000,
        margin: UInt128 = 1_000_000
    )
        -> (F, MarketID)
    {
        var f = F()
        let series = f.listOption(spec)
        f.setSmile(10_000, expiry: spec.expiryMilliseconds)
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(margin)))
        f.expectOK(2, f.perpOrder(series, .ask, lots, at: ticks))
        f.expectOK(1, f.perpOrder(series, .bid, lots, at: ticks))
        return (f, series)
    }

    @Test func theSettlementPriceIsTheOracleTWAPOverTheWindowBeforeExpiry() throws {
        var (f, series) = Self.traded()
        // 60,000 until 30 s before expiry, then 66,000; the 60 s window weighs them equally. A
        // price after expiry does not count.
        f.setHistory([(120_000, 6_000_000), (30_000, 6_600_000), (-1_000, 9_000_000)])
        let row = try #require(f.state.derivatives.margin.optionSeries[series])
        #expect(f.state.optionSettlementPrice(of: row) == 6_300_000)
    }

    @Test func anInTheMoneyCallPaysTheLongWhatTheShortOwes() throws {
        var (f, series) = Self.traded()
        f.setHistory([(120_000, 6_000_000), (30_000, 6_600_000)])
        let (long, short) = (f.claim(1, F.usd), f.claim(2, F.usd))
        let events = f.endBlockAtExpiry()
        // (63,000 − 60,000) × 0.1 BTC = 300 USD.
        #expect(f.claim(1, F.usd) == long + 30_000)
        #expect(f.claim(2, F.usd) == short - 30_000)
        #expect(f.position(1, series) == nil && f.position(2, series) == nil)
        let row = try #require(f.state.derivatives.margin.optionSeries[series])
        #expect(row.settlement == OptionSettlement(priceQuotePerUnit: 6_300_000, height: f.state.height))
        #expect(row.openInterest == 0)
        #expect(
            events.contains(
                .optionSeriesSettled(market: series, price: 6_300_000, openInterest: 10_000_000, dust: .zero)))
        #expect(
            events.contains(
                .optionPositionSettled(
                    account: f.id(1), market: series, size: 10_000_000, payout: 30_000, pnl: 30_000 - 20_000)))
        #expect(
            events.contains(
                .optionPositionSettled(
                    account: f.id(2), market: series, size: -10_000_000, payout: -30_000, pnl: 20_000 - 30_000)))
        f.checkInvariants()
    }

    @Test func anInTheMoneyPutPaysStrikeMinusSettlement() {
        var (f, series) = Self.traded(F.optionSpec(.put, strike: 7_000_000))
        f.setHistory([(60_000, 6_300_000)])
        let (long, short) = (f.claim(1, F.usd), f.claim(2, F.usd))
        _ = f.endBlockAtExpiry()
        // (70,000 − 63,000) × 0.1 BTC = 700 USD.
        #expect(f.claim(1, F.usd) == long + 70_000)
        #expect(f.claim(2, F.usd) == short - 70_000)
        #expect(f.position(1, series) == nil)
        f.checkInvariants()
    }

    @Test func outOfTheMoneyPositionsCloseAtZero() {
        var (f, series) = Self.traded(F.optionSpec(.call, strike: 7_000_000))
        f.setHistory([(60_000, 6_300_000)])
        let (long, short) = (f.claim(1, F.usd), f.claim(2, F.usd))
        let events = f.endBlockAtExpiry()
        #expect(f.claim(1, F.usd) == long && f.claim(2, F.usd) == short)
        #expect(f.position(1, series) == nil && f.position(2, series) == nil)
        #expect(
            events.contains(
                .optionPositionSettled(account: f.id(1), market: series, size: 10_000_000, payout: 0, pnl: -20_000)))
        f.checkInvariants()
    }

    @Test func settlementConservesEveryAssetAndSendsRoundingDustToTheFund() {
        var (f, series) = Self.traded(lots: 1)
        // A payoff of 3,000.01 USD per BTC on 0.01 BTC: the long receives 30.00, the short pays 30.01.
        f.setHistory([(60_000, 6_300_001)])
        let vault = f.state.derivatives.margin.vault[F.usd]?.amount
        let fund = f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) ?? 0
        let (long, short) = (f.claim(1, F.usd), f.claim(2, F.usd))
        let events = f.endBlockAtExpiry()
        #expect(f.claim(1, F.usd) == long + 3_000)
        #expect(f.claim(2, F.usd) == short - 3_001)
        #expect(f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) == fund + 1)
        #expect(
            events.contains(
                .optionSeriesSettled(market: series, price: 6_300_001, openInterest: 1_000_000, dust: Amount(1))))
        #expect(f.state.derivatives.margin.vault[F.usd]?.amount == vault)
        f.checkInvariants()
    }

    @Test func restingOrdersAreCancelledAndTheSeriesTakesNoMoreOrders() {
        var (f, series) = Self.traded()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(3, f.perpOrder(series, .bid, 3, at: 1_500))
        f.expectOK(2, f.perpOrder(series, .ask, 2, at: 2_500))
        #expect(f.state.markets[series.index].orders.count == 2)
        f.setHistory([(60_000, 6_000_000)])
        // From the expiry time on, before the block ends, the series takes no orders.
        f.state.timeMilliseconds = F.optionExpiry
        f.expectFailure(3, f.perpOrder(series, .bid, 1, at: 1_500), .seriesExpired)
        let events = f.endBlockAtExpiry()
        #expect(f.state.markets[series.index].orders.isEmpty)
        #expect(events.isEmpty == false)
        #expect(f.state.openOrderCount(of: f.id(3)) == 0 && f.state.openOrderCount(of: f.id(2)) == 0)
        #expect(f.state.locked(of: f.id(3), asset: F.usd) == .zero)
        f.expectFailure(3, f.perpOrder(series, .bid, 1, at: 1_500), .seriesExpired)
        f.expectFailure(2, f.perpOrder(series, .ask, 1, at: 1_500), .seriesExpired)
        // Its account's margin no longer reserves anything for them: 3 may withdraw everything.
        f.expectOK(3, .withdraw(asset: F.usd, amount: Amount(1_000_000)))
        f.checkInvariants()
    }

    @Test func aShortThatCannotPayGoesThroughTheFundThenBadDebt() {
        // The writer has 1,000 USD and receives 200 of premium; BTC settles at 90,000, so it owes
        // (90,000 − 60,000) × 0.1 = 3,000 USD: 1,800 more than it has.
        var (f, series) = Self.traded(margin: 100_000)
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        f.setHistory([(60_000, 9_000_000)])
        f.setPrice(9_000_000, of: F.btc)
        let long = f.claim(1, F.usd)
        let events = f.endBlockAtExpiry()
        #expect(f.claim(1, F.usd) == long + 300_000)
        // The fund held its 50,000 and the long's 100 of fee.
        #expect(events.contains(.deficitCovered(account: f.id(2), asset: F.usd, amount: Amount(50_100))))
        #expect(events.contains(.badDebt(account: f.id(2), asset: F.usd, amount: Amount(129_900))))
        #expect(f.claim(2, F.usd) == 0)
        #expect(f.state.derivatives.margin.badDebt[F.usd] == Amount(129_900))
        #expect(f.position(2, series) == nil)
        f.checkInvariants()
    }

    @Test func aShortThatCannotPayIsCoveredByTheFundWhenItCan() {
        var (f, _) = Self.traded(margin: 100_000)
        f.expectOK(0, .fundInsurance(amount: Amount(500_000)))
        f.setHistory([(60_000, 9_000_000)])
        f.setPrice(9_000_000, of: F.btc)
        let events = f.endBlockAtExpiry()
        #expect(events.contains(.deficitCovered(account: f.id(2), asset: F.usd, amount: Amount(180_000))))
        #expect(!events.contains { if case .badDebt = $0 { true } else { false } })
        #expect(f.state.derivatives.margin.badDebt[F.usd] == nil)
        let fund: Int128 = 500_100 - 180_000
        #expect(f.state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) == fund)
        f.checkInvariants()
    }

    @Test func aSeriesWithoutAPriceBeforeExpiryWaits() throws {
        var (f, series) = Self.traded()
        f.setHistory([(-1_000, 6_300_000)])
        _ = f.endBlockAtExpiry()
        #expect(f.state.derivatives.margin.optionSeries[series]?.settlement == nil)
        #expect(f.position(1, series) != nil)
        f.expectFailure(1, f.perpOrder(series, .ask, 1, at: 1_500), .seriesExpired)
    }
}

@Suite("Option series: encoding")
struct OptionEncodingTests {
    typealias F = MarginFixture

    @Test func seriesActionsEventsAndSettledStateRoundTrip() throws {
        var (f, series) = OptionSettlementTests.traded()
        f.setHistory([(60_000, 6_300_000)])
        let events = f.endBlockAtExpiry()
        let bytes = f.state.derivatives.margin.canonicalBytes
        let decoded = try MarginState(canonicalBytes: bytes)
        #expect(decoded.canonicalBytes == bytes)
        #expect(decoded.optionSeries.rows == f.state.derivatives.margin.optionSeries.rows)
        #expect(decoded.optionSeries[series]?.settlement != nil)
        let action = MarginAction.listOption(F.optionSpec(.put, strike: 5_500_000))
        #expect(try MarginAction(canonicalBytes: action.canonicalBytes) == action)
        for event in events + [.optionListed(market: series, underlying: F.btc)] {
            #expect(try MarginEvent(canonicalBytes: event.canonicalBytes) == event)
        }
        // A mode byte with both the perpetual and the option flag is no market.
        var market = try #require(f.state.market(series)).market.canonicalBytes
        let modeIndex = market.count - 43  // the terms: u64, u128, u8, u128, u8
        #expect(market[modeIndex] == 0x40)
        market[modeIndex] = 0xc0
        #expect(throws: DecodingError.self) { try Market(canonicalBytes: market) }
    }
}
