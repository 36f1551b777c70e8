/// The volatility at which Black-Scholes-Merton gives a price: the inverse of ``BlackScholes``
/// in its volatility, for the option chain's display of a book's prices as volatilities
/// (docs/OPTIONS.md, "Greeks, option chain and the command line").
///
/// A display figure: nothing here reaches state, but it is fixed point like the pricing it
/// inverts, so every node shows the same digits.
public enum ImpliedVolatility {
    /// The solver stops once the volatility is known to within this width: 10⁻⁹ (a millionth of
    /// a volatility point).
    public static let tolerance = Decimal18(raw: 1_000_000_000)
    /// Evaluations of ``BlackScholes`` at most. Bisection alone narrows the domain's width of
    /// 10 below ``tolerance`` in 34 steps, so the bound is never reached; it is a limit, not a
    /// stopping rule.
    public static let iterationsMax = 64

    /// The annualized volatility in [``BlackScholes/volatilityMin``, ``BlackScholes/volatilityMax``]
    /// at which the option of `inputs` (its own volatility ignored) is worth `price`.
    ///
    /// The price of a European option rises strictly with its volatility, from its no-arbitrage
    /// lower bound (the discounted intrinsic value, `max(0, S·e^(−qT) − K·e^(−rT))` for a call)
    /// towards its upper bound (`S·e^(−qT)` for a call, `K·e^(−rT)` for a put). A price outside
    /// the prices at the domain's two ends — at or below the lower bound, at or above the upper,
    /// or needing a volatility below 0.1% or above 1,000% — has no implied volatility: nil.
    ///
    /// Safeguarded Newton: a bracket `[low, high]` around the root shrinks with every evaluation;
    /// a Newton step (price error over vega) is taken when it lands strictly inside the bracket,
    /// otherwise the bracket is bisected. The result is within ``tolerance`` of the volatility
    /// whose fixed-point price equals `price` (that price's own error, a few 10⁻¹⁸ of max(S, K),
    /// moves it by that error over vega).
    ///
    /// - Throws: `OptionMathError.outOfDomain` when spot, strike, time, rate or yield is outside
    ///   the pricing's domain (``BlackScholes/validate(_:)``).
    /// - Complexity: at most ``iterationsMax`` + 2 evaluations; typically 5 to 10.
    public static func solve(price: Decimal18, inputs: BlackScholes.Inputs) throws(OptionMathError) -> Decimal18? {
        var inputs = inputs
        func value(at volatility: Decimal18) throws(OptionMathError) -> BlackScholes.Greeks {
            inputs.volatility = volatility
            return try BlackScholes.evaluate(inputs)
        }
        var low = BlackScholes.volatilityMin
        var high = BlackScholes.volatilityMax
        // The ends of the domain bound what is invertible; they lie inside the no-arbitrage bounds.
        guard price > (try value(at: low)).price, price < (try value(at: high)).price else { return nil }
        var volatility = Decimal18(raw: Decimal18.scale / 2)
        for _ in 0..<iterationsMax {
            let greeks = try value(at: volatility)
            let error = try greeks.price.subtracting(price)
            if error.raw == 0 { return volatility }
            if error.raw > 0 { high = volatility } else { low = volatility }
            assert(low < high, "the bracket stays ordered")
            if try high.subtracting(low) <= tolerance { return midpoint(low, high) }
            volatility = newtonStep(from: volatility, error: error, vega: greeks.vega, low: low, high: high)
        }
        preconditionFailure("implied volatility did not converge in \(iterationsMax) steps")
    }

    /// The Newton step `σ − error / vega` when it lands strictly inside `(low, high)`, else the
    /// bracket's midpoint. The quotient rounds towards zero.
    private static func newtonStep(
        from volatility: Decimal18, error: Decimal18, vega: Decimal18, low: Decimal18, high: Decimal18
    ) -> Decimal18 {
        guard vega.raw > 0, let step = try? error.divided(by: vega, rounding: .down),
            let next = try? volatility.subtracting(step), next > low, next < high
        else { return midpoint(low, high) }
        return next
    }

    /// `(low + high) / 2`, rounded down; both are in (0, 10], so the sum cannot overflow.
    private static func midpoint(_ low: Decimal18, _ high: Decimal18) -> Decimal18 {
        Decimal18(raw: (low.raw + high.raw) / 2)
    }
}
