// The maintenance invariant of margin accounts, part of the full invariant check
// (`checkFullConservation`, run every block in tests and simulators).

extension LedgerState {
    /// Checks that every margin account the liquidation engine must handle now was handled by it
    /// in this block: an account other than the insurance fund that is under maintenance at the
    /// prices after the block, or that cannot be valued (docs/MARGIN.md, Overflow), appears in
    /// the block's ``LiquidationRecord``.
    ///
    /// What this does and does not promise: an account the engine handled may still be under
    /// maintenance (the books were too thin and the fund and deleveraging could not restore it,
    /// or it cannot be valued); an account it never looked at may not be. Accounts that depend
    /// on a missing price are outside it (the engine cannot act at no price); a stale price
    /// excuses nothing, since the engine liquidates at the last agreed price.
    ///
    /// The record lives in memory only: for a state without one for its height (decoded from a
    /// snapshot, or between blocks before any end of block ran) there is nothing to compare with,
    /// and the check passes until the next block.
    ///
    /// `risk` is ``marginAccountsAtRisk()`` of this state, which the full check computes once and
    /// hands on (``Application/marginRiskAfterLastBlock``).
    ///
    /// - Complexity: O(accounts at risk).
    func checkMarginMaintenance(_ risk: [MarginAccountRisk]) throws(InvariantViolation) {
        guard let record = liquidationRecord, record.height == height else { return }
        let missed = risk.filter { $0.isUnderMaintenance && !record.accounts.contains($0.account) }.map(\.account)
        guard let first = missed.first else { return }
        let more = missed.count > 1 ? " (and \(missed.count - 1) more)" : ""
        throw InvariantViolation(
            description:
                "margin account \(first) is under maintenance after block \(height) but was not liquidated\(more)")
    }
}
