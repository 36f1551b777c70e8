import Foundation
import Testing

@testable import BazaarCore

@Suite(
    "Concentrated-liquidity pools against Uniswap v3's pool swap snapshot",
    .enabled(if: Vectors.available, "../shared/vectors is absent"))
struct ConcentratedPoolVectorTests {
    private func u256(_ text: String) -> UInt256 { UInt256(decimal: text)! }

    /// A signed decimal as (magnitude, isNegative).
    private func signed(_ text: String) -> (UInt256, Bool) {
        text.hasPrefix("-") ? (u256(String(text.dropFirst())), true) : (u256(text), false)
    }

    private func price(_ sqrtPriceX96: UInt256) -> Double {
        let sqrt = Double(sqrtPriceX96.high) * 0x1p128 + Double(sqrtPriceX96.low)
        let ratio = sqrt / 0x1p96
        return ratio * ratio
    }

    @Test func everyCaseOfTheSnapshot() throws {
        let cases = try Vectors.load("uniswap_v3_pool_swaps.json").array("cases")
        #expect(cases.count == 160)
        var rejected = 0
        for item in cases {
            let name = "\(item.string("pool")) / \(item.string("swap"))"
            let input = item.dictionary("input")
            let expected = item.dictionary("expected")
            var pool = try ConcentratedPool(
                feePips: UInt32(input.string("feePips"))!, tickSpacing: Int32(input.string("tickSpacing"))!,
                sqrtPriceX96: u256(input.string("initialSqrtPriceX96")))
            var balance0 = UInt256.zero
            var balance1 = UInt256.zero
            for position in input.array("positions") {
                let amounts = try pool.modifyLiquidity(
                    lower: Int32(position.string("tickLower"))!, upper: Int32(position.string("tickUpper"))!,
                    delta: Int128(position.string("liquidity"))!)
                balance0 += amounts.amount0
                balance1 += amounts.amount1
            }
            #expect("\(pool.tick)" == expected.string("tickBefore"), "\(name)")
            let zeroForOne = input["zeroForOne"] as! Bool
            let (amount, isOutput) = signed(input.string("amountSpecified"))
            let limit = u256(input.string("sqrtPriceLimitX96"))
            if let error = expected["swapError"] as? String {
                #expect(error.hasSuffix("SPL"))
                #expect("\(balance0)" == expected.string("poolBalance0"), "\(name)")
                #expect("\(balance1)" == expected.string("poolBalance1"), "\(name)")
                let before = pool
                #expect(throws: PoolMathError.priceLimit, "\(name)") {
                    try pool.swap(
                        zeroForOne: zeroForOne, amount: amount, exactInput: !isOutput, sqrtPriceLimitX96: limit)
                }
                #expect(pool == before)
                rejected += 1
                continue
            }
            #expect("\(balance0)" == expected.string("amount0Before"), "\(name)")
            #expect("\(balance1)" == expected.string("amount1Before"), "\(name)")
            let growth0 = pool.feeGrowthGlobal0X128
            let growth1 = pool.feeGrowthGlobal1X128
            let result = try pool.swap(
                zeroForOne: zeroForOne, amount: amount, exactInput: !isOutput, sqrtPriceLimitX96: limit)
            let delta0 = zeroForOne ? "\(result.amountIn)" : (result.amountOut.isZero ? "0" : "-\(result.amountOut)")
            let delta1 = zeroForOne ? (result.amountOut.isZero ? "0" : "-\(result.amountOut)") : "\(result.amountIn)"
            #expect(delta0 == expected.string("amount0Delta"), "\(name)")
            #expect(delta1 == expected.string("amount1Delta"), "\(name)")
            #expect(
                "\(pool.feeGrowthGlobal0X128 &- growth0)" == expected.string("feeGrowthGlobal0X128Delta"), "\(name)")
            #expect(
                "\(pool.feeGrowthGlobal1X128 &- growth1)" == expected.string("feeGrowthGlobal1X128Delta"), "\(name)")
            #expect("\(pool.tick)" == expected.string("tickAfter"), "\(name)")
            let priceAfter = Double(expected.string("poolPriceAfter"))!
            let computed = price(pool.sqrtPriceX96)
            #expect(
                abs(computed - priceAfter) <= abs(priceAfter) * 1e-4 + 1e-300, "\(name): \(computed) vs \(priceAfter)")
        }
        #expect(rejected == 38)
    }
}
