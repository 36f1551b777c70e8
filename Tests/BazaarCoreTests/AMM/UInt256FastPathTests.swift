import PropertyBased
import Testing

@testable import BazaarCore

/// The multiply and divide fast paths (64-bit limbs, powers of two, Knuth's division by 128 bits)
/// against the definitions: the standard library's full-width operations and long division bit by bit.
@Suite("UInt256 fast paths")
struct UInt256FastPathTests {
    /// A value of a random width, often at the edges the fast paths test (64, 128 bits).
    private static func random(_ rng: inout TestRandom, maxBits: Int = 256) -> UInt256 {
        let bits = [64, 128, 63, 65, 127, 129, Int.random(in: 0...maxBits, using: &rng)].randomElement(using: &rng)!
        let value = UInt256(
            high: UInt128.random(in: .min ... .max, using: &rng), low: UInt128.random(in: .min ... .max, using: &rng))
        return value >> (256 - min(bits, maxBits))
    }

    /// ⌊a·b / d⌋ and its remainder by shift-and-subtract over the 512-bit product, or nil when the
    /// quotient does not fit 256 bits.
    private static func referenceMulDiv(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> (UInt256, UInt256)? {
        // The product from 128-bit halves with the standard library's own full-width multiply.
        let (a1, a0, b1, b0) = (a.high, a.low, b.high, b.low)
        var limbs = [UInt128](repeating: 0, count: 5)
        for (i, x) in [a0, a1].enumerated() {
            for (j, y) in [b0, b1].enumerated() {
                let p = x.multipliedFullWidth(by: y)
                var carry: UInt128 = 0
                var (sum, overflow) = limbs[i + j].addingReportingOverflow(p.low)
                limbs[i + j] = sum
                carry = overflow ? 1 : 0
                (sum, overflow) = limbs[i + j + 1].addingReportingOverflow(p.high)
                let (sum2, overflow2) = sum.addingReportingOverflow(carry)
                limbs[i + j + 1] = sum2
                var k = i + j + 2
                var more = overflow || overflow2
                while more {
                    (limbs[k], more) = limbs[k].addingReportingOverflow(1)
                    k += 1
                }
            }
        }
        var remainder = UInt256.zero
        var quotient = UInt256.zero
        for bit in stride(from: 511, through: 0, by: -1) {
            let limb = limbs[bit / 128]
            let top = remainder.high >> 127 == 1
            remainder = remainder << 1
            if (limb >> UInt128(bit % 128)) & 1 == 1 { remainder.low |= 1 }
            if top || remainder >= d {
                remainder = remainder &- d
                if bit >= 256 { return nil }
                quotient = quotient | (UInt256.one << bit)
            }
        }
        return (quotient, remainder)
    }

    @Test func mulDivAgreesWithLongDivision() async {
        await propertyCheck(count: 500, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let a = Self.random(&rng)
            let b = Self.random(&rng)
            var d = Self.random(&rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: d = UInt256.one << Int.random(in: 0...255, using: &rng)  // a power of two
            case 1: d = Self.random(&rng, maxBits: 64)
            case 2: d = Self.random(&rng, maxBits: 128)
            default: break
            }
            guard !d.isZero else { return }
            let expected = Self.referenceMulDiv(a, b, d)
            let actual = UInt256.mulDivWithRemainder(a, b, d)
            #expect(actual?.quotient == expected?.0 && actual?.remainder == expected?.1, "\(a) · \(b) / \(d)")
        }
    }

    @Test func theWideProductAgreesWithTheStandardLibrary() async {
        await propertyCheck(count: 500, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let a = Self.random(&rng, maxBits: 128).low
            let b = Self.random(&rng, maxBits: 128).low
            let expected = a.multipliedFullWidth(by: b)
            let actual = UInt256.wideProduct(a, b)
            #expect(actual.high == expected.high && actual.low == expected.low, "\(a) · \(b)")
        }
    }

    @Test func theDivisionBy128BitsAgreesWithTheStandardLibrary() async {
        await propertyCheck(count: 500, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let d = Self.random(&rng, maxBits: 128).low
            guard d > 0 else { return }
            let high = UInt128.random(in: 0...(d - 1), using: &rng)
            let low = Self.random(&rng, maxBits: 128).low
            let expected = d.dividingFullWidth((high, low))
            let actual = UInt256.divide(high, low, by: d)
            #expect(
                actual.quotient == expected.quotient && actual.remainder == expected.remainder, "\(high):\(low) / \(d)")
        }
        // The estimate's corrections: the divisor's high limb equal to the numerator's, all ones.
        for d: UInt128 in [UInt128.max, UInt128.max - 1, UInt128(1) << 127, (UInt128(1) << 64) + 1, UInt128(1) << 64] {
            for high in [d - 1, d / 2, 0] {
                for low: UInt128 in [0, .max, UInt128.max / 3] {
                    let expected = d.dividingFullWidth((high, low))
                    let actual = UInt256.divide(high, low, by: d)
                    #expect(actual.quotient == expected.quotient && actual.remainder == expected.remainder)
                }
            }
        }
    }
}
