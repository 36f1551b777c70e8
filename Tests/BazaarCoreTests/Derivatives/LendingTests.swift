import Foundation
import Testing

@testable import BazaarCore

/// A ledger state driven directly (no blocks), so that tests can move time in large steps and put
/// debts in place without the margin module: `borrowWithoutMargin` does what a borrow does but
/// pays the borrowed amount to the free balance instead of margin collateral.
struct LendingFixture {
    var state: LedgerState
    let chain: TestChain
    static let usd = TestChain.usd
    static let curve = LendingPoolParameters(
        baseRateBasisPoints: 0, slope1BasisPoints: 400, slope2BasisPoints: 0, kinkUtilizationBasisPoints: 8_000,
        reserveFactorBasisPoints: 1_000)

    init(parameters: LendingPoolParameters = LendingFixture.curve, accountCount: Int = 4) throws {
        chain = TestChain(accountCount: accountCount, exchange: true)
        state = try chain.genesis.makeState()
        try apply(0, .configurePool(asset: Self.usd, parameters: parameters))
    }

    func id(_ index: Int) -> AccountID { chain.id(index) }

    mutating func apply(_ sender: Int, _ action: LendingAction) throws(ActionFailure) {
        state.beginTransaction()
        do {
            _ = try state.apply(action, sender: id(sender))
            state.commitTransaction()
        } catch {
            state.rollBackTransaction()
            throw error
        }
    }

    /// The result code of `action` (`.ok` when it succeeds).
    mutating func code(_ sender: Int, _ action: LendingAction) -> ResultCode {
        do {
            try apply(sender, action)
            return .ok
        } catch { return error.code }
    }

    mutating func borrowWithoutMargin(_ sender: Int, _ amount: UInt128) {
        var pool = try! state.accruedPool(Self.usd)
        let scaled = FixedPoint.mulDiv(amount, FixedPoint.one, pool.borrowIndex, .up)!
        pool.cash = pool.cash.subtracting(Amount(baseUnits: amount))!
        pool.totalScaledDebt += scaled
        state.derivatives.lending.pools.write(pool, for: Self.usd)
        let key = LendingPositionKey(account: id(sender), asset: Self.usd)
        var position = state.derivatives.lending.positions[key] ?? LendingPosition()
        position.scaledDebt += scaled
        state.derivatives.lending.positions.write(position, for: key)
        state.updateAccount(id(sender)) { $0.credit(Amount(baseUnits: amount), Self.usd) }
    }

    /// Moves time on by `milliseconds` and runs the lending end of block.
    mutating func advance(_ milliseconds: UInt64) {
        state.height += 1
        state.timeMilliseconds += milliseconds
        _ = state.runLendingEndOfBlock()
    }

    var pool: LendingPool { state.derivatives.lending.pools[Self.usd]! }
    func debt(_ account: Int) -> UInt128 {
        state.lendingDebts(of: id(account)).first { $0.asset == Self.usd }?.amount.baseUnits ?? 0
    }
    func supplied(_ account: Int) -> UInt128 {
        state.lendingSupplies(of: id(account)).first { $0.asset == Self.usd }?.amount.baseUnits ?? 0
    }
    func free(_ account: Int) -> UInt128 { state.balance(of: id(account), asset: Self.usd).baseUnits }
}

@Suite struct LendingTests {
    static let usd = TestChain.usd
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil

    @Test func supplyAndWithdrawMoveFundsBetweenBalanceAndPool() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 600_000)))
        try fixture.apply(2, .supply(asset: Self.usd, amount: Amount(baseUnits: 400_000)))
        #expect(fixture.pool.cash == Amount(baseUnits: 1_000_000) && fixture.pool.totalShares == 1_000_000)
        #expect(fixture.free(1) == 400_000 && fixture.supplied(1) == 600_000)
        try fixture.apply(1, .withdraw(asset: Self.usd, amount: Amount(baseUnits: 100_000)))
        #expect(fixture.free(1) == 500_000 && fixture.supplied(1) == 500_000)
        try fixture.apply(1, .withdraw(asset: Self.usd, amount: nil))
        #expect(fixture.free(1) == 1_000_000 && fixture.supplied(1) == 0)
        #expect(fixture.state.derivatives.lending.positions.count == 1)
        try fixture.state.checkFullConservation()
    }

    @Test func theBorrowRateFollowsTheKinkCurve() {
        let curve = LendingPoolParameters(
            baseRateBasisPoints: 200, slope1BasisPoints: 400, slope2BasisPoints: 6_000,
            kinkUtilizationBasisPoints: 8_000, reserveFactorBasisPoints: 1_000)
        let percent = FixedPoint.one / 100
        #expect(curve.borrowRate(utilization: 0) == 2 * percent)
        #expect(curve.borrowRate(utilization: 40 * percent) == 4 * percent)
        #expect(curve.borrowRate(utilization: 80 * percent) == 6 * percent)
        #expect(curve.borrowRate(utilization: 90 * percent) == 36 * percent)
        #expect(curve.borrowRate(utilization: FixedPoint.one) == 66 * percent)
    }

    @Test func interestAccruesEveryBlockAndSuppliersEarnItLessTheReserve() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 800_000)
        #expect(fixture.pool.utilization == FixedPoint.one * 8 / 10)
        // One accrual a day for a year at 4% (the curve is flat above the kink).
        for _ in 0..<365 { fixture.advance(86_400_000) }
        let expected: Double = 800_000 * pow(1.0 + 0.04 / 365.0, 365.0)
        #expect(abs(Double(fixture.debt(2)) - expected) < 2)
        let interest = fixture.pool.borrowed.baseUnits - 800_000
        // The reserve takes 10% of each block's interest, rounded down: at most a unit short per block.
        #expect(abs(Double(fixture.pool.reserves.baseUnits) - Double(interest) / 10) <= 366)
        #expect(fixture.supplied(1) == 1_000_000 + interest - fixture.pool.reserves.baseUnits)
        try fixture.state.checkFullConservation()
        // Repaid in full, every supplier can leave, and the reserve stays in the pool's cash.
        // A deposit too small for one share is refused rather than given away.
        #expect(fixture.code(0, .supply(asset: Self.usd, amount: Amount(baseUnits: 1))) == .zeroAmount)
        try fixture.apply(0, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000)))
        try fixture.apply(2, .repay(asset: Self.usd, amount: nil, fromMargin: false))
        #expect(fixture.debt(2) == 0)
        try fixture.apply(1, .withdraw(asset: Self.usd, amount: nil))
        try fixture.apply(0, .withdraw(asset: Self.usd, amount: nil))
        #expect(fixture.pool.cash >= fixture.pool.reserves && fixture.pool.totalShares == 0)
        try fixture.state.checkFullConservation()
    }

    /// Exact integers, worked by hand: at 80% utilization the rate is 4% a year (0.04 × 10^18 as a
    /// wad). One second grows the index by 0.04 × 1,000 / 31,536,000,000 = 1,268,391,679.35… wei,
    /// rounded up; the borrower's debt of 800,000 × index rounds up to 800,001 while the pool counts
    /// 800,000 as borrowed (rounded down). A day later the index is 1.000109590309626573 (both
    /// roundings up), the debt 800,088, the pool's borrowed 800,087, and the reserve takes 10% of
    /// the 87 units of interest, rounded down: 8.
    @Test func interestAccruesToExactIntegersRoundedAgainstTheBorrower() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 800_000)
        #expect(fixture.pool.borrowRate == 40_000_000_000_000_000)
        fixture.advance(1_000)
        #expect(fixture.pool.borrowIndex == 1_000_000_001_268_391_680)
        #expect(fixture.debt(2) == 800_001)
        #expect(fixture.pool.borrowed == Amount(baseUnits: 800_000))
        #expect(fixture.pool.reserves == .zero)
        fixture.advance(86_400_000)
        #expect(fixture.pool.borrowIndex == 1_000_109_590_309_626_573)
        #expect(fixture.debt(2) == 800_088)
        #expect(fixture.pool.borrowed == Amount(baseUnits: 800_087))
        #expect(fixture.pool.reserves == Amount(baseUnits: 8))
        try fixture.state.checkFullConservation()
    }

    @Test func accrualWithinOneBlockTimeIsIdempotent() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 500_000)
        fixture.advance(1_000)
        let pool = fixture.pool
        #expect(pool.accrued(to: fixture.state.timeMilliseconds).pool == pool)
        #expect(fixture.pool.borrowIndex > FixedPoint.one)
    }

    @Test func repayingTakesAtMostTheDebtAndRoundsInThePoolsFavour() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.advance(1_000)
        fixture.borrowWithoutMargin(2, 500_000)
        fixture.advance(30 * 86_400_000)
        fixture.borrowWithoutMargin(3, 1)
        #expect(fixture.debt(3) >= 1)
        let owed = fixture.debt(2)
        #expect(owed > 500_000)
        try fixture.apply(2, .repay(asset: Self.usd, amount: Amount(baseUnits: 1_000), fromMargin: false))
        #expect(fixture.debt(2) >= owed - 1_000)
        let remaining = fixture.debt(2)
        let before = fixture.free(2)
        try fixture.apply(2, .repay(asset: Self.usd, amount: Amount(baseUnits: 10_000_000_000), fromMargin: false))
        #expect(before - fixture.free(2) == remaining)
        #expect(fixture.debt(2) == 0)
        #expect(fixture.code(2, .repay(asset: Self.usd, amount: nil, fromMargin: false)) == .noDebt)
        // What borrowers owe, each rounded up, covers what the pool counts as lent.
        #expect(UInt128(fixture.debt(3)) >= fixture.pool.borrowed.baseUnits)
        try fixture.state.checkFullConservation()
    }

    @Test func liquidationRepaysThroughTheSeam() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 300_000)
        fixture.advance(86_400_000)
        let debt = fixture.debt(2)
        // The liquidation engine takes the funds from the account first.
        fixture.state.updateAccount(fixture.id(2)) {
            $0.balances[Self.usd] = $0.balance(of: Self.usd).subtracting(Amount(baseUnits: 100_000))
        }
        #expect(
            fixture.state.repayDebt(of: fixture.id(2), asset: Self.usd, amount: Amount(baseUnits: 100_000)).baseUnits
                == 100_000)
        #expect(fixture.debt(2) >= debt - 100_000)
        let rest = fixture.debt(2)
        fixture.state.updateAccount(fixture.id(2)) {
            $0.balances[Self.usd] = $0.balance(of: Self.usd).subtracting(Amount(baseUnits: rest))
        }
        #expect(
            fixture.state.repayDebt(of: fixture.id(2), asset: Self.usd, amount: Amount(baseUnits: rest + 5)).baseUnits
                == rest)
        #expect(fixture.state.lendingDebts(of: fixture.id(2)).isEmpty)
        #expect(fixture.state.repayDebt(of: fixture.id(2), asset: "BTC", amount: Amount(baseUnits: 5)) == .zero)
    }

    /// Random supplies, withdrawals, borrows, repayments and time steps keep conservation and the
    /// pools' own invariants; at the end, once every debt is repaid, every supplier can withdraw
    /// everything and the pool keeps at least its reserve. Seeded.
    @Test(arguments: [1 as UInt64, 2, 3, 20_261_122])
    func randomActivityNeverCreatesValue(seed: UInt64) throws {
        var random = TestRandom(seed: seed)
        var fixture = try LendingFixture(
            parameters: LendingPoolParameters(
                baseRateBasisPoints: 100, slope1BasisPoints: 900, slope2BasisPoints: 30_000,
                kinkUtilizationBasisPoints: 9_000, reserveFactorBasisPoints: 1_500))
        for _ in 0..<(Self.onCI ? 150 : 600) {
            let account = Int.random(in: 1...3, using: &random)
            let amount = Amount(baseUnits: UInt128.random(in: 1...50_000, using: &random))
            switch Int.random(in: 0...5, using: &random) {
            case 0: _ = fixture.code(account, .supply(asset: Self.usd, amount: amount))
            case 1: _ = fixture.code(account, .withdraw(asset: Self.usd, amount: amount))
            case 2:
                if fixture.pool.cash >= amount { fixture.borrowWithoutMargin(account, amount.baseUnits) }
            case 3: _ = fixture.code(account, .repay(asset: Self.usd, amount: amount, fromMargin: false))
            case 4: _ = fixture.code(account, .withdraw(asset: Self.usd, amount: nil))
            default: fixture.advance(UInt64.random(in: 1...20_000_000, using: &random))
            }
            try fixture.state.checkFullConservation()
        }
        // Unwind: each account repays what it can and withdraws what the pool's cash allows.
        for _ in 0..<3 {
            for account in 1...3 {
                _ = fixture.code(account, .repay(asset: Self.usd, amount: nil, fromMargin: false))
                _ = fixture.code(account, .withdraw(asset: Self.usd, amount: nil))
            }
        }
        if (1...3).allSatisfy({ fixture.debt($0) == 0 }) {
            #expect(fixture.pool.totalShares == 0, "seed \(seed)")
            #expect(fixture.pool.cash >= fixture.pool.reserves, "seed \(seed)")
        }
        try fixture.state.checkFullConservation()
    }

    @Test func badLendingActionsAreRefusedWithTheirCodes() throws {
        var fixture = try LendingFixture()
        let usd = Self.usd
        #expect(fixture.code(1, .configurePool(asset: "BTC", parameters: LendingFixture.curve)) == .notMarketAuthority)
        #expect(fixture.code(0, .configurePool(asset: "XYZ", parameters: LendingFixture.curve)) == .unknownAsset)
        for broken in [
            LendingPoolParameters(kinkUtilizationBasisPoints: 0),
            LendingPoolParameters(kinkUtilizationBasisPoints: 10_000),
            LendingPoolParameters(reserveFactorBasisPoints: 10_001),
            LendingPoolParameters(baseRateBasisPoints: 50_000, slope1BasisPoints: 50_000, slope2BasisPoints: 1),
        ] {
            #expect(fixture.code(0, .configurePool(asset: "BTC", parameters: broken)) == .invalidLendingParameters)
        }
        #expect(fixture.code(1, .supply(asset: "BTC", amount: Amount(baseUnits: 1))) == .unknownLendingPool)
        #expect(fixture.code(1, .withdraw(asset: "BTC", amount: nil)) == .unknownLendingPool)
        #expect(fixture.code(1, .borrow(asset: "BTC", amount: Amount(baseUnits: 1))) == .unknownLendingPool)
        #expect(fixture.code(1, .repay(asset: "BTC", amount: nil, fromMargin: false)) == .unknownLendingPool)
        #expect(fixture.code(1, .supply(asset: usd, amount: .zero)) == .zeroAmount)
        #expect(fixture.code(1, .supply(asset: usd, amount: Amount(baseUnits: 1_000_001))) == .insufficientBalance)
        #expect(fixture.code(1, .withdraw(asset: usd, amount: nil)) == .insufficientSupply)
        #expect(fixture.code(1, .supply(asset: usd, amount: Amount(baseUnits: 1_000))) == .ok)
        #expect(fixture.code(1, .withdraw(asset: usd, amount: Amount(baseUnits: 1_001))) == .insufficientSupply)
        #expect(fixture.code(2, .withdraw(asset: usd, amount: Amount(baseUnits: 1))) == .insufficientSupply)
        #expect(fixture.code(1, .withdraw(asset: usd, amount: .zero)) == .zeroAmount)
        #expect(fixture.code(1, .borrow(asset: usd, amount: .zero)) == .zeroAmount)
        #expect(fixture.code(1, .repay(asset: usd, amount: nil, fromMargin: false)) == .noDebt)
        // USD is the oracle's quote asset only once the oracle is configured; before, it has no price.
        #expect(fixture.code(2, .borrow(asset: usd, amount: Amount(baseUnits: 1))) == .stalePrice)
        fixture.state.derivatives.oracle.quoteAsset = usd
        #expect(fixture.code(2, .borrow(asset: usd, amount: Amount(baseUnits: 1_001))) == .insufficientCash)
        fixture.borrowWithoutMargin(2, 900)
        #expect(fixture.code(1, .withdraw(asset: usd, amount: Amount(baseUnits: 500))) == .insufficientCash)
        #expect(fixture.code(2, .repay(asset: usd, amount: .zero, fromMargin: false)) == .zeroAmount)
        let all = fixture.state.balance(of: fixture.id(2), asset: usd)
        fixture.state.updateAccount(fixture.id(2)) { $0.balances[usd] = nil }
        fixture.state.updateAccount(fixture.id(3)) { $0.credit(all, usd) }
        #expect(fixture.code(2, .repay(asset: usd, amount: nil, fromMargin: false)) == .insufficientBalance)
        try fixture.state.checkFullConservation()
    }

    @Test func borrowingAnAssetWhoseOraclePriceIsStaleIsRefused() throws {
        var chain = TestChain.withOracle(reporterCount: 1, accountCount: 4, staleness: 2_000)
        chain.run(0, [.lending(.configurePool(asset: TestChain.btc, parameters: LendingPoolParameters()))])
        chain.run(2, [.lending(.supply(asset: TestChain.btc, amount: Amount(baseUnits: 1_000)))])
        chain.run(3, [.lending(.borrow(asset: TestChain.btc, amount: Amount(baseUnits: 10)))], expect: .stalePrice)
        chain.reportBlock(TestChain.btc, [(1, 100)])
        for _ in 0..<3 { chain.executeBlock([]) }
        #expect(chain.oraclePrice(TestChain.btc)?.isStale == true)
        chain.run(3, [.lending(.borrow(asset: TestChain.btc, amount: Amount(baseUnits: 10)))], expect: .stalePrice)
        // Supplying, withdrawing and repaying reduce risk and go on.
        chain.run(2, [.lending(.withdraw(asset: TestChain.btc, amount: Amount(baseUnits: 10)))])
    }

    @Test func lendingStateAndActionsRoundTrip() throws {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000)))
        fixture.borrowWithoutMargin(2, 100)
        let state = fixture.state.derivatives.lending
        #expect(try LendingState(canonicalBytes: state.canonicalBytes).canonicalBytes == state.canonicalBytes)
        let account = fixture.id(1)
        let actions: [LendingAction] = [
            .configurePool(asset: "USD", parameters: LendingFixture.curve),
            .supply(asset: "USD", amount: Amount(baseUnits: 1)), .withdraw(asset: "USD", amount: nil),
            .borrow(asset: "USD", amount: Amount(baseUnits: 2)), .repay(asset: "USD", amount: nil, fromMargin: true),
        ]
        for action in actions { #expect(try LendingAction(canonicalBytes: action.canonicalBytes) == action) }
        let events: [LendingEvent] = [
            .poolConfigured(authority: account, asset: "USD", parameters: LendingFixture.curve),
            .supplied(account: account, asset: "USD", amount: Amount(baseUnits: 1), shares: 1),
            .withdrawn(account: account, asset: "USD", amount: Amount(baseUnits: 1), shares: 1),
            .borrowed(account: account, asset: "USD", amount: Amount(baseUnits: 1)),
            .repaid(
                account: account, asset: "USD", amount: Amount(baseUnits: 1), remaining: .zero, fromMargin: false),
            .interestAccrued(asset: "USD", interest: Amount(baseUnits: 3), borrowIndex: FixedPoint.one),
        ]
        for event in events { #expect(try LendingEvent(canonicalBytes: event.canonicalBytes) == event) }
    }
}
