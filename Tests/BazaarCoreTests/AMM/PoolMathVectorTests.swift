import Testing

@testable import BazaarCore

@Suite("AMM math against the Uniswap reference vectors", .enabled(if: Vectors.available, "../shared/vectors is absent"))
struct PoolMathVectorTests {
    private func u256(_ text: String) -> UInt256 { UInt256(decimal: text)! }
    private func u128(_ text: String) -> UInt128 { UInt128(text)! }

    @Test func constantProductAmounts() throws {
        let cases = try Vectors.load("uniswap_v2_amounts.json").array("cases")
        #expect(cases.count == 12)
        for item in cases {
            if item["expected_min_input_flash_same_token"] != nil {
                let repay = try ConstantProductMath.sameAssetRepayment(
                    amountOut: u128(item.string("amountOut")), feePips: 3000)
                #expect(repay == u128(item.string("expected_min_input_flash_same_token")), "\(item)")
                continue
            }
            let expected = u128(item.string("expected"))
            switch item.string("fn") {
            case "getAmountOut":
                let out = try ConstantProductMath.amountOut(
                    amountIn: u128(item.string("amountIn")), reserveIn: u128(item.string("reserveIn")),
                    reserveOut: u128(item.string("reserveOut")), feePips: 3000)
                #expect(out == expected, "\(item)")
            case "getAmountIn":
                let amountIn = try ConstantProductMath.amountIn(
                    amountOut: u128(item.string("amountOut")), reserveIn: u128(item.string("reserveIn")),
                    reserveOut: u128(item.string("reserveOut")), feePips: 3000)
                #expect(amountIn == expected, "\(item)")
            case "quote":
                let quote = try ConstantProductMath.quote(
                    amountA: u128(item.string("amountA")), reserveA: u128(item.string("reserveA")),
                    reserveB: u128(item.string("reserveB")))
                #expect(quote == expected, "\(item)")
            default:
                Issue.record("unknown fn \(item)")
            }
        }
    }

    @Test func tickMath() throws {
        let file = try Vectors.load("uniswap_v3_tickmath.json")
        let toPrice = file.array("getSqrtRatioAtTick")
        #expect(!toPrice.isEmpty)
        for item in toPrice {
            let tick = Int32(item.string("tick"))!
            #expect(try TickMath.sqrtRatio(atTick: tick) == u256(item.string("sqrtPriceX96")), "tick \(tick)")
        }
        let toTick = file.array("getTickAtSqrtRatio")
        #expect(!toTick.isEmpty)
        for item in toTick {
            let price = u256(item.string("sqrtPriceX96"))
            #expect(try TickMath.tick(atSqrtRatio: price) == Int32(item.string("tick"))!, "price \(price)")
        }
        let reverts = file.dictionary("reverts")
        for tick in reverts["getSqrtRatioAtTick"] as! [Any] {
            let value = Int32("\(tick)")!
            #expect(throws: PoolMathError.priceOutOfRange) { try TickMath.sqrtRatio(atTick: value) }
        }
        for price in reverts["getTickAtSqrtRatio"] as! [Any] {
            let value = u256("\(price)")
            #expect(throws: PoolMathError.priceOutOfRange) { try TickMath.tick(atSqrtRatio: value) }
        }
        #expect(try TickMath.sqrtRatio(atTick: TickMath.minTick) == TickMath.minSqrtRatio)
        #expect(try TickMath.sqrtRatio(atTick: TickMath.maxTick) == TickMath.maxSqrtRatio)
    }

    @Test func swapSteps() throws {
        let cases = try Vectors.load("uniswap_v3_swapmath.json").array("cases")
        #expect(cases.count == 9)
        for item in cases {
            let input = item.dictionary("input")
            let expected = item.dictionary("expected")
            let remaining = input.string("amountRemaining")
            let exactInput = !remaining.hasPrefix("-")
            let step = try SwapMath.computeSwapStep(
                current: u256(input.string("sqrtRatioCurrentX96")), target: u256(input.string("sqrtRatioTargetX96")),
                liquidity: u128(input.string("liquidity")),
                amountRemaining: u256(exactInput ? remaining : String(remaining.dropFirst())), exactInput: exactInput,
                feePips: UInt32(input.string("feePips"))!)
            let name = item.string("name")
            #expect(step.amountIn == u256(expected.string("amountIn")), "\(name)")
            #expect(step.amountOut == u256(expected.string("amountOut")), "\(name)")
            #expect(step.feeAmount == u256(expected.string("feeAmount")), "\(name)")
            #expect(step.sqrtRatioNextX96 == u256(expected.string("sqrtRatioNextX96")), "\(name)")
        }
    }
}
