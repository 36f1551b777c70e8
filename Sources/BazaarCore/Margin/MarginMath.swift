/// Integer arithmetic of margin: products of 128-bit values through full-width intermediates,
/// with the rounding stated at each call site (always against the account, for the protocol).
/// Every function returns nil where its result does not fit; callers turn that into an error
/// (`amount_overflow`) or a documented behaviour, never into a substitute value.
enum MarginMath {
    /// `value × b / c` for a signed value, rounded towards negative infinity (floor): a long is
    /// worth a little less and a short owes a little more, never the reverse. Nil when `c` is
    /// zero or the result does not fit in `Int128`.
    static func signedMulDivFloor(_ value: Int128, _ b: UInt128, _ c: UInt128) -> Int128? {
        guard let magnitude = UInt128.mulDiv(value.magnitude, b, c, rounding: value < 0 ? .up : .down) else {
            return nil
        }
        return value < 0 ? Int128(negatingMagnitude: magnitude) : Int128(exactly: magnitude)
    }

    /// A fraction in basis points of `amount`, rounded as stated (a requirement or a penalty
    /// rounds up, a weighted value down); nil when it does not fit in 128 bits, which only a
    /// fraction above 100% can cause.
    static func basisPoints(_ amount: UInt128, _ basisPoints: UInt16, rounding: Rounding) -> UInt128? {
        UInt128.mulDiv(amount, UInt128(basisPoints), 10_000, rounding: rounding)
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

extension Int128 {
    /// `-magnitude`, or nil when it is below `-Int128.max`: margin values keep to the symmetric
    /// range, so that every one of them can be negated without trapping.
    init?(negatingMagnitude magnitude: UInt128) {
        guard let value = Int128(exactly: magnitude) else { return nil }
        self = -value
    }
}

/// A sum of signed 128-bit terms whose overflow does not depend on the order of the terms: the
/// gains and the losses are added separately (each a sum of non-negative terms, which overflows
/// in every order or in none), and only the difference must fit in `Int128`. Margin valuation
/// adds terms in dictionary order, so an order-dependent overflow would break determinism.
struct OrderFreeSum {
    private(set) var gains: UInt128 = 0
    private(set) var losses: UInt128 = 0
    /// Whether a partial sum of gains or of losses passed 128 bits.
    private(set) var overflowed = false

    mutating func add(_ term: Int128) {
        if term >= 0 { add(gain: term.magnitude) } else { add(loss: term.magnitude) }
    }

    mutating func add(gain: UInt128) {
        let (sum, overflow) = gains.addingReportingOverflow(gain)
        gains = sum
        overflowed = overflowed || overflow
    }

    mutating func add(loss: UInt128) {
        let (sum, overflow) = losses.addingReportingOverflow(loss)
        losses = sum
        overflowed = overflowed || overflow
    }

    /// The sum, or nil when a partial sum or the result does not fit.
    var value: Int128? {
        guard !overflowed else { return nil }
        return gains >= losses
            ? Int128(exactly: gains - losses) : Int128(negatingMagnitude: losses - gains)
    }
}
