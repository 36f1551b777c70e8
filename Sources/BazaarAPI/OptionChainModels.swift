// JSON shapes of the option chain and of an account's Greeks (docs/OPTIONS.md, "Greeks, option
// chain and the command line"). Prices are decimal strings in whole quote units per whole unit
// of the underlying; sizes whole units of the underlying; volatilities decimal fractions
// (`"0.6"` is 60%); Greeks decimal strings in the units each field names.

/// `GET /v1/options/chain?underlying=BTC&expiry=…`
public struct OptionChainResponse: Codable, Sendable, Equatable {
    public var underlying: String
    public var quote: String
    public var expiryMs: UInt64
    /// ISO 8601, UTC.
    public var expiry: String
    /// The block time the figures are at.
    public var timeMs: UInt64
    /// The underlying's oracle price; absent before the first.
    public var spot: String?
    /// True when the oracle price or the volatility surface behind the figures is stale or missing.
    public var stale: Bool
    /// Every expiry of the underlying's series (settled ones too), ascending: the chains there are.
    public var expiries: [UInt64]
    /// By strike, ascending.
    public var rows: [OptionChainRowJSON]

    public init(
        underlying: String, quote: String, expiryMs: UInt64, expiry: String, timeMs: UInt64, spot: String?,
        stale: Bool, expiries: [UInt64], rows: [OptionChainRowJSON]
    ) {
        self.underlying = underlying
        self.quote = quote
        self.expiryMs = expiryMs
        self.expiry = expiry
        self.timeMs = timeMs
        self.spot = spot
        self.stale = stale
        self.expiries = expiries
        self.rows = rows
    }
}

/// One strike: the call (left on a chain) and the put (right); either may be absent.
public struct OptionChainRowJSON: Codable, Sendable, Equatable {
    public var strike: String
    public var call: OptionChainQuoteJSON?
    public var put: OptionChainQuoteJSON?

    public init(strike: String, call: OptionChainQuoteJSON?, put: OptionChainQuoteJSON?) {
        self.strike = strike
        self.call = call
        self.put = put
    }
}

/// One series in a chain row.
public struct OptionChainQuoteJSON: Codable, Sendable, Equatable {
    public var marketId: UInt32
    /// `UNDERLYING-YYYYMMDD-STRIKE-C|P`.
    public var market: String
    /// `trading`, `expired` or `settled`, as in `GET /v1/options`.
    public var status: String
    /// The best bid and ask (premium per whole unit) and their sizes; a side without orders has
    /// no price and size `"0"`.
    public var bid: String?
    public var bidSize: String
    public var ask: String?
    public var askSize: String
    public var markPrice: String?
    /// Implied volatilities of the best bid, the best ask and their mid, inverted from the
    /// prices; absent where there is no such price or it is outside the no-arbitrage bounds.
    public var bidIv: String?
    public var askIv: String?
    public var midIv: String?
    /// The volatility surface's, at which the mark and the Greeks are computed.
    public var markIv: String?
    /// Per whole unit of the underlying held: delta in underlying units, gamma per one quote
    /// unit of the underlying's price, vega in quote units per volatility point, theta in quote
    /// units per day. Absent without a price or a surface.
    public var delta: String?
    public var gamma: String?
    public var vega: String?
    public var theta: String?

    public init(
        marketId: UInt32, market: String, status: String, bid: String?, bidSize: String, ask: String?,
        askSize: String, markPrice: String?, bidIv: String?, askIv: String?, midIv: String?, markIv: String?,
        delta: String?, gamma: String?, vega: String?, theta: String?
    ) {
        self.marketId = marketId
        self.market = market
        self.status = status
        self.bid = bid
        self.bidSize = bidSize
        self.ask = ask
        self.askSize = askSize
        self.markPrice = markPrice
        self.bidIv = bidIv
        self.askIv = askIv
        self.midIv = midIv
        self.markIv = markIv
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
    }
}

/// An account's net Greeks on one underlying, in `GET /v1/accounts/{address}/margin` (`greeks`).
public struct AccountGreeksJSON: Codable, Sendable, Equatable {
    public var underlying: String
    /// The underlying's oracle price; absent before the first.
    public var spot: String?
    /// Net delta in whole units of the underlying (options and perpetuals), and its quote value.
    public var delta: String
    public var deltaValue: String?
    /// Change of delta per one quote unit of the underlying's price; and in quote units, how much
    /// `deltaValue` changes through delta for a 1% move (gamma × spot² / 100).
    public var gamma: String
    public var gammaValue: String?
    /// Quote units per volatility point (0.01).
    public var vega: String
    /// Quote units per day.
    public var theta: String
    public var optionPositions: Int
    public var perpetualPositions: Int
    /// False when an option's Greeks rest on a stale or missing surface or price (docs/OPTIONS.md).
    public var complete: Bool

    public init(
        underlying: String, spot: String?, delta: String, deltaValue: String?, gamma: String, gammaValue: String?,
        vega: String, theta: String, optionPositions: Int, perpetualPositions: Int, complete: Bool
    ) {
        self.underlying = underlying
        self.spot = spot
        self.delta = delta
        self.deltaValue = deltaValue
        self.gamma = gamma
        self.gammaValue = gammaValue
        self.vega = vega
        self.theta = theta
        self.optionPositions = optionPositions
        self.perpetualPositions = perpetualPositions
        self.complete = complete
    }
}
