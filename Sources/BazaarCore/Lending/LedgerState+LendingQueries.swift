// Lending's interface to margin. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// What `account` owes, interest included, by asset in symbol order; no zero entries.
    public func lendingDebts(of account: AccountID) -> [(asset: AssetSymbol, amount: Amount)] {
        lendingDebts(of: account, pools: accruedLendingPools())
    }

    /// What `account` owes to `pools` (each accrued to this block, in symbol order, as
    /// ``accruedLendingPools()`` gives them), so that a scan of every account accrues each pool
    /// once rather than once per account.
    func lendingDebts(of account: AccountID, pools: [(asset: AssetSymbol, pool: LendingPool)])
        -> [(asset: AssetSymbol, amount: Amount)]
    {
        pools.compactMap { asset, pool in
            let scaled = derivatives.lending.position(of: account, asset: asset).scaledDebt
            guard scaled > 0 else { return nil }
            return (asset, pool.debt(scaledDebt: scaled))
        }
    }

    /// Every lending pool accrued to this block's time, in symbol order.
    func accruedLendingPools() -> [(asset: AssetSymbol, pool: LendingPool)] {
        derivatives.lending.pools.sortedKeys.map { asset in (asset, accruedLendingPool(asset)!) }
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

    /// The pool of `asset` accrued to this block, written back; nil when there is no pool (and
    /// so no debt in it).
    mutating func accruedPoolIfAny(_ asset: AssetSymbol) -> LendingPool? {
        guard derivatives.lending.pools[asset] != nil else { return nil }
        do { return try accruedPool(asset) } catch {
            preconditionFailure("accruedPool failed on an existing pool of \(asset): \(error.code)")
        }
    }

    /// Repays up to `amount` of `account`'s debt in `asset` with funds the caller has already taken
    /// from the account (a liquidation); returns how much was repaid, at most the debt.
    mutating func repayDebt(of account: AccountID, asset: AssetSymbol, amount: Amount) -> Amount {
        // No pool, no debt: nothing is repaid.
        guard let pool = accruedPoolIfAny(asset) else { return .zero }
        let debt = pool.debt(scaledDebt: derivatives.lending.position(of: account, asset: asset).scaledDebt)
        let paid = min(amount, debt)
        guard !paid.isZero else { return .zero }
        _ = settleRepayment(paid, of: account, asset: asset)
        return paid
    }

    /// Moves up to `amount` of `from`'s debt in `asset` to `to` (the insurance fund taking a debt
    /// over), as scaled debt rounded down: the whole debt when `amount` covers it. The pool's
    /// totals do not change. Returns the debt moved.
    mutating func transferDebt(from: AccountID, to: AccountID, asset: AssetSymbol, amount: Amount) -> Amount {
        guard let pool = accruedPoolIfAny(asset) else { return .zero }
        let scaled = derivatives.lending.position(of: from, asset: asset).scaledDebt
        // The index is at least one: amount ÷ index ≤ amount fits.
        let moved =
            amount >= pool.debt(scaledDebt: scaled)
            ? scaled : min(FixedPoint.mulDiv(amount.baseUnits, FixedPoint.one, pool.borrowIndex, .down)!, scaled)
        guard moved > 0 else { return .zero }
        updateLendingPosition(of: from, asset: asset) { $0.scaledDebt -= moved }
        updateLendingPosition(of: to, asset: asset) { $0.scaledDebt += moved }
        return pool.debt(scaledDebt: moved)
    }

    /// Writes off all of `account`'s debt in `asset` (a liquidation found nobody to pay it): the
    /// pool's total debt falls, its reserves absorb the loss first and its suppliers the rest,
    /// and the amount is added to the pool's `writtenOff`. Returns the debt written off.
    mutating func writeOffDebt(of account: AccountID, asset: AssetSymbol) -> Amount {
        guard var pool = accruedPoolIfAny(asset) else { return .zero }
        let scaled = derivatives.lending.position(of: account, asset: asset).scaledDebt
        guard scaled > 0 else { return .zero }
        let debt = pool.debt(scaledDebt: scaled)
        let borrowedBefore = pool.borrowed
        pool.totalScaledDebt -= scaled
        let drop = borrowedBefore.subtracting(pool.borrowed)!
        pool.reserves = pool.reserves.subtracting(min(pool.reserves, drop))!
        // Cumulative, like `MarginState.badDebt`: a documented limit of 2¹²⁸ − 1 base units
        // written off over the pool's life (more than the pool bound, 2¹²⁷, lost twice over);
        // reaching it stops the chain rather than undercount a loss.
        pool.writtenOff = pool.writtenOff.adding(debt)!
        derivatives.lending.pools.write(pool, for: asset)
        updateLendingPosition(of: account, asset: asset) { $0.scaledDebt = 0 }
        return debt
    }
}
