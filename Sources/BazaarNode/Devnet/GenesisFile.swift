public import BazaarCore
public import Foundation

/// `genesis.json`: the genesis in JSON for operators, with amounts in base units as strings.
public struct GenesisFile: Codable, Sendable, Equatable {
    public struct Asset: Codable, Sendable, Equatable {
        public var symbol: String
        public var name: String
        public var decimals: UInt8
        public var issuer: String
        public var maxSupply: String?
    }

    public struct Balance: Codable, Sendable, Equatable {
        public var address: String
        public var asset: String
        public var amount: String
    }

    /// A genesis market; amounts in base units as strings (see `Market` for the units).
    public struct Market: Codable, Sendable, Equatable {
        public var base: String
        public var quote: String
        /// Base units of the base asset per lot.
        public var lotSize: String
        /// Quote units per lot per tick.
        public var tickSize: String
        /// Base units, a whole number of lots.
        public var minimumSize: String
        public var maximumPriceTicks: UInt64
        public var makerFeeBasisPoints: Int16
        public var takerFeeBasisPoints: Int16
        /// `continuous` or `batch_auction`.
        public var mode: String
    }

    /// An order resting at genesis; `price` in quote units per lot and `size` in base units, as strings.
    public struct Order: Codable, Sendable, Equatable {
        public var owner: String
        /// The market's number: genesis markets are numbered from 1 in the order listed.
        public var market: UInt32
        /// `buy` or `sell`.
        public var side: String
        /// `limit` or `post_only`.
        public var type: String
        public var price: String
        public var size: String
        public var clientOrderId: UInt64?
        public var expiresAtMs: UInt64?
    }

    /// An action run at genesis (`Genesis.Step`): the sender's address and the action's canonical
    /// encoding in hex (docs/ENCODING.md). `bazaar devnet` and `bazaar testnet` write these.
    public struct SetupStep: Codable, Sendable, Equatable {
        public var sender: String
        public var action: String
    }

    public var chainId: String
    public var genesisTimeMs: UInt64
    public var feeAsset: String
    public var minimumFee: String
    public var assets: [Asset]
    public var balances: [Balance]
    public var validators: [String]
    /// The account that may create markets; absent: none.
    public var marketAuthority: String?
    /// The most open orders per account; absent: the default (1,000).
    public var openOrderCountMax: UInt32?
    /// Absent or empty: no markets at genesis.
    public var markets: [Market]?
    public var orders: [Order]?
    /// Absent or empty: no setup actions.
    public var setup: [SetupStep]?

    static let modeNames: [(BazaarCore.Market.Mode, String)] = [
        (.continuous, "continuous"), (.batchAuction, "batch_auction"),
    ]
    static let sideNames: [(MatchingEngine.Side, String)] = [(.bid, "buy"), (.ask, "sell")]
    static let typeNames: [(OrderType, String)] = [
        (.limit, "limit"), (.immediateOrCancel, "immediate_or_cancel"), (.fillOrKill, "fill_or_kill"),
        (.postOnly, "post_only"), (.market, "market"),
    ]

    public init(_ genesis: Genesis) {
        chainId = genesis.parameters.chainID
        genesisTimeMs = genesis.timeMilliseconds
        feeAsset = genesis.parameters.feeAsset.text
        minimumFee = genesis.parameters.minimumFee.description
        assets = genesis.assets.map {
            Asset(
                symbol: $0.symbol.text, name: $0.name, decimals: $0.decimals, issuer: $0.issuer.address,
                maxSupply: $0.maxSupply?.description)
        }
        balances = genesis.balances.map {
            Balance(address: $0.account.address, asset: $0.asset.text, amount: $0.amount.description)
        }
        validators = genesis.validators.map(\.hex)
        marketAuthority = genesis.parameters.marketAuthority?.address
        openOrderCountMax = genesis.parameters.openOrderCountMax
        markets = genesis.markets.map { market in
            Market(
                base: market.base.text, quote: market.quote.text, lotSize: market.lotSize.description,
                tickSize: market.tickSize.description, minimumSize: market.minimumSize.description,
                maximumPriceTicks: market.maximumPriceTicks, makerFeeBasisPoints: market.makerFeeBasisPoints,
                takerFeeBasisPoints: market.takerFeeBasisPoints,
                mode: Self.modeNames.first { $0.0 == market.mode }!.1)
        }
        orders = genesis.orders.map { open in
            Order(
                owner: open.owner.address, market: open.order.market.rawValue,
                side: Self.sideNames.first { $0.0 == open.order.side }!.1,
                type: Self.typeNames.first { $0.0 == open.order.type }!.1, price: open.order.price.description,
                size: open.order.size.description, clientOrderId: open.order.clientOrderID,
                expiresAtMs: open.order.expiresAtMilliseconds)
        }
        setup =
            genesis.setup.isEmpty
            ? nil
            : genesis.setup.map { SetupStep(sender: $0.sender.address, action: $0.action.canonicalBytes.hexString) }
    }

    /// The genesis this file describes.
    ///
    /// - Throws: `NodeError.configuration` naming the first invalid field.
    public func genesis() throws -> Genesis {
        func symbol(_ text: String) throws -> AssetSymbol {
            guard let symbol = AssetSymbol(validating: text) else {
                throw NodeError(.configuration, "genesis: '\(text)' is not an asset symbol")
            }
            return symbol
        }
        func account(_ address: String) throws -> AccountID {
            guard let id = AccountID(address: address) else {
                throw NodeError(.configuration, "genesis: '\(address)' is not a bz1 address")
            }
            return id
        }
        func amount(_ text: String) throws -> Amount {
            guard let units = UInt128(text) else {
                throw NodeError(.configuration, "genesis: '\(text)' is not an amount in base units")
            }
            return Amount(baseUnits: units)
        }
        func name<Value>(_ text: String, in names: [(Value, String)], field: String) throws -> Value {
            guard let value = names.first(where: { $0.1 == text })?.0 else {
                throw NodeError(
                    .configuration, "genesis: '\(text)' is not a \(field) (\(names.map(\.1).joined(separator: ", ")))")
            }
            return value
        }
        var parameters = ChainParameters(
            chainID: chainId, feeAsset: try symbol(feeAsset), minimumFee: try amount(minimumFee),
            marketAuthority: try marketAuthority.map(account))
        if let openOrderCountMax { parameters.openOrderCountMax = openOrderCountMax }
        return Genesis(
            parameters: parameters,
            timeMilliseconds: genesisTimeMs,
            assets: try assets.map {
                Genesis.Asset(
                    symbol: try symbol($0.symbol), name: $0.name, decimals: $0.decimals, issuer: try account($0.issuer),
                    maxSupply: try $0.maxSupply.map(amount))
            },
            balances: try balances.map {
                Genesis.Balance(
                    account: try account($0.address), asset: try symbol($0.asset), amount: try amount($0.amount))
            },
            validators: try validators.map(Self.validatorKey),
            markets: try (markets ?? []).map { market in
                Action.CreateMarket(
                    base: try symbol(market.base), quote: try symbol(market.quote), lotSize: try amount(market.lotSize),
                    tickSize: try amount(market.tickSize), minimumSize: try amount(market.minimumSize),
                    maximumPriceTicks: market.maximumPriceTicks, makerFeeBasisPoints: market.makerFeeBasisPoints,
                    takerFeeBasisPoints: market.takerFeeBasisPoints,
                    mode: try name(market.mode, in: Self.modeNames, field: "market mode"))
            },
            orders: try (orders ?? []).map { order in
                Genesis.OpenOrder(
                    owner: try account(order.owner),
                    order: Action.PlaceOrder(
                        market: MarketID(order.market), side: try name(order.side, in: Self.sideNames, field: "side"),
                        type: try name(order.type, in: Self.typeNames, field: "order type"),
                        price: try amount(order.price),
                        size: try amount(order.size), clientOrderID: order.clientOrderId,
                        expiresAtMilliseconds: order.expiresAtMs))
            },
            setup: try (setup ?? []).enumerated().map { index, step in
                guard let bytes = [UInt8](hex: step.action), let action = try? Action(canonicalBytes: bytes) else {
                    throw NodeError(.configuration, "genesis: setup step \(index) is not an action's encoding in hex")
                }
                return Genesis.Step(sender: try account(step.sender), action: action)
            })
    }

    /// A validator's key from its hex, refusing a small-order or non-canonical one: under such a
    /// key anyone could sign votes in the validator's name.
    static func validatorKey(_ hex: String) throws -> PublicKey {
        guard let bytes = [UInt8](hex: hex), bytes.count == PublicKey.byteCount else {
            throw NodeError(.configuration, "genesis: '\(hex)' is not an Ed25519 public key in hex")
        }
        if let weakness = PublicKey.weakness(of: bytes) {
            throw NodeError(.configuration, "genesis: validator key '\(hex)' is \(weakness)")
        }
        return PublicKey(validating: bytes)!
    }

    public static func load(from url: URL) throws -> GenesisFile {
        do {
            return try JSONDecoder().decode(GenesisFile.self, from: Data(contentsOf: url))
        } catch {
            throw NodeError(.configuration, "cannot read genesis at \(url.path): \(error)")
        }
    }

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
