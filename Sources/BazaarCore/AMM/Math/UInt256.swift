/// An unsigned 256-bit integer of two 128-bit halves: a value type with no heap allocation, for
/// the Q64.96 prices, Q128.128 fee growth and products of the pools' arithmetic.
///
/// The operators `+`, `-`, `*` trap on overflow like Swift's integers; the `&`-prefixed ones wrap
/// (fee growth is modular, as in Uniswap v3). `mulDiv` keeps the full 512-bit product.
public struct UInt256: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var high: UInt128
    public var low: UInt128

    public init(high: UInt128, low: UInt128) {
        self.high = high
        self.low = low
    }

    public init(_ value: UInt128) {
        self.high = 0
        self.low = value
    }

    public init(_ value: Int) {
        precondition(value >= 0, "negative UInt256")
        self.high = 0
        self.low = UInt128(value)
    }

    public static let zero = UInt256(high: 0, low: 0)
    public static let one = UInt256(high: 0, low: 1)
    public static let max = UInt256(high: .max, low: .max)

    public var isZero: Bool { high == 0 && low == 0 }

    /// The value as 128 bits, or nil when it does not fit.
    public var uint128: UInt128? { high == 0 ? low : nil }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    /// The number of significant bits (0 for zero).
    public var bitWidth: Int {
        high != 0 ? 256 - high.leadingZeroBitCount : 128 - low.leadingZeroBitCount
    }

    // MARK: Addition and subtraction

    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (lowSum, carry) = low.addingReportingOverflow(other.low)
        let (highSum1, overflow1) = high.addingReportingOverflow(other.high)
        let (highSum, overflow2) = highSum1.addingReportingOverflow(carry ? 1 : 0)
        return (UInt256(high: highSum, low: lowSum), overflow1 || overflow2)
    }

    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (lowDifference, borrow) = low.subtractingReportingOverflow(other.low)
        let (highDifference1, overflow1) = high.subtractingReportingOverflow(other.high)
        let (highDifference, overflow2) = highDifference1.subtractingReportingOverflow(borrow ? 1 : 0)
        return (UInt256(high: highDifference, low: lowDifference), overflow1 || overflow2)
    }

    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 addition overflow")
        return sum
    }

    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        precondition(!overflow, "UInt256 subtraction overflow")
        return difference
    }

    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.subtractingReportingOverflow(rhs).partialValue
    }
    public static func += (lhs: inout UInt256, rhs: UInt256) { lhs = lhs + rhs }
    public static func -= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs - rhs }

    // MARK: Multiplication

    /// The 256-bit product of two 128-bit values, schoolbook on 64-bit limbs (each one machine
    /// multiply); the standard library's generic `multipliedFullWidth` is several times slower.
    @inline(__always)
    static func wideProduct(_ a: UInt128, _ b: UInt128) -> (high: UInt128, low: UInt128) {
        let a0 = UInt64(truncatingIfNeeded: a)
        let a1 = UInt64(truncatingIfNeeded: a >> 64)
        let b0 = UInt64(truncatingIfNeeded: b)
        let b1 = UInt64(truncatingIfNeeded: b >> 64)
        let p00 = a0.multipliedFullWidth(by: b0)
        if a1 == 0, b1 == 0 { return (0, UInt128(p00.high) << 64 | UInt128(p00.low)) }
        let p01 = a0.multipliedFullWidth(by: b1)
        let p10 = a1.multipliedFullWidth(by: b0)
        let p11 = a1.multipliedFullWidth(by: b1)
        // The middle limb's sum is below 3·2^64; the high half is exactly ⌊a·b / 2^128⌋, so no overflow.
        let middle = UInt128(p00.high) &+ UInt128(p01.low) &+ UInt128(p10.low)
        let high =
            (UInt128(p11.high) << 64 | UInt128(p11.low)) &+ UInt128(p01.high) &+ UInt128(p10.high) &+ (middle >> 64)
        return (high, UInt128(UInt64(truncatingIfNeeded: middle)) << 64 | UInt128(p00.low))
    }

    /// The full 512-bit product as (high 256 bits, low 256 bits).
    public func multipliedFullWidth(by other: UInt256) -> (high: UInt256, low: UInt256) {
        if high == 0, other.high == 0 {
            let p = Self.wideProduct(low, other.low)
            return (.zero, UInt256(high: p.high, low: p.low))
        }
        // Schoolbook on 128-bit limbs: (a1·2^128 + a0)(b1·2^128 + b0).
        let p00 = Self.wideProduct(low, other.low)
        let p01 = Self.wideProduct(low, other.high)
        let p10 = Self.wideProduct(high, other.low)
        let p11 = Self.wideProduct(high, other.high)
        // limb0 = p00.low
        // limb1 = p00.high + p01.low + p10.low
        var carry1: UInt128 = 0
        var (limb1, c) = p00.high.addingReportingOverflow(p01.low)
        carry1 += c ? 1 : 0
        (limb1, c) = limb1.addingReportingOverflow(p10.low)
        carry1 += c ? 1 : 0
        // limb2 = p01.high + p10.high + p11.low + carry1
        var carry2: UInt128 = 0
        var (limb2, d) = p01.high.addingReportingOverflow(p10.high)
        carry2 += d ? 1 : 0
        (limb2, d) = limb2.addingReportingOverflow(p11.low)
        carry2 += d ? 1 : 0
        (limb2, d) = limb2.addingReportingOverflow(carry1)
        carry2 += d ? 1 : 0
        let limb3 = p11.high &+ carry2
        return (UInt256(high: limb3, low: limb2), UInt256(high: limb1, low: p00.low))
    }

    public func multipliedReportingOverflow(by other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        if high != 0, other.high != 0 { return (self &* other, true) }
        // One high half is zero: the product is p00 + cross·2^128.
        let p00 = Self.wideProduct(low, other.low)
        let cross = high != 0 ? Self.wideProduct(high, other.low) : Self.wideProduct(low, other.high)
        let (top, carry) = p00.high.addingReportingOverflow(cross.low)
        return (UInt256(high: top, low: p00.low), carry || cross.high != 0)
    }

    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!overflow, "UInt256 multiplication overflow")
        return product
    }

    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let p00 = wideProduct(lhs.low, rhs.low)
        return UInt256(high: p00.high &+ (lhs.low &* rhs.high) &+ (lhs.high &* rhs.low), low: p00.low)
    }

    // MARK: Shifts and bits

    public static func << (lhs: UInt256, rhs: Int) -> UInt256 {
        if rhs <= 0 { return rhs == 0 ? lhs : lhs >> -rhs }
        if rhs >= 256 { return .zero }
        if rhs >= 128 { return UInt256(high: lhs.low << UInt128(rhs - 128), low: 0) }
        return UInt256(high: (lhs.high << UInt128(rhs)) | (lhs.low >> UInt128(128 - rhs)), low: lhs.low << UInt128(rhs))
    }

    public static func >> (lhs: UInt256, rhs: Int) -> UInt256 {
        if rhs <= 0 { return rhs == 0 ? lhs : lhs << -rhs }
        if rhs >= 256 { return .zero }
        if rhs >= 128 { return UInt256(high: 0, low: lhs.high >> UInt128(rhs - 128)) }
        return UInt256(
            high: lhs.high >> UInt128(rhs), low: (lhs.low >> UInt128(rhs)) | (lhs.high << UInt128(128 - rhs)))
    }

    public static func & (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(high: lhs.high & rhs.high, low: lhs.low & rhs.low)
    }

    public static func | (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(high: lhs.high | rhs.high, low: lhs.low | rhs.low)
    }

    // MARK: Division

    /// Quotient and remainder; traps on a zero divisor.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!divisor.isZero, "UInt256 division by zero")
        if self < divisor { return (.zero, self) }
        if high == 0 {  // both fit in 128 bits
            if divisor.low >> 64 == 0 {
                // Two machine divisions rather than the runtime's 128-bit division.
                let d = UInt64(truncatingIfNeeded: divisor.low)
                let (q1, r1) = UInt64(truncatingIfNeeded: low >> 64).quotientAndRemainder(dividingBy: d)
                let (q0, r0) = d.dividingFullWidth((r1, UInt64(truncatingIfNeeded: low)))
                return (UInt256(UInt128(q1) << 64 | UInt128(q0)), UInt256(UInt128(r0)))
            }
            let (q, r) = low.quotientAndRemainder(dividingBy: divisor.low)
            return (UInt256(q), UInt256(r))
        }
        if divisor.high == 0, divisor.low >> 64 == 0 {
            let (quotient, remainder) = Self.divide(UInt256.zero, self, by: UInt64(truncatingIfNeeded: divisor.low))
            return (quotient, UInt256(remainder))
        }
        if divisor.high == 0 {
            // Two 256-by-128 steps, each with a remainder below the divisor.
            let (q1, r1) = high < divisor.low ? (0, high) : high.quotientAndRemainder(dividingBy: divisor.low)
            let (q0, r0) = Self.divide(r1, low, by: divisor.low)
            return (UInt256(high: q1, low: q0), UInt256(r0))
        }
        // Shift-subtract over the difference in bit widths.
        let shift = bitWidth - divisor.bitWidth
        var remainder = self
        var quotient = UInt256.zero
        var shifted = divisor << shift
        var bit = shift
        while bit >= 0 {
            if remainder >= shifted {
                remainder = remainder &- shifted
                quotient = quotient | (UInt256.one << bit)
            }
            shifted = shifted >> 1
            bit -= 1
        }
        return (quotient, remainder)
    }

    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).quotient }
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).remainder }

    /// ⌈a / b⌉.
    public static func divRoundingUp(_ a: UInt256, _ b: UInt256) -> UInt256 {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r.isZero ? q : q + .one
    }

    /// ⌊a·b / d⌋ with a 512-bit intermediate product, or nil when the result exceeds 256 bits or d is zero.
    public static func mulDiv(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> UInt256? {
        mulDivWithRemainder(a, b, d)?.quotient
    }

    /// ⌈a·b / d⌉ with a 512-bit intermediate product, or nil when the result exceeds 256 bits or d is zero.
    public static func mulDivRoundingUp(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> UInt256? {
        guard let (q, r) = mulDivWithRemainder(a, b, d) else { return nil }
        if r.isZero { return q }
        let (up, overflow) = q.addingReportingOverflow(.one)
        return overflow ? nil : up
    }

    static func mulDivWithRemainder(_ a: UInt256, _ b: UInt256, _ d: UInt256) -> (
        quotient: UInt256, remainder: UInt256
    )? {
        guard !d.isZero else { return nil }
        let product = a.multipliedFullWidth(by: b)
        if product.high.isZero { return product.low.quotientAndRemainder(dividingBy: d) }
        guard product.high < d else { return nil }
        if d.high == 0, d.low & (d.low &- 1) == 0 {
            // A power of two (Q96, Q128): a shift. The quotient fits, as the high half is below d.
            let shift = d.low.trailingZeroBitCount
            let quotient = (product.low >> shift) | (product.high << (256 - shift))
            return (quotient, UInt256(high: 0, low: product.low.low & (d.low &- 1)))
        }
        if d.high == 0, d.low >> 64 == 0 {
            let (quotient, remainder) = divide(product.high, product.low, by: UInt64(truncatingIfNeeded: d.low))
            return (quotient, UInt256(remainder))
        }
        if d.high == 0 {
            // A 128-bit divisor: long division on 128-bit limbs; the top two quotient limbs are
            // zero because the high half is below the divisor.
            let (q1, r1) = divide(product.high.low, product.low.high, by: d.low)
            let (q0, r0) = divide(r1, product.low.low, by: d.low)
            return (UInt256(high: q1, low: q0), UInt256(r0))
        }
        // 512-by-256 long division, one bit at a time; the quotient fits in 256 bits.
        var remainder = product.high
        var quotient = UInt256.zero
        var index = 255
        while index >= 0 {
            let topBit = remainder.high >> 127 == 1
            remainder = remainder << 1
            if (product.low >> index).low & 1 == 1 { remainder.low |= 1 }
            if topBit || remainder >= d {
                remainder = remainder &- d
                quotient = quotient | (UInt256.one << index)
            }
            index -= 1
        }
        return (quotient, remainder)
    }

    /// (high·2^256 + low) / d on 64-bit limbs, each step one machine division; `high` must be below
    /// `d`, so the quotient fits 256 bits.
    @inline(__always)
    static func divide(_ high: UInt256, _ low: UInt256, by d: UInt64) -> (quotient: UInt256, remainder: UInt128) {
        var remainder = UInt64(truncatingIfNeeded: high.low)
        func step(_ limb: UInt128) -> UInt128 {
            let (q1, r1) = d.dividingFullWidth((remainder, UInt64(truncatingIfNeeded: limb >> 64)))
            let (q0, r0) = d.dividingFullWidth((r1, UInt64(truncatingIfNeeded: limb)))
            remainder = r0
            return UInt128(q1) << 64 | UInt128(q0)
        }
        let quotientHigh = step(low.high)
        let quotientLow = step(low.low)
        return (UInt256(high: quotientHigh, low: quotientLow), UInt128(remainder))
    }

    /// (high·2^128 + low) / d, with `high` below `d`: Knuth's algorithm D on 64-bit limbs, each of
    /// the two quotient digits estimated by one machine division and corrected exactly. The standard
    /// library's generic `dividingFullWidth` for `UInt128` is several times slower.
    static func divide(_ high: UInt128, _ low: UInt128, by d: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        if d >> 64 == 0 {
            let (quotient, remainder) = divide(.zero, UInt256(high: high, low: low), by: UInt64(truncatingIfNeeded: d))
            return (quotient.low, remainder)
        }
        // Normalised: the divisor's top bit set; the shifted numerator still fits 256 bits as high < d.
        let shift = d.leadingZeroBitCount
        let v = d << shift
        let v1 = UInt64(truncatingIfNeeded: v >> 64)
        let v0 = UInt64(truncatingIfNeeded: v)
        let top = shift == 0 ? high : (high << shift) | (low >> (128 - shift))
        let bottom = low << shift
        // One digit: (top·2^64 + next) / v, with top < v.
        func digit(_ top: UInt128, _ next: UInt64) -> (UInt64, UInt128) {
            let n2 = UInt64(truncatingIfNeeded: top >> 64)
            let n1 = UInt64(truncatingIfNeeded: top)
            var estimate: UInt64
            var rest: UInt128
            if n2 >= v1 {
                estimate = .max
                rest = UInt128(n1) + UInt128(v1)
            } else {
                let (q, r) = v1.dividingFullWidth((n2, n1))
                (estimate, rest) = (q, UInt128(r))
            }
            // At most two corrections make the digit exact (the test uses the divisor's both limbs).
            while rest >> 64 == 0, UInt128(estimate) * UInt128(v0) > (rest << 64 | UInt128(next)) {
                estimate -= 1
                rest += UInt128(v1)
            }
            // The remainder is below v, so its low 128 bits are all of it.
            return (estimate, (UInt128(n1) << 64 | UInt128(next)) &- (UInt128(estimate) &* v))
        }
        let (q1, r1) = digit(top, UInt64(truncatingIfNeeded: bottom >> 64))
        let (q0, r0) = digit(r1, UInt64(truncatingIfNeeded: bottom))
        return (UInt128(q1) << 64 | UInt128(q0), r0 >> shift)
    }

    // MARK: Text

    /// Parses a decimal string; nil for anything else or a value above 2^256 − 1.
    public init?(decimal text: some StringProtocol) {
        guard !text.isEmpty else { return nil }
        var value = UInt256.zero
        let ten = UInt256(10 as UInt128)
        for character in text.utf8 {
            guard character >= 48, character <= 57 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: ten)
            let (sum, overflow2) = times.addingReportingOverflow(UInt256(UInt128(character - 48)))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        self = value
    }

    public var description: String {
        if high == 0 { return String(low) }
        var value = self
        let chunk = UInt256(UInt128(10_000_000_000_000_000_000))
        var parts: [UInt128] = []
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: chunk)
            parts.append(r.low)
            value = q
        }
        var text = String(parts.removeLast())
        for part in parts.reversed() {
            let piece = String(part)
            text += String(repeating: "0", count: 19 - piece.count) + piece
        }
        return text
    }
}

extension UInt256: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(high)
        writer.write(low)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let high = try reader.read(UInt128.self)
        let low = try reader.read(UInt128.self)
        self.init(high: high, low: low)
    }
}
