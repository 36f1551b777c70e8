/// One step of a transaction. A transaction's actions apply all or none.
public enum Action: Sendable, Hashable {
    /// Creates an asset issued by the sender. `maxSupply` caps every later mint; `nil` means uncapped.
    case createAsset(CreateAsset)
    /// Issues new units of an asset to an account; only the asset's issuer may mint.
    case mint(Mint)
    /// Destroys units from the sender's own balance, lowering the supply.
    case burn(Burn)
    /// Moves units from the sender to another account.
    case transfer(Transfer)
    /// Opens a spot market; only the chain's market authority may.
    case createMarket(CreateMarket)
    /// Places an order, locking what it may spend.
    case placeOrder(PlaceOrder)
    /// Cancels one of the sender's open orders, releasing its lock.
    case cancelOrder(CancelOrder)
    /// Cancels every open order of the sender in one market.
    case cancelAllOrders(CancelAllOrders)
    /// Changes the price or size of one of the sender's open orders.
    case amendOrder(AmendOrder)
    /// An action on AMM pools, or a route across pools and books (``AMMAction``).
    case amm(AMMAction)
    /// An action on HTLCs or peer-to-peer trade escrows (``EscrowAction``).
    case escrow(EscrowAction)
    /// An action on the oracle, margin, perpetuals or lending (``DerivativesAction``).
    case derivatives(DerivativesAction)

    public struct CreateAsset: Sendable, Hashable {
        public static let nameByteCountMax = 64
        public var symbol: AssetSymbol
        public var name: String
        public var decimals: UInt8
        public var maxSupply: Amount?

        public init(symbol: AssetSymbol, name: String, decimals: UInt8, maxSupply: Amount?) {
            self.symbol = symbol
            self.name = name
            self.decimals = decimals
            self.maxSupply = maxSupply
        }
    }

    public struct Mint: Sendable, Hashable {
        public var asset: AssetSymbol
        public var recipient: AccountID
        public var amount: Amount

        public init(asset: AssetSymbol, recipient: AccountID, amount: Amount) {
            self.asset = asset
            self.recipient = recipient
            self.amount = amount
        }
    }

    public struct Burn: Sendable, Hashable {
        public var asset: AssetSymbol
        public var amount: Amount

        public init(asset: AssetSymbol, amount: Amount) {
            self.asset = asset
            self.amount = amount
        }
    }

    public struct Transfer: Sendable, Hashable {
        public var recipient: AccountID
        public var asset: AssetSymbol
        public var amount: Amount

        public init(recipient: AccountID, asset: AssetSymbol, amount: Amount) {
            self.recipient = recipient
            self.asset = asset
            self.amount = amount
        }
    }
}

extension Action {
    /// Whether every node executes this action among a block's cancels, before new orders
    /// (see `Application.executionOrder`).
    public var isCancel: Bool {
        switch self {
        case .cancelOrder, .cancelAllOrders: true
        default: false
        }
    }

    /// The fields of a new market; see ``Market`` for the units.
    public struct CreateMarket: Sendable, Hashable {
        public var base: AssetSymbol
        public var quote: AssetSymbol
        public var lotSize: Amount
        public var tickSize: Amount
        public var minimumSize: Amount
        public var maximumPriceTicks: UInt64
        public var makerFeeBasisPoints: Int16
        public var takerFeeBasisPoints: Int16
        public var mode: Market.Mode

        public init(
            base: AssetSymbol, quote: AssetSymbol, lotSize: Amount, tickSize: Amount, minimumSize: Amount,
            maximumPriceTicks: UInt64, makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16, mode: Market.Mode
        ) {
            self.base = base
            self.quote = quote
            self.lotSize = lotSize
            self.tickSize = tickSize
            self.minimumSize = minimumSize
            self.maximumPriceTicks = maximumPriceTicks
            self.makerFeeBasisPoints = makerFeeBasisPoints
            self.takerFeeBasisPoints = takerFeeBasisPoints
            self.mode = mode
        }
    }

    /// A new order. `price` is what one lot costs in quote units (a multiple of the market's tick
    /// size); for a market order it is the worst price the order accepts. `size` is in base units
    /// (a multiple of the lot size).
    ///
    /// A `reduceOnly` order may only shrink its sender's position in a perpetual market: it must be
    /// immediate (immediate-or-cancel, fill-or-kill or market), on the side opposite the position,
    /// and its size is cut to the position's whole lots, so it can never open, grow or flip one.
    public struct PlaceOrder: Sendable, Hashable {
        public var market: MarketID
        public var side: MatchingEngine.Side
        public var type: OrderType
        public var price: Amount
        public var size: Amount
        public var clientOrderID: UInt64?
        /// Block time in milliseconds at which a resting remainder expires.
        public var expiresAtMilliseconds: UInt64?
        public var selfTradePrevention: SelfTradePrevention
        public var reduceOnly: Bool

        public init(
            market: MarketID, side: MatchingEngine.Side, type: OrderType, price: Amount, size: Amount,
            clientOrderID: UInt64? = nil, expiresAtMilliseconds: UInt64? = nil,
            selfTradePrevention: SelfTradePrevention = .cancelResting, reduceOnly: Bool = false
        ) {
            self.market = market
            self.side = side
            self.type = type
            self.price = price
            self.size = size
            self.clientOrderID = clientOrderID
            self.expiresAtMilliseconds = expiresAtMilliseconds
            self.selfTradePrevention = selfTradePrevention
            self.reduceOnly = reduceOnly
        }
    }

    public struct CancelOrder: Sendable, Hashable {
        public var market: MarketID
        public var order: OrderReference

        public init(market: MarketID, order: OrderReference) {
            self.market = market
            self.order = order
        }
    }

    public struct CancelAllOrders: Sendable, Hashable {
        public var market: MarketID

        public init(market: MarketID) { self.market = market }
    }

    /// A new price and/or a new unfilled size for an open order. A lower size at the same price
    /// keeps the order's time priority; a new price or a larger size loses it.
    public struct AmendOrder: Sendable, Hashable {
        public var market: MarketID
        public var order: OrderReference
        public var price: Amount?
        public var size: Amount?

        public init(market: MarketID, order: OrderReference, price: Amount? = nil, size: Amount? = nil) {
            self.market = market
            self.order = order
            self.price = price
            self.size = size
        }
    }
}

extension Action: CanonicalCodable {
    private enum Tag: UInt8 {
        case createAsset = 0
        case mint = 1
        case burn = 2
        case transfer = 3
        case createMarket = 4
        case placeOrder = 5
        case cancelOrder = 6
        case cancelAllOrders = 7
        case amendOrder = 8
        case amm = 9
        case escrow = 10
        case derivatives = 11
    }

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .createAsset(let action):
            writer.write(Tag.createAsset.rawValue)
            writer.write(action.symbol)
            writer.write(action.name)
            writer.write(action.decimals)
            writer.write(action.maxSupply)
        case .mint(let action):
            writer.write(Tag.mint.rawValue)
            writer.write(action.asset)
            writer.write(action.recipient)
            writer.write(action.amount)
        case .burn(let action):
            writer.write(Tag.burn.rawValue)
            writer.write(action.asset)
            writer.write(action.amount)
        case .transfer(let action):
            writer.write(Tag.transfer.rawValue)
            writer.write(action.recipient)
            writer.write(action.asset)
            writer.write(action.amount)
        case .createMarket(let action):
            writer.write(Tag.createMarket.rawValue)
            writer.write(action)
        case .placeOrder(let action):
            writer.write(Tag.placeOrder.rawValue)
            writer.write(action)
        case .cancelOrder(let action):
            writer.write(Tag.cancelOrder.rawValue)
            writer.write(action.market)
            writer.write(action.order)
        case .cancelAllOrders(let action):
            writer.write(Tag.cancelAllOrders.rawValue)
            writer.write(action.market)
        case .amendOrder(let action):
            writer.write(Tag.amendOrder.rawValue)
            writer.write(action.market)
            writer.write(action.order)
            writer.write(action.price)
            writer.write(action.size)
        case .amm(let action):
            writer.write(Tag.amm.rawValue)
            writer.write(action)
        case .escrow(let action):
            writer.write(Tag.escrow.rawValue)
            writer.write(action)
        case .derivatives(let action):
            writer.write(Tag.derivatives.rawValue)
            writer.write(action)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let rawTag = try reader.read(UInt8.self)
        guard let tag = Tag(rawValue: rawTag) else {
            throw DecodingError(reason: .unknownTag(rawTag), offset: reader.offset - 1)
        }
        switch tag {
        case .createAsset:
            self = .createAsset(
                CreateAsset(
                    symbol: try reader.read(AssetSymbol.self),
                    name: try reader.read(String.self, maxByteCount: CreateAsset.nameByteCountMax),
                    decimals: try reader.read(UInt8.self),
                    maxSupply: try reader.read(Amount?.self)
                )
            )
        case .mint:
            self = .mint(
                Mint(
                    asset: try reader.read(AssetSymbol.self),
                    recipient: try reader.read(AccountID.self),
                    amount: try reader.read(Amount.self)
                )
            )
        case .burn:
            self = .burn(Burn(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self)))
        case .transfer:
            self = .transfer(
                Transfer(
                    recipient: try reader.read(AccountID.self),
                    asset: try reader.read(AssetSymbol.self),
                    amount: try reader.read(Amount.self)
                )
            )
        case .createMarket:
            self = .createMarket(try reader.read(CreateMarket.self))
        case .placeOrder:
            self = .placeOrder(try reader.read(PlaceOrder.self))
        case .cancelOrder:
            self = .cancelOrder(
                CancelOrder(market: try reader.read(MarketID.self), order: try reader.read(OrderReference.self)))
        case .cancelAllOrders:
            self = .cancelAllOrders(CancelAllOrders(market: try reader.read(MarketID.self)))
        case .amendOrder:
            self = .amendOrder(
                AmendOrder(
                    market: try reader.read(MarketID.self), order: try reader.read(OrderReference.self),
                    price: try reader.read(Amount?.self), size: try reader.read(Amount?.self)))
        case .amm:
            self = .amm(try reader.read(AMMAction.self))
        case .escrow:
            self = .escrow(try reader.read(EscrowAction.self))
        case .derivatives:
            self = .derivatives(try reader.read(DerivativesAction.self))
        }
    }
}

extension Action.CreateMarket: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(base)
        writer.write(quote)
        writer.write(lotSize)
        writer.write(tickSize)
        writer.write(minimumSize)
        writer.write(maximumPriceTicks)
        writer.write(UInt16(bitPattern: makerFeeBasisPoints))
        writer.write(UInt16(bitPattern: takerFeeBasisPoints))
        writer.write(mode.rawValue)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        base = try reader.read(AssetSymbol.self)
        quote = try reader.read(AssetSymbol.self)
        lotSize = try reader.read(Amount.self)
        tickSize = try reader.read(Amount.self)
        minimumSize = try reader.read(Amount.self)
        maximumPriceTicks = try reader.read(UInt64.self)
        makerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        takerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        mode = try reader.readTag(Market.Mode.self)
    }
}

extension Action.PlaceOrder: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(market)
        writer.write(side.rawValue)
        writer.write(type.rawValue)
        writer.write(price)
        writer.write(size)
        writer.write(clientOrderID)
        writer.write(expiresAtMilliseconds)
        writer.write(selfTradePrevention.rawValue)
        writer.write(reduceOnly)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        market = try reader.read(MarketID.self)
        side = try reader.readTag(MatchingEngine.Side.self)
        type = try reader.readTag(OrderType.self)
        price = try reader.read(Amount.self)
        size = try reader.read(Amount.self)
        clientOrderID = try reader.read(UInt64?.self)
        expiresAtMilliseconds = try reader.read(UInt64?.self)
        selfTradePrevention = try reader.readTag(SelfTradePrevention.self)
        reduceOnly = try reader.read(Bool.self)
    }
}
