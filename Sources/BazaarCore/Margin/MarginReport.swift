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
        /// prices unchanged; nil when no positive price does.
        public var liquidationPrice: UInt128?
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
    public var debts: [(asset: AssetSymbol, amount: Amount)]

    public static func == (lhs: MarginReport, rhs: MarginReport) -> Bool {
        lhs.summary == rhs.summary && lhs.collateral == rhs.collateral && lhs.positions == rhs.positions
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(summary) }
}

extension LedgerState {
    /// The account's margin in detail (see ``MarginReport``).
    public func marginReport(of account: AccountID) -> MarginReport {
        let prices = MarginPrices(self)
        let row = derivatives.margin.accounts[account]
        let valuation = marginValuation(of: account, row: row, prices: prices)
        let summary = valuation.summary
        var collateral: [MarginReport.Collateral] = []
        for asset in row?.collateral.keys.sorted() ?? [] {
            let amount = row!.collateral[asset]!
            let entry = prices.entries[asset]
            let value = entry.flatMap { MarginMath.signedMulDivFloor(amount, $0.price, $0.scale) } ?? 0
            collateral.append(
                MarginReport.Collateral(
                    asset: asset, amount: amount, weightBasisPoints: prices.weights[asset] ?? 0, value: value))
        }
        var positions: [MarginReport.PositionReport] = []
        for market in row?.positions.keys.sorted() ?? [] {
            let position = row!.positions[market]!
            guard let (perpetual, entry) = prices.markEntry(market) else { continue }
            let value = MarginMath.signedMulDivFloor(position.size, entry.price, entry.scale) ?? 0
            let notional = value.magnitude
            let maintenance = MarginMath.basisPointsUp(notional, perpetual.maintenanceBasisPoints) ?? 0
            positions.append(
                MarginReport.PositionReport(
                    market: market, base: perpetual.base, size: position.size,
                    entryPrice: UInt128.mulDiv(position.cash.magnitude, entry.scale, position.size.magnitude) ?? 0,
                    markPrice: entry.price, unrealizedPnL: position.cash &+ value, realizedPnL: position.realized,
                    initialRequirement: MarginMath.basisPointsUp(notional, perpetual.initialBasisPoints) ?? 0,
                    maintenanceRequirement: maintenance,
                    liquidationPrice: Self.liquidationPrice(
                        size: position.size, price: entry.price, scale: entry.scale, equity: summary.equity,
                        otherMaintenance: summary.maintenanceRequirement
                            - min(maintenance, summary.maintenanceRequirement),
                        maintenanceBasisPoints: perpetual.maintenanceBasisPoints)))
        }
        let denominator = summary.maintenanceRequirement &+ valuation.debtValue
        var health: UInt128?
        if denominator > 0 {
            let numerator = summary.equity &+ Int128(clamping: valuation.debtValue)
            health = numerator <= 0 ? 0 : UInt128.mulDiv(UInt128(numerator), 1_000_000, denominator)
        }
        return MarginReport(
            quoteAsset: prices.quote, summary: summary, weightedCollateral: valuation.weightedCollateral,
            debtValue: valuation.debtValue, healthFactorPPM: health, collateral: collateral, positions: positions,
            debts: lendingDebts(of: account))
    }

    /// Solves `equity + size × (P′ − P) / scale = otherMaintenance + |size| × P′ / scale × m` for P′.
    static func liquidationPrice(
        size: Int128, price: UInt128, scale: UInt128, equity: Int128, otherMaintenance: UInt128,
        maintenanceBasisPoints: UInt16
    ) -> UInt128? {
        guard size != 0, let value = MarginMath.signedMulDivFloor(size, price, scale) else { return nil }
        let numerator = (equity - value - Int128(clamping: otherMaintenance)).multipliedReportingOverflow(
            by: Int128(scale) * 10_000)
        let denominator = Int128(size.magnitude) * Int128(maintenanceBasisPoints) - size * 10_000
        guard !numerator.overflow, denominator != 0 else { return nil }
        let result = numerator.partialValue / denominator
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
