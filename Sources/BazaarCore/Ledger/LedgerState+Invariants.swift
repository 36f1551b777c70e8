/// A broken ledger invariant. Reaching one means a bug in the state machine.
public struct InvariantViolation: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension LedgerState {
    /// Checks conservation for every asset over the whole state: supply equals free balances
    /// plus locked amounts plus the fee pools. Then checks every market's book (`checkOrderBooks`),
    /// each module's invariants, and that no margin account under maintenance escaped this
    /// block's liquidations (`checkMarginMaintenance`). Returns the valuation of every margin
    /// account at risk that the last check made (``marginAccountsAtRisk()``), for callers that
    /// report on it.
    ///
    /// - Complexity: O(accounts × assets held + open orders + books' price ranges + margin
    ///   accounts × (collateral assets + positions + debts)); run it in tests, simulators and at
    ///   start-up.
    @discardableResult
    public func checkFullConservation() throws(InvariantViolation) -> [MarginAccountRisk] {
        var held: [AssetSymbol: UInt128] = [:]
        func add(_ amounts: [AssetSymbol: Amount], what: String) throws(InvariantViolation) {
            for (asset, amount) in amounts {
                guard assets[asset] != nil else {
                    throw InvariantViolation(description: "a \(what) of unknown asset \(asset)")
                }
                guard !amount.isZero else { throw InvariantViolation(description: "a stored zero \(what) of \(asset)") }
                let (sum, overflow) = held[asset, default: 0].addingReportingOverflow(amount.baseUnits)
                guard !overflow else { throw InvariantViolation(description: "holdings of \(asset) overflow") }
                held[asset] = sum
            }
        }
        for account in accounts.values {
            try add(account.balances, what: "balance")
            try add(account.locked, what: "locked amount")
        }
        try add(tradingFeePools, what: "trading fee pool")
        amm.addHoldings(to: &held)
        escrow.addHoldings(to: &held)
        derivatives.addHoldings(to: &held)
        for asset in sortedAssets {
            var total = held[asset.symbol, default: 0]
            if asset.symbol == parameters.feeAsset { total &+= feePool.baseUnits }
            guard total == asset.supply.baseUnits else {
                throw InvariantViolation(
                    description:
                        "conservation of \(asset.symbol): supply \(asset.supply) but accounts and pools hold \(total)"
                )
            }
            if let cap = asset.maxSupply, asset.supply > cap {
                throw InvariantViolation(description: "supply of \(asset.symbol) is above its cap")
            }
        }
        try checkOrderBooks()
        try amm.checkInvariants(in: self)
        try escrow.checkInvariants(in: self)
        try derivatives.checkInvariants(in: self)
        let risk = marginAccountsAtRisk()
        try checkMarginMaintenance(risk)
        return risk
    }

    /// Checks conservation over what this block changed: for every asset, the
    /// change in the touched balances and pools equals the change in supply.
    ///
    /// - Complexity: O(changes in the block).
    func checkBlockConservation() throws(InvariantViolation) {
        // held_after - held_before == supply_after - supply_before, rearranged so
        // that both sides are sums: held_before + supply_after == held_after + supply_before.
        // Sums are taken modulo 2^128; the full check in tests catches what that could hide.
        var heldBeforePlusSupplyAfter: [AssetSymbol: UInt128] = [:]
        var heldAfterPlusSupplyBefore: [AssetSymbol: UInt128] = [:]
        for (id, original) in blockOriginals.accounts {
            for (asset, amount) in original?.balances ?? [:] {
                heldBeforePlusSupplyAfter[asset, default: 0] &+= amount.baseUnits
            }
            for (asset, amount) in original?.locked ?? [:] {
                heldBeforePlusSupplyAfter[asset, default: 0] &+= amount.baseUnits
            }
            for (asset, amount) in accounts[id]?.balances ?? [:] {
                heldAfterPlusSupplyBefore[asset, default: 0] &+= amount.baseUnits
            }
            for (asset, amount) in accounts[id]?.locked ?? [:] {
                heldAfterPlusSupplyBefore[asset, default: 0] &+= amount.baseUnits
            }
        }
        for (asset, original) in blockOriginals.tradingFeePools {
            heldBeforePlusSupplyAfter[asset, default: 0] &+= original?.baseUnits ?? 0
            heldAfterPlusSupplyBefore[asset, default: 0] &+= tradingFeePools[asset]?.baseUnits ?? 0
        }
        if let originalFeePool = blockOriginals.feePool {
            heldBeforePlusSupplyAfter[parameters.feeAsset, default: 0] &+= originalFeePool.baseUnits
            heldAfterPlusSupplyBefore[parameters.feeAsset, default: 0] &+= feePool.baseUnits
        }
        for (symbol, original) in blockOriginals.assets {
            // An asset created by a transaction that was then rolled back no longer exists.
            heldBeforePlusSupplyAfter[symbol, default: 0] &+= assets[symbol]?.supply.baseUnits ?? 0
            heldAfterPlusSupplyBefore[symbol, default: 0] &+= original?.supply.baseUnits ?? 0
        }
        amm.addBlockHoldings(before: &heldBeforePlusSupplyAfter, after: &heldAfterPlusSupplyBefore)
        escrow.addBlockHoldings(before: &heldBeforePlusSupplyAfter, after: &heldAfterPlusSupplyBefore)
        derivatives.addBlockHoldings(before: &heldBeforePlusSupplyAfter, after: &heldAfterPlusSupplyBefore)
        // A side may name an asset with a zero sum that the other side never names (a new pool's
        // empty reserve, say): both are zero, so missing counts as zero.
        let symbols = Set(heldBeforePlusSupplyAfter.keys).union(heldAfterPlusSupplyBefore.keys).sorted()
        for symbol in symbols
        where heldBeforePlusSupplyAfter[symbol, default: 0] != heldAfterPlusSupplyBefore[symbol, default: 0] {
            throw InvariantViolation(description: "conservation of \(symbol) broken in block \(height)")
        }
    }

    /// Folds this block's changes into the application hash.
    ///
    /// The hash chains the previous application hash with every account, asset, pool, market
    /// and order the block wrote (in key order), the order sequence, and the block's results and
    /// end-of-block events, so it changes whenever state changes and equal hashes mean equal
    /// histories. An order's `priority` is in its record, so queue positions are covered too.
    mutating func commitBlockChanges(blockHash: Hash, resultsHash: Hash, endBlockEventsHash: Hash) {
        var writer = CanonicalWriter(capacity: 1024)
        writer.write(LedgerState.appHashDomain)
        writer.write(appHash)
        writer.write(height)
        writer.write(timeMilliseconds)
        writer.write(blockHash)
        let touchedAccounts = blockOriginals.accounts.keys.sorted()
        writer.write(UInt32(touchedAccounts.count))
        for id in touchedAccounts {
            writer.write(id)
            writer.write(accounts[id])
        }
        // Skips assets whose creation was rolled back: they were touched but did not change.
        let touchedAssets = blockOriginals.assets.keys.filter { assets[$0] != nil }.sorted()
        writer.write(UInt32(touchedAssets.count))
        for symbol in touchedAssets { writer.write(assets[symbol]!) }
        writer.write(feePool)
        let touchedPools = blockOriginals.tradingFeePools.keys.sorted()
        writer.write(UInt32(touchedPools.count))
        for symbol in touchedPools {
            writer.write(symbol)
            writer.write(tradingFeePools[symbol])
        }
        // Skips markets whose creation was rolled back.
        let touchedMarkets = blockOriginals.markets.filter { $0.index < markets.count }.sorted()
        writer.write(UInt32(touchedMarkets.count))
        for id in touchedMarkets {
            writer.write(markets[id.index].market)
            writer.write(markets[id.index].lastPriceTicks.map { UInt64($0) })
        }
        let touchedOrders = blockOriginals.orders.keys.sorted()
        writer.write(UInt32(touchedOrders.count))
        for key in touchedOrders {
            writer.write(key.market)
            writer.write(key.id)
            writer.write(key.market.index < markets.count ? markets[key.market.index].orders[key.id] : nil)
        }
        writer.write(nextOrderID)
        writer.write(nextPriority)
        amm.writeBlockChanges(to: &writer)
        escrow.writeBlockChanges(to: &writer)
        derivatives.writeBlockChanges(to: &writer)
        writer.write(resultsHash)
        writer.write(endBlockEventsHash)
        appHash = Hash.sha256(writer.bytes)
        lastBlockHash = blockHash
        resetBlockJournal()
    }

    static let appHashDomain = "bazaar/app/v1"
}

extension LedgerState: CanonicalEncodable {
    /// The snapshot encoding: parameters, chain position, then accounts and assets in key order.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(parameters)
        writer.write(height)
        writer.write(timeMilliseconds)
        writer.write(lastBlockHash)
        writer.write(appHash)
        writer.write(UInt32(accounts.count))
        for id in accounts.keys.sorted() {
            writer.write(id)
            writer.write(accounts[id]!)
        }
        writer.write(sortedAssets)
        writer.write(feePool)
        let pools = tradingFeePools.keys.sorted()
        writer.write(UInt32(pools.count))
        for symbol in pools {
            writer.write(symbol)
            writer.write(tradingFeePools[symbol]!)
        }
        writer.write(UInt32(markets.count))
        for book in markets { writer.write(book) }
        writer.write(nextOrderID)
        writer.write(nextPriority)
        writer.write(amm)
        writer.write(escrow)
        writer.write(derivatives)
    }
}

extension LedgerState: CanonicalDecodable {
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let parameters = try reader.read(ChainParameters.self)
        let height = try reader.read(UInt64.self)
        let time = try reader.read(UInt64.self)
        let lastBlockHash = try reader.read(Hash.self)
        let appHash = try reader.read(Hash.self)
        let accountCount = try reader.read(UInt32.self)
        guard Int(accountCount) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(accountCount)) }
        var accounts: [AccountID: Account] = [:]
        accounts.reserveCapacity(Int(accountCount))
        var previous: AccountID?
        for _ in 0..<accountCount {
            let id = try reader.read(AccountID.self)
            guard previous.map({ $0 < id }) ?? true else { throw reader.error(.invalidValue("accounts out of order")) }
            accounts[id] = try reader.read(Account.self)
            previous = id
        }
        let assetList = try reader.read([AssetInfo].self)
        var assets: [AssetSymbol: AssetInfo] = [:]
        for (index, asset) in assetList.enumerated() {
            guard index == 0 || assetList[index - 1].symbol < asset.symbol else {
                throw reader.error(.invalidValue("assets out of order"))
            }
            assets[asset.symbol] = asset
        }
        let feePool = try reader.read(Amount.self)
        let poolCount = try reader.read(UInt32.self)
        guard Int(poolCount) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(poolCount)) }
        var pools: [AssetSymbol: Amount] = [:]
        var previousPool: AssetSymbol?
        for _ in 0..<poolCount {
            let symbol = try reader.read(AssetSymbol.self)
            let amount = try reader.read(Amount.self)
            guard previousPool.map({ $0 < symbol }) ?? true, !amount.isZero else {
                throw reader.error(.invalidValue("fee pools out of order or zero"))
            }
            pools[symbol] = amount
            previousPool = symbol
        }
        let marketCount = try reader.read(UInt32.self)
        guard Int(marketCount) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(marketCount)) }
        var markets: [MarketBook] = []
        for index in 0..<marketCount {
            markets.append(try MarketBook.decode(from: &reader, expectedID: MarketID(index + 1)))
        }
        self.init(
            parameters: parameters, height: height, timeMilliseconds: time, lastBlockHash: lastBlockHash,
            appHash: appHash, accounts: accounts, assets: assets, feePool: feePool, tradingFeePools: pools,
            markets: markets, nextOrderID: try reader.read(UInt64.self), nextPriority: try reader.read(UInt64.self),
            amm: try reader.read(AMMState.self), escrow: try reader.read(EscrowState.self),
            derivatives: try reader.read(DerivativesState.self))
    }
}
