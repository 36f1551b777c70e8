import Testing

@testable import BazaarCore

/// Issue 14, part 11: each bad option input, sent as a signed transaction in a block of its own,
/// fails with its own result code, and the state after that block equals the state after an
/// empty block but for the sender's nonce and fee (``MarginFixture/expectTransactionFailure(_:_:_:sourceLocation:)``).
/// A reporter's volatility outside its bounds is checked the same way in `VolatilitySurfaceTests`.
@Suite("Options: bad input changes nothing but the nonce and fee")
struct OptionBadInputTests {
    typealias F = MarginFixture

    static func listing(_ spec: MarginAction.ListOption) -> Action { .derivatives(.margin(.listOption(spec))) }

    @Test func aSeriesOffTheStrikeGridIsRefused() {
        var f = F()
        var spec = F.callSpec
        spec.strike = Amount(6_050_000)
        f.expectTransactionFailure(0, Self.listing(spec), .invalidStrike)
    }

    @Test func aSeriesExpiringBeforeTheBlockIsRefused() {
        var f = F()
        var spec = F.callSpec
        // The next block's time is one interval later: this expiry has passed by then.
        spec.expiryMilliseconds = f.state.timeMilliseconds + TestChain.blockIntervalMilliseconds - 1
        f.expectTransactionFailure(0, Self.listing(spec), .expiryPassed)
    }

    @Test func onlyTheMarketAuthorityListsASeries() {
        var f = F()
        f.expectTransactionFailure(1, Self.listing(F.callSpec), .notMarketAuthority)
    }

    @Test func anOrderOnAnExpiredOrSettledSeriesIsRefused() {
        var f = F()
        let series = f.listOption()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.setHistory([(60_000, F.btcPrice)])
        // The next block's time is the expiry: the order fails there, and that block settles the series.
        f.state.timeMilliseconds = F.optionExpiry - TestChain.blockIntervalMilliseconds
        f.expectTransactionFailure(1, f.perpOrder(series, .bid, 1, at: 2_000), .seriesExpired)
        #expect(f.state.derivatives.margin.optionSeries[series]?.settlement != nil)
        f.expectTransactionFailure(1, f.perpOrder(series, .bid, 1, at: 2_000), .seriesExpired)
    }

    @Test func aPremiumTheBuyerCannotPayIsRefused() {
        var f = F()
        let series = f.listOption()
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, f.perpOrder(series, .ask, 10, at: 2_000))
        // 200 USD of premium and 1 USD of fee against 100 USD.
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(10_000)))
        f.expectTransactionFailure(3, f.perpOrder(series, .bid, 10, at: 2_000), .insufficientPremium)
    }

    @Test func aWriteWithoutMarginIsRefused() {
        var f = F()
        let series = f.listOption()
        // One dollar of margin cannot carry 0.1 BTC of short calls under any rule.
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(100)))
        f.expectTransactionFailure(3, f.perpOrder(series, .ask, 10, at: 2_000), .insufficientMargin)
    }

    @Test func aStaleSurfaceRefusesNewOptionRisk() {
        var f = F()
        let series = f.listOption()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        // A smile last agreed long before this block is stale.
        f.state.derivatives.oracle.volatilitySmiles.write(
            VolatilitySmile(
                volatilities: Array(repeating: 600_000, count: VolatilityParameters.pointCount),
                height: f.state.height, timeMilliseconds: f.state.timeMilliseconds - 3_600_000, reporterCount: 1),
            for: VolatilityKey(asset: F.btc, expiryMilliseconds: F.optionExpiry))
        f.expectTransactionFailure(3, f.perpOrder(series, .bid, 1, at: 2_000), .stalePrice)
    }
}
