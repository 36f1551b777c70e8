/// Integer arithmetic of margin: products of 128-bit values through full-width intermediates,
/// with the rounding stated at each call site (always against the account, for the protocol).
enum MarginMath {
    /// `value × b / c` for a signed value, rounded towards negative infinity (floor): a long is
    /// worth a little less and a short owes a little more, never the reverse.
    static func signedMulDivFloor(_ value: Int128, _ b: UInt128, _ c: UInt128) -> Int128? {
        guard let magnitude = UInt128.mulDiv(value.magnitude, b, c, roundingUp: value < 0),
            magnitude <= UInt128(Int128.max)
        else { return nil }
        return value < 0 ? -Int128(magnitude) : Int128(magnitude)
    }

    /// A fraction in basis points of `amount`, rounded up (a requirement or a penalty).
    static func basisPointsUp(_ amount: UInt128, _ basisPoints: UInt16) -> UInt128? {
        UInt128.mulDiv(amount, UInt128(basisPoints), 10_000, roundingUp: true)
    }

    /// A fraction in basis points of `amount`, rounded down (a weighted value).
    static func basisPointsDown(_ amount: UInt128, _ basisPoints: UInt16) -> UInt128? {
        UInt128.mulDiv(amount, UInt128(basisPoints), 10_000)
    }

    /// dYdX's funding index delta (v4-chain x/perpetuals/funding): the funding of one base
    /// quantum over `seconds` at `ratePPM` per 8 hours, in parts per million of a quote quantum:
    /// `trunc(trunc(seconds × ratePPM × price × 10^exponent) / 28,800)`, both truncations towards
    /// zero. dYdX's `exponent` is `priceExponent + atomicResolution + 6`; Bazaar's oracle price is
    /// already in quote base units per whole unit, so its exponent is `−(base decimals)`.
    static func fundingIndexDelta(seconds: UInt64, ratePPM: Int64, price: UInt128, exponent: Int) -> Int128? {
        let base = Int128(seconds) * Int128(ratePPM)
        let (high, low) = base.magnitude.multipliedFullWidth(by: price)
        var magnitude: UInt128
        if exponent >= 0 {
            guard high == 0 else { return nil }
            let (scaled, overflow) = low.multipliedReportingOverflow(by: Amount.powerOfTen(exponent))
            guard !overflow else { return nil }
            magnitude = scaled
        } else {
            let divisor = Amount.powerOfTen(-exponent)
            guard high < divisor else { return nil }
            magnitude = divisor.dividingFullWidth((high, low)).quotient
        }
        magnitude /= 28_800
        guard magnitude <= UInt128(Int128.max) else { return nil }
        return base < 0 ? -Int128(magnitude) : Int128(magnitude)
    }
}
