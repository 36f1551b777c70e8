import Testing

@testable import BazaarCore

/// Margin figures past 128 bits: a query reports an error, a risk check refuses, and the
/// liquidation engine liquidates the account rather than skip it (docs/MARGIN.md, Overflow).
/// Ether (6 decimals) at 2¹²⁷ cents makes one ether's value overflow Int128.
@Suite("Margin overflow")
struct MarginOverflowTests {
    typealias F = MarginFixture
    static let eth = TestChain.eth
    /// 2¹²⁷ cents per ether: one ether is worth one more than Int128.max.
    static let hugePrice = UInt128(Int128.max) + 1

    /// The fixture with ether accepted at full weight.
    static func withEther(_ f: inout F) {
        f.expectOK(0, .setCollateralWeight(asset: eth, weightBasisPoints: 10_000))
    }

    @Test func aValuationThatDoesNotFitIsAnErrorForQueries() {
        var f = F()
        Self.withEther(&f)
        f.expectOK(1, .deposit(asset: Self.eth, amount: Amount(1_000_000)))
        f.expectOK(2, .deposit(asset: Self.eth, amount: Amount(500_000)))
        f.setPrice(Self.hugePrice, of: Self.eth)
        #expect(throws: MarginValuationError(account: f.id(1))) { try f.state.marginSummary(of: f.id(1)) }
        #expect(throws: MarginValuationError(account: f.id(1))) { try f.state.marginReport(of: f.id(1)) }
        #expect(MarginValuationError(account: f.id(1)).code == .amountOverflow)
        // Half an ether at the same price fits: 2¹²⁶ cents, exactly.
        #expect(f.summary(2).equity == Int128(1) << 126)
    }

    @Test func aRiskCheckRefusesAnAccountItCannotValue() {
        var (f, market) = PerpetualTests.opened()
        Self.withEther(&f)
        f.expectOK(1, .deposit(asset: Self.eth, amount: Amount(1_000_000)))
        f.expectOK(4, .deposit(asset: Self.eth, amount: Amount(1_000_000)))
        f.setPrice(Self.hugePrice, of: Self.eth)
        // 1 holds a position: a withdrawal and a new order need its valuation, which overflows.
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(1)), .amountOverflow)
        f.expectFailure(1, f.perpOrder(market, .bid, 1, at: 6_000), .amountOverflow)
        // 4 holds collateral only: it takes its own back without being valued.
        f.expectOK(4, .withdraw(asset: Self.eth, amount: Amount(1_000_000)))
        f.checkInvariants()
    }

    @Test func theLiquidationScanLiquidatesAnAccountItCannotValueWithoutAPenalty() {
        var (f, market) = PerpetualTests.opened()
        Self.withEther(&f)
        f.expectOK(1, .deposit(asset: Self.eth, amount: Amount(1_000_000)))
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 5_990))
        f.setPrice(Self.hugePrice, of: Self.eth)
        #expect(f.state.accountsUnderMaintenance(among: nil) == [f.id(1)])
        let events = f.endBlock()
        // Steps 2 and 3 on the book (3 lots, then the other 2, at 599 USD a lot: 0.01 BTC at
        // 59,900), no penalty; the take-over and collateral steps, which price a deficit, do not run.
        let liquidated = events.filter { if case .liquidated = $0 { true } else { false } }
        #expect(
            liquidated == [
                .liquidated(
                    account: f.id(1), market: market, size: -3_000_000, notional: Amount(179_700),
                    penalty: .zero),
                .liquidated(
                    account: f.id(1), market: market, size: -2_000_000, notional: Amount(119_800),
                    penalty: .zero),
            ])
        #expect(f.position(1, market) == nil)
        #expect(f.position(3, market)?.size == 5_000_000)
        #expect(f.state.liquidationRecord?.accounts == [f.id(1)])
        // Still not valuable (the ether), still handled: the invariant holds.
        #expect(f.state.accountsUnderMaintenance(among: nil) == [f.id(1)])
        f.checkInvariants()
    }
}

/// The invariant "every margin account is above maintenance or was liquidated in this block"
/// in the full check (`checkMarginMaintenance`).
@Suite("Maintenance invariant")
struct MaintenanceInvariantTests {
    typealias F = MarginFixture

    @Test func theFullCheckCatchesAnAccountTheEngineSkipped() {
        var (f, _) = PerpetualTests.opened()
        // −30%: 1 is under maintenance.
        f.setPrice(4_200_000, of: F.btc)
        // An end of block whose liquidation engine looked at nobody.
        f.state.liquidationRecord = LiquidationRecord(height: f.state.height, accounts: [])
        #expect {
            try f.state.checkFullConservation()
        } throws: { error in
            (error as? InvariantViolation)?.description.contains("\(f.id(1))") == true
        }
        // Handled but not restored (books too thin, say) is what the invariant allows.
        f.state.liquidationRecord = LiquidationRecord(height: f.state.height, accounts: [f.id(1)])
        #expect(throws: Never.self) { try f.state.checkFullConservation() }
        // A record of another block says nothing about this one.
        f.state.liquidationRecord = LiquidationRecord(height: f.state.height + 1, accounts: [])
        #expect(throws: Never.self) { try f.state.checkFullConservation() }
    }

    @Test func theEngineRecordsTheAccountsItLiquidated() {
        var (f, _) = PerpetualTests.opened()
        f.expectOK(0, .fundInsurance(amount: Amount(50_000)))
        f.setPrice(4_200_000, of: F.btc)
        _ = f.endBlock()
        #expect(f.state.liquidationRecord?.height == f.state.height)
        #expect(f.state.liquidationRecord?.accounts == [f.id(1)])
        #expect(f.state.accountsUnderMaintenance(among: nil).isEmpty)
        f.checkInvariants()
    }
}
