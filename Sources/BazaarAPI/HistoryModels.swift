/// One candle: a market's trading over one interval, prices and volumes as decimal strings in the
/// market's units (as `TradeJSON`).
public struct CandleJSON: Codable, Sendable, Equatable {
    /// The interval's first millisecond, UTC, a multiple of the resolution.
    public var startMs: UInt64
    public var open: String
    public var high: String
    public var low: String
    public var close: String
    /// Σ size, in whole base units.
    public var baseVolume: String
    /// Σ price × size, in whole quote units, fees excluded.
    public var quoteVolume: String
    /// The number of prints (an auction counts once).
    public var trades: UInt64
    /// Whether the interval is over as of the newest block: no later block can change the candle.
    public var closed: Bool

    public init(
        startMs: UInt64, open: String, high: String, low: String, close: String, baseVolume: String,
        quoteVolume: String, trades: UInt64, closed: Bool
    ) {
        self.startMs = startMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.baseVolume = baseVolume
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.closed = closed
    }
}

/// `GET /v1/markets/{market}/candles?resolution=R&from=&to=&limit=N&before=CURSOR`: candles,
/// newest first. Intervals without a print have no candle.
public struct CandlesResponse: Codable, Sendable, Equatable {
    /// Candles when a request names no limit.
    public static let limitDefault = 500
    /// The most candles a request may ask for.
    public static let limitMax = 1_500

    public var market: String
    /// `1m`, `5m`, `15m`, `1h`, `4h` or `1d`.
    public var resolution: String
    /// The newest block stored when the page was read.
    public var height: UInt64
    public var candles: [CandleJSON]
    /// The cursor of the next (older) page, to pass as `before`; absent on the last page.
    public var next: String?

    public init(market: String, resolution: String, height: UInt64, candles: [CandleJSON], next: String? = nil) {
        self.market = market
        self.resolution = resolution
        self.height = height
        self.candles = candles
        self.next = next
    }
}

/// One side of one fill of an account, amounts as decimal strings in the market's units.
public struct FillJSON: Codable, Sendable, Equatable {
    /// `<height>-<position>-<b|s>`: the fill's place in its block and the account's side.
    public var id: String
    public var market: String
    public var height: UInt64
    public var timeMs: UInt64
    /// `trade`, `auction`, `liquidation` (the taker was the liquidation engine) or `route`.
    public var kind: String
    /// `maker`, `taker` or `auction`.
    public var liquidity: String
    /// `buy` or `sell`: the account's side.
    public var side: String
    public var price: String
    public var priceTicks: Int64
    public var size: String
    public var sizeLots: String
    public var notional: String
    /// The fee paid in `feeAsset`; negative is a rebate received.
    public var fee: String
    public var feeAsset: String
    public var orderId: String
    public var counterparty: String?
    public var counterpartyOrderId: String?

    public init(
        id: String, market: String, height: UInt64, timeMs: UInt64, kind: String, liquidity: String, side: String,
        price: String, priceTicks: Int64, size: String, sizeLots: String, notional: String, fee: String,
        feeAsset: String, orderId: String, counterparty: String?, counterpartyOrderId: String?
    ) {
        self.id = id
        self.market = market
        self.height = height
        self.timeMs = timeMs
        self.kind = kind
        self.liquidity = liquidity
        self.side = side
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.sizeLots = sizeLots
        self.notional = notional
        self.fee = fee
        self.feeAsset = feeAsset
        self.orderId = orderId
        self.counterparty = counterparty
        self.counterpartyOrderId = counterpartyOrderId
    }
}

/// `GET /v1/accounts/{address}/fills?market=&limit=N&before=CURSOR`: fills, newest first.
public struct FillsResponse: Codable, Sendable, Equatable {
    /// Rows when a request names no limit.
    public static let limitDefault = 100
    /// The most rows a request of account history may ask for.
    public static let limitMax = 1_000

    public var address: String
    /// The history height the page was read at.
    public var height: UInt64
    public var fills: [FillJSON]
    /// The cursor of the next (older) page, to pass as `before`; absent on the last page.
    public var next: String?

    public init(address: String, height: UInt64, fills: [FillJSON], next: String? = nil) {
        self.address = address
        self.height = height
        self.fills = fills
        self.next = next
    }
}

/// One order of an account over its whole life.
public struct OrderHistoryJSON: Codable, Sendable, Equatable {
    public var id: String
    public var clientOrderId: String?
    public var market: String
    public var side: String
    /// `limit`, `post_only`, `ioc`, `fok` or `market`, as placed.
    public var type: String
    /// `order` (a transaction), `route` (a route's book leg) or `liquidation`.
    public var origin: String
    /// The price it rests (or rested) at.
    public var price: String
    public var priceTicks: Int64
    /// The size as placed.
    public var size: String
    public var filledSize: String
    public var remainingSize: String
    /// Σ price × size / Σ size of its fills; absent before a fill.
    public var averagePrice: String?
    /// Σ fees of its fills, in the market's quote asset; negative is a net rebate.
    public var fee: String
    /// `open`, `partially_filled`, `filled`, `cancelled` or `expired`.
    public var status: String
    /// Why a cancelled order left the book: `requested`, `unfilled`, `self_trade` or `liquidation`.
    public var reason: String?
    public var expiresAtMs: UInt64?
    public var placedHeight: UInt64
    public var placedTimeMs: UInt64
    public var updatedHeight: UInt64
    public var updatedTimeMs: UInt64

    public init(
        id: String, clientOrderId: String?, market: String, side: String, type: String, origin: String,
        price: String, priceTicks: Int64, size: String, filledSize: String, remainingSize: String,
        averagePrice: String?, fee: String, status: String, reason: String?, expiresAtMs: UInt64?,
        placedHeight: UInt64, placedTimeMs: UInt64, updatedHeight: UInt64, updatedTimeMs: UInt64
    ) {
        self.id = id
        self.clientOrderId = clientOrderId
        self.market = market
        self.side = side
        self.type = type
        self.origin = origin
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.filledSize = filledSize
        self.remainingSize = remainingSize
        self.averagePrice = averagePrice
        self.fee = fee
        self.status = status
        self.reason = reason
        self.expiresAtMs = expiresAtMs
        self.placedHeight = placedHeight
        self.placedTimeMs = placedTimeMs
        self.updatedHeight = updatedHeight
        self.updatedTimeMs = updatedTimeMs
    }
}

/// `GET /v1/accounts/{address}/orders/history?market=&limit=N&before=CURSOR`: orders, newest placed first.
public struct OrderHistoryResponse: Codable, Sendable, Equatable {
    public var address: String
    public var height: UInt64
    public var orders: [OrderHistoryJSON]
    public var next: String?

    public init(address: String, height: UInt64, orders: [OrderHistoryJSON], next: String? = nil) {
        self.address = address
        self.height = height
        self.orders = orders
        self.next = next
    }
}

/// One funding payment of an account in one perpetual.
public struct FundingPaymentJSON: Codable, Sendable, Equatable {
    public var market: String
    public var height: UInt64
    public var timeMs: UInt64
    /// The position in whole base units (long positive) when it paid.
    public var positionSize: String
    /// Received in `asset` (negative: paid).
    public var amount: String
    public var asset: String
    /// The block's funding rate per 8 hours as a fraction, e.g. `"0.0001"`.
    public var rate: String

    public init(
        market: String, height: UInt64, timeMs: UInt64, positionSize: String, amount: String, asset: String,
        rate: String
    ) {
        self.market = market
        self.height = height
        self.timeMs = timeMs
        self.positionSize = positionSize
        self.amount = amount
        self.asset = asset
        self.rate = rate
    }
}

/// `GET /v1/accounts/{address}/funding?market=&limit=N&before=CURSOR`: funding payments, newest first.
public struct FundingPaymentsResponse: Codable, Sendable, Equatable {
    public var address: String
    public var height: UInt64
    public var payments: [FundingPaymentJSON]
    public var next: String?

    public init(address: String, height: UInt64, payments: [FundingPaymentJSON], next: String? = nil) {
        self.address = address
        self.height = height
        self.payments = payments
        self.next = next
    }
}

/// One net change of an account's balance of one asset in one bucket over one step of a block.
public struct LedgerEntryJSON: Codable, Sendable, Equatable {
    public var height: UInt64
    public var timeMs: UInt64
    public var asset: String
    /// `free`, `locked` (held by open orders) or `margin` (a margin account's claim).
    public var bucket: String
    /// The net change in whole units (signed).
    public var delta: String
    public var balanceAfter: String
    /// `genesis`, `fee`, `action`, `auction`, `expiry`, `escrow_deadline`, `lending_accrual`,
    /// `funding`, `option_settlement`, `liquidation` or `deleveraging`.
    public var cause: String
    /// For `fee` and `action`: the transaction.
    public var txId: String?
    /// For `action`: its index in the transaction and its kind (`place_order`, `transfer`, …).
    public var actionIndex: UInt16?
    public var actionKind: String?
    /// For a market's step (auction, funding, settlement, liquidation, deleveraging).
    public var market: String?

    public init(
        height: UInt64, timeMs: UInt64, asset: String, bucket: String, delta: String, balanceAfter: String,
        cause: String, txId: String?, actionIndex: UInt16?, actionKind: String?, market: String?
    ) {
        self.height = height
        self.timeMs = timeMs
        self.asset = asset
        self.bucket = bucket
        self.delta = delta
        self.balanceAfter = balanceAfter
        self.cause = cause
        self.txId = txId
        self.actionIndex = actionIndex
        self.actionKind = actionKind
        self.market = market
    }
}

/// `GET /v1/accounts/{address}/ledger?asset=&limit=N&before=CURSOR`: ledger entries, newest first.
public struct LedgerResponse: Codable, Sendable, Equatable {
    public var address: String
    public var height: UInt64
    public var entries: [LedgerEntryJSON]
    public var next: String?

    public init(address: String, height: UInt64, entries: [LedgerEntryJSON], next: String? = nil) {
        self.address = address
        self.height = height
        self.entries = entries
        self.next = next
    }
}
