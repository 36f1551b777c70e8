import Testing

@testable import BazaarCore

/// Borrowing against cross-margin collateral, through blocks: the oracle (quote USD, BTC reported
/// at 60,000.00 USD by account 1), USD accepted as collateral at full weight and BTC at 80%, and a
/// BTC pool supplied by account 2.
@Suite struct LendingMarginTests {
    static let usd = TestChain.usd
    static let btc = TestChain.btc

    /// USD has 2 decimals and BTC 8 in the test chain: 60,000.00 USD is 6,000,000 cents per BTC.
    static let btcPrice: UInt128 = 6_000_000

    static func margin(_ action: MarginAction) -> Action { .derivatives(.margin(action)) }

    static func chain(staleness: UInt64 = 60_000) -> TestChain {
        var chain = TestChain.withOracle(reporterCount: 1, accountCount: 5, staleness: staleness)
        chain.run(
            0,
            [
                margin(.setCollateralWeight(asset: usd, weightBasisPoints: 10_000)),
                margin(.setCollateralWeight(asset: btc, weightBasisPoints: 8_000)),
                .lending(.configurePool(asset: btc, parameters: LendingPoolParameters())),
                .lending(.configurePool(asset: usd, parameters: LendingPoolParameters())),
            ])
        chain.reportBlock(btc, [(1, btcPrice)])
        chain.run(2, [.lending(.supply(asset: btc, amount: Amount(baseUnits: 1_000_000)))])
        return chain
    }

    @Test func aBorrowLandsInMarginCollateralAndMustBeCoveredByFreeMargin() throws {
        var chain = Self.chain()
        // 100.00 USD of collateral at full weight: borrowing power 100 USD.
        chain.run(3, [Self.margin(.deposit(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        let poolBefore = chain.state.derivatives.lending.pools[Self.btc]!.cash
        // 0.001 BTC = 60.00 USD; it lands in margin at 80%: equity 100 + 48 − 60 = 88.
        let borrowed = chain.run(3, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        #expect(
            borrowed.events.contains(
                .derivatives(
                    .lending(.borrowed(account: chain.id(3), asset: Self.btc, amount: Amount(baseUnits: 100_000))))))
        #expect(
            chain.state.derivatives.lending.pools[Self.btc]!.cash == poolBefore.subtracting(Amount(baseUnits: 100_000)))
        #expect(chain.state.lendingDebts(of: chain.id(3)).map(\.amount) == [Amount(baseUnits: 100_000)])
        #expect(try chain.state.marginSummary(of: chain.id(3)).equity == 8_800)
        // 0.0015 BTC (90 USD) is more than the 88 USD of free margin.
        chain.run(
            3, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 150_000)))], expect: .insufficientMargin)
        // Only a block's interest more: the refused borrow added nothing.
        #expect(chain.state.lendingDebts(of: chain.id(3))[0].amount < Amount(baseUnits: 100_100))
        // Debt counts: interest accrues every block, and equity falls with it.
        let equity = try chain.state.marginSummary(of: chain.id(3)).equity
        for _ in 0..<5 { chain.executeBlock([]) }
        let debt = chain.state.lendingDebts(of: chain.id(3))[0].amount
        #expect(debt > Amount(baseUnits: 100_000))
        #expect(try chain.state.marginSummary(of: chain.id(3)).equity <= equity)
        // Repaying from margin takes the borrowed BTC back out of collateral.
        chain.run(3, [.lending(.repay(asset: Self.btc, amount: Amount(baseUnits: 40_000), fromMargin: true))])
        #expect(chain.state.lendingDebts(of: chain.id(3))[0].amount <= debt.subtracting(Amount(baseUnits: 39_999))!)
        // The rest from the free balance (the account holds BTC at genesis).
        chain.run(3, [.lending(.repay(asset: Self.btc, amount: nil, fromMargin: false))])
        #expect(chain.state.lendingDebts(of: chain.id(3)).isEmpty)
        #expect(throws: Never.self) { try chain.state.checkFullConservation() }
    }

    /// Borrowed funds stay in margin but never count towards their own borrow: with a full-weight
    /// asset the equity does not move, yet the borrow must fit the free margin before it.
    @Test func borrowedFundsDoNotCountTowardsTheirOwnBorrow() throws {
        var chain = Self.chain()
        chain.run(2, [.lending(.supply(asset: Self.usd, amount: Amount(baseUnits: 500_000)))])
        chain.run(3, [Self.margin(.deposit(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        chain.run(
            3, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 10_001)))], expect: .insufficientMargin)
        chain.run(3, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        #expect(try chain.state.marginSummary(of: chain.id(3)).equity == 10_000)
    }

    @Test func repayingFromMarginNeedsTheCollateral() {
        var chain = Self.chain()
        chain.run(3, [Self.margin(.deposit(asset: Self.usd, amount: Amount(baseUnits: 10_000)))])
        chain.run(3, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        chain.run(3, [Self.margin(.withdraw(asset: Self.btc, amount: Amount(baseUnits: 100_000)))])
        #expect(chain.state.derivatives.margin.accounts[chain.id(3)]?.claim(Self.btc) ?? 0 == 0)
        chain.run(
            3, [.lending(.repay(asset: Self.btc, amount: nil, fromMargin: true))], expect: .insufficientBalance)
    }

    /// Borrowing USD (never stale) against BTC collateral whose price went stale is refused.
    @Test func aStaleCollateralPriceRefusesBorrowing() {
        var chain = Self.chain(staleness: 3_000)
        chain.run(2, [.lending(.supply(asset: Self.usd, amount: Amount(baseUnits: 500_000)))])
        chain.run(3, [Self.margin(.deposit(asset: Self.btc, amount: Amount(baseUnits: 1_000_000)))])
        for _ in 0..<3 { chain.executeBlock([]) }
        #expect(chain.oraclePrice(Self.btc)?.isStale == true)
        chain.run(3, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 1_000)))], expect: .stalePrice)
        chain.reportBlock(Self.btc, [(1, Self.btcPrice)])
        chain.run(3, [.lending(.borrow(asset: Self.usd, amount: Amount(baseUnits: 1_000)))])
    }

    @Test func borrowingWithoutCollateralIsRefused() {
        var chain = Self.chain()
        chain.run(
            4, [.lending(.borrow(asset: Self.btc, amount: Amount(baseUnits: 1_000)))], expect: .insufficientMargin)
        #expect(chain.state.lendingDebts(of: chain.id(4)).isEmpty)
    }
}
