// Lending pools' actions and end of block. Every action first accrues its pool's interest to the
// block time, so amounts are those of this block; roundings go in the pool's favour (shares minted
// down and burned up, debts added up and forgiven down).

extension LedgerState {
    /// Applies an action of lending pools.
    mutating func apply(_ action: LendingAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .configurePool(let asset, let parameters):
            try applyConfigurePool(asset, parameters: parameters, sender: sender)
        case .supply(let asset, let amount): try applySupply(asset, amount: amount, sender: sender)
        case .withdraw(let asset, let amount): try applyWithdraw(asset, amount: amount, sender: sender)
        case .borrow(let asset, let amount): try applyBorrow(asset, amount: amount, sender: sender)
        case .repay(let asset, let amount, let fromMargin):
            try applyRepay(asset, amount: amount, fromMargin: fromMargin, sender: sender)
        }
    }

    private mutating func applyConfigurePool(
        _ asset: AssetSymbol, parameters poolParameters: LendingPoolParameters, sender: AccountID
    ) throws(ActionFailure) -> [Event] {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard assets[asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard poolParameters.isValid else { throw ActionFailure(.invalidLendingParameters) }
        // Interest up to now accrues at the old curve.
        var pool =
            derivatives.lending.pools[asset].map { $0.accrued(to: timeMilliseconds).pool }
            ?? LendingPool(asset: asset, parameters: poolParameters, timeMilliseconds: timeMilliseconds)
        pool.parameters = poolParameters
        derivatives.lending.pools.write(pool, for: asset)
        return [lendingEvent(.poolConfigured(authority: sender, asset: asset, parameters: poolParameters))]
    }

    private mutating func applySupply(_ asset: AssetSymbol, amount: Amount, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        var pool = try accruedPool(asset)
        guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
        guard let balance = balance(of: sender, asset: asset).subtracting(amount) else {
            throw ActionFailure(.insufficientBalance)
        }
        guard let cash = pool.cash.adding(amount),
            pool.isWithinBound(cash: cash, totalScaledDebt: pool.totalScaledDebt, borrowIndex: pool.borrowIndex)
        else { throw ActionFailure(.amountOverflow) }
        let shares: UInt128
        if pool.totalShares == 0 {
            shares = amount.baseUnits
        } else {
            // Suppliers with shares in a pool worth nothing (all lent and lost) would take the deposit.
            guard !pool.supplierAssets.isZero else { throw ActionFailure(.insufficientCash) }
            guard
                let minted = FixedPoint.mulDiv(
                    amount.baseUnits, pool.totalShares, pool.supplierAssets.baseUnits, .down)
            else { throw ActionFailure(.amountOverflow) }
            shares = minted
        }
        guard shares > 0 else { throw ActionFailure(.zeroAmount) }
        setBalance(balance, of: sender, asset: asset)
        // Shares are bounded by cash at the first deposit's rate or better.
        pool.cash = cash
        pool.totalShares += shares
        derivatives.lending.pools.write(pool, for: asset)
        updateLendingPosition(of: sender, asset: asset) { $0.shares += shares }
        return [lendingEvent(.supplied(account: sender, asset: asset, amount: amount, shares: shares))]
    }

    private mutating func applyWithdraw(_ asset: AssetSymbol, amount: Amount?, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        var pool = try accruedPool(asset)
        let held = derivatives.lending.position(of: sender, asset: asset).shares
        var withdrawn = pool.value(shares: held)
        var burned = held
        if let amount {
            guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
            guard !pool.supplierAssets.isZero,
                let shares = FixedPoint.mulDiv(amount.baseUnits, pool.totalShares, pool.supplierAssets.baseUnits, .up)
            else { throw ActionFailure(.insufficientSupply) }
            guard shares <= held else { throw ActionFailure(.insufficientSupply) }
            withdrawn = amount
            burned = shares
        } else {
            guard held > 0 else { throw ActionFailure(.insufficientSupply) }
        }
        guard let cash = pool.cash.subtracting(withdrawn) else { throw ActionFailure(.insufficientCash) }
        pool.cash = cash
        pool.totalShares -= burned
        derivatives.lending.pools.write(pool, for: asset)
        updateLendingPosition(of: sender, asset: asset) { $0.shares -= burned }
        updateAccount(sender) { $0.credit(withdrawn, asset) }
        return [lendingEvent(.withdrawn(account: sender, asset: asset, amount: withdrawn, shares: burned))]
    }

    private mutating func applyBorrow(_ asset: AssetSymbol, amount: Amount, sender: AccountID) throws(ActionFailure)
        -> [Event]
    {
        var pool = try accruedPool(asset)
        guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
        try requireFreshPrice(of: asset)
        guard let cash = pool.cash.subtracting(amount) else { throw ActionFailure(.insufficientCash) }
        guard let scaled = FixedPoint.mulDiv(amount.baseUnits, FixedPoint.one, pool.borrowIndex, .up) else {
            throw ActionFailure(.amountOverflow)
        }
        let (totalScaled, overflow) = pool.totalScaledDebt.addingReportingOverflow(scaled)
        guard !overflow, pool.isWithinBound(cash: cash, totalScaledDebt: totalScaled, borrowIndex: pool.borrowIndex)
        else { throw ActionFailure(.amountOverflow) }
        try requireBorrowingPower(for: amount, of: asset, account: sender)
        pool.cash = cash
        pool.totalScaledDebt = totalScaled
        derivatives.lending.pools.write(pool, for: asset)
        updateLendingPosition(of: sender, asset: asset) { $0.scaledDebt += scaled }
        try creditCollateral(amount, asset: asset, to: sender)
        let after = try marginValuation(
            of: sender, row: derivatives.margin.accounts[sender], prices: MarginPrices(self))
        guard after.summary.coversInitial else { throw ActionFailure(.insufficientMargin) }
        return [lendingEvent(.borrowed(account: sender, asset: asset, amount: amount))]
    }

    /// The borrowing power rule (Aave's): the account's free margin before the borrow — equity
    /// (weighted collateral, positions' PnL, minus debts) above its initial requirement — must
    /// cover the borrow's value at the oracle price, rounded up; and every price the account's
    /// valuation uses must be fresh (`stale_price`). The borrowed funds, which stay in margin,
    /// never count towards their own borrow.
    private mutating func requireBorrowingPower(for amount: Amount, of asset: AssetSymbol, account: AccountID)
        throws(ActionFailure)
    {
        guard let price = oraclePrice(of: asset), let info = assets[asset] else { throw ActionFailure(.stalePrice) }
        guard
            let value = FixedPoint.mulDiv(
                amount.baseUnits, price.quotePerUnit, Amount.powerOfTen(Int(info.decimals)), .up)
        else { throw ActionFailure(.amountOverflow) }
        try requireInitialMargin(of: account, extraInitial: max(value, 1))
    }

    private mutating func applyRepay(_ asset: AssetSymbol, amount: Amount?, fromMargin: Bool, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        let pool = try accruedPool(asset)
        let debt = pool.debt(scaledDebt: derivatives.lending.position(of: sender, asset: asset).scaledDebt)
        guard !debt.isZero else { throw ActionFailure(.noDebt) }
        let paid = min(amount ?? debt, debt)
        guard !paid.isZero else { throw ActionFailure(.zeroAmount) }
        if fromMargin {
            try debitCollateral(paid, asset: asset, from: sender)
        } else {
            guard let balance = balance(of: sender, asset: asset).subtracting(paid) else {
                throw ActionFailure(.insufficientBalance)
            }
            setBalance(balance, of: sender, asset: asset)
        }
        let remaining = settleRepayment(paid, of: sender, asset: asset)
        return [
            lendingEvent(
                .repaid(account: sender, asset: asset, amount: paid, remaining: remaining, fromMargin: fromMargin))
        ]
    }

    /// Puts `paid` (already taken from the account, at most its debt) into the pool and lowers the
    /// debt: to zero when it is the whole debt, else by `paid / index` rounded down. Returns the
    /// debt left. - Precondition: the pool is accrued to this block.
    mutating func settleRepayment(_ paid: Amount, of account: AccountID, asset: AssetSymbol) -> Amount {
        var pool = derivatives.lending.pools[asset]!
        let scaled = derivatives.lending.position(of: account, asset: asset).scaledDebt
        let debt = pool.debt(scaledDebt: scaled)
        precondition(paid <= debt, "repaying more than the debt")
        // The index is at least one: paid ÷ index ≤ paid fits. Cash plus a payment of at most
        // the debt stays within the pool bound's headroom (`LendingPool.assetsMax`).
        let forgiven =
            paid == debt
            ? scaled : min(FixedPoint.mulDiv(paid.baseUnits, FixedPoint.one, pool.borrowIndex, .down)!, scaled)
        pool.cash = pool.cash.adding(paid)!
        pool.totalScaledDebt -= forgiven
        derivatives.lending.pools.write(pool, for: asset)
        updateLendingPosition(of: account, asset: asset) { $0.scaledDebt -= forgiven }
        return pool.debt(scaledDebt: scaled - forgiven)
    }

    /// The pool of `asset` with interest accrued to this block, written back.
    mutating func accruedPool(_ asset: AssetSymbol) throws(ActionFailure) -> LendingPool {
        guard let pool = derivatives.lending.pools[asset] else { throw ActionFailure(.unknownLendingPool) }
        guard pool.lastAccrualMilliseconds < timeMilliseconds else { return pool }
        let accrued = pool.accrued(to: timeMilliseconds).pool
        derivatives.lending.pools.write(accrued, for: asset)
        return accrued
    }

    mutating func updateLendingPosition(
        of account: AccountID, asset: AssetSymbol, _ body: (inout LendingPosition) -> Void
    ) {
        let key = LendingPositionKey(account: account, asset: asset)
        var position = derivatives.lending.positions[key] ?? LendingPosition()
        body(&position)
        derivatives.lending.positions.write(position.isEmpty ? nil : position, for: key)
    }

    private func lendingEvent(_ event: LendingEvent) -> Event { .derivatives(.lending(event)) }

    /// The end of block of lending pools: every pool accrues interest to the block time, in symbol
    /// order (see `runDerivativesEndOfBlock`).
    mutating func runLendingEndOfBlock() -> [Event] {
        var events: [Event] = []
        for asset in derivatives.lending.pools.sortedKeys {
            let pool = derivatives.lending.pools[asset]!
            guard pool.lastAccrualMilliseconds < timeMilliseconds else { continue }
            let (accrued, interest) = pool.accrued(to: timeMilliseconds)
            derivatives.lending.pools.write(accrued, for: asset)
            if !interest.isZero {
                events.append(
                    lendingEvent(.interestAccrued(asset: asset, interest: interest, borrowIndex: accrued.borrowIndex)))
            }
        }
        return events
    }
}
