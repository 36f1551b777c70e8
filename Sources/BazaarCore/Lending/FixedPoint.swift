/// Fixed-point arithmetic for interest and prices: 18-decimal "wad" numbers in `UInt128` and
/// products taken at 256 bits, so that `a × b / d` is exact before its one stated rounding.
enum FixedPoint {
    /// 1.0 as a wad.
    static let one: UInt128 = 1_000_000_000_000_000_000
    /// One basis point as a wad (10^-4).
    static let basisPoint: UInt128 = 100_000_000_000_000
    /// A year of 365 days, the period of annual rates.
    static let yearMilliseconds: UInt128 = 31_536_000_000

    /// `a × b / d` rounded as asked, or `nil` when the quotient does not fit in 128 bits.
    ///
    /// - Precondition: `d > 0`.
    static func mulDiv(_ a: UInt128, _ b: UInt128, _ d: UInt128, _ rounding: Rounding) -> UInt128? {
        precondition(d > 0, "division by zero")
        return UInt128.mulDiv(a, b, d, rounding: rounding)
    }
}
