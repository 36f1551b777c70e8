// Margin's interface to lending. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// The account's margin at current oracle prices, lending debts included.
    ///
    /// - Throws: ``MarginValuationError`` when a value does not fit in 128 bits (docs/MARGIN.md, Overflow).
    public func marginSummary(of account: AccountID) throws(MarginValuationError) -> MarginSummary {
        let prices = MarginPrices(self)
        do {
            return try marginValuation(of: account, row: derivatives.margin.accounts[account], prices: prices).summary
        } catch {
            throw MarginValuationError(account: account)
        }
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
///
/// Positions are looked up by market index (``MarketID/index``) in arrays, not hashed: the
/// liquidation scan values every margin account with one instance, and a lookup per position
/// is its innermost cost (docs/PERFORMANCE.md, portfolio margin).
struct MarginPrices {
    struct Entry {
        /// Quote base units per whole unit.
        var price: UInt128
        /// 10^decimals: base units per whole unit.
        var scale: UInt128
        var isStale: Bool
        /// The asset's collateral weight, basis points; nil when margin does not accept it.
        var weight: UInt16?
    }

    /// An unsettled option series with a mark (the series itself is in ``optionSeries``: this
    /// part is plain data, read for every position without reference counting).
    struct OptionEntry {
        /// The underlying's scale and staleness (a stale surface too), at the series' mark.
        var entry: Entry
        /// The underlying's oracle price, quote base units per whole unit.
        var underlying: UInt128
        /// The series' underlying's position in ``MarginPrices/underlyings``.
        var underlyingSlot: Int
    }

    /// An underlying of at least one option series with a mark: what portfolio margin shocks.
    struct ScenarioUnderlying {
        var symbol: AssetSymbol
        /// The oracle price, quote base units per whole unit.
        var spot: UInt128
        /// 10^decimals of the underlying.
        var scale: UInt128
        /// `spot × shock` of each scenario (``PortfolioMargin/scenarios`` order), the per-unit
        /// move × 10⁴, exact; nil when one does not fit in 127 bits.
        var moves: [Int128]?
    }

    /// How a position in a market is valued.
    enum Pricing {
        case unpriced
        /// At ``perpetualEntries``[i].
        case perpetual(Int)
        /// At ``optionEntries``[i].
        case option(Int)
    }

    var entries: [AssetSymbol: Entry] = [:]
    var weights: [AssetSymbol: UInt16] = [:]
    /// By market index; `.unpriced` for a spot market, a perpetual whose underlying has no
    /// price, and a series that is settled, has no underlying price or has no mark.
    private var pricing: [Pricing]
    /// Each priced perpetual with the price entry of its underlying at the market's mark price
    /// (see ``LedgerState/markPrice(of:)``), in market order.
    private var perpetualEntries: [(perpetual: Perpetual, entry: Entry)] = []
    /// Each priced series (its mark from ``LedgerState/optionMarkAndStaleness(of:underlying:scale:)``),
    /// in market order.
    private var optionEntries: [OptionEntry] = []
    /// The series of each of ``optionEntries``.
    private var optionSeries: [OptionSeries] = []
    /// The underlyings of ``optionEntries``, in symbol order.
    private(set) var underlyings: [ScenarioUnderlying] = []
    var quote: AssetSymbol?
    /// Every lending pool accrued to the block's time, in symbol order: debts are valued with
    /// these, so a scan of every account accrues each pool once.
    var lendingPools: [(asset: AssetSymbol, pool: LendingPool)]
    /// Portfolio margin's series tables, computed on first use and shared by every account
    /// valued with these prices (a copy of the prices shares them too: same inputs).
    let scenarioTables: ScenarioTableCache

    init(_ state: LedgerState) {
        quote = state.derivatives.oracle.quoteAsset
        lendingPools = state.accruedLendingPools()
        pricing = Array(repeating: .unpriced, count: state.markets.count)
        for (asset, info) in state.assets {
            guard let price = state.oraclePrice(of: asset) else { continue }
            entries[asset] = Entry(
                price: price.quotePerUnit, scale: Amount.powerOfTen(Int(info.decimals)), isStale: price.isStale)
        }
        for (asset, collateral) in state.derivatives.margin.collateralAssets.rows {
            weights[asset] = collateral.weightBasisPoints
            entries[asset]?.weight = collateral.weightBasisPoints
        }
        for (id, perpetual) in state.derivatives.margin.perpetuals.rows.sorted(by: { $0.key < $1.key }) {
            guard var entry = entries[perpetual.base] else { continue }
            entry.price = state.markPrice(of: perpetual, oracle: entry.price, scale: entry.scale)
            pricing[id.index] = .perpetual(perpetualEntries.count)
            perpetualEntries.append((perpetual, entry))
        }
        var symbols: Set<AssetSymbol> = []
        for (id, series) in state.derivatives.margin.optionSeries.rows.sorted(by: { $0.key < $1.key })
        where series.settlement == nil {
            guard var entry = entries[series.underlying] else { continue }
            let underlying = entry.price
            guard
                let (mark, volatilityIsStale) = state.optionMarkAndStaleness(
                    of: series, underlying: underlying, scale: entry.scale)
            else { continue }
            entry.price = mark
            entry.isStale = entry.isStale || volatilityIsStale
            pricing[id.index] = .option(optionEntries.count)
            optionEntries.append(OptionEntry(entry: entry, underlying: underlying, underlyingSlot: -1))
            optionSeries.append(series)
            symbols.insert(series.underlying)
        }
        for symbol in symbols.sorted() {
            // Every series above was priced with this entry.
            let entry = entries[symbol]!
            underlyings.append(
                ScenarioUnderlying(
                    symbol: symbol, spot: entry.price, scale: entry.scale,
                    moves: PortfolioExposure.spotMoves(entry.price)))
        }
        for index in optionEntries.indices {
            let symbol = optionSeries[index].underlying
            optionEntries[index].underlyingSlot = underlyings.firstIndex { $0.symbol == symbol }!
        }
        scenarioTables = ScenarioTableCache(count: optionEntries.count)
    }

    /// How a position in `market` is valued.
    func pricing(of market: MarketID) -> Pricing {
        pricing.indices.contains(market.index) ? pricing[market.index] : .unpriced
    }

    /// An option position's entry: the series, its mark as the price (scale and staleness of the
    /// underlying), and the underlying's oracle price.
    func optionEntry(_ market: MarketID) -> (series: OptionSeries, entry: Entry, underlying: UInt128)? {
        guard case .option(let slot) = pricing(of: market) else { return nil }
        let option = optionEntries[slot]
        return (optionSeries[slot], option.entry, option.underlying)
    }

    func option(_ slot: Int) -> OptionEntry { optionEntries[slot] }

    /// The position's price entry: the underlying's scale and staleness, at the market's mark price.
    func markEntry(_ market: MarketID) -> (perpetual: Perpetual, entry: Entry)? {
        guard case .perpetual(let slot) = pricing(of: market) else { return nil }
        return perpetualEntries[slot]
    }

    func perpetual(_ slot: Int) -> (perpetual: Perpetual, entry: Entry) { perpetualEntries[slot] }

    /// A series' portfolio margin table at its underlying's oracle price, computed once per
    /// series for these prices; nil when it does not fit in 128 bits.
    func scenarioTable(
        _ series: OptionSeries, underlying: UInt128, in state: LedgerState
    ) -> PortfolioMargin.SeriesTable? {
        guard case .option(let slot) = pricing(of: series.market) else {
            return state.scenarioTable(of: series, spot: underlying)
        }
        return scenarioTable(slot: slot, in: state)
    }

    /// The table of the series at ``optionEntries``[slot].
    func scenarioTable(slot: Int, in state: LedgerState) -> PortfolioMargin.SeriesTable? {
        scenarioTables.table(slot) { state.scenarioTable(of: optionSeries[slot], spot: optionEntries[slot].underlying) }
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
        // An impact price per whole unit past 128 bits is above any oracle price: as a bid it
        // would raise the mark past every representable price, so the side does not clamp;
        // as an ask it is above the oracle and cannot lower the mark.
        if let bid = impactPrice(perpetual, takerSide: .ask),
            let perUnit = UInt128.mulDiv(bid, scale, lot, rounding: .down)
        {
            mark = max(mark, perUnit)
        }
        if let ask = impactPrice(perpetual, takerSide: .bid),
            let perUnit = UInt128.mulDiv(ask, scale, lot, rounding: .up)
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
    /// Each underlying margined by scenarios, in symbol order.
    var portfolio: [PortfolioMargin.UnderlyingMargin] = []
}

extension LedgerState {
    /// Values an account: weighted collateral at oracle prices (positive claims × price × weight,
    /// rounded down; a negative quote claim at full weight), plus each perpetual position's
    /// `cash + size × mark price` (floor) and each option position's `size × option mark`
    /// (floor; its premium is already in the claims), minus debts at oracle prices (rounded up).
    ///
    /// Requirements: each underlying in which the account holds an option is margined by
    /// scenarios (``PortfolioMargin``: its options, its perpetual positions and its weighted
    /// collateral together; docs/OPTIONS.md, "Portfolio margin"); every other perpetual position
    /// needs its notional at the mark price times the market's initial or maintenance fraction,
    /// rounded up. Requirements of different underlyings add up.
    ///
    /// Every product and sum is checked; the sums do not depend on the order of the terms
    /// (``OrderFreeSum``), so whether a valuation fails is the same on every node.
    ///
    /// - Parameters:
    ///   - includingDebts: false for a hypothetical account (the margin simulator), which has no
    ///     lending debts whatever its id.
    ///   - requirements: false to value the account only: the requirements are then 0 and
    ///     `portfolio` empty, and only a value that does not fit throws (the liquidation
    ///     penalty's cap, which needs the equity after every step).
    /// - Throws: `amount_overflow` when a value, a requirement or a total does not fit in 128
    ///   bits (signed values in ±(2¹²⁷ − 1)). Callers decide what that means: a query reports
    ///   it, a risk check refuses the transaction, the liquidation scan liquidates the account
    ///   (docs/MARGIN.md, Overflow).
    func marginValuation(
        of account: AccountID, row: MarginAccount?, prices: MarginPrices, includingDebts: Bool = true,
        requirements: Bool = true
    ) throws(ActionFailure) -> MarginValuation {
        var valuation = MarginValuation()
        var equity = OrderFreeSum()
        var unweighted = OrderFreeSum()
        var weighted = OrderFreeSum()
        var unrealized = OrderFreeSum()
        var initial: UInt128 = 0
        var maintenance: UInt128 = 0
        var debtValue: UInt128 = 0
        let overflow = ActionFailure(.amountOverflow)
        if let row {
            var exposures = requirements ? Self.portfolioExposures(row, prices: prices) : []
            for (asset, claim) in row.collateral {
                guard let entry = prices.entries[asset] else {
                    valuation.dependsOnStalePrice = true
                    continue
                }
                if entry.isStale { valuation.dependsOnStalePrice = true }
                if claim >= 0 {
                    // An asset the authority no longer accepts as collateral counts for nothing.
                    let weight = entry.weight ?? 0
                    guard let value = UInt128.mulDiv(claim.magnitude, entry.price, entry.scale, rounding: .down),
                        let weightedValue = MarginMath.basisPoints(value, weight, rounding: .down)
                    else { throw overflow }
                    weighted.add(gain: weightedValue)
                    unweighted.add(gain: value)
                    equity.add(gain: weightedValue)
                    if let index = exposures.firstIndex(where: { $0.underlying == asset }) {
                        exposures[index].addCollateral(claim: claim.magnitude, weightBasisPoints: weight)
                    }
                } else {
                    valuation.hasNegativeClaim = true
                    guard let value = MarginMath.signedMulDivFloor(claim, entry.price, entry.scale) else {
                        throw overflow
                    }
                    unweighted.add(value)
                    equity.add(value)
                }
            }
            for (market, position) in row.positions {
                valuation.hasPositions = true
                switch prices.pricing(of: market) {
                case .option(let slot):
                    // The premium was paid in claims at the trade: equity counts the position's
                    // value at the mark, unrealized PnL its entry flow too.
                    let option = prices.option(slot)
                    if option.entry.isStale { valuation.dependsOnStalePrice = true }
                    guard
                        let value = MarginMath.signedMulDivFloor(position.size, option.entry.price, option.entry.scale)
                    else { throw overflow }
                    unrealized.add(position.cash)
                    unrealized.add(value)
                    unweighted.add(value)
                    equity.add(value)
                    guard requirements else { continue }
                    guard let table = prices.scenarioTable(slot: slot, in: self) else { throw overflow }
                    // portfolioExposures made one for every priced series' underlying.
                    let index = exposures.firstIndex { $0.slot == option.underlyingSlot }!
                    exposures[index].addOption(size: position.size, table: table)
                case .perpetual(let slot):
                    let (perpetual, entry) = prices.perpetual(slot)
                    if entry.isStale { valuation.dependsOnStalePrice = true }
                    guard let value = MarginMath.signedMulDivFloor(position.size, entry.price, entry.scale) else {
                        throw overflow
                    }
                    unrealized.add(position.cash)
                    unrealized.add(value)
                    unweighted.add(position.cash)
                    unweighted.add(value)
                    equity.add(position.cash)
                    equity.add(value)
                    guard requirements else { continue }
                    if let index = exposures.firstIndex(where: { $0.underlying == perpetual.base }) {
                        exposures[index].addPerpetual(size: position.size)
                        continue
                    }
                    guard
                        let initialPart = MarginMath.basisPoints(
                            value.magnitude, perpetual.initialBasisPoints, rounding: .up),
                        let maintenancePart = MarginMath.basisPoints(
                            value.magnitude, perpetual.maintenanceBasisPoints, rounding: .up)
                    else { throw overflow }
                    let (initialSum, initialOverflow) = initial.addingReportingOverflow(initialPart)
                    let (maintenanceSum, maintenanceOverflow) = maintenance.addingReportingOverflow(maintenancePart)
                    guard !initialOverflow, !maintenanceOverflow else { throw overflow }
                    (initial, maintenance) = (initialSum, maintenanceSum)
                case .unpriced:
                    valuation.isMissingPrice = true
                    valuation.dependsOnStalePrice = true
                }
            }
            // Non-negative terms: whether their sum fits does not depend on their order.
            // Slots are in symbol order (``MarginPrices/underlyings``).
            exposures.sort { $0.slot < $1.slot }
            for exposure in exposures {
                guard let margin = exposure.margin() else { throw overflow }
                let (initialSum, initialOverflow) = initial.addingReportingOverflow(margin.initialRequirement)
                let (maintenanceSum, maintenanceOverflow) = maintenance.addingReportingOverflow(
                    margin.maintenanceRequirement)
                guard !initialOverflow, !maintenanceOverflow else { throw overflow }
                (initial, maintenance) = (initialSum, maintenanceSum)
                valuation.portfolio.append(margin)
            }
        }
        for (asset, debt) in includingDebts ? lendingDebts(of: account, pools: prices.lendingPools) : [] {
            valuation.hasDebts = true
            guard let entry = prices.entries[asset] else {
                valuation.isMissingPrice = true
                valuation.dependsOnStalePrice = true
                continue
            }
            if entry.isStale { valuation.dependsOnStalePrice = true }
            guard let value = UInt128.mulDiv(debt.baseUnits, entry.price, entry.scale, rounding: .up) else {
                throw overflow
            }
            let (sum, sumOverflow) = debtValue.addingReportingOverflow(value)
            guard !sumOverflow else { throw overflow }
            debtValue = sum
            unweighted.add(loss: value)
            equity.add(loss: value)
        }
        guard let equityValue = equity.value, let unweightedValue = unweighted.value,
            let weightedValue = weighted.value, let unrealizedValue = unrealized.value
        else { throw overflow }
        valuation.weightedCollateral = weightedValue
        valuation.unweightedEquity = unweightedValue
        valuation.unrealized = unrealizedValue
        valuation.debtValue = debtValue
        valuation.summary = MarginSummary(
            equity: equityValue, initialRequirement: initial, maintenanceRequirement: maintenance)
        return valuation
    }

    /// An empty exposure for each underlying in which the account holds an option of a series
    /// that has a mark (unsettled, with an underlying price): those underlyings are margined by
    /// scenarios. Few: an account rarely holds options on more than one or two underlyings.
    static func portfolioExposures(_ row: MarginAccount, prices: MarginPrices) -> [PortfolioExposure] {
        var exposures: [PortfolioExposure] = []
        for market in row.positions.keys {
            guard case .option(let slot) = prices.pricing(of: market) else { continue }
            let underlyingSlot = prices.option(slot).underlyingSlot
            guard !exposures.contains(where: { $0.slot == underlyingSlot }) else { continue }
            exposures.append(PortfolioExposure(slot: underlyingSlot, prices.underlyings[underlyingSlot]))
        }
        return exposures
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
        // The previous row is kept only for the history journal: otherwise the row changes in place.
        let previous = historyJournal != nil ? derivatives.margin.accounts[account] : nil
        derivatives.margin.accounts.modify(account) { row in
            if row == nil { row = MarginAccount() }
            body(&row!)
            if row!.isEmpty { row = nil }
        }
        if historyJournal != nil {
            historyJournal!.recordMargin(account, from: previous, to: derivatives.margin.accounts[account])
        }
    }
}
