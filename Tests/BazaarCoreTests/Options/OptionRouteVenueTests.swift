import Testing

@testable import BazaarCore

/// A route swaps assets: an option series' or a perpetual's book, whose fills change margin
/// positions rather than balances, is no route venue even with orders resting.
@Suite struct OptionRouteVenueTests {
    typealias F = MarginFixture

    @Test func marginBooksAreNoRouteVenues() {
        var f = F()
        let perpetual = f.createPerpetual()
        let call = f.listOption()
        f.expectOK(2, .deposit(asset: F.usd, amount: Amount(1_000_000)))
        f.expectOK(2, f.perpOrder(call, .ask, 2, at: 20_000))
        f.expectOK(2, f.perpOrder(perpetual, .ask, 2, at: 6_100))
        #expect(f.state.depth(of: call, levelCountMax: 1)?.asks.isEmpty == false)
        #expect(f.state.bookVenue(call) == nil && f.state.bookVenue(perpetual) == nil)
        #expect(!f.state.bookVenues().contains { $0.market.isMarginMarket })
    }
}
