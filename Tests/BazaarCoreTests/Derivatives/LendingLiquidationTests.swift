import Testing

@testable import BazaarCore

/// Liquidations of accounts that borrowed from real lending pools, through blocks (the chain of
/// `LendingMarginTests`: BTC reported by account 1, a BTC pool supplied by account 2). Every block
/// runs the oracle, lending accrual and the liquidation engine as a node would.
@Suite struct LendingLiquidationTests {
    typealias L = LendingMarginTests
    static let usd = TestChain.usd
    static let btc = TestChain.btc
    static let fund = MarginState.insuranceFund

    /// The chain with 5,000 USD supplied to the USD pool too.
    static func chain() -> TestChain {
        var chain = L.chain()
        chain.run(2, [.lending(.supply(asset: usd, amount: Amount(baseUnits: 500_000)))])
        return chain
    }

    static func events(_ block: FinalizedBlock) -> [DerivativesEvent] {
        block.endBlockEvents.compactMap { if case .derivatives(let event) = $0 { event } else { nil } }
    }

    static func expectSolventAndConserved(_ chain: TestChain, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(chain.state.accountsUnderMaintenance(among: nil).isEmpty, sourceLocation: sourceLocation)
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try chain.state.checkFullConservation() }
    }

    /// A USD loan against BTC collateral, and BTC falls 1/6: the fund takes the debt over in
    /// exchange for BTC at the oracle price less the penalty, then repays the pool from its USD.
    @Test func aFallingCollateralPriceHandsTheLoanAndSomeCollateralToTheFund() {
        var chain = Self.chain()
        chain.run(0, [L.margin(.fundInsurance(amount: Amount(baseUnits: 100_000)))])
        // 0.01 BTC (600 USD at 80%: 480 USD of borrowing power); 450 USD borrowed and withdrawn.
        chain.run(3, [L.margin(.deposit(asset: Self.btc, amount: Amount(baseUnits: 1_000_000)))])
        chain.run(3, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 45_000)))])
        chain.run(3, [L.margin(.withdraw(asset: Self.usd, amount: Amount(baseUnits: 45_000)))])
        let cashBefore = chain.state.derivatives.lending.pools[Self.usd]!.cash.baseUnits
        // At 50,000: 400 USD of weighted collateral against 450 USD of debt.
        let block = chain.reportBlock(Self.btc, [(1, 5_000_000)])
        var takenOver: UInt128 = 0
        var seized: UInt128 = 0
        var fundRepaid: UInt128 = 0
        for event in Self.events(block) {
            switch event {
            case .margin(.debtTakenOver(chain.id(3), Self.usd, let amount, let value)):
                #expect(amount == value)
                takenOver += amount.baseUnits
            case .margin(.collateralSeized(chain.id(3), Self.btc, let amount, _)): seized += amount.baseUnits
            case .margin(.debtRepaid(Self.fund, Self.usd, let amount)): fundRepaid += amount.baseUnits
            case .margin(.collateralSeized), .margin(.debtTakenOver), .margin(.deficitCovered), .margin(.badDebt),
                .lending(.writtenOff):
                Issue.record("unexpected \(event)")
            default: continue
            }
        }
        // The whole debt (450 USD and a few blocks' interest), both passes of the close factor.
        #expect(takenOver > 45_000 && takenOver < 45_010)
        #expect(chain.state.lendingDebts(of: chain.id(3)).isEmpty)
        // 450 USD of BTC at 49,500 (the penalty is 1%): 909,091 units, give or take rounding.
        #expect(seized >= 909_090 && seized <= 909_300)
        #expect(chain.state.derivatives.margin.accounts[chain.id(3)]?.claim(Self.btc) == Int128(1_000_000 - seized))
        #expect(chain.state.derivatives.margin.accounts[Self.fund]?.claim(Self.btc) == Int128(seized))
        // The fund repaid all of it from its 1,000 USD: the pool got its cash back. (Taken over in
        // two parts, each rounded up, the account paid at most a unit more than the fund owed.)
        #expect(fundRepaid == takenOver || fundRepaid + 1 == takenOver)
        #expect(chain.state.lendingDebts(of: Self.fund).isEmpty)
        #expect(chain.state.derivatives.lending.pools[Self.usd]!.cash.baseUnits == cashBefore + fundRepaid)
        #expect(chain.state.derivatives.margin.accounts[Self.fund]?.claim(Self.usd) == Int128(100_000 - fundRepaid))
        #expect(chain.state.derivatives.lending.pools[Self.usd]!.writtenOff == .zero)
        Self.expectSolventAndConserved(chain)
    }

    /// A BTC loan against USD only, then BTC doubles: the account holds no BTC to repay with and
    /// the fund, which holds none either, takes the debt over for as much as the account's USD
    /// pays; what nobody can pay is written off in the BTC pool, and the account ends empty.
    /// When the fund later buys BTC in another liquidation, it repays the debt it took over.
    @Test func aLoanInAnAssetNobodyHoldsIsTakenOverThenWrittenOff() {
        var chain = Self.chain()
        // 100 USD of collateral; 0.001 BTC (60 USD) borrowed and withdrawn: equity 40 USD.
        chain.run(3, [L.margin(.deposit(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        chain.run(3, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        chain.run(3, [L.margin(.withdraw(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        let debt = chain.state.lendingDebts(of: chain.id(3))[0].amount.baseUnits
        let suppliedBefore = chain.state.accruedLendingPool(Self.btc)!.supplierAssets
        // BTC doubles: the debt is worth 120 USD against 100 USD of collateral.
        let block = chain.reportBlock(Self.btc, [(1, 12_000_000)])
        let events = Self.events(block)
        var takenOver: UInt128 = 0
        var paid: UInt128 = 0
        var written: UInt128 = 0
        for event in events {
            switch event {
            case .margin(.debtTakenOver(chain.id(3), Self.btc, let amount, let value)):
                takenOver += amount.baseUnits
                paid += value.baseUnits
            case .lending(.writtenOff(chain.id(3), Self.btc, let amount)): written += amount.baseUnits
            default: continue
            }
        }
        // All 100 USD paid for 100 / 120,000 BTC: 83,333 units less the rounding of two parts (each
        // rounded against the account); the rest of the debt written off.
        #expect(paid == 10_000)
        #expect(takenOver >= 83_300 && takenOver <= 83_333)
        #expect(written > 0)
        #expect(takenOver + written >= debt)
        #expect(chain.state.lendingDebts(of: chain.id(3)).isEmpty)
        #expect(chain.state.derivatives.margin.accounts[chain.id(3)] == nil)
        let pool = chain.state.derivatives.lending.pools[Self.btc]!
        #expect(pool.writtenOff.baseUnits == written)
        // The reserves (a block's interest) absorbed what they could; the suppliers bore the rest.
        #expect(chain.state.accruedLendingPool(Self.btc)!.supplierAssets < suppliedBefore)
        #expect(chain.state.derivatives.margin.accounts[Self.fund]?.claim(Self.usd) == 10_000)
        let fundDebt = chain.state.lendingDebts(of: Self.fund)
        #expect(fundDebt.map(\.asset) == [Self.btc])
        Self.expectSolventAndConserved(chain)

        // Account 4 borrows USD against BTC at 120,000, then BTC falls back to 60,000: the fund
        // buys 4's BTC and repays its BTC debt with it in the same block.
        chain.run(4, [L.margin(.deposit(asset: Self.btc, amount: Amount(baseUnits: 1_000_000)))])
        chain.run(4, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 90_000)))])
        chain.run(4, [L.margin(.withdraw(asset: Self.usd, amount: Amount(baseUnits: 90_000)))])
        let fundDebtBefore = chain.state.lendingDebts(of: Self.fund)[0].amount
        let crash = Self.events(chain.reportBlock(Self.btc, [(1, 6_000_000)]))
        let repaid = crash.compactMap { event -> Amount? in
            if case .margin(.debtRepaid(Self.fund, Self.btc, let amount)) = event { amount } else { nil }
        }
        #expect(repaid.count == 1 && repaid[0] >= fundDebtBefore)
        #expect(!chain.state.lendingDebts(of: Self.fund).contains { $0.asset == Self.btc })
        #expect(chain.state.lendingDebts(of: chain.id(4)).isEmpty)
        Self.expectSolventAndConserved(chain)
    }

    /// A write-off larger than the reserves: the reserves go to zero first and the suppliers'
    /// assets fall by exactly the rest.
    @Test func aWriteOffTakesTheReservesFirstThenTheSuppliers() {
        var chain = Self.chain()
        chain.run(3, [L.margin(.deposit(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        chain.run(3, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        chain.run(3, [L.margin(.withdraw(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        // A year of interest later, the reserves hold their share of it.
        var state = chain.state
        state.timeMilliseconds += 365 * 86_400_000
        var pool = state.accruedLendingPool(Self.btc)!
        let scaled = state.derivatives.lending.position(of: chain.id(3), asset: Self.btc).scaledDebt
        let before = pool.supplierAssets
        let reserves = pool.reserves
        #expect(reserves > .zero)
        let written = state.writeOffDebt(of: chain.id(3), asset: Self.btc)
        #expect(written == pool.debt(scaledDebt: scaled))
        #expect(written > reserves)
        pool = state.derivatives.lending.pools[Self.btc]!
        #expect(pool.reserves == .zero)
        #expect(pool.writtenOff == written)
        #expect(pool.totalScaledDebt == 0)
        // Within the rounding of the pool's total (one unit): suppliers lost the debt less the reserves.
        let lost = before.baseUnits - pool.supplierAssets.baseUnits
        #expect(lost + reserves.baseUnits + 1 >= written.baseUnits && lost + reserves.baseUnits <= written.baseUnits)
        #expect(throws: Never.self) { try state.checkFullConservation() }
    }
}
