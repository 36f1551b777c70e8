import Testing

@testable import BazaarCore

/// The pool bound (`LendingPool.assetsMax`): cash plus the total debt stays within 2¹²⁷ − 1
/// base units, so that every figure derived from a pool fits in 128 bits without a fallback.
@Suite("Lending pool bound")
struct LendingPoolBoundTests {
    static let usd = TestChain.usd

    /// A pool with 800,000 lent out whose cash is raised to leave `headroom` under the bound.
    static func nearTheBound(headroom: UInt128) throws -> LendingFixture {
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 800_000)
        var pool = fixture.pool
        let owed = FixedPoint.mulDiv(pool.totalScaledDebt, pool.borrowIndex, FixedPoint.one, .up)!
        pool.cash = Amount(baseUnits: LendingPool.assetsMax - owed - headroom)
        fixture.state.derivatives.lending.pools.write(pool, for: usd)
        return fixture
    }

    @Test func aSupplyPastTheBoundIsRefused() throws {
        var fixture = try Self.nearTheBound(headroom: 5)
        #expect(fixture.code(3, .supply(asset: Self.usd, amount: Amount(baseUnits: 6))) == .amountOverflow)
        // Up to the bound it is not an overflow (here too small to mint a share of so large a pool).
        #expect(fixture.code(3, .supply(asset: Self.usd, amount: Amount(baseUnits: 5))) == .zeroAmount)
        #expect(
            fixture.pool.isWithinBound(
                cash: fixture.pool.cash, totalScaledDebt: fixture.pool.totalScaledDebt,
                borrowIndex: fixture.pool.borrowIndex))
    }

    @Test func aBorrowPastTheBoundIsRefused() throws {
        // A borrow moves cash into debt one for one plus the rounding of its scaled debt (up,
        // in the pool's favour). With no headroom, a borrow whose rounding adds a unit passes
        // the bound; after a year of interest the index is not one and such borrows exist.
        var fixture = try LendingFixture()
        try fixture.apply(1, .supply(asset: Self.usd, amount: Amount(baseUnits: 1_000_000)))
        fixture.borrowWithoutMargin(2, 800_000)
        fixture.advance(365 * 86_400_000)
        var pool = fixture.pool
        #expect(pool.borrowIndex > FixedPoint.one)
        let owed = FixedPoint.mulDiv(pool.totalScaledDebt, pool.borrowIndex, FixedPoint.one, .up)!
        pool.cash = Amount(baseUnits: LendingPool.assetsMax - owed)
        #expect(
            pool.isWithinBound(cash: pool.cash, totalScaledDebt: pool.totalScaledDebt, borrowIndex: pool.borrowIndex))
        let index = pool.borrowIndex
        let total = pool.totalScaledDebt
        let rounded = try #require(
            (UInt128(1)...1_000).first { amount in
                let scaled = FixedPoint.mulDiv(amount, FixedPoint.one, index, .up)!
                return FixedPoint.mulDiv(total + scaled, index, FixedPoint.one, .up)! - owed > amount
            })
        fixture.state.derivatives.lending.pools.write(pool, for: Self.usd)
        fixture.state.derivatives.oracle.quoteAsset = Self.usd
        // 3 has no margin at all: the bound is checked before the margin.
        #expect(fixture.code(3, .borrow(asset: Self.usd, amount: Amount(baseUnits: rounded))) == .amountOverflow)
    }

    @Test func interestStopsAtTheBoundAndEveryFigureStaysExact() throws {
        var fixture = try Self.nearTheBound(headroom: 10)
        let before = fixture.pool
        // A year at 4% would add about 32,000 to the debt: past the bound, so nothing accrues.
        fixture.advance(365 * 86_400_000)
        let pool = fixture.pool
        #expect(pool.borrowIndex == before.borrowIndex)
        #expect(pool.reserves == before.reserves)
        #expect(pool.lastAccrualMilliseconds == fixture.state.timeMilliseconds)
        // What the pool reports is exact, not a saturated constant.
        let (total, overflow) = pool.cash.baseUnits.addingReportingOverflow(pool.borrowed.baseUnits)
        #expect(!overflow)
        #expect(pool.supplierAssets.baseUnits == total - pool.reserves.baseUnits)
        #expect(pool.debt(scaledDebt: pool.totalScaledDebt).baseUnits >= 800_000)
        #expect(fixture.debt(2) == pool.debt(scaledDebt: pool.totalScaledDebt).baseUnits)
        #expect(pool.utilization == FixedPoint.mulDiv(pool.borrowed.baseUnits, FixedPoint.one, total, .down)!)
    }
}
