// The oracle's actions and its end of block: configuration and the reporter registry by the
// chain's market authority, reporters' observations, and each block's median per asset.

extension LedgerState {
    /// Applies an action of the oracle.
    mutating func apply(_ action: OracleAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .configure(let parameters): try applyConfigureOracle(parameters, sender: sender)
        case .addReporter(let reporter): try applyAddReporter(reporter, sender: sender)
        case .removeReporter(let reporter): try applyRemoveReporter(reporter, sender: sender)
        case .report(let report): try applyReport(report, sender: sender)
        case .reportVolatility(let report): try applyReportVolatility(report, sender: sender)
        case .configureVolatility(let parameters): try applyConfigureVolatility(parameters, sender: sender)
        }
    }

    private mutating func applyConfigureOracle(_ parameters: OracleParameters, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard self.parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard assets[parameters.quoteAsset] != nil else { throw ActionFailure(.unknownAsset) }
        guard parameters.isValid else { throw ActionFailure(.invalidOracleParameters) }
        if let current = derivatives.oracle.quoteAsset, current != parameters.quoteAsset {
            throw ActionFailure(.invalidOracleParameters)
        }
        derivatives.oracle.configuration.write(parameters, for: OracleState.configurationKey)
        return [.derivatives(.oracle(.configured(authority: sender, parameters: parameters)))]
    }

    private mutating func applyAddReporter(_ reporter: AccountID, sender: AccountID) throws(ActionFailure) -> [Event] {
        guard self.parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard derivatives.oracle.reporters[reporter] == nil else { throw ActionFailure(.reporterExists) }
        guard derivatives.oracle.reporters.count < OracleParameters.reporterCountMax else {
            throw ActionFailure(.tooManyReporters)
        }
        derivatives.oracle.reporters.write(OracleReporter(registeredHeight: height), for: reporter)
        return [.derivatives(.oracle(.reporterAdded(reporter: reporter)))]
    }

    private mutating func applyRemoveReporter(_ reporter: AccountID, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        guard self.parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard derivatives.oracle.reporters[reporter] != nil else { throw ActionFailure(.unknownReporter) }
        derivatives.oracle.reporters.write(nil, for: reporter)
        for key in derivatives.oracle.observations.sortedKeys where key.reporter == reporter {
            derivatives.oracle.observations.write(nil, for: key)
        }
        removeVolatilityObservations(of: reporter)
        return [.derivatives(.oracle(.reporterRemoved(reporter: reporter)))]
    }

    private mutating func applyReport(_ report: OracleAction.Report, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        guard let oracle = derivatives.oracle.parameters else { throw ActionFailure(.oracleNotConfigured) }
        guard derivatives.oracle.reporters[sender] != nil else { throw ActionFailure(.notReporter) }
        guard assets[report.asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard !report.quotePerUnit.isZero, report.asset != oracle.quoteAsset else {
            throw ActionFailure(.invalidObservation)
        }
        let key = ObservationKey(asset: report.asset, reporter: sender)
        let time = report.timeMilliseconds
        // Not from the future beyond clock skew, not already stale, and newer than the reporter's last.
        guard time <= timeMilliseconds &+ OracleParameters.futureSkewMillisecondsMax,
            time &+ oracle.stalenessMilliseconds >= timeMilliseconds,
            derivatives.oracle.observations[key].map({ $0.timeMilliseconds < time }) ?? true
        else { throw ActionFailure(.invalidObservationTime) }
        derivatives.oracle.observations.write(
            OracleObservation(quotePerUnit: report.quotePerUnit.baseUnits, timeMilliseconds: time, height: height),
            for: key)
        if derivatives.oracle.feeds[report.asset] == nil {
            derivatives.oracle.feeds.write(PriceFeed(), for: report.asset)
        }
        return [
            .derivatives(
                .oracle(
                    .observed(
                        reporter: sender, asset: report.asset, quoteAsset: oracle.quoteAsset,
                        quotePerUnit: report.quotePerUnit,
                        timeMilliseconds: time)))
        ]
    }

    /// Refuses a risk-increasing action on `asset` while its oracle price is missing or stale.
    func requireFreshPrice(of asset: AssetSymbol) throws(ActionFailure) {
        guard let price = oraclePrice(of: asset), !price.isStale else { throw ActionFailure(.stalePrice) }
    }

    /// The oracle's end of block: for every reported asset (in symbol order), the median of the
    /// registered reporters' fresh observations becomes the price, clamped to the per-block move
    /// limit around the previous price; with fewer fresh observations than the minimum, the previous
    /// price stays and is marked stale (see `runDerivativesEndOfBlock`). Then the volatility
    /// surface's smiles (`runVolatilityEndOfBlock`).
    mutating func runOracleEndOfBlock() -> [Event] {
        guard let oracle = derivatives.oracle.parameters else { return [] }
        var events: [Event] = []
        for asset in derivatives.oracle.feeds.sortedKeys {
            if let event = aggregate(asset, oracle: oracle) { events.append(.derivatives(.oracle(event))) }
        }
        return events + runVolatilityEndOfBlock()
    }

    private mutating func aggregate(_ asset: AssetSymbol, oracle: OracleParameters) -> OracleEvent? {
        let now = timeMilliseconds
        let cutoff = now >= oracle.stalenessMilliseconds ? now - oracle.stalenessMilliseconds : 0
        let fresh = derivatives.oracle.observations(of: asset).map(\.observation).filter {
            $0.timeMilliseconds >= cutoff
        }
        var feed = derivatives.oracle.feeds[asset]!
        let previous = derivatives.oracle.prices[asset]
        guard fresh.count >= Int(oracle.minimumReporters), !fresh.isEmpty else {
            // Too few: the last price stands, marked stale (written once, when it turns stale).
            guard let previous, !previous.isStale else { return nil }
            derivatives.oracle.prices.write(
                OraclePrice(quotePerUnit: previous.quotePerUnit, height: previous.height, isStale: true), for: asset)
            feed.reporterCount = UInt32(fresh.count)
            feed.unclampedQuotePerUnit = nil
            derivatives.oracle.feeds.write(feed, for: asset)
            return .priceUpdated(
                asset: asset, quoteAsset: oracle.quoteAsset, quotePerUnit: Amount(baseUnits: previous.quotePerUnit),
                reporterCount: UInt32(fresh.count), isStale: true, unclamped: nil)
        }
        let median = Self.median(fresh.map(\.quotePerUnit))
        let price =
            previous.map { Self.clamp(median, around: $0.quotePerUnit, basisPoints: oracle.maximumMoveBasisPoints) }
            ?? median
        derivatives.oracle.prices.write(OraclePrice(quotePerUnit: price, height: height), for: asset)
        feed.history.append(PriceFeed.Point(height: height, timeMilliseconds: now, quotePerUnit: price))
        if feed.history.count > OracleParameters.historyCountMax { feed.history.removeFirst() }
        feed.twapQuotePerUnit = PriceFeed.twap(of: feed.history, now: now, window: oracle.twapWindowMilliseconds)
        feed.reporterCount = UInt32(fresh.count)
        feed.unclampedQuotePerUnit = price == median ? nil : median
        derivatives.oracle.feeds.write(feed, for: asset)
        return .priceUpdated(
            asset: asset, quoteAsset: oracle.quoteAsset, quotePerUnit: Amount(baseUnits: price),
            reporterCount: UInt32(fresh.count), isStale: false,
            unclamped: price == median ? nil : Amount(baseUnits: median))
    }

    /// The median: the middle value, or the mean of the two middle values rounded down.
    ///
    /// With `n` values of which fewer than half are arbitrary, it lies between the smallest and the
    /// largest of the others. - Precondition: `values` is not empty.
    static func median(_ values: [UInt128]) -> UInt128 {
        precondition(!values.isEmpty, "median of nothing")
        let sorted = values.sorted()
        let middle = sorted.count / 2
        guard sorted.count % 2 == 0 else { return sorted[middle] }
        let (low, high) = (sorted[middle - 1], sorted[middle])
        return low + (high - low) / 2
    }

    /// `value` limited to `previous ± previous × basisPoints / 10,000` (the band rounded down, at
    /// least one unit wide), and never below 1.
    static func clamp(_ value: UInt128, around previous: UInt128, basisPoints: UInt32) -> UInt128 {
        let band = max(FixedPoint.mulDiv(previous, UInt128(basisPoints), 10_000, .down) ?? .max, 1)
        let (upper, overflow) = previous.addingReportingOverflow(band)
        let lower = previous > band ? previous - band : 1
        return min(max(value, lower), overflow ? .max : upper)
    }
}
