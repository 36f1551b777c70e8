/// The standard normal distribution's density φ and cumulative distribution Φ, in fixed point.
///
/// Φ(x) + Φ(−x) = 1 holds exactly (to the last unit): both come from one computed tail. Below
/// |x| = 4 the tail is ½ − φ(x)·S(x) with Marsaglia's series S(x) = x + x³/3 + x⁵/(3·5) + …, whose
/// terms are all positive; from 4 on it is φ(x) divided by the continued fraction
/// x + 1/(x + 2/(x + 3/(x + …))) evaluated backwards from a fixed depth; from 9 on it is 0
/// (Φ(−9) ≈ 1.1 × 10⁻¹⁹ is below half an ulp).
public enum NormalDistribution {
    /// 1/√(2π), rounded to nearest.
    static let inverseSqrtTwoPiRaw: Int128 = 398_942_280_401_432_678
    /// Beyond this |x|, φ(x) < 10⁻²² and the density is 0 (checked before squaring, so any x is fine).
    static let densityCutoffRaw: Int128 = 10 * Decimal18.scale
    /// Where the tail switches from the series to the continued fraction.
    static let seriesLimitRaw: Int128 = 4 * Decimal18.scale
    /// From here on the tail 1 − Φ(x) is below half an ulp and is 0.
    static let tailCutoffRaw: Int128 = 9 * Decimal18.scale

    /// φ(x) = e^(−x²/2) / √(2π).
    ///
    /// - Precision: |error| ≤ 2 ulps (measured against 60-digit values on 7,000 points: 1).
    /// - Rounding: x², x²/2, the product with 1/√(2π) and the final shift truncate towards zero.
    /// - Returns: 0 for |x| > 10.
    public static func density(_ x: Decimal18) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try densityRaw(x.raw))
    }

    /// Φ(x), the probability that a standard normal variable is at most x.
    ///
    /// - Precision: |error| ≤ 2 ulps (measured against 60-digit values on 7,000 points: 1). The
    ///   series' small φ(x) keeps its digits because it is used before its final shift.
    /// - Rounding: every series term and continued-fraction step truncates towards zero; the
    ///   result is not directed, but Φ(x) + Φ(−x) = 1 exactly and Φ is non-decreasing on the
    ///   tested grid.
    /// - Returns: 0 for x ≤ −9 and 1 for x ≥ 9 (Φ(−9) ≈ 1.1 × 10⁻¹⁹), for any x in range.
    public static func cumulative(_ x: Decimal18) throws(OptionMathError) -> Decimal18 {
        Decimal18(raw: try tails(x.raw, density: densityParts(x.raw)).lower)
    }

    /// φ(x) as `mantissa`·2^`exponent` (raw units), relative error 10⁻²⁰ (mantissa with `Decimal18.guardBits` extra places); nil where φ(x) is
    /// taken as 0 (|x| > 10). The tails multiply and divide the mantissa before shifting, so that a
    /// small density keeps its digits.
    @inline(__always)
    static func densityParts(_ x: Int128) throws(OptionMathError) -> (mantissa: Int128, exponent: Int)? {
        let magnitude = x < 0 ? -x : x
        guard magnitude <= densityCutoffRaw else { return nil }
        let square = try Decimal18.multiply(magnitude, magnitude, rounding: .down)
        let exponent = -Decimal18.divide(square, byInteger: 2, rounding: .down)
        let (e, shift) = try Decimal18.expParts(exponent)
        return (try Decimal18.multiply(e, inverseSqrtTwoPiRaw, rounding: .down), shift)
    }

    @inline(__always)
    static func densityRaw(_ parts: (mantissa: Int128, exponent: Int)?) throws(OptionMathError) -> Int128 {
        guard let parts else { return 0 }
        return try Decimal18.shifted(parts.mantissa, parts.exponent)
    }

    @inline(__always)
    static func densityRaw(_ x: Int128) throws(OptionMathError) -> Int128 {
        try densityRaw(try densityParts(x))
    }

    /// Φ(x) and 1 − Φ(x) = Φ(−x), from one computed tail, given φ(x)'s parts (which the caller often
    /// needs too): the two always sum to exactly 1.
    @inline(__always)
    static func tails(_ x: Int128, density: (mantissa: Int128, exponent: Int)?) throws(OptionMathError) -> (
        lower: Int128, upper: Int128
    ) {
        let z = x < 0 ? -x : x
        let upper = try upperTail(z, density: density)
        let complement = Decimal18.scale - upper
        return x < 0 ? (upper, complement) : (complement, upper)
    }

    /// 1 − Φ(z) for z ≥ 0, given φ(z)'s parts.
    private static func upperTail(_ z: Int128, density: (mantissa: Int128, exponent: Int)?) throws(OptionMathError)
        -> Int128
    {
        assert(z >= 0)
        guard z < tailCutoffRaw, let density else { return 0 }
        if z < seriesLimitRaw {
            let half = Decimal18.scale / 2
            let sum = try seriesSum(z, density: try densityRaw(density))
            // Both factors carry `guardBits` extra places.
            let product = try Decimal18.shifted(
                try Decimal18.multiply(density.mantissa, sum, rounding: .down), density.exponent - Decimal18.guardBits)
            return max(half - product, 0)
        }
        // Depth for a truncation error below 10⁻¹⁹ (measured: 30 terms suffice at 4, 20 at 5, 10 at 6).
        let depth: Int128 = z < 5 * Decimal18.scale ? 32 : z < 6 * Decimal18.scale ? 22 : 14
        var fraction = z
        var k = depth
        while k > 0 {
            fraction = z + (try Decimal18.divide(k * Decimal18.scale, fraction, rounding: .down))
            k -= 1
        }
        return try Decimal18.shifted(
            try Decimal18.divide(density.mantissa, fraction, rounding: .down), density.exponent)
    }

    /// S(z) = z + z³/3 + z⁵/(3·5) + … for 0 ≤ z < 4, with `guardBits` extra places, summed until the rest adds less than an ulp to
    /// φ(z)·S(z): a term below 1/φ(z) ulps with the ratio of the next ones at most ½.
    private static func seriesSum(_ z: Int128, density: Int128) throws(OptionMathError) -> Int128 {
        let guardBits = Decimal18.guardBits
        let square = try Decimal18.multiply(z, z, rounding: .down) << guardBits
        let negligible = (Decimal18.scale / density) << guardBits
        var term = z << guardBits
        var sum = term
        var divisor: Int128 = 3
        while true {
            term = Decimal18.divide(try Decimal18.multiplyGuarded(term, square), byInteger: divisor, rounding: .down)
            sum += term
            if term <= negligible, 2 * square <= ((divisor + 2) * Decimal18.scale) << guardBits { break }
            if term == 0 { break }
            divisor += 2
        }
        return sum
    }
}
