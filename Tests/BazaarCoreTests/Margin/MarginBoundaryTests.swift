import Testing

@testable import BazaarCore

/// The margin requirements at their exact boundaries: equity equal to a requirement covers it,
/// one cent less does not. The long of `PerpetualTests.opened()` (0.05 BTC bought at 60,000 with
/// 1,000 USD), with 5 USD more deposited, is worth exactly its maintenance requirement at 42,000:
/// notional 2,100.00 USD, maintenance 5% = 105.00, equity 1,005.00 − 900.00 = 105.00.
@Suite("Margin boundaries")
struct MarginBoundaryTests {
    typealias F = MarginFixture

    static func atMaintenance() -> (F, MarketID) {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(500)))
        return (f, market)
    }

    func liquidations(_ events: [MarginEvent]) -> [MarginEvent] {
        events.filter { if case .funding = $0 { false } else { true } }
    }

    @Test func anAccountExactlyAtItsMaintenanceRequirementIsNotLiquidated() {
        var (f, market) = Self.atMaintenance()
        f.setPrice(4_200_000, of: F.btc)
        #expect(
            f.summary(1) == MarginSummary(equity: 10_500, initialRequirement: 21_000, maintenanceRequirement: 10_500))
        #expect(f.summary(1).coversMaintenance)
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        let position = f.position(1, market)
        #expect(liquidations(f.endBlock()).isEmpty)
        #expect(f.position(1, market) == position)
        f.checkInvariants()
    }

    @Test func oneCentBelowItsMaintenanceRequirementAnAccountIsLiquidated() {
        var (f, market) = Self.atMaintenance()
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        // 20 cents lower per BTC is one cent less on 0.05 BTC; the requirement (rounded up) stays.
        f.setPrice(4_199_980, of: F.btc)
        #expect(
            f.summary(1) == MarginSummary(equity: 10_499, initialRequirement: 21_000, maintenanceRequirement: 10_500))
        #expect(!f.summary(1).coversMaintenance)
        #expect(f.state.accountsUnderMaintenance(among: nil) == [f.id(1)])
        #expect(!liquidations(f.endBlock()).isEmpty)
        #expect(f.position(1, market)?.size != 5_000_000)
        f.checkInvariants()
    }

    @Test func aWithdrawalMayLeaveEquityExactlyAtTheInitialRequirementAndNotOneCentBelow() {
        var (f, _) = PerpetualTests.opened()
        #expect(f.summary(1).initialRequirement == 30_000)
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(70_001)), .insufficientMargin)
        f.expectOK(1, .withdraw(asset: F.usd, amount: Amount(70_000)))
        #expect(f.summary(1).equity == 30_000)
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(1)), .insufficientMargin)
    }

    @Test func theSummaryCoversARequirementFromEqualityOn() {
        let at = MarginSummary(equity: 100, initialRequirement: 100, maintenanceRequirement: 100)
        let below = MarginSummary(equity: 99, initialRequirement: 100, maintenanceRequirement: 100)
        #expect(at.coversInitial && at.coversMaintenance)
        #expect(!below.coversInitial && !below.coversMaintenance)
        let nothingNeeded = MarginSummary(equity: 0, initialRequirement: 0, maintenanceRequirement: 0)
        let negative = MarginSummary(equity: -1, initialRequirement: 0, maintenanceRequirement: 0)
        #expect(nothingNeeded.coversMaintenance && !negative.coversMaintenance && !negative.coversInitial)
    }
}
