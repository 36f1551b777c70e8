// Margin's interface to lending. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// The account's margin at current oracle prices, lending debts included.
    public func marginSummary(of account: AccountID) -> MarginSummary {
        let prices = MarginPrices(self)
        return marginValuation(of: account, row: derivatives.margin.accounts[account], prices: prices).summary
    }

    /// Adds to the account's collateral in its margin account (a borrow lands here).
    mutating func creditCollateral(_ amount: Amount, asset: AssetSymbol, to account: AccountID) throws(ActionFailure) {
        guard assets[asset] != nil else { throw ActionFailure(code: .unknownAsset) }
        guard amount.baseUnits <= UInt128(Int128.max) else { throw ActionFailure(code: .amountOverflow) }
        addToVault(Int128(amount.baseUnits), asset)
        updateMarginAccount(account) { $0.addClaim(Int128(amount.baseUnits), asset) }
    }

    /// Takes from the account's collateral (a repayment from margin); fails with
    /// `insufficientBalance` when the account holds less.
    mutating func debitCollateral(_ amount: Amount, asset: AssetSymbol, from account: AccountID) throws(ActionFailure) {
        let claim = derivatives.margin.accounts[account]?.claim(asset) ?? 0
        guard claim >= 0, amount.baseUnits <= UInt128(claim) else { throw ActionFailure(code: .insufficientBalance) }
        addToVault(-Int128(amount.baseUnits), asset)
        updateMarginAccount(account) { $0.addClaim(-Int128(amount.baseUnits), asset) }
    }
}

/// Oracle prices, mark prices and scales read once, for valuing many accounts in one pass.
struct MarginPrices {
    struct Entry {
        /// Quote base units per whole unit.
        var price: UInt128
        /// 10^decimals: base units per whole unit.
        var scale: UInt128
        var isStale: Bool
    }

    var entries: [AssetSymbol: Entry] = [:]
    var weights: [AssetSymbol: UInt16] = [:]
    var perpetuals: [MarketID: Perpetual] = [:]
    /// Each perpetual's mark price (see ``LedgerState/markPrice(of:)``), quote units per whole unit.
    var marks: [MarketID: UInt128] = [:]
    var quote: AssetSymbol?

    init(_ state: LedgerState) {
        quote = state.derivatives.oracle.quoteAsset
        for (asset, info) in state.assets {
            guard let price = state.oraclePrice(of: asset) else { continue }
            entries[asset] = Entry(
                price: price.quotePerUnit, scale: Amount.powerOfTen(Int(info.decimals)), isStale: price.isStale)
        }
        for (asset, collateral) in state.derivatives.margin.collateralAssets.rows {
            weights[asset] = collateral.weightBasisPoints
        }
        perpetuals = state.derivatives.margin.perpetuals.rows
        for (id, perpetual) in perpetuals {
            guard let entry = entries[perpetual.base] else { continue }
            marks[id] = state.markPrice(of: perpetual, oracle: entry.price, scale: entry.scale)
        }
    }

    /// The position's price entry: the underlying's scale and staleness, at the market's mark price.
    func markEntry(_ market: MarketID) -> (perpetual: Perpetual, entry: Entry)? {
        guard let perpetual = perpetuals[market], var entry = entries[perpetual.base] else { return nil }
        entry.price = marks[market] ?? entry.price
        return (perpetual, entry)
    }
}

extension LedgerState {
    /// A perpetual's mark price, quote base units per whole unit of the underlying: the median of
    /// the oracle price and the book's impact bid and ask (which is the oracle price clamped
    /// between them; a side thinner than the impact size does not clamp). Positions are valued,
    /// their requirements measured and liquidations triggered at the mark; moving it away from
    /// the oracle takes `impactLots` of resting orders that anyone can trade against.
    /// The impact bid rounds down and the impact ask up, so the clamp never narrows the range.
    public func markPrice(of perpetual: Perpetual) -> UInt128? {
        guard let price = oraclePrice(of: perpetual.base), let info = assets[perpetual.base] else { return nil }
        return markPrice(of: perpetual, oracle: price.quotePerUnit, scale: Amount.powerOfTen(Int(info.decimals)))
    }

    func markPrice(of perpetual: Perpetual, oracle: UInt128, scale: UInt128) -> UInt128 {
        let lot = markets[perpetual.market.index].market.lotSize.baseUnits
        var mark = oracle
        if let bid = impactPrice(perpetual, takerSide: .ask), let perUnit = UInt128.mulDiv(bid, scale, lot) {
            mark = max(mark, perUnit)
        }
        if let ask = impactPrice(perpetual, takerSide: .bid),
            let perUnit = UInt128.mulDiv(ask, scale, lot, roundingUp: true)
        {
            mark = min(mark, perUnit)
        }
        return mark
    }
}

/// An account's margin in detail: the summary, and what it is made of.
struct MarginValuation {
    var summary = MarginSummary(equity: 0, initialRequirement: 0, maintenanceRequirement: 0)
    /// Weighted positive collateral, quote units.
    var weightedCollateral: Int128 = 0
    /// Lending debts at oracle prices, rounded up.
    var debtValue: UInt128 = 0
    /// Unrealized PnL of all positions (cash + size × price).
    var unrealized: Int128 = 0
    /// Equity with every collateral weight at 100%: what the account is worth if closed out.
    var unweightedEquity: Int128 = 0
    /// Whether a price the account depends on is stale or missing.
    var dependsOnStalePrice = false
    /// Whether a position's or debt's price is missing altogether (the account cannot be valued).
    var isMissingPrice = false
    var hasPositions = false
    var hasDebts = false
    /// Whether a claim is negative (a loss or funding owed in the quote asset).
    var hasNegativeClaim = false
}

extension LedgerState {
    /// Values an account: weighted collateral at oracle prices (positive claims × price × weight,
    /// rounded down; a negative quote claim at full weight), plus each position's
    /// `cash + size × mark price` (floor), minus debts at oracle prices (rounded up); requirements
    /// are each position's notional at the mark price times the market's initial or maintenance
    /// fraction, rounded up.
    func marginValuation(of account: AccountID, row: MarginAccount?, prices: MarginPrices) -> MarginValuation {
        var valuation = MarginValuation()
        var equity: Int128 = 0
        var initial: UInt128 = 0
        var maintenance: UInt128 = 0
        if let row {
            for (asset, claim) in row.collateral {
                guard let entry = prices.entries[asset] else {
                    valuation.dependsOnStalePrice = true
                    continue
                }
                if entry.isStale { valuation.dependsOnStalePrice = true }
                if claim >= 0 {
                    let weight = prices.weights[asset] ?? 0
                    let value = UInt128.mulDiv(claim.magnitude, entry.price, entry.scale) ?? 0
                    let weighted = Int128(clamping: MarginMath.basisPointsDown(value, weight) ?? 0)
                    valuation.weightedCollateral &+= weighted
                    valuation.unweightedEquity &+= Int128(clamping: value)
                    equity &+= weighted
                } else {
                    valuation.hasNegativeClaim = true
                    let value = MarginMath.signedMulDivFloor(claim, entry.price, entry.scale) ?? Int128.min / 4
                    valuation.unweightedEquity &+= value
                    equity &+= value
                }
            }
            for (market, position) in row.positions {
                valuation.hasPositions = true
                guard let (perpetual, entry) = prices.markEntry(market) else {
                    valuation.isMissingPrice = true
                    valuation.dependsOnStalePrice = true
                    continue
                }
                if entry.isStale { valuation.dependsOnStalePrice = true }
                let value = MarginMath.signedMulDivFloor(position.size, entry.price, entry.scale) ?? 0
                let pnl = position.cash &+ value
                valuation.unrealized &+= pnl
                valuation.unweightedEquity &+= pnl
                equity &+= pnl
                let notional = value.magnitude
                initial &+= MarginMath.basisPointsUp(notional, perpetual.initialBasisPoints) ?? .max / 4
                maintenance &+= MarginMath.basisPointsUp(notional, perpetual.maintenanceBasisPoints) ?? .max / 4
            }
        }
        for (asset, debt) in lendingDebts(of: account) {
            valuation.hasDebts = true
            guard let entry = prices.entries[asset] else {
                valuation.isMissingPrice = true
                valuation.dependsOnStalePrice = true
                continue
            }
            if entry.isStale { valuation.dependsOnStalePrice = true }
            let value = UInt128.mulDiv(debt.baseUnits, entry.price, entry.scale, roundingUp: true) ?? .max / 4
            valuation.debtValue &+= value
            valuation.unweightedEquity &-= Int128(clamping: value)
            equity &-= Int128(clamping: value)
        }
        valuation.summary = MarginSummary(
            equity: equity, initialRequirement: initial, maintenanceRequirement: maintenance)
        return valuation
    }

    // MARK: - Writing claims

    /// Adds (or with a negative amount, removes) funds of the vault.
    mutating func addToVault(_ amount: Int128, _ asset: AssetSymbol) {
        guard amount != 0 else { return }
        let held = Int128(derivatives.margin.vault[asset]?.amount.baseUnits ?? 0) + amount
        precondition(held >= 0, "the margin vault would hold less than nothing")
        derivatives.margin.vault.write(
            held == 0 ? nil : VaultBalance(asset: asset, amount: Amount(baseUnits: UInt128(held))), for: asset)
    }

    /// Changes one margin account (created empty if needed; removed when it ends empty).
    mutating func updateMarginAccount(_ account: AccountID, _ body: (inout MarginAccount) -> Void) {
        var row = derivatives.margin.accounts[account] ?? MarginAccount()
        body(&row)
        derivatives.margin.accounts.write(row.isEmpty ? nil : row, for: account)
    }
}
