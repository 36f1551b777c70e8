// Portfolio margin as the API shows it (docs/OPTIONS.md, "Portfolio margin"): an account's
// scenario matrix, and the same for hypothetical positions without a transaction (Deribit's
// margin simulator).

/// An account's margin with the scenario matrix of each underlying margined by scenarios.
public struct MarginScenarios: Sendable, Hashable {
    /// Equity and the account's total requirements (scenario underlyings and perpetual rules).
    public var summary: MarginSummary
    /// Each underlying in which the account holds an option, in symbol order; PnL in the order of
    /// ``PortfolioMargin/scenarios``.
    public var underlyings: [PortfolioMargin.UnderlyingMargin]
    /// Whether a price the figures depend on is stale or missing.
    public var dependsOnStalePrice: Bool
}

/// Why a margin simulation has no answer.
public enum MarginSimulationError: Error, Sendable, Hashable {
    /// More than ``LedgerState/simulationPositionsMax`` positions.
    case tooManyPositions
    /// The market is neither a perpetual nor an option series that has not settled.
    case notMarginMarket(MarketID)
    /// The market's underlying has no oracle price (or the series no mark).
    case noPrice(MarketID)
    /// A size of zero.
    case zeroSize(MarketID)
    /// A size, a value or a requirement does not fit in 128 bits.
    case overflow
}

extension LedgerState {
    /// The most hypothetical positions one simulation takes.
    public static let simulationPositionsMax = 64

    /// The account's portfolio margin: its summary and each scenario underlying's matrix.
    ///
    /// - Throws: ``MarginValuationError`` when a figure does not fit in 128 bits.
    public func marginScenarios(of account: AccountID) throws(MarginValuationError) -> MarginScenarios {
        do {
            let valuation = try marginValuation(
                of: account, row: derivatives.margin.accounts[account], prices: MarginPrices(self))
            return MarginScenarios(
                summary: valuation.summary, underlyings: valuation.portfolio,
                dependsOnStalePrice: valuation.dependsOnStalePrice)
        } catch {
            throw MarginValuationError(account: account)
        }
    }

    /// The margin of hypothetical positions: `positions` (market, signed size in base units of
    /// the underlying) traded at their marks with no fees — a perpetual's entry cash is
    /// `−⌊size × mark / 10^decimals⌋`, an option's premium at the mark moves out of the quote
    /// claim — added to `account`'s holdings when given, or to an empty account (no collateral,
    /// no debts). Nothing is written; the figures are what ``marginScenarios(of:)`` would show
    /// for an account holding them.
    ///
    /// - Throws: ``MarginSimulationError``.
    public func simulateMargin(
        positions: [(market: MarketID, size: Int128)], adding account: AccountID?
    ) throws(MarginSimulationError) -> MarginScenarios {
        guard positions.count <= Self.simulationPositionsMax else { throw .tooManyPositions }
        let prices = MarginPrices(self)
        var row = account.flatMap { derivatives.margin.accounts[$0] } ?? MarginAccount()
        for (market, size) in positions {
            guard size != 0 else { throw .zeroSize(market) }
            guard size != .min else { throw .overflow }
            let entry: MarginPrices.Entry
            var quote: AssetSymbol?
            if let option = derivatives.margin.optionSeries[market] {
                guard option.settlement == nil else { throw .notMarginMarket(market) }
                guard let found = prices.optionEntry(market) else { throw .noPrice(market) }
                entry = found.entry
                quote = option.quote
            } else if derivatives.margin.perpetuals[market] != nil {
                guard let found = prices.markEntry(market) else { throw .noPrice(market) }
                entry = found.entry
            } else {
                throw .notMarginMarket(market)
            }
            guard let value = MarginMath.signedMulDivFloor(size, entry.price, entry.scale), value != .min else {
                throw .overflow
            }
            var position = row.positions[market] ?? Position(size: 0, cash: 0)
            let (newSize, sizeOverflow) = position.size.addingReportingOverflow(size)
            let (newCash, cashOverflow) = position.cash.addingReportingOverflow(-value)
            guard !sizeOverflow, !cashOverflow else { throw .overflow }
            (position.size, position.cash) = (newSize, newCash)
            row.positions[market] = newSize == 0 ? nil : position
            if let quote {
                let (claim, claimOverflow) = row.claim(quote).addingReportingOverflow(-value)
                guard !claimOverflow, claim != .min else { throw .overflow }
                row.collateral[quote] = claim == 0 ? nil : claim
            }
        }
        let valuation: MarginValuation
        do {
            valuation = try marginValuation(
                of: account ?? MarginState.insuranceFund, row: row, prices: prices, includingDebts: account != nil)
        } catch {
            throw .overflow
        }
        return MarginScenarios(
            summary: valuation.summary, underlyings: valuation.portfolio,
            dependsOnStalePrice: valuation.dependsOnStalePrice)
    }
}
