/// A signed decimal with 18 places: an `Int128` count of 10⁻¹⁸ units.
///
/// The option math (exp, ln, sqrt, the normal distribution, Black-Scholes) computes in this type so
/// that every node gets the same bits: no floating point, no platform-dependent rounding. The range
/// is ±1.7 × 10²⁰ (`Int128` holds ±1.7 × 10³⁸ units); one unit, 10⁻¹⁸, is the "ulp" that the
/// precision statements of the math functions count in.
///
/// Arithmetic is checked: a result that does not fit throws `OptionMathError.overflow`, never wraps
/// and never saturates. Every multiplication and division takes the direction its one rounding goes
/// (`Rounding.down`: towards zero, `Rounding.up`: away from zero, so that `-x` rounds as the negation
/// of `x`); additions and subtractions are exact.
public struct Decimal18: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of 10⁻¹⁸ units.
    public var raw: Int128

    /// The decimal places: one unit is 10⁻¹⁸.
    public static let decimals = 18
    /// The raw value of 1.
    public static let scale: Int128 = 1_000_000_000_000_000_000
    /// `scale` as the 64-bit divisor of the fast multiplication.
    static let scale64: UInt64 = 1_000_000_000_000_000_000

    public static let zero = Decimal18(raw: 0)
    public static let one = Decimal18(raw: scale)

    /// The value of `raw` units of 10⁻¹⁸; `Int128.min` is outside the (symmetric) range.
    public init(raw: Int128) {
        precondition(raw != .min, "Int128.min is outside the fixed-point range")
        self.raw = raw
    }

    /// The whole number `value`, exactly (every `Int` fits: 9.2 × 10¹⁸ < 1.7 × 10²⁰).
    public init(_ value: Int) {
        raw = Int128(value) * Self.scale
    }

    public static func < (lhs: Decimal18, rhs: Decimal18) -> Bool {
        lhs.raw < rhs.raw
    }

    public var isNegative: Bool { raw < 0 }

    public var magnitude: Decimal18 { Decimal18(raw: raw < 0 ? -raw : raw) }

    /// `-self`, exact: the range is symmetric because `Int128.min` is never produced.
    public var negated: Decimal18 { Decimal18(raw: -raw) }

    /// `self + other`, exact.
    ///
    /// - Throws: `OptionMathError.overflow` when the sum leaves the range.
    public func adding(_ other: Decimal18) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try Self.add(raw, other.raw))
    }

    /// `self - other`, exact.
    ///
    /// - Throws: `OptionMathError.overflow` when the difference leaves the range.
    public func subtracting(_ other: Decimal18) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try Self.add(raw, -other.raw))
    }

    /// `self × other`, rounded to 10⁻¹⁸ as `rounding` says (towards or away from zero).
    ///
    /// - Throws: `OptionMathError.overflow` when the product leaves the range.
    /// - Complexity: O(1): one 256-bit product and two 128-by-64-bit divisions.
    public func multiplied(by other: Decimal18, rounding: Rounding) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try Self.multiply(raw, other.raw, rounding: rounding))
    }

    /// `self ÷ other`, rounded to 10⁻¹⁸ as `rounding` says (towards or away from zero).
    ///
    /// - Throws: `OptionMathError.divisionByZero`, or `.overflow` when the quotient leaves the range.
    public func divided(by other: Decimal18, rounding: Rounding) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try Self.divide(raw, other.raw, rounding: rounding))
    }

    /// `self × factor` for a whole number, exact.
    ///
    /// - Throws: `OptionMathError.overflow` when the product leaves the range.
    public func multiplied(byInteger factor: Int) throws(OptionMathError) -> Decimal18 {
        let (product, overflow) = raw.multipliedReportingOverflow(by: Int128(factor))
        guard !overflow, product != .min else { throw .overflow("multiplication") }
        return Decimal18(raw: product)
    }

    /// `self ÷ divisor` for a whole number, rounded as `rounding` says (towards or away from zero).
    ///
    /// - Throws: `OptionMathError.divisionByZero` when `divisor` is 0.
    public func divided(byInteger divisor: Int, rounding: Rounding) throws(OptionMathError) -> Decimal18 {
        guard divisor != 0 else { throw .divisionByZero }
        return Decimal18(raw: Self.divide(raw, byInteger: Int128(divisor), rounding: rounding))
    }
}

// MARK: - Raw arithmetic, shared by the math functions' inner loops

extension Decimal18 {
    /// `a + b` on raw values; `Int128.min` is kept out so that negation is always exact.
    @inline(__always)
    static func add(_ a: Int128, _ b: Int128) throws(OptionMathError) -> Int128 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow, sum != .min else { throw .overflow("addition") }
        return sum
    }

    /// `a × b ÷ 10¹⁸` on raw values, rounded towards (`down`) or away from (`up`) zero.
    ///
    /// The 256-bit product is divided by 10¹⁸ (< 2⁶⁴) limb by limb with two hardware divisions,
    /// which is what keeps a Black-Scholes evaluation cheap.
    @inline(__always)
    static func multiply(_ a: Int128, _ b: Int128, rounding: Rounding) throws(OptionMathError) -> Int128 {
        let negative = (a < 0) != (b < 0)
        let (high, low) = a.magnitude.multipliedFullWidth(by: b.magnitude)
        // The quotient fits in 128 bits only when the high half is below the divisor.
        guard high < UInt128(scale64) else { throw .overflow("multiplication") }
        let (quotientHigh, remainderHigh) = scale64.dividingFullWidth((UInt64(high), UInt64(low >> 64)))
        let (quotientLow, remainder) = scale64.dividingFullWidth(
            (remainderHigh, UInt64(truncatingIfNeeded: low)))
        var quotient = UInt128(quotientHigh) << 64 | UInt128(quotientLow)
        if rounding == .up, remainder != 0 { quotient += 1 }
        guard quotient <= UInt128(Int128.max) else { throw .overflow("multiplication") }
        return negative ? -Int128(quotient) : Int128(quotient)
    }

    /// `a × 10¹⁸ ÷ b` on raw values, rounded towards (`down`) or away from (`up`) zero.
    @inline(__always)
    static func divide(_ a: Int128, _ b: Int128, rounding: Rounding) throws(OptionMathError) -> Int128 {
        guard b != 0 else { throw .divisionByZero }
        let negative = (a < 0) != (b < 0)
        let divisor = b.magnitude
        let (high, low) = a.magnitude.multipliedFullWidth(by: UInt128(scale))
        guard high < divisor else { throw .overflow("division") }
        var (quotient, remainder) = divisor.dividingFullWidth((high, low))
        if rounding == .up, remainder != 0 {
            guard quotient < .max else { throw .overflow("division") }
            quotient += 1
        }
        guard quotient <= UInt128(Int128.max) else { throw .overflow("division") }
        return negative ? -Int128(quotient) : Int128(quotient)
    }

    /// `a ÷ divisor` on a raw value and a non-zero whole divisor, rounded towards or away from zero.
    @inline(__always)
    static func divide(_ a: Int128, byInteger divisor: Int128, rounding: Rounding) -> Int128 {
        precondition(divisor != 0, "division of a fixed-point value by zero")
        let (quotient, remainder) = a.quotientAndRemainder(dividingBy: divisor)
        guard rounding == .up, remainder != 0 else { return quotient }
        return (a < 0) != (divisor < 0) ? quotient - 1 : quotient + 1
    }
}
