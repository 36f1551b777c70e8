public import BazaarCore

// JSON shapes of the spot-market API. Prices are per whole base unit in whole quote units (e.g.
// USD per BTC) and sizes in whole base units, as decimal strings; `priceTicks` and `sizeLots`
// carry the state machine's exact integers beside them (lots as a string, since they reach 2^63).
// Order ids are decimal strings. Sides are `buy` and `sell`.

/// `GET /v1/markets`
public struct MarketsResponse: Codable, Sendable, Equatable {
    public var markets: [MarketJSON]

    public init(markets: [MarketJSON]) { self.markets = markets }
}

/// `GET /v1/markets/{market}`: a market's rules and the top of its book.
public struct MarketJSON: Codable, Sendable, Equatable {
    public var id: UInt32
    /// `BASE-QUOTE`, e.g. `BTC-USD`; accepted wherever a market is named, like the id.
    public var name: String
    public var base: String
    public var quote: String
    public var baseDecimals: UInt8
    public var quoteDecimals: UInt8
    /// `continuous` (orders match on arrival) or `batch_auction` (orders clear at the end of each block).
    public var mode: String
    /// The size increment in whole base units, e.g. `"0.0001"`.
    public var lotSize: String
    public var lotSizeBaseUnits: String
    /// The price increment per whole base unit in whole quote units, e.g. `"1"`.
    public var tickSize: String
    /// Quote base units per lot per tick, the unit of `priceTicks`.
    public var tickSizeBaseUnits: String
    public var minimumSize: String
    public var minimumSizeBaseUnits: String
    public var maximumPrice: String
    public var maximumPriceTicks: Int64
    /// Negative is a rebate.
    public var makerFeeBasisPoints: Int16
    public var takerFeeBasisPoints: Int16
    /// The price of the last trade or auction.
    public var lastPrice: String?
    public var lastPriceTicks: Int64?
    public var bestBid: String?
    public var bestAsk: String?
    /// Open orders: resting, and for a batch market also those waiting for the next auction.
    public var openOrders: Int

    public init(
        id: UInt32, name: String, base: String, quote: String, baseDecimals: UInt8, quoteDecimals: UInt8,
        mode: String, lotSize: String, lotSizeBaseUnits: String, tickSize: String, tickSizeBaseUnits: String,
        minimumSize: String, minimumSizeBaseUnits: String, maximumPrice: String, maximumPriceTicks: Int64,
        makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16, lastPrice: String? = nil, lastPriceTicks: Int64? = nil,
        bestBid: String? = nil, bestAsk: String? = nil, openOrders: Int = 0
    ) {
        self.id = id
        self.name = name
        self.base = base
        self.quote = quote
        self.baseDecimals = baseDecimals
        self.quoteDecimals = quoteDecimals
        self.mode = mode
        self.lotSize = lotSize
        self.lotSizeBaseUnits = lotSizeBaseUnits
        self.tickSize = tickSize
        self.tickSizeBaseUnits = tickSizeBaseUnits
        self.minimumSize = minimumSize
        self.minimumSizeBaseUnits = minimumSizeBaseUnits
        self.maximumPrice = maximumPrice
        self.maximumPriceTicks = maximumPriceTicks
        self.makerFeeBasisPoints = makerFeeBasisPoints
        self.takerFeeBasisPoints = takerFeeBasisPoints
        self.lastPrice = lastPrice
        self.lastPriceTicks = lastPriceTicks
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.openOrders = openOrders
    }
}

/// One price level of a book: every open order at one price on one side, aggregated.
public struct BookLevelJSON: Codable, Sendable, Equatable {
    public var price: String
    public var priceTicks: Int64
    /// The level's total unfilled size; `"0"` in a book update removes the level.
    public var size: String
    public var sizeLots: String
    /// How many orders make up the level.
    public var orders: Int

    public init(price: String, priceTicks: Int64, size: String, sizeLots: String, orders: Int) {
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.sizeLots = sizeLots
        self.orders = orders
    }
}

/// `GET /v1/markets/{market}/book?depth=N`: the book after block `height`, best levels first.
public struct BookResponse: Codable, Sendable, Equatable {
    /// Levels per side when a request names no depth.
    public static let depthDefault = 50
    /// The most levels per side a request may ask for.
    public static let depthMax = 1_000

    public var market: String
    public var marketId: UInt32
    public var height: UInt64
    /// Counts the committed blocks that changed this market's book since the node started; the
    /// stream's book updates carry the same number (see `StreamMessage`).
    public var sequence: UInt64
    /// Levels per side at most.
    public var depth: Int
    public var bids: [BookLevelJSON]
    public var asks: [BookLevelJSON]

    public init(
        market: String, marketId: UInt32, height: UInt64, sequence: UInt64, depth: Int, bids: [BookLevelJSON],
        asks: [BookLevelJSON]
    ) {
        self.market = market
        self.marketId = marketId
        self.height = height
        self.sequence = sequence
        self.depth = depth
        self.bids = bids
        self.asks = asks
    }
}

/// One print: a continuous trade between a resting (maker) and an incoming (taker) order, or a
/// batch auction's whole volume at its uniform price.
public struct TradeJSON: Codable, Sendable, Equatable {
    /// `<height>-<n>`: the n-th print of the block, counting from 0; the same on every node.
    public var id: String
    public var market: String
    public var height: UInt64
    public var timeMs: UInt64
    /// `trade` or `auction`.
    public var kind: String
    public var price: String
    public var priceTicks: Int64
    public var size: String
    public var sizeLots: String
    /// Price × size in whole quote units, fees excluded.
    public var notional: String
    /// The incoming order's side; absent for an auction, which has no taker.
    public var takerSide: String?
    public var makerOrderId: String?
    public var takerOrderId: String?
    public var maker: String?
    public var taker: String?

    public init(
        id: String, market: String, height: UInt64, timeMs: UInt64, kind: String, price: String, priceTicks: Int64,
        size: String, sizeLots: String, notional: String, takerSide: String? = nil, makerOrderId: String? = nil,
        takerOrderId: String? = nil, maker: String? = nil, taker: String? = nil
    ) {
        self.id = id
        self.market = market
        self.height = height
        self.timeMs = timeMs
        self.kind = kind
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.sizeLots = sizeLots
        self.notional = notional
        self.takerSide = takerSide
        self.makerOrderId = makerOrderId
        self.takerOrderId = takerOrderId
        self.maker = maker
        self.taker = taker
    }
}

/// `GET /v1/markets/{market}/trades?limit=N&before=CURSOR`: prints, newest first.
public struct TradesResponse: Codable, Sendable, Equatable {
    /// Prints when a request names no limit.
    public static let limitDefault = 100
    /// The most prints a request may ask for.
    public static let limitMax = 1_000

    public var market: String
    public var trades: [TradeJSON]
    /// The newest block stored when the page was read.
    public var height: UInt64?
    /// The cursor of the next (older) page, to pass as `before`; absent on the last page.
    public var next: String?

    public init(market: String, trades: [TradeJSON], height: UInt64? = nil, next: String? = nil) {
        self.market = market
        self.trades = trades
        self.height = height
        self.next = next
    }
}

/// An open order: resting on a continuous book, or waiting for its batch market's next auction.
public struct OrderJSON: Codable, Sendable, Equatable {
    public var id: String
    public var market: String
    public var marketId: UInt32
    public var owner: String
    public var side: String
    /// `limit`, `post_only`, or for a batch order waiting for the end of its block
    /// `immediate_or_cancel` (also a market order's remainder).
    public var type: String
    public var price: String
    public var priceTicks: Int64
    /// The unfilled size.
    public var size: String
    public var sizeLots: String
    /// What the order holds of `lockedAsset` (a buy: quote including the taker-fee reserve; a sell: base).
    public var locked: String
    public var lockedAsset: String
    public var clientOrderId: String?
    /// Block time at which the order expires.
    public var expiresAtMs: UInt64?
    /// The block that placed it or last changed its price.
    public var height: UInt64
    /// `cancel_resting`, `cancel_incoming` or `cancel_both`.
    public var selfTradePrevention: String

    public init(
        id: String, market: String, marketId: UInt32, owner: String, side: String, type: String, price: String,
        priceTicks: Int64, size: String, sizeLots: String, locked: String, lockedAsset: String,
        clientOrderId: String?, expiresAtMs: UInt64?, height: UInt64, selfTradePrevention: String
    ) {
        self.id = id
        self.market = market
        self.marketId = marketId
        self.owner = owner
        self.side = side
        self.type = type
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.sizeLots = sizeLots
        self.locked = locked
        self.lockedAsset = lockedAsset
        self.clientOrderId = clientOrderId
        self.expiresAtMs = expiresAtMs
        self.height = height
        self.selfTradePrevention = selfTradePrevention
    }
}

/// `GET /v1/accounts/{address}/orders[?market=M]`: the account's open orders by market and id.
public struct OrdersResponse: Codable, Sendable, Equatable {
    public var address: String
    public var orders: [OrderJSON]

    public init(address: String, orders: [OrderJSON]) {
        self.address = address
        self.orders = orders
    }
}

extension MarketJSON {
    /// The state machine's description of this market, or nil when a field does not parse.
    public var market: Market? {
        guard let base = AssetSymbol(validating: base), let quote = AssetSymbol(validating: quote),
            let lot = UInt128(lotSizeBaseUnits), lot > 0, let tick = UInt128(tickSizeBaseUnits), tick > 0,
            let minimum = UInt128(minimumSizeBaseUnits)
        else { return nil }
        return Market(
            id: MarketID(id), base: base, quote: quote, lotSize: Amount(baseUnits: lot),
            tickSize: Amount(baseUnits: tick),
            minimumSize: Amount(baseUnits: minimum), maximumPriceTicks: maximumPriceTicks,
            makerFeeBasisPoints: makerFeeBasisPoints, takerFeeBasisPoints: takerFeeBasisPoints,
            mode: mode == "batch_auction" ? .batchAuction : .continuous, isPerpetual: name.hasSuffix("-PERP"))
    }
}
