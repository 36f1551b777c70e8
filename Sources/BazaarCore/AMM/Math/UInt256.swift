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

    /// The full 512-bit product as (high 256 bits, low 256 bits).
    public func multipliedFullWidth(by other: UInt256) -> (high: UInt256, low: UInt256) {
        // Schoolbook on 128-bit limbs: (a1·2^128 + a0)(b1·2^128 + b0).
        let p00 = low.multipliedFullWidth(by: other.low)
        let p01 = low.multipliedFullWidth(by: other.high)
        let p10 = high.multipliedFullWidth(by: other.low)
        let p11 = high.multipliedFullWidth(by: other.high)
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
        let product = multipliedFullWidth(by: other)
        return (product.low, !product.high.isZero)
    }

    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!overflow, "UInt256 multiplication overflow")
        return product
    }

    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.multipliedFullWidth(by: rhs).low }

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
            let (q, r) = low.quotientAndRemainder(dividingBy: divisor.low)
            return (UInt256(q), UInt256(r))
        }
        if divisor.high == 0 {
            // Two 256-by-128 steps, each with a remainder below the divisor.
            let (q1, r1) = high.quotientAndRemainder(dividingBy: divisor.low)
            let (q0, r0) = divisor.low.dividingFullWidth((r1, low))
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
        if d.high == 0 {
            // A 128-bit divisor: long division on 128-bit limbs; the top two quotient limbs are
            // zero because the high half is below the divisor.
            let (q1, r1) = d.low.dividingFullWidth((product.high.low, product.low.high))
            let (q0, r0) = d.low.dividingFullWidth((r1, product.low.low))
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
