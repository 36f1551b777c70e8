// Messages of the WebSocket stream at /v1/stream, one JSON object per text frame.

/// Client to server: `{"op":"subscribe","channel":"blocks"}`,
/// `{"op":"subscribe","channel":"account","address":"bz1…"}`,
/// `{"op":"subscribe","channel":"book","market":"BTC-USD","depth":20}` (depth 1–1000, default 50) or
/// `{"op":"subscribe","channel":"trades","market":"BTC-USD"}` or
/// `{"op":"subscribe","channel":"candles","market":"BTC-USD","resolution":"1m"}` (1m, 5m, 15m, 1h,
/// 4h or 1d); `unsubscribe` likewise. A market is named `BASE-QUOTE` or by its id.
public struct StreamRequest: Codable, Sendable, Equatable {
    public enum Operation: String, Codable, Sendable {
        case subscribe
        case unsubscribe
    }

    public enum Channel: String, Codable, Sendable {
        case blocks
        case account
        case book
        case trades
        case candles
    }

    public var op: Operation
    public var channel: Channel
    public var address: String?
    public var market: String?
    /// Levels per side of a `book` subscription.
    public var depth: Int?
    /// The interval of a `candles` subscription.
    public var resolution: String?

    public init(
        op: Operation, channel: Channel, address: String? = nil, market: String? = nil, depth: Int? = nil,
        resolution: String? = nil
    ) {
        self.op = op
        self.channel = channel
        self.address = address
        self.market = market
        self.depth = depth
        self.resolution = resolution
    }
}

/// Server to client. `type` is one of:
///
/// - `subscribed`, `unsubscribed`: acknowledgements, with the channel (and address or market);
/// - `block`: a committed block (`height`, `hash`, `appHash`, `timeMs`, `transactionCount`);
/// - `account_event`: an event touching a subscribed account (`address`, `height`, `event`, and
///   `txId` unless the event came from the end of the block: an auction fill or an expiry);
/// - `book_snapshot`: the first message of a book subscription, right after `subscribed`: the
///   book's best `depth` levels a side (`bids`, `asks`) after block `height`, at `sequence`;
/// - `book_update`: one per committed block that changed the market's book, with `sequence` one
///   more than the previous message's, and the levels within `depth` whose aggregate changed (new
///   `size`; `"0"` removes the level, and a level that moves into the top `depth` appears with its
///   size). Applying updates to the snapshot in order gives `GET /v1/markets/{market}/book` at the
///   same `sequence`. A client that sees a sequence number skipped re-subscribes;
/// - `trade`: one print of a subscribed market (`trade`);
/// - `candle`: for a candles subscription, first (right after `subscribed`) the market's newest
///   candle at the `resolution` if it has one, then one per committed block that printed on the
///   market: the candle of the block's interval after the block (`height`, `candle`). The first
///   candle of a new interval means the previous one is final;
/// - `error`: `code` and `message`.
public struct StreamMessage: Codable, Sendable, Equatable {
    public var type: String
    public var channel: StreamRequest.Channel?
    public var address: String?
    /// For `block`, `account_event`, `book_snapshot`, `book_update` and `trade`.
    public var height: UInt64?
    /// For `block`.
    public var hash: String?
    public var appHash: String?
    public var timeMs: UInt64?
    public var transactionCount: Int?
    /// For `account_event`.
    public var txId: String?
    public var event: EventJSON?
    /// For book and trade messages: the market's name.
    public var market: String?
    /// For `book_snapshot` and `book_update`.
    public var sequence: UInt64?
    public var depth: Int?
    public var bids: [BookLevelJSON]?
    public var asks: [BookLevelJSON]?
    /// For `trade`.
    public var trade: TradeJSON?
    /// For `candle`.
    public var resolution: String?
    public var candle: CandleJSON?
    /// For `error`.
    public var code: String?
    public var message: String?

    public init(
        type: String, channel: StreamRequest.Channel? = nil, address: String? = nil, height: UInt64? = nil,
        hash: String? = nil, appHash: String? = nil, timeMs: UInt64? = nil, transactionCount: Int? = nil,
        txId: String? = nil, event: EventJSON? = nil, market: String? = nil, sequence: UInt64? = nil,
        depth: Int? = nil, bids: [BookLevelJSON]? = nil, asks: [BookLevelJSON]? = nil, trade: TradeJSON? = nil,
        resolution: String? = nil, candle: CandleJSON? = nil, code: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.channel = channel
        self.address = address
        self.height = height
        self.hash = hash
        self.appHash = appHash
        self.timeMs = timeMs
        self.transactionCount = transactionCount
        self.txId = txId
        self.event = event
        self.market = market
        self.sequence = sequence
        self.depth = depth
        self.bids = bids
        self.asks = asks
        self.trade = trade
        self.resolution = resolution
        self.candle = candle
        self.code = code
        self.message = message
    }
}
