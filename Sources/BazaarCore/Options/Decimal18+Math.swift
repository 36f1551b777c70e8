/// exp, ln and sqrt in fixed point, by integer algorithms only.
///
/// Precision is stated in ulps, one ulp being 10⁻¹⁸. Inner steps round towards zero (`.down`)
/// unless a comment says otherwise; the bounds below are what the tests check against values
/// computed to 40 digits.
extension Decimal18 {
    /// ln 2 × 10³⁶, rounded to nearest: range reduction multiplies it by up to ±67 and must stay
    /// within one ulp.
    static let ln2Raw36: Int128 = 693_147_180_559_945_309_417_232_121_458_176_568
    /// ln 2, rounded to nearest.
    static let ln2Raw: Int128 = 693_147_180_559_945_309
    /// √2, rounded down.
    static let sqrt2Raw: Int128 = 1_414_213_562_373_095_048

    /// The largest argument `exp` accepts: e^46.5 ≈ 1.6 × 10²⁰ is near the top of the range.
    public static let expArgumentMax = Decimal18(raw: 46_500_000_000_000_000_000)
    /// Below this argument e^x < 0.5 × 10⁻¹⁸, and `exp` returns 0.
    public static let expArgumentZero = Decimal18(raw: -42_200_000_000_000_000_000)

    /// eˣ.
    ///
    /// Range reduction x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k·ln 2 from a 36-digit ln 2), then the
    /// Taylor series of eʳ (with `guardBits` extra places) until a term truncates to zero, then an exact shift by 2ᵏ (rounding down
    /// for negative k).
    ///
    /// - Precision: |error| ≤ 1 ulp + 10⁻²⁰ × eˣ (measured against 60-digit values: 1 ulp + 2 × 10⁻²¹ × eˣ).
    /// - Rounding: each series term truncates towards zero, and so does the final shift; the result
    ///   is not directed.
    /// - Returns: 0 for x < -42.2, where eˣ is below half an ulp.
    /// - Throws: `OptionMathError.overflow` for x > 46.5.
    public static func exp(_ x: Decimal18) throws(OptionMathError) -> Decimal18 {
        guard x <= expArgumentMax else { throw .overflow("exp of an argument above 46.5") }
        guard x >= expArgumentZero else { return .zero }
        let (mantissa, exponent) = try expParts(x.raw)
        return Decimal18(raw: try shifted(mantissa, exponent))
    }

    /// eˣ as `mantissa`·2^`exponent` (raw units) with the mantissa in (0.70, 1.42) × 10¹⁸ × 2^`guardBits`, before
    /// the final shift loses the digits of a small result: relative error 10⁻²⁰ at any size.
    ///
    /// - Precondition: |x| ≤ 100 (raw 10²⁰), so that the reduction below fits in `Int128`.
    @inline(__always)
    static func expParts(_ x: Int128) throws(OptionMathError) -> (mantissa: Int128, exponent: Int) {
        precondition(x.magnitude <= 100 * UInt128(scale), "exp reduction argument outside ±100")
        let half = ln2Raw / 2
        let k = (x + (x < 0 ? -half : half)) / ln2Raw
        // |x| × 10¹⁸ ≤ 10³⁸ and |k| × ln2Raw36 ≤ 10³⁸: both fit in Int128 (1.7 × 10³⁸), as does their difference.
        let reduced36 = x * scale - k * ln2Raw36
        let r = divide(reduced36, byInteger: scale >> guardBits, rounding: .down)
        var sum = scale << guardBits
        var term = sum
        var n: Int128 = 1
        while true {
            term = divide(try multiplyGuarded(term, r), byInteger: n, rounding: .down)
            if term == 0 { break }
            sum += term
            n += 1
        }
        assert(sum > 0 && sum < (3 * scale / 2) << guardBits, "e^r for |r| ≤ 0.35 lies in (0.70, 1.42)")
        return (sum, Int(k) - guardBits)
    }

    /// The extra binary places of the series' inner sums: their truncations cost 2⁻¹² ulp each
    /// instead of one, so a dozen terms no longer add up to a dozen ulps.
    static let guardBits = 12

    /// `a × b` for two values carrying `guardBits` extra places, the result carrying them too,
    /// truncated towards zero.
    @inline(__always)
    static func multiplyGuarded(_ a: Int128, _ b: Int128) throws(OptionMathError) -> Int128 {
        divide(try multiply(a, b, rounding: .down), byInteger: 1 << guardBits, rounding: .down)
    }

    /// `value`·2^`exponent`: exact for a positive exponent (or an overflow error), truncating
    /// towards zero for a negative one.
    @inline(__always)
    static func shifted(_ value: Int128, _ exponent: Int) throws(OptionMathError) -> Int128 {
        if exponent >= 0 {
            guard exponent < 127, value.magnitude <= UInt128(Int128.max) >> exponent else {
                throw .overflow("exp")
            }
            return value << exponent
        }
        guard exponent > -127 else { return 0 }
        return value < 0 ? -((-value) >> -exponent) : value >> -exponent
    }

    /// The natural logarithm of a positive x.
    ///
    /// Reduction x = m·2ᵏ with m in [√2/2, √2] (one truncating shift when k > 0), then
    /// ln m = 2·atanh((m − 1)/(m + 1)) by its odd series (with `guardBits` extra places), plus k·ln 2 from a 36-digit ln 2.
    ///
    /// - Precision: |error| ≤ 3 ulps (measured against 60-digit values: 2).
    /// - Rounding: each step truncates towards zero; the result is not directed.
    /// - Throws: `OptionMathError.outOfDomain` when x ≤ 0.
    public static func ln(_ x: Decimal18) throws(OptionMathError) -> Decimal18 {
        guard x.raw > 0 else { throw .outOfDomain("ln needs a positive argument, got \(x)") }
        // 10¹⁸ lies in [2⁵⁹, 2⁶⁰), so k = bits(raw) − 60 puts m = raw·2⁻ᵏ in [0.57, 1.16) × 10¹⁸;
        // one more doubling brings [0.57, 0.71) to [1.15, 1.42).
        let bits = Int128.bitWidth - x.raw.leadingZeroBitCount
        var k = bits - 60
        var m = x.raw.shifted(right: k)
        if 2 * m < sqrt2Raw {
            k -= 1
            m = x.raw.shifted(right: k)
        }
        assert(2 * m >= sqrt2Raw && m <= sqrt2Raw, "reduced to [√2/2, √2]")
        let s = try divide((m - scale) << guardBits, m + scale, rounding: .down)
        let s2 = try multiplyGuarded(s, s)
        var sum = s
        var power = s
        var n: Int128 = 3
        while true {
            power = try multiplyGuarded(power, s2)
            let term = divide(power, byInteger: n, rounding: .down)
            if term == 0 { break }
            sum += term
            n += 2
        }
        let kLn2 = divide(Int128(k) * ln2Raw36, byInteger: scale >> guardBits, rounding: .down)
        return Decimal18(raw: divide(2 * sum + kLn2, byInteger: 1 << guardBits, rounding: .down))
    }

    /// The square root of x ≥ 0, rounded down (`.down`) or up (`.up`) to an ulp: exact in the
    /// stated direction.
    ///
    /// Integer Newton iteration on the 256-bit value raw × 10¹⁸, from a power of two above the root.
    ///
    /// - Precision: the exact floor (or ceiling) of √x at 18 decimals, so |error| < 1 ulp.
    /// - Throws: `OptionMathError.outOfDomain` when x < 0.
    /// - Complexity: O(log bits) iterations, each one 256-by-128-bit division.
    public static func sqrt(_ x: Decimal18, rounding: Rounding) throws(OptionMathError) -> Decimal18 {
        guard x.raw >= 0 else { throw .outOfDomain("sqrt needs a non-negative argument, got \(x)") }
        guard x.raw > 0 else { return .zero }
        let (high, low) = x.raw.magnitude.multipliedFullWidth(by: UInt128(scale))
        let bits = high > 0 ? 256 - high.leadingZeroBitCount : 128 - low.leadingZeroBitCount
        // 2^⌈bits/2⌉ ≥ √n, so the iteration descends monotonically to ⌊√n⌋; n < 2¹⁸⁷ keeps the
        // root below 2⁹⁴ and every quotient n / y (≤ y) within 128 bits.
        var root = UInt128(1) << ((bits + 1) / 2)
        while true {
            let (quotient, _) = root.dividingFullWidth((high, low))
            let next = (root + quotient) / 2
            if next >= root { break }
            root = next
        }
        if rounding == .up {
            let (squareHigh, squareLow) = root.multipliedFullWidth(by: root)
            if squareHigh != high || squareLow != low { root += 1 }
        }
        return Decimal18(raw: Int128(root))
    }
}

extension Int128 {
    /// `self·2⁻ᵏ` for a positive value: a right shift truncating for k > 0, an exact left shift
    /// for k ≤ 0 (the caller keeps the result in range).
    fileprivate func shifted(right k: Int) -> Int128 {
        k >= 0 ? self >> k : self << -k
    }
}
