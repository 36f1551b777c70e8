// Lending's interface to margin. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// What `account` owes, interest included, by asset in symbol order; no zero entries.
    public func lendingDebts(of account: AccountID) -> [(asset: AssetSymbol, amount: Amount)] {
        derivatives.lending.pools.sortedKeys.compactMap { asset in
            let scaled = derivatives.lending.position(of: account, asset: asset).scaledDebt
            guard scaled > 0 else { return nil }
            return (asset, accruedLendingPool(asset)!.debt(scaledDebt: scaled))
        }
    }

    /// What `account` has supplied, interest included, by asset in symbol order; no zero entries.
    public func lendingSupplies(of account: AccountID) -> [(asset: AssetSymbol, amount: Amount)] {
        derivatives.lending.pools.sortedKeys.compactMap { asset in
            let shares = derivatives.lending.position(of: account, asset: asset).shares
            guard shares > 0 else { return nil }
            return (asset, accruedLendingPool(asset)!.value(shares: shares))
        }
    }

    /// The pool of `asset` as it stands at this block's time (interest accrued, nothing written).
    public func accruedLendingPool(_ asset: AssetSymbol) -> LendingPool? {
        derivatives.lending.pools[asset]?.accrued(to: timeMilliseconds).pool
    }

    /// Repays up to `amount` of `account`'s debt in `asset` with funds the caller has already taken
    /// from the account (a liquidation); returns how much was repaid, at most the debt.
    mutating func repayDebt(of account: AccountID, asset: AssetSymbol, amount: Amount) -> Amount {
        guard let pool = try? accruedPool(asset) else { return .zero }
        let debt = pool.debt(scaledDebt: derivatives.lending.position(of: account, asset: asset).scaledDebt)
        let paid = min(amount, debt)
        guard !paid.isZero else { return .zero }
        _ = settleRepayment(paid, of: account, asset: asset)
        return paid
    }
}
