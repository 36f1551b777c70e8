import Testing

@testable import BazaarCore

@Suite("Margin accounts")
struct MarginAccountTests {
    typealias F = MarginFixture

    @Test func depositsCountAtTheirWeightedOracleValue() {
        var f = F()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(500_000)))
        // 0.01 BTC at 60,000 USD = 600.00 USD = 60,000 cents, weighted 80% = 48,000.
        f.expectOK(1, .deposit(asset: F.btc, amount: Amount(1_000_000)))
        #expect(f.state.balance(of: f.id(1), asset: F.usd) == Amount(500_000))
        #expect(f.claim(1, F.usd) == 500_000)
        #expect(f.claim(1, F.btc) == 1_000_000)
        #expect(f.summary(1) == MarginSummary(equity: 548_000, initialRequirement: 0, maintenanceRequirement: 0))
        f.setPrice(3_000_000, of: F.btc)
        #expect(f.summary(1).equity == 524_000)
        f.checkInvariants()
    }

    @Test func withdrawalsReturnCollateralToTheFreeBalance() {
        var f = F()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(500_000)))
        let events = f.expectOK(1, .withdraw(asset: F.usd, amount: Amount(200_000)))
        #expect(events == [.derivatives(.margin(.withdrawn(account: f.id(1), asset: F.usd, amount: Amount(200_000))))])
        #expect(f.claim(1, F.usd) == 300_000)
        #expect(f.state.balance(of: f.id(1), asset: F.usd) == Amount(700_000))
        f.expectOK(1, .withdraw(asset: F.usd, amount: Amount(300_000)))
        #expect(f.state.derivatives.margin.accounts[f.id(1)] == nil)
        #expect(f.state.derivatives.margin.vault[F.usd] == nil)
        f.checkInvariants()
    }

    @Test func badCollateralActionsAreRefusedAndChangeNothing() {
        var f = F()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(1_000)))
        f.expectFailure(1, .deposit(asset: TestChain.eth, amount: Amount(1)), .notCollateral)
        f.expectFailure(1, .deposit(asset: "NOPE", amount: Amount(1)), .unknownAsset)
        f.expectFailure(1, .deposit(asset: F.usd, amount: .zero), .zeroAmount)
        f.expectFailure(1, .deposit(asset: F.usd, amount: Amount(5_000_000)), .insufficientBalance)
        f.expectFailure(1, .withdraw(asset: F.usd, amount: Amount(1_001)), .insufficientCollateral)
        f.expectFailure(1, .withdraw(asset: F.btc, amount: Amount(1)), .insufficientCollateral)
        f.expectFailure(1, .withdraw(asset: F.usd, amount: .zero), .zeroAmount)
        f.expectFailure(1, .withdraw(asset: "NOPE", amount: Amount(1)), .unknownAsset)
        f.expectFailure(1, .setCollateralWeight(asset: F.usd, weightBasisPoints: 5_000), .notMarketAuthority)
        f.expectFailure(0, .setCollateralWeight(asset: F.usd, weightBasisPoints: 10_001), .invalidMarginParameters)
        f.expectFailure(0, .setCollateralWeight(asset: "NOPE", weightBasisPoints: 1), .unknownAsset)
        f.expectFailure(
            1, .setLiquidationSettings(closeFactorBasisPoints: 5_000, penaltyBasisPoints: 100), .notMarketAuthority)
        f.expectFailure(
            0, .setLiquidationSettings(closeFactorBasisPoints: 0, penaltyBasisPoints: 100), .invalidMarginParameters)
        f.expectFailure(
            0, .setLiquidationSettings(closeFactorBasisPoints: 5_000, penaltyBasisPoints: 5_001),
            .invalidMarginParameters)
    }

    @Test func aWithdrawalMustLeaveTheInitialRequirementCovered() {
        var f = F()
        f.expectOK(1, .deposit(asset: F.btc, amount: Amount(1_000_000)))  // weighted 48,000 cents
        // A loss the account owes in USD, as realized PnL would leave it.
        f.state.updateMarginAccount(f.id(1)) { $0.addClaim(-40_000, F.usd) }
        // Equity 8,000; taking 0.002 BTC (weighted 9,600) would leave it negative.
        f.expectFailure(1, .withdraw(asset: F.btc, amount: Amount(200_000)), .insufficientMargin)
        f.expectOK(1, .withdraw(asset: F.btc, amount: Amount(100_000)))  // weighted 4,800
        #expect(f.summary(1).equity == 3_200)
        f.setPrice(F.btcPrice, of: F.btc, isStale: true)
        f.expectFailure(1, .withdraw(asset: F.btc, amount: Amount(1)), .stalePrice)
    }

    @Test func borrowsLandAsCollateralAndRepaymentsLeave() throws {
        var f = F()
        try f.state.creditCollateral(Amount(7_000), asset: F.usd, to: f.id(2))
        #expect(f.claim(2, F.usd) == 7_000)
        #expect(f.state.derivatives.margin.vault[F.usd]?.amount == Amount(7_000))
        #expect(throws: ActionFailure.self) { try f.state.debitCollateral(Amount(7_001), asset: F.usd, from: f.id(2)) }
        try f.state.debitCollateral(Amount(7_000), asset: F.usd, from: f.id(2))
        #expect(f.state.derivatives.margin.accounts[f.id(2)] == nil)
        #expect(throws: ActionFailure.self) { try f.state.creditCollateral(Amount(1), asset: "NOPE", to: f.id(2)) }
    }

    @Test func marginStateRoundTripsThroughItsEncoding() throws {
        var f = F()
        f.expectOK(1, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(1, .deposit(asset: F.btc, amount: Amount(1_000_000)))
        let bytes = f.state.derivatives.margin.canonicalBytes
        let decoded = try MarginState(canonicalBytes: bytes)
        #expect(decoded.canonicalBytes == bytes)
        #expect(decoded.accounts.rows == f.state.derivatives.margin.accounts.rows)
        for action: MarginAction in [
            .deposit(asset: F.usd, amount: Amount(5)), .withdraw(asset: F.btc, amount: Amount(7)),
            .setCollateralWeight(asset: F.usd, weightBasisPoints: 9_000),
            .setLiquidationSettings(closeFactorBasisPoints: 2_500, penaltyBasisPoints: 150),
        ] {
            #expect(try MarginAction(canonicalBytes: action.canonicalBytes) == action)
        }
    }
}
