/// An option's Greeks per whole unit of its underlying, in the units a trader reads
/// (docs/OPTIONS.md, "Greeks, option chain and the command line"):
///
/// - `delta`: underlying units per unit held (a call's is in [0, 1]);
/// - `gamma`: the change of delta per one whole quote unit of the underlying's price;
/// - `vega`: quote units per one volatility point (0.01 of annualized volatility);
/// - `theta`: quote units per calendar day (a year is 365 days), negative for a long that decays.
///
/// Display figures, never state: each is truncated towards zero from ``BlackScholes``'s own.
public struct OptionGreeks: Sendable, Hashable {
    public var delta: Decimal18
    public var gamma: Decimal18
    public var vega: Decimal18
    public var theta: Decimal18

    public init(delta: Decimal18, gamma: Decimal18, vega: Decimal18, theta: Decimal18) {
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
    }

    public static let zero = OptionGreeks(delta: .zero, gamma: .zero, vega: .zero, theta: .zero)

    /// At and after expiry: the intrinsic value's delta (1 for a call in the money, −1 for a put
    /// in the money, else 0) and nothing else.
    static func atExpiry(_ terms: OptionTerms, underlying: UInt128) -> OptionGreeks {
        let inTheMoney = terms.intrinsicValue(underlying: underlying) > 0
        guard inTheMoney else { return .zero }
        return OptionGreeks(
            delta: terms.kind == .call ? .one : Decimal18.one.negated, gamma: .zero, vega: .zero, theta: .zero)
    }

    /// The Greeks of a series at the underlying's price `underlying` (quote base units per whole
    /// unit) and the volatility `volatilityPPM` (parts per million), `millisecondsToExpiry` before
    /// expiry, with rate and yield 0 as the mark (``LedgerState/optionMarkAndStaleness(of:underlying:scale:)``).
    ///
    /// Priced per unit of strike, as the mark is (spot `S/K`, strike 1), then scaled: delta as is,
    /// gamma divided by `K`, vega and theta multiplied by `K` (whole quote units), vega divided by
    /// 100 for a point and theta by 365 for a day. Every step truncates towards zero.
    ///
    /// - Throws: `OptionMathError.outOfDomain` when `S/K`, the time or the volatility is outside
    ///   the pricing's domain.
    static func evaluate(
        _ terms: OptionTerms, underlying: UInt128, volatilityPPM: UInt64, millisecondsToExpiry: Int64,
        quoteDecimals: UInt8
    ) throws(OptionMathError) -> OptionGreeks {
        let greeks = try BlackScholes.evaluate(
            terms.kind == .call ? .call : .put, spot: try strikeRatio(underlying, terms.strike.baseUnits),
            strike: .one, millisecondsToExpiry: millisecondsToExpiry, rate: .zero, dividendYield: .zero,
            volatility: volatility(ppm: volatilityPPM))
        let strike = try wholeUnits(terms.strike.baseUnits, decimals: quoteDecimals)
        return OptionGreeks(
            delta: greeks.delta, gamma: try greeks.gamma.divided(by: strike, rounding: .down),
            vega: try greeks.vega.multiplied(by: strike, rounding: .down).divided(byInteger: 100, rounding: .down),
            theta: try greeks.theta.multiplied(by: strike, rounding: .down).divided(byInteger: 365, rounding: .down))
    }

    /// `S / K` as a `Decimal18`, rounded down.
    static func strikeRatio(_ underlying: UInt128, _ strike: UInt128) throws(OptionMathError) -> Decimal18 {
        guard strike > 0 else { throw .divisionByZero }
        guard let ratio = UInt128.mulDiv(underlying, UInt128(Decimal18.scale), strike, rounding: .down),
            ratio <= UInt128(Int128.max)
        else { throw .overflow("spot over strike") }
        return Decimal18(raw: Int128(ratio))
    }

    /// A volatility in parts per million as a fraction (exact).
    static func volatility(ppm: UInt64) -> Decimal18 { Decimal18(raw: Int128(ppm) * 1_000_000_000_000) }

    /// `baseUnits / 10^decimals` as a `Decimal18`: exact up to 18 decimals, truncated beyond.
    static func wholeUnits(_ baseUnits: UInt128, decimals: UInt8) throws(OptionMathError) -> Decimal18 {
        guard baseUnits <= UInt128(Int128.max) else { throw .overflow("amount") }
        return try wholeUnits(signed: Int128(baseUnits), decimals: decimals)
    }

    /// The signed version of ``wholeUnits(_:decimals:)``.
    static func wholeUnits(signed baseUnits: Int128, decimals: UInt8) throws(OptionMathError) -> Decimal18 {
        guard baseUnits != .min else { throw .overflow("amount") }
        if decimals <= 18 {
            let (value, overflow) = baseUnits.multipliedReportingOverflow(
                by: Int128(Amount.powerOfTen(18 - Int(decimals))))
            guard !overflow, value != .min else { throw .overflow("amount") }
            return Decimal18(raw: value)
        }
        return Decimal18(raw: baseUnits / Int128(Amount.powerOfTen(Int(decimals) - 18)))
    }
}
