// A read-only view of every margin account at risk, for simulators and monitors that value all
// accounts after each block: the oracle and mark prices are read once, not once per account.

/// One margin account as the liquidation engine sees it.
public struct MarginAccountRisk: Sendable, Hashable {
    public var account: AccountID
    /// Nil when a value does not fit in 128 bits: the engine liquidates such an account
    /// (docs/MARGIN.md, Overflow).
    public var summary: MarginSummary?
    /// Lending debts at oracle prices, rounded up, quote base units.
    public var debtValue: UInt128
    public var hasPositions: Bool
    public var hasDebts: Bool
    /// Whether the liquidation engine would liquidate it now (under maintenance with a position,
    /// a debt or negative equity, and every price it depends on known; or not valuable at all).
    public var isUnderMaintenance: Bool
}

extension LedgerState {
    /// Every margin account (the insurance fund aside) with a position, a debt or negative
    /// equity, valued as the liquidation engine values it, in account order.
    ///
    /// - Complexity: O(margin accounts × (collateral assets + positions + debts)) plus a sort of
    ///   the accounts.
    public func marginAccountsAtRisk() -> [MarginAccountRisk] {
        let prices = MarginPrices(self)
        // Sorted as (id, row) pairs: no lookup per account, and no moving of the larger results.
        let rows = derivatives.margin.accounts.rows.sorted { $0.key < $1.key }
        var result: [MarginAccountRisk] = []
        for (id, row) in rows where id != MarginState.insuranceFund {
            let valuation: MarginValuation
            do {
                valuation = try marginValuation(of: id, row: row, prices: prices)
            } catch {
                result.append(
                    MarginAccountRisk(
                        account: id, summary: nil, debtValue: 0, hasPositions: !row.positions.isEmpty,
                        hasDebts: false, isUnderMaintenance: true))
                continue
            }
            guard valuation.hasPositions || valuation.hasDebts || valuation.summary.equity < 0 else { continue }
            result.append(
                MarginAccountRisk(
                    account: id, summary: valuation.summary, debtValue: valuation.debtValue,
                    hasPositions: valuation.hasPositions, hasDebts: valuation.hasDebts,
                    isUnderMaintenance: Self.isLiquidatable(valuation)))
        }
        return result
    }
}
