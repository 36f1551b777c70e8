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

    /// An order resting from genesis (demo liquidity): placed by `owner` after every market
    /// exists, locking its funds from `owner`'s genesis balances.
    public struct OpenOrder: Sendable, Hashable {
        public var owner: AccountID
        public var order: Action.PlaceOrder

        public init(owner: AccountID, order: Action.PlaceOrder) {
            self.owner = owner
            self.order = order
        }
    }

    /// An action executed at genesis as `sender`, after the markets and orders: pools with
    /// liquidity, registered reporters and mediators, lending pools. Each must succeed.
    public struct Step: Sendable, Hashable {
        public var sender: AccountID
        public var action: Action

        public init(sender: AccountID, action: Action) {
            self.sender = sender
            self.action = action
        }
    }

    public var parameters: ChainParameters
    public var timeMilliseconds: UInt64
    public var assets: [Asset]
    /// Initial holdings; each asset's supply starts as the sum of its balances.
    public var balances: [Balance]
    public var validators: [PublicKey]
    /// Markets created at genesis by `parameters.marketAuthority`, numbered from 1 in this order.
    public var markets: [Action.CreateMarket]
    /// Orders resting at genesis: limit or post-only; each must rest without trading or cancelling another.
    public var orders: [OpenOrder]
    /// Actions executed in this order after `orders`.
    public var setup: [Step]

    public init(
        parameters: ChainParameters, timeMilliseconds: UInt64, assets: [Asset], balances: [Balance],
        validators: [PublicKey], markets: [Action.CreateMarket] = [], orders: [OpenOrder] = [], setup: [Step] = []
    ) {
        self.parameters = parameters
        self.timeMilliseconds = timeMilliseconds
        self.assets = assets
        self.balances = balances
        self.validators = validators
        self.markets = markets
        self.orders = orders
        self.setup = setup
    }

    /// The application hash at height 0.
    public var hash: Hash { Hash.sha256(Array(Genesis.domain.utf8) + canonicalBytes) }

    static let domain = "bazaar/genesis/v1"

    /// The state at height 0.
    ///
    /// - Throws: `GenesisError` for duplicate assets, unknown assets in balances,
    ///   a missing fee asset, a supply above its cap, no validators, or a market or order the
    ///   corresponding action would refuse (markets need a market authority; orders must be
    ///   limit or post-only and must not trade).
    public func makeState() throws(GenesisError) -> LedgerState {
        guard !validators.isEmpty else { throw GenesisError("genesis names no validators") }
        try checkNoAccountOfWeakKey()
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
        var state = LedgerState(
            parameters: parameters, height: 0, timeMilliseconds: timeMilliseconds, lastBlockHash: .zero,
            appHash: hash, accounts: accounts, assets: assetTable, feePool: .zero)
        try addMarketsAndOrders(to: &state)
        for (index, step) in setup.enumerated() {
            do {
                _ = try state.apply(step.action, sender: step.sender)
            } catch {
                throw GenesisError("genesis setup step \(index): \(error.code)")
            }
        }
        state.resetBlockJournal()
        return state
    }

    /// Creates the genesis markets and places the genesis orders through the actions' own code.
    private func addMarketsAndOrders(to state: inout LedgerState) throws(GenesisError) {
        if !markets.isEmpty {
            guard let authority = parameters.marketAuthority else {
                throw GenesisError("genesis markets need a market authority")
            }
            for (index, market) in markets.enumerated() {
                do {
                    _ = try state.applyCreateMarket(market, sender: authority)
                } catch {
                    throw GenesisError("genesis market \(index + 1) (\(market.base)-\(market.quote)): \(error.code)")
                }
            }
        }
        for (index, order) in orders.enumerated() {
            guard order.order.type == .limit || order.order.type == .postOnly else {
                throw GenesisError("genesis order \(index) must be a limit or post-only order")
            }
            let events: [Event]
            do {
                events = try state.applyPlaceOrder(order.order, sender: order.owner)
            } catch {
                throw GenesisError("genesis order \(index): \(error.code)")
            }
            // Anything but the placement itself (a trade, a self-trade cancel) means it did not simply rest.
            guard events.count == 1 else { throw GenesisError("genesis order \(index) would trade") }
        }
        // Batch orders do not match on arrival; they must not cross either, since auctions clear
        // only markets that receive new orders.
        for book in state.markets where !book.isContinuous {
            let bids = book.orders.values.filter { $0.side == .bid }.map(\.priceTicks)
            let asks = book.orders.values.filter { $0.side == .ask }.map(\.priceTicks)
            if let bid = bids.max(), let ask = asks.min(), bid >= ask {
                throw GenesisError("genesis orders of market \(book.market.name) cross")
            }
        }
    }
}

/// Why a genesis cannot start a chain.
extension Genesis {
    /// Refuses an account that belongs to a weak key (a small-order point or a non-canonical
    /// encoding, `PublicKey.weakness(of:)`): the chain refuses every transaction from such a key,
    /// so a genesis naming one is a mistake, or a trap for whoever sends funds there.
    func checkNoAccountOfWeakKey() throws(GenesisError) {
        let accounts =
            balances.map(\.account) + assets.map(\.issuer) + orders.map(\.owner) + setup.map(\.sender)
            + (parameters.marketAuthority.map { [$0] } ?? [])
        if let weak = accounts.first(where: \.isAccountOfWeakKey) {
            throw GenesisError(
                "account \(weak.address) belongs to a small-order or non-canonical key, which anyone can sign for")
        }
    }
}

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

extension Genesis.OpenOrder: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(owner)
        writer.write(order)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        owner = try reader.read(AccountID.self)
        order = try reader.read(Action.PlaceOrder.self)
    }
}

extension Genesis.Step: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(sender)
        writer.write(action)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        sender = try reader.read(AccountID.self)
        action = try reader.read(Action.self)
    }
}

extension Genesis: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(parameters)
        writer.write(timeMilliseconds)
        writer.write(assets)
        writer.write(balances)
        writer.write(validators)
        writer.write(markets)
        writer.write(orders)
        writer.write(setup)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        parameters = try reader.read(ChainParameters.self)
        timeMilliseconds = try reader.read(UInt64.self)
        assets = try reader.read([Asset].self)
        balances = try reader.read([Balance].self)
        validators = try reader.read([PublicKey].self)
        markets = try reader.read([Action.CreateMarket].self)
        orders = try reader.read([OpenOrder].self)
        setup = try reader.read([Step].self)
    }
}
