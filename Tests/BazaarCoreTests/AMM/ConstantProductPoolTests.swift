import Testing

@testable import BazaarCore

@Suite("Constant-product pools in the ledger")
struct ConstantProductPoolTests {
    typealias T = TestChain

    /// A chain with pool 1 = BTC/USD 0.3%, 100,000 BTC units and 200,000 USD units from account 1.
    static func chainWithPool() -> TestChain {
        var chain = TestChain(exchange: true)
        chain.run(1, [T.createPool(T.usd, T.btc), T.add(1, 100_000, 200_000)])
        return chain
    }

    @Test func firstDepositLocksTheMinimumLiquidity() {
        let chain = Self.chainWithPool()
        let pool = chain.pool(1)
        #expect(pool.asset0 == T.btc && pool.asset1 == T.usd)
        #expect(pool.reserve0.baseUnits == 100_000 && pool.reserve1.baseUnits == 200_000)
        #expect(pool.lpSupply == 141_421)  // ⌊√(2·10^10)⌋
        #expect(chain.state.amm.shares(of: chain.id(1), in: 1) == 141_421 - 1000)
        #expect(chain.free(1, T.btc) == 1_000_000 - 100_000)
        #expect(chain.free(1, T.usd) == 1_000_000 - 200_000)
    }

    @Test func laterDepositsKeepTheRatioAndRoundSharesDown() {
        var chain = Self.chainWithPool()
        // 10,000 BTC wants 20,000 USD; 30,000 offered, 20,000 taken.
        chain.run(2, [T.add(1, 10_000, 30_000)])
        #expect(chain.free(2, T.usd) == 1_000_000 - 20_000)
        #expect(chain.state.amm.shares(of: chain.id(2), in: 1) == 14_142)
        // Minimums above what the ratio gives fail.
        chain.expectAMMFailure(.slippageExceeded, from: 2, [T.add(1, 10_000, 30_000, min1: 25_000)])
    }

    @Test func swapsMatchTheFormulaAndNeverShrinkTheProduct() {
        var chain = Self.chainWithPool()
        let before = chain.pool(1)
        let expected = try! ConstantProductMath.amountOut(
            amountIn: 1_000, reserveIn: 200_000, reserveOut: 100_000, feePips: 3000)
        let result = chain.run(2, [T.swap(1, T.usd, 1_000, limit: expected)])
        #expect(
            result.events.contains(
                .amm(
                    .swapped(
                        pool: 1, trader: chain.id(2), assetIn: T.usd, amountIn: Amount(baseUnits: 1_000),
                        assetOut: T.btc, amountOut: Amount(baseUnits: expected), fee: Amount(baseUnits: 3)))))
        #expect(chain.free(2, T.btc) == 1_000_000 + expected)
        var after = chain.pool(1)
        #expect(
            after.reserve0.baseUnits * after.reserve1.baseUnits > before.reserve0.baseUnits * before.reserve1.baseUnits)
        // Exact output: the input rounds up.
        let input = try! ConstantProductMath.amountIn(
            amountOut: 500, reserveIn: after.reserve0.baseUnits, reserveOut: after.reserve1.baseUnits, feePips: 3000)
        chain.expectAMMFailure(.slippageExceeded, from: 2, [T.swap(1, T.btc, 500, exactInput: false, limit: input - 1)])
        chain.run(2, [T.swap(1, T.btc, 500, exactInput: false, limit: input)])
        let previous = after
        after = chain.pool(1)
        #expect(after.reserve0.baseUnits == previous.reserve0.baseUnits + input)
        #expect(after.reserve1.baseUnits == previous.reserve1.baseUnits - 500)
    }

    @Test func removingSharesPaysProRataRoundedDown() {
        var chain = Self.chainWithPool()
        let shares = chain.state.amm.shares(of: chain.id(1), in: 1)
        chain.run(1, [T.remove(1, shares)])
        let pool = chain.pool(1)
        // The locked 1000 shares keep their part forever.
        #expect(pool.lpSupply == 1000)
        #expect(pool.reserve0.baseUnits == 100_000 - (UInt128(shares) * 100_000 / 141_421))
        #expect(pool.reserve0.baseUnits > 0 && pool.reserve1.baseUnits > 0)
        #expect(chain.state.amm.shares.count == 0)
    }

    // MARK: Bad input: one result code each, nothing changes.

    @Test func badInput() {
        var chain = Self.chainWithPool()
        chain.expectAMMFailure(.zeroAmount, from: 2, [T.swap(1, T.usd, 0, limit: 0)])
        chain.expectAMMFailure(.zeroAmount, from: 2, [T.add(1, 0, 100)])
        chain.expectAMMFailure(.zeroAmount, from: 1, [T.remove(1, 0)])
        chain.expectAMMFailure(.slippageExceeded, from: 2, [T.swap(1, T.usd, 1_000, limit: 100_000)])
        chain.expectAMMFailure(
            .insufficientLiquidity, from: 2, [T.swap(1, T.usd, 100_000, exactInput: false, limit: 10_000_000)])
        chain.expectAMMFailure(.insufficientLiquidity, from: 2, [T.swap(1, T.usd, 1, limit: 0)])
        chain.expectAMMFailure(.unknownPool, from: 2, [T.swap(9, T.usd, 1_000, limit: 0)])
        chain.expectAMMFailure(.assetNotInPool, from: 2, [T.swap(1, T.eth, 1_000, limit: 0)])
        chain.expectAMMFailure(.poolExists, from: 2, [T.createPool(T.btc, T.usd)])
        chain.expectAMMFailure(.invalidPool, from: 2, [T.createPool(T.btc, T.usd, fee: 1234)])
        chain.expectAMMFailure(.invalidPool, from: 2, [T.createPool(T.btc, T.btc)])
        chain.expectAMMFailure(.unknownAsset, from: 2, [T.createPool(T.btc, "XYZ")])
        chain.expectAMMFailure(.insufficientShares, from: 2, [T.remove(1, 1)])
        chain.expectAMMFailure(.insufficientBalance, from: 2, [T.swap(1, T.usd, 1_000_001, limit: 0)])
        chain.expectAMMFailure(.wrongPoolKind, from: 2, [T.mint(1, -60, 60, liquidity: 1000)])
        // A later action's failure undoes an earlier successful swap.
        chain.expectAMMFailure(
            .slippageExceeded, at: 1, from: 2,
            [T.swap(1, T.usd, 1_000, limit: 0), T.swap(1, T.usd, 1_000, limit: 100_000)])
    }

    @Test func theFirstDepositMustExceedTheLockedMinimum() {
        var chain = TestChain(exchange: true)
        chain.run(1, [T.createPool(T.usd, T.btc)])
        chain.expectAMMFailure(.insufficientLiquidity, from: 1, [T.add(1, 1_000, 1_000)])
        chain.run(1, [T.add(1, 1_001, 1_001)])
        #expect(chain.state.amm.shares(of: chain.id(1), in: 1) == 1)
    }
}
