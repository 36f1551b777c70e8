/// The agreed starting point of a chain: parameters, assets, balances and validators.
public struct Genesis: Sendable, Hashable {
    public struct Asset: Sendable, Hashable {
        public var symbol: AssetSymbol
        public var name: String
        public var decimals: UInt8
        public var issuer: AccountID
        public var maxSupply: Amount?

        public init(symbol: AssetSymbol, name: String, decimals: UInt8, issuer: AccountID, maxSupply: Amount?) {
            self.symbol = symbol
            self.name = name
            self.decimals = decimals
            self.issuer = issuer
            self.maxSupply = maxSupply
        }
    }

    public struct Balance: Sendable, Hashable {
        public var account: AccountID
        public var asset: AssetSymbol
        public var amount: Amount

        public init(account: AccountID, asset: AssetSymbol, amount: Amount) {
            self.account = account
            self.asset = asset
            self.amount = amount
        }
    }

    public var parameters: ChainParameters
    public var timeMilliseconds: UInt64
    public var assets: [Asset]
    /// Initial holdings; each asset's supply starts as the sum of its balances.
    public var balances: [Balance]
    public var validators: [PublicKey]

    public init(
        parameters: ChainParameters, timeMilliseconds: UInt64, assets: [Asset], balances: [Balance],
        validators: [PublicKey]
    ) {
        self.parameters = parameters
        self.timeMilliseconds = timeMilliseconds
        self.assets = assets
        self.balances = balances
        self.validators = validators
    }

    /// The application hash at height 0.
    public var hash: Hash { Hash.sha256(Array(Genesis.domain.utf8) + canonicalBytes) }

    static let domain = "bazaar/genesis/v1"

    /// The state at height 0.
    ///
    /// - Throws: `GenesisError` for duplicate assets, unknown assets in balances,
    ///   a missing fee asset, a supply above its cap or no validators.
    public func makeState() throws(GenesisError) -> LedgerState {
        guard !validators.isEmpty else { throw GenesisError("genesis names no validators") }
        guard !parameters.chainID.isEmpty, parameters.chainID.utf8.count <= Transaction.chainIDByteCountMax else {
            throw GenesisError("chain id must be 1 to \(Transaction.chainIDByteCountMax) bytes")
        }
        var assetTable: [AssetSymbol: AssetInfo] = [:]
        for asset in assets {
            guard assetTable[asset.symbol] == nil else { throw GenesisError("asset \(asset.symbol) is listed twice") }
            guard asset.decimals <= Amount.decimalsMax else {
                throw GenesisError("asset \(asset.symbol) has too many decimals")
            }
            guard !asset.name.isEmpty, asset.name.utf8.count <= Action.CreateAsset.nameByteCountMax else {
                throw GenesisError(
                    "asset \(asset.symbol) needs a name of 1 to \(Action.CreateAsset.nameByteCountMax) bytes")
            }
            assetTable[asset.symbol] = AssetInfo(
                symbol: asset.symbol, name: asset.name, decimals: asset.decimals, issuer: asset.issuer,
                maxSupply: asset.maxSupply, supply: .zero)
        }
        guard assetTable[parameters.feeAsset] != nil else {
            throw GenesisError("fee asset \(parameters.feeAsset) is not among the genesis assets")
        }
        var accounts: [AccountID: Account] = [:]
        for balance in balances {
            guard var asset = assetTable[balance.asset] else {
                throw GenesisError("balance of unknown asset \(balance.asset)")
            }
            guard !balance.amount.isZero else { throw GenesisError("zero genesis balance of \(balance.asset)") }
            guard let supply = asset.supply.adding(balance.amount), asset.maxSupply.map({ supply <= $0 }) ?? true else {
                throw GenesisError("genesis balances of \(balance.asset) exceed its supply cap")
            }
            asset.supply = supply
            assetTable[balance.asset] = asset
            var account = accounts[balance.account] ?? Account()
            account.balances[balance.asset] = account.balance(of: balance.asset).adding(balance.amount)!
            accounts[balance.account] = account
        }
        return LedgerState(
            parameters: parameters, height: 0, timeMilliseconds: timeMilliseconds, lastBlockHash: .zero,
            appHash: hash, accounts: accounts, assets: assetTable, feePool: .zero)
    }
}

/// Why a genesis cannot start a chain.
public struct GenesisError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Genesis.Asset: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(symbol)
        writer.write(name)
        writer.write(decimals)
        writer.write(issuer)
        writer.write(maxSupply)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        symbol = try reader.read(AssetSymbol.self)
        name = try reader.read(String.self, maxByteCount: Action.CreateAsset.nameByteCountMax)
        decimals = try reader.read(UInt8.self)
        issuer = try reader.read(AccountID.self)
        maxSupply = try reader.read(Amount?.self)
    }
}

extension Genesis.Balance: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(account)
        writer.write(asset)
        writer.write(amount)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        account = try reader.read(AccountID.self)
        asset = try reader.read(AssetSymbol.self)
        amount = try reader.read(Amount.self)
    }
}

extension Genesis: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(parameters)
        writer.write(timeMilliseconds)
        writer.write(assets)
        writer.write(balances)
        writer.write(validators)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        parameters = try reader.read(ChainParameters.self)
        timeMilliseconds = try reader.read(UInt64.self)
        assets = try reader.read([Asset].self)
        balances = try reader.read([Balance].self)
        validators = try reader.read([PublicKey].self)
    }
}
