import Testing

@testable import BazaarCore

@Suite("Concentrated-liquidity pools in the ledger")
struct ConcentratedPoolLedgerTests {
    typealias T = TestChain

    /// Pool 1 = ETH/USD 0.3% at price 1, account 1's position 1 over [-600, 600) with liquidity 1,000,000.
    static func chainWithPosition() -> TestChain {
        var chain = TestChain(exchange: true)
        chain.run(1, [T.createPool(T.eth, T.usd, sqrtPriceX96: T.q96), T.mint(1, -600, 600, liquidity: 1_000_000)])
        return chain
    }

    @Test func mintingTakesBothAssetsRoundedUp() throws {
        let chain = Self.chainWithPosition()
        let pool = chain.pool(1)
        let sqrtUpper = try TickMath.sqrtRatio(atTick: 600)
        let sqrtLower = try TickMath.sqrtRatio(atTick: -600)
        let amount0 = try SqrtPriceMath.amount0Delta(T.q96, sqrtUpper, liquidity: 1_000_000, roundUp: true)
        let amount1 = try SqrtPriceMath.amount1Delta(sqrtLower, T.q96, liquidity: 1_000_000, roundUp: true)
        #expect(pool.reserve0.baseUnits == amount0.low && pool.reserve1.baseUnits == amount1.low)
        #expect(chain.free(1, T.eth) == 1_000_000 - amount0.low)
        #expect(pool.concentrated?.liquidity == 1_000_000)
        #expect(chain.state.amm.positions[1]?.owner == chain.id(1))
    }

    @Test func swapsCrossTicksAndFeesGoToThePositionsInRange() throws {
        var chain = Self.chainWithPosition()
        // A narrower second position from account 2 adds liquidity near the price.
        chain.run(2, [T.mint(1, -60, 60, liquidity: 5_000_000)])
        let reserveBefore = chain.pool(1).reserve1.baseUnits
        // Selling 20,000 ETH pushes the price below tick -60: the swap crosses the narrow position's lower tick.
        chain.run(3, [T.swap(1, T.eth, 20_000, limit: 1)])
        let engine = try #require(chain.pool(1).concentrated)
        #expect(engine.tick < -60)
        #expect(engine.liquidity == 1_000_000)
        #expect(chain.pool(1).reserve1.baseUnits < reserveBefore)
        // Both positions earned ETH fees; burning and collecting pays them with the liquidity.
        let ethBefore1 = chain.free(1, T.eth)
        chain.run(1, [T.burn(1, liquidity: 1_000_000), .amm(.collect(position: 1))])
        #expect(chain.free(1, T.eth) > ethBefore1)
        #expect(chain.state.amm.positions[1] == nil)
        let ethBefore2 = chain.free(2, T.eth)
        chain.run(2, [T.burn(2, liquidity: 5_000_000), .amm(.collect(position: 2))])
        let earned2 = chain.free(2, T.eth) - ethBefore2
        #expect(earned2 > 0)
        // All liquidity gone; the pool keeps only rounding dust, never less than zero.
        #expect(chain.pool(1).concentrated?.liquidity == 0)
        #expect(chain.state.amm.positions.count == 0)
    }

    @Test func exactOutputSwapsAndTheMaximumInput() throws {
        var chain = Self.chainWithPosition()
        var engine = try #require(chain.pool(1).concentrated)
        let quote = try engine.swap(zeroForOne: false, amount: UInt256(1_000 as UInt128), exactInput: false)
        chain.expectAMMFailure(
            .slippageExceeded, from: 2, [T.swap(1, T.usd, 1_000, exactInput: false, limit: quote.amountIn.low - 1)])
        chain.run(2, [T.swap(1, T.usd, 1_000, exactInput: false, limit: quote.amountIn.low)])
        #expect(chain.free(2, T.eth) == 1_000_000 + 1_000)
        #expect(chain.free(2, T.usd) == 1_000_000 - quote.amountIn.low)
    }

    // MARK: Bad input

    @Test func badInput() {
        var chain = Self.chainWithPosition()
        chain.expectAMMFailure(.tickOutOfRange, from: 2, [T.mint(1, -600, -600, liquidity: 1)])
        chain.expectAMMFailure(.tickOutOfRange, from: 2, [T.mint(1, -600, 601, liquidity: 1)])
        chain.expectAMMFailure(.tickOutOfRange, from: 2, [T.mint(1, -887_280, 600, liquidity: 1)])
        chain.expectAMMFailure(.zeroAmount, from: 2, [T.mint(1, -600, 600, liquidity: 0)])
        chain.expectAMMFailure(.slippageExceeded, from: 2, [T.mint(1, -600, 600, liquidity: 1_000_000, max: 100)])
        chain.expectAMMFailure(.notPositionOwner, from: 2, [T.burn(1, liquidity: 1)])
        chain.expectAMMFailure(.notPositionOwner, from: 2, [.amm(.collect(position: 1))])
        chain.expectAMMFailure(.unknownPosition, from: 2, [T.burn(7, liquidity: 1)])
        chain.expectAMMFailure(.insufficientShares, from: 1, [T.burn(1, liquidity: 1_000_001)])
        chain.expectAMMFailure(.zeroAmount, from: 1, [.amm(.collect(position: 1))])
        // More output than the range holds.
        chain.expectAMMFailure(.insufficientLiquidity, from: 2, [T.swap(1, T.eth, 900_000, limit: 0)])
        chain.expectAMMFailure(.wrongPoolKind, from: 2, [T.add(1, 10, 10)])
        chain.expectAMMFailure(.invalidPool, from: 2, [T.createPool(T.eth, T.btc, sqrtPriceX96: .one)])
    }
}

@Suite("Routes across pools")
struct RouteTests {
    typealias T = TestChain

    /// Pools: 1 = BTC/USD, 2 = BTC/USD at 1% fee, 3 = ETH/BTC, 4 = ETH/USD concentrated.
    static func chainWithPools() -> TestChain {
        var chain = TestChain(exchange: true)
        chain.run(
            1,
            [
                T.createPool(T.btc, T.usd), T.add(1, 100_000, 200_000),
                T.createPool(T.btc, T.usd, fee: 10_000), T.add(2, 50_000, 100_000),
                T.createPool(T.eth, T.btc), T.add(3, 100_000, 100_000),
                T.createPool(T.eth, T.usd, sqrtPriceX96: T.q96 * UInt256(2 as UInt128) / UInt256(1 as UInt128)),
            ])
        return chain
    }

    @Test func aSplitRoutePaysTheSumOfItsLegs() {
        var chain = Self.chainWithPools()
        // Leg 1: 6,000 USD → BTC in pool 1; leg 2: 4,000 USD → BTC in pool 2.
        let out1 = try! ConstantProductMath.amountOut(
            amountIn: 6_000, reserveIn: 200_000, reserveOut: 100_000, feePips: 3000)
        let out2 = try! ConstantProductMath.amountOut(
            amountIn: 4_000, reserveIn: 100_000, reserveOut: 50_000, feePips: 10_000)
        let usd = chain.free(2, T.usd)
        let btc = chain.free(2, T.btc)
        chain.expectAMMFailure(
            .slippageExceeded, from: 2,
            [T.route(T.usd, T.btc, legs: [(6_000, [1]), (4_000, [2])], minimumOut: out1 + out2 + 1)])
        chain.run(2, [T.route(T.usd, T.btc, legs: [(6_000, [1]), (4_000, [2])], minimumOut: out1 + out2)])
        #expect(chain.free(2, T.usd) == usd - 10_000)
        #expect(chain.free(2, T.btc) == btc + out1 + out2)
    }

    @Test func aTwoHopPathGoesThroughTheMiddleAsset() {
        var chain = Self.chainWithPools()
        let btcOut = try! ConstantProductMath.amountOut(
            amountIn: 1_000, reserveIn: 200_000, reserveOut: 100_000, feePips: 3000)
        let ethOut = try! ConstantProductMath.amountOut(
            amountIn: btcOut, reserveIn: 100_000, reserveOut: 100_000, feePips: 3000)
        let eth = chain.free(2, T.eth)
        chain.run(2, [T.route(T.usd, T.eth, legs: [(1_000, [1, 3])], minimumOut: ethOut)])
        #expect(chain.free(2, T.eth) == eth + ethOut)
    }

    @Test func badRoutes() {
        var chain = Self.chainWithPools()
        chain.expectAMMFailure(.invalidRoute, from: 2, [T.route(T.usd, T.btc, legs: [], minimumOut: 0)])
        chain.expectAMMFailure(.invalidRoute, from: 2, [T.route(T.usd, T.eth, legs: [(1_000, [1])], minimumOut: 0)])
        chain.expectAMMFailure(.invalidRoute, from: 2, [T.route(T.usd, T.btc, legs: [(1_000, [3])], minimumOut: 0)])
        chain.expectAMMFailure(.zeroAmount, from: 2, [T.route(T.usd, T.btc, legs: [(0, [1])], minimumOut: 0)])
        chain.expectAMMFailure(.unknownPool, from: 2, [T.route(T.usd, T.btc, legs: [(1_000, [8])], minimumOut: 0)])
        // The concentrated pool has no liquidity.
        chain.expectAMMFailure(
            .insufficientLiquidity, from: 2, [T.route(T.usd, T.eth, legs: [(1_000, [4])], minimumOut: 0)])
    }
}
