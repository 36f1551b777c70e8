extension UInt128 {
    /// `a × b / c` through a 256-bit product, rounded as `rounding` says; nil when `c` is zero or
    /// the quotient does not fit in 128 bits.
    static func mulDiv(_ a: UInt128, _ b: UInt128, _ c: UInt128, rounding: Rounding) -> UInt128? {
        guard c > 0 else { return nil }
        let (high, low) = a.multipliedFullWidth(by: b)
        guard high < c else { return nil }
        // A product within 128 bits (the common case) takes the native 128-bit division.
        let (quotient, remainder) =
            high == 0 ? low.quotientAndRemainder(dividingBy: c) : c.dividingFullWidth((high, low))
        guard rounding == .up, remainder > 0 else { return quotient }
        return quotient == .max ? nil : quotient + 1
    }
}
