extension LedgerState {
    /// Applies an action of margin accounts, perpetual markets and positions, and the insurance fund.
    mutating func apply(_ action: MarginAction, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .deposit(let asset, let amount): try applyMarginDeposit(asset: asset, amount: amount, sender: sender)
        case .withdraw(let asset, let amount): try applyMarginWithdraw(asset: asset, amount: amount, sender: sender)
        case .setCollateralWeight(let asset, let weight):
            try applySetCollateralWeight(asset: asset, weight: weight, sender: sender)
        case .setLiquidationSettings(let closeFactor, let penalty):
            try applySetLiquidationSettings(closeFactor: closeFactor, penalty: penalty, sender: sender)
        case .createPerpetual(let create): try applyCreatePerpetual(create, sender: sender)
        case .fundInsurance(let amount): try applyFundInsurance(amount: amount, sender: sender)
        case .listOption(let list): try applyListOption(list, sender: sender)
        }
    }

    /// The end of block of margin accounts, perpetual markets and positions, and the insurance
    /// fund (see `runDerivativesEndOfBlock`): funding, then the settlement of option series
    /// whose expiry has come, then liquidations (which also carry settlement losses an account
    /// cannot pay through the loss waterfall).
    mutating func runMarginEndOfBlock(appendingTo events: inout [Event]) {
        events += runFunding()
        events += runOptionSettlement()
        runLiquidations(appendingTo: &events)
    }

    // MARK: - Collateral

    private mutating func applyMarginDeposit(asset: AssetSymbol, amount: Amount, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard assets[asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard derivatives.margin.collateralAssets[asset] != nil else { throw ActionFailure(.notCollateral) }
        guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
        guard let free = balance(of: sender, asset: asset).subtracting(amount) else {
            throw ActionFailure(.insufficientBalance)
        }
        // The vault is bounded by the asset's supply, so these sums cannot overflow.
        guard amount.baseUnits <= UInt128(Int128.max) / 2 else { throw ActionFailure(.amountOverflow) }
        setBalance(free, of: sender, asset: asset)
        addToVault(Int128(amount.baseUnits), asset)
        updateMarginAccount(sender) { $0.addClaim(Int128(amount.baseUnits), asset) }
        return [.derivatives(.margin(.deposited(account: sender, asset: asset, amount: amount)))]
    }

    private mutating func applyMarginWithdraw(asset: AssetSymbol, amount: Amount, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard assets[asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
        let claim = derivatives.margin.accounts[sender]?.claim(asset) ?? 0
        guard claim > 0, amount.baseUnits <= UInt128(claim) else { throw ActionFailure(.insufficientCollateral) }
        addToVault(-Int128(amount.baseUnits), asset)
        updateMarginAccount(sender) { $0.addClaim(-Int128(amount.baseUnits), asset) }
        setBalance(balance(of: sender, asset: asset).adding(amount)!, of: sender, asset: asset)
        try requireInitialMargin(of: sender)
        return [.derivatives(.margin(.withdrawn(account: sender, asset: asset, amount: amount)))]
    }

    /// After a risk-increasing change: equity must cover the initial requirement, valued at fresh
    /// prices. An account with no positions, debts or negative claims needs nothing: its
    /// collateral is its own.
    ///
    /// - Throws: `amount_overflow` when the account's valuation or its requirement with
    ///   `extraInitial` does not fit in 128 bits (the change is refused: an account the protocol
    ///   cannot value may not take more risk), `stale_price`, `insufficient_margin`.
    mutating func requireInitialMargin(of account: AccountID, extraInitial: UInt128 = 0) throws(ActionFailure) {
        // Without positions, debts or negative claims equity is the positive claims' value: not
        // negative, and not needed — so such an account is not valued at all (an account whose
        // collateral is worth more than 2¹²⁷ may still withdraw it).
        let row = derivatives.margin.accounts[account]
        let atRisk =
            !(row?.positions.isEmpty ?? true) || (row?.collateral.values.contains { $0 < 0 } ?? false)
            || extraInitial > 0 || !lendingDebts(of: account).isEmpty
        guard atRisk else { return }
        let valuation = try marginValuation(of: account, row: row, prices: MarginPrices(self))
        if valuation.dependsOnStalePrice { throw ActionFailure(.stalePrice) }
        var summary = valuation.summary
        let (initial, overflow) = summary.initialRequirement.addingReportingOverflow(extraInitial)
        guard !overflow else { throw ActionFailure(.amountOverflow) }
        summary.initialRequirement = initial
        guard summary.coversInitial else { throw ActionFailure(.insufficientMargin) }
    }

    private mutating func applyFundInsurance(amount: Amount, sender: AccountID) throws(ActionFailure) -> [Event] {
        guard let quote = derivatives.oracle.quoteAsset, assets[quote] != nil else {
            throw ActionFailure(.noQuoteAsset)
        }
        guard !amount.isZero else { throw ActionFailure(.zeroAmount) }
        guard let free = balance(of: sender, asset: quote).subtracting(amount) else {
            throw ActionFailure(.insufficientBalance)
        }
        guard amount.baseUnits <= UInt128(Int128.max) / 2 else { throw ActionFailure(.amountOverflow) }
        setBalance(free, of: sender, asset: quote)
        addToVault(Int128(amount.baseUnits), quote)
        updateMarginAccount(MarginState.insuranceFund) { $0.addClaim(Int128(amount.baseUnits), quote) }
        return [.derivatives(.margin(.insuranceFunded(account: sender, asset: quote, amount: amount)))]
    }

    private mutating func applySetCollateralWeight(asset: AssetSymbol, weight: UInt16, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard assets[asset] != nil else { throw ActionFailure(.unknownAsset) }
        guard weight <= 10_000 else { throw ActionFailure(.invalidMarginParameters) }
        derivatives.margin.collateralAssets.write(CollateralAsset(weightBasisPoints: weight), for: asset)
        return [.derivatives(.margin(.collateralWeightSet(asset: asset, weightBasisPoints: weight)))]
    }

    private mutating func applySetLiquidationSettings(closeFactor: UInt16, penalty: UInt16, sender: AccountID)
        throws(ActionFailure) -> [Event]
    {
        guard parameters.marketAuthority == sender else { throw ActionFailure(.notMarketAuthority) }
        guard (1...10_000).contains(closeFactor), penalty <= 5_000 else {
            throw ActionFailure(.invalidMarginParameters)
        }
        derivatives.margin.settings.write(
            LiquidationSettings(closeFactorBasisPoints: closeFactor, penaltyBasisPoints: penalty), for: 0)
        return [
            .derivatives(
                .margin(.liquidationSettingsSet(closeFactorBasisPoints: closeFactor, penaltyBasisPoints: penalty)))
        ]
    }
}
