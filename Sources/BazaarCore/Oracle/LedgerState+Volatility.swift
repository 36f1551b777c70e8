// The oracle's volatility surface: reporters' implied volatilities per underlying and expiry at
// fixed moneyness points, and each block's median per point (see docs/OPTIONS.md, "Volatility surface").

extension LedgerState {
    mutating func applyConfigureVolatility(_ parameters: VolatilityParameters, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard self.parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard parameters.isValid else { throw ActionFailure(.invalidOracleParameters) }
        derivatives.oracle.volatilityConfiguration.write(parameters, for: OracleState.configurationKey)
        return [.derivatives(.oracle(.volatilityConfigured(authority: sender, parameters: parameters)))]
    }

    mutating func applyReportVolatility(_ report: OracleAction.VolatilityReport, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard let oracle = derivatives.oracle.parameters else { throw ActionFailure(.oracleNotConfigured) }
        guard derivatives.oracle.reporters[sender] != nil else { throw ActionFailure(.notReporter) }
        guard assets[report.asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard report.asset != oracle.quoteAsset else { throw ActionFailure(.invalidObservation) }
        guard report.volatilities.count == VolatilityParameters.pointCount,
            report.volatilities.allSatisfy(VolatilityParameters.volatilityRange.contains)
        else { throw ActionFailure(.invalidVolatility) }
        let now = timeMilliseconds
        guard report.expiryMilliseconds > now,
            report.expiryMilliseconds - now <= VolatilityParameters.expiryHorizonMillisecondsMax
        else { throw ActionFailure(.invalidVolatilityExpiry) }
        let smile = VolatilityKey(asset: report.asset, expiryMilliseconds: report.expiryMilliseconds)
        let key = VolatilityObservationKey(smile: smile, reporter: sender)
        let time = report.timeMilliseconds
        let staleness = derivatives.oracle.volatilityParameters.stalenessMilliseconds
        // As for prices: not from the future beyond clock skew, not already stale, newer than the reporter's last.
        guard time <= now &+ OracleParameters.futureSkewMillisecondsMax, time &+ staleness >= now,
            derivatives.oracle.volatilityObservations[key].map({ $0.timeMilliseconds < time }) ?? true
        else { throw ActionFailure(.invalidObservationTime) }
        if derivatives.oracle.volatilitySmiles[smile] == nil {
            let expiries = derivatives.oracle.volatilitySmiles.sortedKeys.lazy.filter { $0.asset == report.asset }.count
            guard expiries < VolatilityParameters.expiryCountMax else {
                throw ActionFailure(.tooManyVolatilityExpiries)
            }
            derivatives.oracle.volatilitySmiles.write(VolatilitySmile(), for: smile)
        }
        derivatives.oracle.volatilityObservations.write(
            VolatilityObservation(volatilities: report.volatilities, timeMilliseconds: time, height: height), for: key)
        return [
            .derivatives(
                .oracle(
                    .volatilityObserved(
                        reporter: sender, asset: report.asset, expiryMilliseconds: report.expiryMilliseconds,
                        timeMilliseconds: time)))
        ]
    }

    /// Removes `reporter`'s volatility observations (with the reporter itself).
    mutating func removeVolatilityObservations(of reporter: AccountID) {
        for key in derivatives.oracle.volatilityObservations.sortedKeys where key.reporter == reporter {
            derivatives.oracle.volatilityObservations.write(nil, for: key)
        }
    }

    /// The surface's end of block, after the prices': smiles whose expiry the block time reached
    /// are removed with their reports; every other smile (in underlying, then expiry order) becomes
    /// the median per point of its fresh reports, each point clamped to the per-block move limit
    /// around its previous value; with too few fresh reports the previous smile stays, marked stale.
    mutating func runVolatilityEndOfBlock() -> [Event] {
        guard derivatives.oracle.parameters != nil else { return [] }
        let volatility = derivatives.oracle.volatilityParameters
        var events: [Event] = []
        for key in derivatives.oracle.volatilitySmiles.sortedKeys {
            if key.expiryMilliseconds <= timeMilliseconds {
                removeSmile(key)
                events.append(
                    .derivatives(
                        .oracle(.volatilityExpired(asset: key.asset, expiryMilliseconds: key.expiryMilliseconds))))
            } else if let event = aggregateSmile(key, volatility: volatility) {
                events.append(.derivatives(.oracle(event)))
            }
        }
        return events
    }

    private mutating func removeSmile(_ key: VolatilityKey) {
        derivatives.oracle.volatilitySmiles.write(nil, for: key)
        for reporter in derivatives.oracle.reporters.sortedKeys {
            let observation = VolatilityObservationKey(smile: key, reporter: reporter)
            if derivatives.oracle.volatilityObservations[observation] != nil {
                derivatives.oracle.volatilityObservations.write(nil, for: observation)
            }
        }
    }

    private mutating func aggregateSmile(_ key: VolatilityKey, volatility: VolatilityParameters) -> OracleEvent? {
        let now = timeMilliseconds
        let cutoff = now >= volatility.stalenessMilliseconds ? now - volatility.stalenessMilliseconds : 0
        let fresh = derivatives.oracle.volatilityObservations(of: key).map(\.observation).filter {
            $0.timeMilliseconds >= cutoff
        }
        var smile = derivatives.oracle.volatilitySmiles[key]!
        guard fresh.count >= Int(volatility.minimumReporters), !fresh.isEmpty else {
            // Too few: the last smile stands, marked stale (written once, when it turns stale).
            guard smile.isAggregated, !smile.isStale else { return nil }
            smile.isStale = true
            smile.reporterCount = UInt32(fresh.count)
            smile.unclampedVolatilities = nil
            derivatives.oracle.volatilitySmiles.write(smile, for: key)
            return .volatilityUpdated(
                asset: key.asset, expiryMilliseconds: key.expiryMilliseconds, volatilities: smile.volatilities,
                reporterCount: UInt32(fresh.count), isStale: true, clamped: false)
        }
        let medians = (0..<VolatilityParameters.pointCount).map { point in
            UInt32(Self.median(fresh.map { UInt128($0.volatilities[point]) }))
        }
        let previous = smile.isAggregated ? smile.volatilities : nil
        let volatilities =
            previous.map { previous in
                zip(medians, previous).map { median, before in
                    UInt32(
                        Self.clamp(
                            UInt128(median), around: UInt128(before), basisPoints: volatility.maximumMoveBasisPoints))
                }
            } ?? medians
        let clamped = volatilities != medians
        smile = VolatilitySmile(
            volatilities: volatilities, height: height, timeMilliseconds: now, reporterCount: UInt32(fresh.count),
            isStale: false, unclampedVolatilities: clamped ? medians : nil)
        derivatives.oracle.volatilitySmiles.write(smile, for: key)
        return .volatilityUpdated(
            asset: key.asset, expiryMilliseconds: key.expiryMilliseconds, volatilities: volatilities,
            reporterCount: UInt32(fresh.count), isStale: false, clamped: clamped)
    }
}

extension OracleState {
    /// The surface's moneyness points are increasing; every smile is of a known underlying other
    /// than the quote asset, unexpired, with at most `expiryCountMax` per underlying, and holds none
    /// or one in-range volatility per point; every volatility observation is of a smile, by a
    /// registered reporter, with one in-range volatility per point.
    func checkVolatilityInvariants(in state: LedgerState) throws(InvariantViolation) {
        let points = VolatilityParameters.moneynessBasisPoints
        guard zip(points, points.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw InvariantViolation(description: "volatility moneyness points out of order")
        }
        guard volatilityConfiguration.sortedKeys.allSatisfy({ $0 == Self.configurationKey }),
            volatilityParameters.isValid
        else { throw InvariantViolation(description: "volatility parameters invalid") }
        var expiries: [AssetSymbol: Int] = [:]
        for key in volatilitySmiles.sortedKeys {
            let smile = volatilitySmiles[key]!
            guard state.assets[key.asset] != nil, key.asset != quoteAsset,
                key.expiryMilliseconds > state.timeMilliseconds
            else { throw InvariantViolation(description: "volatility smile of \(key.asset) unknown or expired") }
            expiries[key.asset, default: 0] += 1
            guard expiries[key.asset]! <= VolatilityParameters.expiryCountMax else {
                throw InvariantViolation(
                    description: "more than \(VolatilityParameters.expiryCountMax) expiries of \(key.asset)")
            }
            guard smile.volatilities.isEmpty || Self.isValidSmile(smile.volatilities),
                smile.unclampedVolatilities.map(Self.isValidSmile) ?? true
            else { throw InvariantViolation(description: "volatility smile of \(key.asset) malformed") }
        }
        for key in volatilityObservations.sortedKeys {
            guard reporters[key.reporter] != nil, volatilitySmiles[key.smile] != nil,
                Self.isValidSmile(volatilityObservations[key]!.volatilities)
            else {
                throw InvariantViolation(
                    description: "volatility observation of \(key.smile.asset) orphaned or malformed")
            }
        }
    }

    private static func isValidSmile(_ volatilities: [UInt32]) -> Bool {
        volatilities.count == VolatilityParameters.pointCount
            && volatilities.allSatisfy(VolatilityParameters.volatilityRange.contains)
    }
}
