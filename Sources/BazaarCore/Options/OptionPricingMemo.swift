import Synchronization

/// Black-Scholes results remembered by their inputs, shared by every copy of one
/// ``LedgerState`` (so by every action and block after it): a series' theoretical value and its
/// portfolio margin scenario table are pure functions of its terms, the underlying price, the
/// volatility and the time to expiry, all part of the key, so a remembered result is exactly
/// what the computation would give again. The memo changes how often Black-Scholes runs (an
/// order's margin check re-reserves every open order of its account, each a table of 30
/// evaluations), never a result; it is not state, never hashed or encoded.
///
/// Bounded: a map that reaches ``entryCountMax`` entries is emptied before the next insertion.
final class OptionPricingMemo: Sendable {
    struct Key: Hashable {
        var terms: OptionTerms
        /// The underlying's price, quote base units per whole unit.
        var spot: UInt128
        /// ppm; nil when the series is valued without a volatility (intrinsic values).
        var volatility: UInt64?
        var millisecondsToExpiry: Int64?
    }

    static let entryCountMax = 4_096

    private let values = Mutex<[Key: UInt128?]>([:])
    private let tables = Mutex<[Key: PortfolioMargin.SeriesTable?]>([:])

    /// The theoretical value per whole unit at `key` (nil where the pricing failed), computed once.
    func value(_ key: Key, compute: () -> UInt128?) -> UInt128? {
        if let known = values.withLock({ $0[key] }) { return known }
        let value = compute()
        values.withLock { memo in
            if memo.count >= Self.entryCountMax { memo.removeAll(keepingCapacity: true) }
            memo[key] = value
        }
        return value
    }

    /// The scenario table at `key` (nil where a figure does not fit), computed once.
    func table(_ key: Key, compute: () -> PortfolioMargin.SeriesTable?) -> PortfolioMargin.SeriesTable? {
        if let known = tables.withLock({ $0[key] }) { return known }
        let table = compute()
        tables.withLock { memo in
            if memo.count >= Self.entryCountMax { memo.removeAll(keepingCapacity: true) }
            memo[key] = table
        }
        return table
    }
}
