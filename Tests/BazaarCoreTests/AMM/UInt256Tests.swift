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
