/// An account's margin in detail, for the API: every figure in base units of the oracle's quote
/// asset unless said otherwise.
public struct MarginReport: Sendable, Hashable {
    public struct Collateral: Sendable, Hashable {
        public var asset: AssetSymbol
        /// The claim in the asset's base units (only the quote asset may be negative).
        public var amount: Int128
        public var weightBasisPoints: UInt16
        /// At the oracle price, before the weight.
        public var value: Int128
    }

    public struct PositionReport: Sendable, Hashable {
        public var market: MarketID
        public var base: AssetSymbol
        /// Signed, base units of the underlying.
        public var size: Int128
        /// Quote base units per whole unit of the underlying, rounded down; nil for no size.
        public var entryPrice: UInt128
        /// The mark price (``LedgerState/markPrice(of:)``), quote units per whole unit.
        public var markPrice: UInt128
        public var unrealizedPnL: Int128
        public var realizedPnL: Int128
        public var initialRequirement: UInt128
        public var maintenanceRequirement: UInt128
        /// The mark price at which the account would fall to its maintenance requirement, other
        /// prices unchanged; nil when no positive price does, or when the underlying is margined
        /// by scenarios (the account holds an option on it), where requirements are not linear.
        public var liquidationPrice: UInt128?
    }

    /// An option position (docs/OPTIONS.md): prices are quote base units per whole unit of the
    /// underlying.
    public struct OptionPositionReport: Sendable, Hashable {
        public var market: MarketID
        public var underlying: AssetSymbol
        public var terms: OptionTerms
        /// Signed, base units of the underlying (long > 0).
        public var size: Int128
        /// The average premium of the open part (|entry premium flow| × 10^decimals / |size|,
        /// rounded down).
        public var averageEntryPremium: UInt128
        /// The series' mark (``LedgerState/optionMark(of:)``).
        public var markPrice: UInt128
        /// The position's value at the mark less its entry premium flow.
        public var unrealizedPnL: Int128
        /// Realized since it opened: closed parts and fees.
        public var realizedPnL: Int128
        /// The position's portfolio margin requirements on its own (``PortfolioMargin``: its worst
        /// scenario loss, plus the add-on for a short). The account's requirement is per
        /// underlying, with offsets between positions (``LedgerState/marginScenarios(of:)``).
        public var initialRequirement: UInt128
        public var maintenanceRequirement: UInt128
    }

    public var quoteAsset: AssetSymbol?
    public var summary: MarginSummary
    public var weightedCollateral: Int128
    public var debtValue: UInt128
    /// (equity + debts) / (maintenance + debts) in parts per million; nil when there is nothing
    /// to maintain. Below 1,000,000 the account is liquidated.
    public var healthFactorPPM: UInt128?
    public var collateral: [Collateral]
    public var positions: [PositionReport]
    public var optionPositions: [OptionPositionReport]
    public var debts: [(asset: AssetSymbol, amount: Amount)]

    public static func == (lhs: MarginReport, rhs: MarginReport) -> Bool {
        lhs.summary == rhs.summary && lhs.collateral == rhs.collateral && lhs.positions == rhs.positions
            && lhs.optionPositions == rhs.optionPositions
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(summary) }
}

extension LedgerState {
    /// The account's margin in detail (see ``MarginReport``).
    ///
    /// - Throws: ``MarginValuationError`` when a figure of the report does not fit in 128 bits:
    ///   the account cannot be valued, and the report says so rather than show a substitute.
    public func marginReport(of account: AccountID) throws(MarginValuationError) -> MarginReport {
        do {
            return try marginReportFigures(of: account)
        } catch {
            throw MarginValuationError(account: account)
        }
    }

    private func marginReportFigures(of account: AccountID) throws(ActionFailure) -> MarginReport {
        let prices = MarginPrices(self)
        let row = derivatives.margin.accounts[account]
        let valuation = try marginValuation(of: account, row: row, prices: prices)
        let summary = valuation.summary
        let overflow = ActionFailure(.amountOverflow)
        var collateral: [MarginReport.Collateral] = []
        for asset in row?.collateral.keys.sorted() ?? [] {
            let amount = row!.collateral[asset]!
            var value: Int128 = 0
            if let entry = prices.entries[asset] {
                guard let known = MarginMath.signedMulDivFloor(amount, entry.price, entry.scale) else { throw overflow }
                value = known
            }
            collateral.append(
                MarginReport.Collateral(
                    asset: asset, amount: amount, weightBasisPoints: prices.weights[asset] ?? 0, value: value))
        }
        var positions: [MarginReport.PositionReport] = []
        var optionPositions: [MarginReport.OptionPositionReport] = []
        for market in row?.positions.keys.sorted() ?? [] {
            let position = row!.positions[market]!
            if let (series, entry, underlying) = prices.optionEntry(market) {
                guard let table = prices.scenarioTable(series, underlying: underlying, in: self) else { throw overflow }
                optionPositions.append(
                    try Self.optionPositionReport(
                        position, series: series, entry: entry, underlying: underlying, table: table))
                continue
            }
            guard let (perpetual, entry) = prices.markEntry(market) else { continue }
            // The valuation computed these same figures without overflow.
            let value = MarginMath.signedMulDivFloor(position.size, entry.price, entry.scale)!
            let notional = value.magnitude
            // Not computed by the valuation when the underlying is margined by scenarios.
            guard let initial = MarginMath.basisPoints(notional, perpetual.initialBasisPoints, rounding: .up),
                let maintenance = MarginMath.basisPoints(notional, perpetual.maintenanceBasisPoints, rounding: .up)
            else { throw overflow }
            let (unrealized, pnlOverflow) = position.cash.addingReportingOverflow(value)
            guard !pnlOverflow,
                let entryPrice = UInt128.mulDiv(
                    position.cash.magnitude, entry.scale, position.size.magnitude, rounding: .down)
            else { throw overflow }
            positions.append(
                MarginReport.PositionReport(
                    market: market, base: perpetual.base, size: position.size, entryPrice: entryPrice,
                    markPrice: entry.price, unrealizedPnL: unrealized, realizedPnL: position.realized,
                    initialRequirement: initial, maintenanceRequirement: maintenance,
                    liquidationPrice: valuation.portfolio.contains { $0.underlying == perpetual.base }
                        ? nil
                        : try Self.liquidationPrice(
                            size: position.size, price: entry.price, scale: entry.scale, equity: summary.equity,
                            otherMaintenance: summary.maintenanceRequirement
                                - min(maintenance, summary.maintenanceRequirement),
                            maintenanceBasisPoints: perpetual.maintenanceBasisPoints)))
        }
        return MarginReport(
            quoteAsset: prices.quote, summary: summary, weightedCollateral: valuation.weightedCollateral,
            debtValue: valuation.debtValue, healthFactorPPM: try Self.healthFactorPPM(valuation),
            collateral: collateral, positions: positions, optionPositions: optionPositions,
            debts: lendingDebts(of: account))
    }

    /// One option position's figures; the valuation computed its value and requirement already.
    private static func optionPositionReport(
        _ position: Position, series: OptionSeries, entry: MarginPrices.Entry, underlying: UInt128,
        table: PortfolioMargin.SeriesTable
    ) throws(ActionFailure) -> MarginReport.OptionPositionReport {
        let overflow = ActionFailure(.amountOverflow)
        guard let value = MarginMath.signedMulDivFloor(position.size, entry.price, entry.scale),
            let premium = UInt128.mulDiv(
                position.cash.magnitude, entry.scale, position.size.magnitude, rounding: .down)
        else { throw overflow }
        let (unrealized, pnlOverflow) = position.cash.addingReportingOverflow(value)
        guard !pnlOverflow else { throw overflow }
        var exposure = PortfolioExposure(underlying: series.underlying, spot: underlying, scale: entry.scale)
        exposure.addOption(size: position.size, table: table)
        guard let margin = exposure.margin() else { throw overflow }
        let requirement = (initial: margin.initialRequirement, maintenance: margin.maintenanceRequirement)
        return MarginReport.OptionPositionReport(
            market: series.market, underlying: series.underlying, terms: series.terms, size: position.size,
            averageEntryPremium: premium, markPrice: entry.price, unrealizedPnL: unrealized,
            realizedPnL: position.realized, initialRequirement: requirement.initial,
            maintenanceRequirement: requirement.maintenance)
    }

    /// (equity + debts) / (maintenance + debts) in ppm, rounded down; nil with nothing to maintain.
    static func healthFactorPPM(_ valuation: MarginValuation) throws(ActionFailure) -> UInt128? {
        let summary = valuation.summary
        let (denominator, denominatorOverflow) = summary.maintenanceRequirement.addingReportingOverflow(
            valuation.debtValue)
        guard !denominatorOverflow else { throw ActionFailure(.amountOverflow) }
        guard denominator > 0 else { return nil }
        var numerator = OrderFreeSum()
        numerator.add(summary.equity)
        numerator.add(gain: valuation.debtValue)
        guard !numerator.overflowed else { throw ActionFailure(.amountOverflow) }
        guard numerator.gains > numerator.losses else { return 0 }
        guard let health = UInt128.mulDiv(numerator.gains - numerator.losses, 1_000_000, denominator, rounding: .down)
        else { throw ActionFailure(.amountOverflow) }
        return health
    }

    /// Solves `equity + size × (P′ − P) / scale = otherMaintenance + |size| × P′ / scale × m` for
    /// P′ (truncated towards zero); nil when no positive price does.
    ///
    /// - Throws: `amount_overflow` when an intermediate does not fit in 128 bits.
    static func liquidationPrice(
        size: Int128, price: UInt128, scale: UInt128, equity: Int128, otherMaintenance: UInt128,
        maintenanceBasisPoints: UInt16
    ) throws(ActionFailure) -> UInt128? {
        guard size != 0 else { return nil }
        let overflow = ActionFailure(.amountOverflow)
        guard size != .min else { throw overflow }
        guard let value = MarginMath.signedMulDivFloor(size, price, scale),
            let other = Int128(exactly: otherMaintenance)
        else { throw overflow }
        // scale ≤ 10^24 (Amount.decimalsMax), so scale × 10^4 fits.
        let (difference, differenceOverflow) = equity.subtractingReportingOverflow(value)
        let (rest, restOverflow) = difference.subtractingReportingOverflow(other)
        let (numerator, numeratorOverflow) = rest.multipliedReportingOverflow(by: Int128(scale) * 10_000)
        let (weighted, weightedOverflow) = (size < 0 ? -size : size).multipliedReportingOverflow(
            by: Int128(maintenanceBasisPoints))
        let (scaled, scaledOverflow) = size.multipliedReportingOverflow(by: 10_000)
        let (denominator, denominatorOverflow) = weighted.subtractingReportingOverflow(scaled)
        guard !differenceOverflow, !restOverflow, !numeratorOverflow, !weightedOverflow, !scaledOverflow,
            !denominatorOverflow
        else { throw overflow }
        guard denominator != 0 else { return nil }
        let (result, quotientOverflow) = numerator.dividedReportingOverflow(by: denominator)
        guard !quotientOverflow else { throw overflow }
        return result > 0 ? UInt128(result) : nil
    }
}

/// A perpetual market's funding and margin rules, for the API.
public struct FundingView: Sendable, Hashable {
    public var perpetual: Perpetual
    public var market: Market
    /// The oracle (index) price, quote units per whole unit; nil before the first price.
    public var indexPrice: UInt128?
    /// Impact bid and ask, quote units per lot; nil where the book is thinner than the impact size.
    public var impactBidPerLot: UInt128?
    public var impactAskPerLot: UInt128?
    /// The mark price, quote units per whole unit; nil before the first oracle price.
    public var markPrice: UInt128?
    /// The rate the book would pay at the next funding, per 8 hours, ppm.
    public var predictedRatePPM: Int64
}

extension LedgerState {
    public func fundingView(of id: MarketID) -> FundingView? {
        guard let perpetual = derivatives.margin.perpetuals[id] else { return nil }
        let price = oraclePrice(of: perpetual.base)
        let decimals = assets[perpetual.base]?.decimals ?? 0
        return FundingView(
            perpetual: perpetual, market: markets[id.index].market, indexPrice: price?.quotePerUnit,
            impactBidPerLot: impactPrice(perpetual, takerSide: .ask),
            impactAskPerLot: impactPrice(perpetual, takerSide: .bid), markPrice: markPrice(of: perpetual),
            predictedRatePPM: price.map { fundingRate(perpetual, indexPrice: $0.quotePerUnit, decimals: decimals) } ?? 0
        )
    }
}
