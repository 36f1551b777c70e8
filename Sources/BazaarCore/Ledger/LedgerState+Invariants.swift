/// A broken ledger invariant. Reaching one means a bug in the state machine.
public struct InvariantViolation: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension LedgerState {
    /// Checks conservation for every asset over the whole state: supply equals
    /// the sum of all balances plus the fee pool.
    ///
    /// - Complexity: O(accounts × assets held); run it in tests, simulators and at start-up.
    public func checkFullConservation() throws(InvariantViolation) {
        var held: [AssetSymbol: UInt128] = [:]
        for account in accounts.values {
            for (asset, amount) in account.balances {
                guard assets[asset] != nil else {
                    throw InvariantViolation(description: "a balance of unknown asset \(asset)")
                }
                guard !amount.isZero else { throw InvariantViolation(description: "a stored zero balance of \(asset)") }
                let (sum, overflow) = held[asset, default: 0].addingReportingOverflow(amount.baseUnits)
                guard !overflow else { throw InvariantViolation(description: "balances of \(asset) overflow") }
                held[asset] = sum
            }
        }
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
            for (asset, amount) in accounts[id]?.balances ?? [:] {
                heldAfterPlusSupplyBefore[asset, default: 0] &+= amount.baseUnits
            }
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
        let symbols = Set(heldBeforePlusSupplyAfter.keys).union(heldAfterPlusSupplyBefore.keys).sorted()
        for symbol in symbols where heldBeforePlusSupplyAfter[symbol] != heldAfterPlusSupplyBefore[symbol] {
            throw InvariantViolation(description: "conservation of \(symbol) broken in block \(height)")
        }
    }

    /// Folds this block's changes into the application hash.
    ///
    /// The hash chains the previous application hash with every account, asset
    /// and pool the block wrote (in key order) and the block's results, so it
    /// changes whenever state changes and equal hashes mean equal histories.
    mutating func commitBlockChanges(blockHash: Hash, resultsHash: Hash) {
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
        writer.write(resultsHash)
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
        self.init(
            parameters: parameters, height: height, timeMilliseconds: time, lastBlockHash: lastBlockHash,
            appHash: appHash, accounts: accounts, assets: assets, feePool: try reader.read(Amount.self))
    }
}
