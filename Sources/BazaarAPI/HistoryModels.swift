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
