// The volatility surface's one query: the implied volatility of any strike and expiry, linear in
// moneyness between the fixed points and linear in total variance between listed expiries.
// Option pricing and margin call it (see docs/OPTIONS.md, "Volatility surface").

/// Why the surface gives no volatility; risk-increasing option actions refuse every case with
/// `ResultCode.stalePrice` (`LedgerState.requireImpliedVolatility`).
public enum VolatilityUnavailable: Error, Sendable, Hashable {
    /// The underlying has no aggregated smile with an expiry after the query time.
    case missing
    /// A smile the interpolation needs is stale: too few fresh reports at its last aggregation,
    /// or that aggregation is older than the staleness window.
    case stale
    /// The expiry is not after the query time.
    case expired
    /// The strike or the spot is zero.
    case invalidInput
}

extension OracleState {
    /// The annualized implied volatility, in parts per million, of `underlying` for `strike` at
    /// `expiryMilliseconds`, seen at `atMilliseconds` with the underlying at `spot`.
    ///
    /// In moneyness (`strike / spot`), linear between the fixed points and flat beyond the first
    /// and last. In time, between the two listed expiries around `expiryMilliseconds`, linear in
    /// total variance `σ² × T` (`T` the time from `atMilliseconds` to each expiry), then `σ` is the
    /// square root of the variance over `T`; before the first listed expiry and after the last,
    /// the nearest smile's volatility (flat). Every division and the square root round down: the
    /// result is below the exact interpolation by less than 1 ppm in moneyness, and by less than
    /// 2 ppm more in time (apart from the moneyness's own rounding at 10⁻¹⁰).
    ///
    /// - Parameters:
    ///   - strike: the strike, in any unit shared with `spot` (quote base units per whole unit).
    ///   - spot: the underlying's price in that unit (the oracle price).
    ///   - acceptingStale: interpolate the last agreed smiles even when stale, as valuation does
    ///     (the liquidation engine values at the last agreed price, too); never for actions.
    /// - Returns: the volatility in parts per million, or why there is none.
    /// - Complexity: O(smiles of `underlying`), at most `VolatilityParameters.expiryCountMax`.
    public func impliedVolatility(
        underlying: AssetSymbol, expiryMilliseconds: UInt64, strike: UInt128, spot: UInt128, atMilliseconds: UInt64,
        acceptingStale: Bool = false
    ) -> Result<UInt64, VolatilityUnavailable> {
        guard strike > 0, spot > 0 else { return .failure(.invalidInput) }
        guard expiryMilliseconds > atMilliseconds else { return .failure(.expired) }
        let listed = smiles(of: underlying).filter { $0.smile.isAggregated && $0.expiryMilliseconds > atMilliseconds }
        guard let first = listed.first, let last = listed.last else { return .failure(.missing) }
        let lower = listed.last { $0.expiryMilliseconds <= expiryMilliseconds } ?? first
        let upper = listed.first { $0.expiryMilliseconds >= expiryMilliseconds } ?? last
        let staleness = volatilityParameters.stalenessMilliseconds
        for smile in [lower.smile, upper.smile] {
            let age = atMilliseconds >= smile.timeMilliseconds ? atMilliseconds - smile.timeMilliseconds : 0
            guard acceptingStale || (!smile.isStale && age <= staleness) else { return .failure(.stale) }
        }
        let lowerVolatility = Self.volatility(in: lower.smile.volatilities, strike: strike, spot: spot)
        guard lower.expiryMilliseconds != upper.expiryMilliseconds else { return .success(lowerVolatility) }
        let upperVolatility = Self.volatility(in: upper.smile.volatilities, strike: strike, spot: spot)
        return .success(
            Self.interpolateInTotalVariance(
                lower: (lower.expiryMilliseconds - atMilliseconds, lowerVolatility),
                upper: (upper.expiryMilliseconds - atMilliseconds, upperVolatility),
                at: expiryMilliseconds - atMilliseconds))
    }

    /// Moneyness in units of 10⁻¹⁰ (a basis point has 10⁶ of them).
    static let moneynessScale: UInt128 = 10_000_000_000

    /// The smile's volatility at `strike / spot`: linear between the two points around it, flat
    /// beyond the ends. The moneyness and the step along the segment are rounded down.
    ///
    /// - Precondition: `volatilities` has one value per point; `spot > 0`.
    static func volatility(in volatilities: [UInt32], strike: UInt128, spot: UInt128) -> UInt64 {
        precondition(volatilities.count == VolatilityParameters.pointCount, "smile without one volatility per point")
        // A moneyness beyond 128 bits of 10⁻¹⁰ is far past the last point: flat.
        let moneyness = UInt128.mulDiv(strike, moneynessScale, spot, rounding: .down) ?? .max
        let points = VolatilityParameters.moneynessBasisPoints.map { UInt128($0) * 1_000_000 }
        guard moneyness > points[0] else { return UInt64(volatilities[0]) }
        guard let segment = points.indices.dropFirst().first(where: { moneyness < points[$0] }) else {
            return UInt64(volatilities[volatilities.count - 1])
        }
        let (left, right) = (points[segment - 1], points[segment])
        let (from, to) = (UInt128(volatilities[segment - 1]), UInt128(volatilities[segment]))
        let (offset, width) = (moneyness - left, right - left)
        // |to - from| < 2^24 and width < 2^33: the products fit in 128 bits.
        let result =
            to >= from ? from + (to - from) * offset / width : from - ((from - to) * offset).divided(by: width, .up)
        return UInt64(result)
    }

    /// `σ` at `T` from the total variances `σ₁² T₁` and `σ₂² T₂` interpolated linearly in time
    /// (`T₁ < T < T₂`, times in milliseconds, volatilities in parts per million): the variance
    /// rounded down, divided by `T` rounded down, and the square root rounded down.
    ///
    /// - Precondition: `0 < T₁ < T < T₂`; both volatilities within `VolatilityParameters.volatilityRange`.
    static func interpolateInTotalVariance(
        lower: (time: UInt64, volatility: UInt64), upper: (time: UInt64, volatility: UInt64), at time: UInt64
    ) -> UInt64 {
        precondition(0 < lower.time && lower.time < time && time < upper.time, "times out of order")
        let range = VolatilityParameters.volatilityRange
        precondition(
            [lower.volatility, upper.volatility].allSatisfy { $0 <= UInt64(range.upperBound) },
            "volatility out of range")
        // σ² ≤ 10^14 and T < 2^64: each variance fits in 128 bits; the step's product is taken at 256.
        let lowerVariance = UInt128(lower.volatility) * UInt128(lower.volatility) * UInt128(lower.time)
        let upperVariance = UInt128(upper.volatility) * UInt128(upper.volatility) * UInt128(upper.time)
        let (elapsed, span) = (UInt128(time - lower.time), UInt128(upper.time - lower.time))
        let variance =
            upperVariance >= lowerVariance
            ? lowerVariance + UInt128.mulDiv(upperVariance - lowerVariance, elapsed, span, rounding: .down)!
            : lowerVariance - UInt128.mulDiv(lowerVariance - upperVariance, elapsed, span, rounding: .up)!
        let volatility = squareRoot(variance / UInt128(time))
        // Total variance over T lies between σ₁² and σ₂² (it is b + a/T on the segment): in range.
        precondition(volatility <= UInt128(range.upperBound), "interpolated volatility out of range")
        return UInt64(volatility)
    }

    /// `⌊√n⌋` by Newton's iteration from above.
    static func squareRoot(_ n: UInt128) -> UInt128 {
        guard n > 1 else { return n }
        var estimate = n / 2 + 1
        var next = (estimate + n / estimate) / 2
        while next < estimate {
            estimate = next
            next = (estimate + n / estimate) / 2
        }
        return estimate
    }
}

extension UInt128 {
    /// `self / divisor` rounded as asked.
    fileprivate func divided(by divisor: UInt128, _ rounding: Rounding) -> UInt128 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return rounding == .up && remainder > 0 ? quotient + 1 : quotient
    }
}

extension LedgerState {
    /// The surface's implied volatility (parts per million) of `underlying` for `strike` at
    /// `expiryMilliseconds`, seen at `atMilliseconds` with the underlying at `spot`; see
    /// `OracleState.impliedVolatility`.
    public func impliedVolatility(
        underlying: AssetSymbol, expiryMilliseconds: UInt64, strike: UInt128, spot: UInt128, atMilliseconds: UInt64,
        acceptingStale: Bool = false
    ) -> Result<UInt64, VolatilityUnavailable> {
        derivatives.oracle.impliedVolatility(
            underlying: underlying, expiryMilliseconds: expiryMilliseconds, strike: strike, spot: spot,
            atMilliseconds: atMilliseconds, acceptingStale: acceptingStale)
    }

    /// The implied volatility at the block time for a risk-increasing action; a missing, stale or
    /// expired surface refuses it with `stale_price`.
    func requireImpliedVolatility(
        underlying: AssetSymbol, expiryMilliseconds: UInt64, strike: UInt128, spot: UInt128
    ) throws(ActionFailure) -> UInt64 {
        switch impliedVolatility(
            underlying: underlying, expiryMilliseconds: expiryMilliseconds, strike: strike, spot: spot,
            atMilliseconds: timeMilliseconds)
        {
        case .success(let volatility): return volatility
        case .failure: throw ActionFailure(.stalePrice)
        }
    }
}
