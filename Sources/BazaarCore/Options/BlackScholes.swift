/// Black-Scholes-Merton prices and Greeks of European options, in fixed point.
///
/// With a continuous rate r, a continuous dividend (or borrow) yield q, time T in years,
/// d₁ = (ln(S/K) + (r − q + σ²/2)·T) / (σ√T) and d₂ = d₁ − σ√T:
///
///     call = S·e^(−qT)·Φ(d₁) − K·e^(−rT)·Φ(d₂)      put = K·e^(−rT)·Φ(−d₂) − S·e^(−qT)·Φ(−d₁)
///
/// The Greeks are in QuantLib's units: delta per 1 of spot, gamma per 1 of spot squared, vega per
/// 1.00 of volatility, rho per 1.00 of rate, theta per year (divide by 365 for a day).
///
/// Every value is an 18-decimal `Decimal18`; no floating point, clock or randomness is involved,
/// so every node computes the same bits. Each product and quotient rounds towards zero. The inputs are checked
/// against the domains below and a violation is an `OptionMathError.outOfDomain` naming the input;
/// inside the domains no evaluation overflows.
public enum BlackScholes {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case call
        case put
    }

    /// One option's parameters.
    public struct Inputs: Sendable, Hashable {
        public var kind: Kind
        /// The underlying's price, in [10⁻¹², 10¹²].
        public var spot: Decimal18
        /// In [10⁻¹², 10¹²].
        public var strike: Decimal18
        /// Time to expiry in years of 365 days, in [1 ms, 10 years].
        public var years: Decimal18
        /// The continuously compounded rate, in [−1, 1].
        public var rate: Decimal18
        /// The continuous dividend yield, in [−1, 1].
        public var dividendYield: Decimal18
        /// The annualized volatility, in [0.001, 10] (0.1 % to 1,000 %).
        public var volatility: Decimal18

        public init(
            kind: Kind, spot: Decimal18, strike: Decimal18, years: Decimal18, rate: Decimal18,
            dividendYield: Decimal18, volatility: Decimal18
        ) {
            self.kind = kind
            self.spot = spot
            self.strike = strike
            self.years = years
            self.rate = rate
            self.dividendYield = dividendYield
            self.volatility = volatility
        }
    }

    /// The price and the five Greeks of one option.
    public struct Greeks: Sendable, Hashable {
        public var price: Decimal18
        public var delta: Decimal18
        public var gamma: Decimal18
        /// Per 1.00 of volatility (multiply by 0.01 for a volatility point).
        public var vega: Decimal18
        /// Per year.
        public var theta: Decimal18
        /// Per 1.00 of rate.
        public var rho: Decimal18
    }

    /// Bounds of the inputs (inclusive).
    public static let priceMin = Decimal18(raw: 1_000_000)  // 10⁻¹²
    public static let priceMax = Decimal18(1_000_000_000_000)
    public static let volatilityMin = Decimal18(raw: 1_000_000_000_000_000)  // 0.001
    public static let volatilityMax = Decimal18(10)
    public static let rateMagnitudeMax = Decimal18.one
    public static let millisecondsPerYear: Int64 = 365 * 86_400_000
    public static let millisecondsMax: Int64 = 10 * millisecondsPerYear
    /// One millisecond, in years (rounded up so that a millisecond converted down is not below it).
    public static let yearsMin = Decimal18(raw: 31_709_792)
    public static let yearsMax = Decimal18(10)

    /// T = days / 365, rounded down to 10⁻¹⁸.
    ///
    /// - Throws: `OptionMathError.outOfDomain` unless 0 < days ≤ 3650.
    public static func years(days: Decimal18) throws(OptionMathError) -> Decimal18 {
        guard days.raw > 0, days <= Decimal18(3_650) else {
            throw .outOfDomain("days must be above 0 and at most 3650, got \(days)")
        }
        return try days.divided(byInteger: 365, rounding: .down)
    }

    /// T = milliseconds / (365 × 86,400,000), rounded up to 10⁻¹⁸ (so that 1 ms is `yearsMin`).
    ///
    /// - Throws: `OptionMathError.outOfDomain` unless 0 < milliseconds ≤ 10 years.
    public static func years(milliseconds: Int64) throws(OptionMathError) -> Decimal18 {
        guard milliseconds > 0, milliseconds <= millisecondsMax else {
            throw .outOfDomain("time to expiry must be 1 ms to 10 years, got \(milliseconds) ms")
        }
        return Decimal18(
            raw: Decimal18.divide(
                Int128(milliseconds) * Decimal18.scale, byInteger: Int128(millisecondsPerYear), rounding: .up))
    }

    /// Price and Greeks of the option with `millisecondsToExpiry` left (a year is 365 days): the entry
    /// point of the state machine, which knows expiry and block time in milliseconds.
    public static func evaluate(
        _ kind: Kind, spot: Decimal18, strike: Decimal18, millisecondsToExpiry: Int64, rate: Decimal18,
        dividendYield: Decimal18, volatility: Decimal18
    ) throws(OptionMathError) -> Greeks {
        try evaluate(
            Inputs(
                kind: kind, spot: spot, strike: strike, years: try years(milliseconds: millisecondsToExpiry),
                rate: rate, dividendYield: dividendYield, volatility: volatility))
    }

    /// Checks `inputs` against the domains, with a message naming the first input outside.
    public static func validate(_ inputs: Inputs) throws(OptionMathError) {
        func check(_ value: Decimal18, _ name: String, _ low: Decimal18, _ high: Decimal18) throws(OptionMathError) {
            guard value.raw > 0 || low.raw <= 0 else { throw .outOfDomain("\(name) must be above 0, got \(value)") }
            guard value >= low, value <= high else {
                throw .outOfDomain("\(name) must be in [\(low), \(high)], got \(value)")
            }
        }
        try check(inputs.spot, "spot", priceMin, priceMax)
        try check(inputs.strike, "strike", priceMin, priceMax)
        try check(inputs.years, "time to expiry (years)", yearsMin, yearsMax)
        try check(inputs.volatility, "volatility", volatilityMin, volatilityMax)
        try check(inputs.rate, "rate", rateMagnitudeMax.negated, rateMagnitudeMax)
        try check(inputs.dividendYield, "dividend yield", rateMagnitudeMax.negated, rateMagnitudeMax)
    }

    /// Price and Greeks of one option.
    ///
    /// - Precision: errors are a few ulps of the largest term, not of the output: measured against
    ///   50-digit values on the 63 cases of `black_scholes_quantlib.json`, every output is within
    ///   25 × 10⁻¹⁸ × max(S, K) absolute and 3 × 10⁻¹³ relative (outputs above 10⁻⁶); QuantLib's own
    ///   doubles differ from ours by at most 6 × 10⁻¹² relative.
    /// - Rounding: every product and quotient truncates towards zero (the sqrt of T too); a
    ///   worthless option's price can therefore come out a few ulps below 0.
    /// - Throws: `OptionMathError.outOfDomain` for an input outside its domain (see `Inputs`).
    /// - Complexity: O(1): one sqrt, two ln, three exp (two inside densities) and two Φ tails;
    ///   no allocation.
    public static func evaluate(_ inputs: Inputs) throws(OptionMathError) -> Greeks {
        try validate(inputs)
        let s = inputs.spot.raw
        let k = inputs.strike.raw
        let t = inputs.years.raw
        let r = inputs.rate.raw
        let q = inputs.dividendYield.raw
        let sigma = inputs.volatility.raw

        let sqrtT = try Decimal18.sqrt(inputs.years, rounding: .down).raw
        let sigmaSqrtT = try mul(sigma, sqrtT)
        let logMoneyness = try sub(try Decimal18.ln(inputs.spot).raw, try Decimal18.ln(inputs.strike).raw)
        let halfVariance = Decimal18.divide(try mul(sigma, sigma), byInteger: 2, rounding: .down)
        let drift = try mul(try add(try sub(r, q), halfVariance), t)
        let d1 = try Decimal18.divide(try add(logMoneyness, drift), sigmaSqrtT, rounding: .down)
        let d2 = try sub(d1, sigmaSqrtT)

        let dividendDiscount = try Decimal18.exp(Decimal18(raw: -(try mul(q, t)))).raw
        let rateDiscount = try Decimal18.exp(Decimal18(raw: -(try mul(r, t)))).raw
        let forwardSpot = try mul(s, dividendDiscount)  // S·e^(−qT)
        let discountedStrike = try mul(k, rateDiscount)  // K·e^(−rT)
        let densityParts1 = try NormalDistribution.densityParts(d1)
        let density1 = try NormalDistribution.densityRaw(densityParts1)
        let (n1, nMinus1) = try NormalDistribution.tails(d1, density: densityParts1)
        let (n2, nMinus2) = try NormalDistribution.tails(d2, density: try NormalDistribution.densityParts(d2))

        // Shared by both kinds: gamma, vega and theta's volatility term.
        let densityTerm = try mul(forwardSpot, density1)  // S·e^(−qT)·φ(d₁)
        let gamma = try Decimal18.divide(
            try Decimal18.divide(try mul(dividendDiscount, density1), sigmaSqrtT, rounding: .down), s,
            rounding: .down)
        let vega = try mul(densityTerm, sqrtT)
        let decay = -(try Decimal18.divide(try mul(densityTerm, sigma), 2 * sqrtT, rounding: .down))

        let price: Int128
        let delta: Int128
        let theta: Int128
        let rho: Int128
        switch inputs.kind {
        case .call:
            let stockLeg = try mul(forwardSpot, n1)
            let strikeLeg = try mul(discountedStrike, n2)
            price = try sub(stockLeg, strikeLeg)
            delta = try mul(dividendDiscount, n1)
            theta = try add(try sub(decay, try mul(r, strikeLeg)), try mul(q, stockLeg))
            rho = try mul(t, strikeLeg)
        case .put:
            let stockLeg = try mul(forwardSpot, nMinus1)
            let strikeLeg = try mul(discountedStrike, nMinus2)
            price = try sub(strikeLeg, stockLeg)
            delta = -(try mul(dividendDiscount, nMinus1))
            theta = try sub(try add(decay, try mul(r, strikeLeg)), try mul(q, stockLeg))
            rho = -(try mul(t, strikeLeg))
        }
        assert(delta.magnitude <= dividendDiscount.magnitude, "|delta| ≤ e^(−qT)")
        return Greeks(
            price: Decimal18(raw: price), delta: Decimal18(raw: delta), gamma: Decimal18(raw: gamma),
            vega: Decimal18(raw: vega), theta: Decimal18(raw: theta), rho: Decimal18(raw: rho))
    }

    /// The product of two raw values, truncated towards zero: the rounding of every product here.
    @inline(__always)
    private static func mul(_ a: Int128, _ b: Int128) throws(OptionMathError) -> Int128 {
        try Decimal18.multiply(a, b, rounding: .down)
    }

    @inline(__always)
    private static func add(_ a: Int128, _ b: Int128) throws(OptionMathError) -> Int128 {
        try Decimal18.add(a, b)
    }

    @inline(__always)
    private static func sub(_ a: Int128, _ b: Int128) throws(OptionMathError) -> Int128 {
        try Decimal18.add(a, -b)
    }
}
