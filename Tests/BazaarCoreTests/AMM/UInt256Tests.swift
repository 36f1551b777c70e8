import PropertyBased
import Testing

@testable import BazaarCore

@Suite("UInt256")
struct UInt256Tests {
    private static func random(_ rng: inout some RandomNumberGenerator) -> UInt256 {
        let value = UInt256(
            high: UInt128.random(in: .min ... .max, using: &rng), low: UInt128.random(in: .min ... .max, using: &rng))
        return value >> Int.random(in: 0...255, using: &rng)
    }

    @Test func decimalRoundTrip() {
        let text = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(UInt256(decimal: text) == .max)
        #expect(UInt256.max.description == text)
        #expect(UInt256(decimal: text + "0") == nil)
        #expect(UInt256(decimal: "12a") == nil)
        #expect(UInt256(decimal: "340282366920938463463374607431768211456") == UInt256(high: 1, low: 0))
    }

    @Test func divisionInvertsMultiplication() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let (a, b) = (Self.random(&rng), Self.random(&rng))
            guard !b.isZero else { return }
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(r < b)
            let (product, overflow) = q.multipliedReportingOverflow(by: b)
            #expect(!overflow)
            #expect(product + r == a)
        }
    }

    @Test func mulDivMatchesTheWideProduct() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let (a, b, d) = (Self.random(&rng), Self.random(&rng), Self.random(&rng))
            guard !d.isZero, let (q, r) = UInt256.mulDivWithRemainder(a, b, d) else { return }
            // q·d + r == a·b, checked in 512 bits.
            let qd = q.multipliedFullWidth(by: d)
            let (low, carry) = qd.low.addingReportingOverflow(r)
            let high = qd.high + (carry ? .one : .zero)
            let ab = a.multipliedFullWidth(by: b)
            #expect(high == ab.high && low == ab.low)
            #expect(r < d)
            let up = UInt256.mulDivRoundingUp(a, b, d)
            #expect(up == (r.isZero ? q : q + .one))
        }
    }

    @Test func mulDivOverflowIsNil() {
        #expect(UInt256.mulDiv(.max, .max, .one) == nil)
        #expect(UInt256.mulDiv(.max, .max, .max) == .max)
        #expect(UInt256.mulDiv(.one, .one, .zero) == nil)
    }
}

@Suite("TickMath")
struct TickMathTests {
    @Test func theLogarithmAgreesWithTheSearchOverSqrtRatio() async throws {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let tick = Int32.random(in: TickMath.minTick...(TickMath.maxTick - 1), using: &rng)
            let low = try! TickMath.sqrtRatio(atTick: tick)
            let high = try! TickMath.sqrtRatio(atTick: tick + 1)
            // A price at the tick, one below the next, and one in between.
            let between = low + (high - low) / UInt256(UInt128.random(in: 2...1_000, using: &rng))
            for price in [low, high - .one, between] where price < TickMath.maxSqrtRatio {
                #expect(try! TickMath.tick(atSqrtRatio: price) == tick, "price \(price)")
                #expect(try! TickMath.tickBySearch(atSqrtRatio: price) == tick, "price \(price)")
            }
        }
        #expect(try TickMath.tick(atSqrtRatio: TickMath.minSqrtRatio) == TickMath.minTick)
        #expect(try TickMath.tick(atSqrtRatio: TickMath.maxSqrtRatio - .one) == TickMath.maxTick - 1)
    }
}
