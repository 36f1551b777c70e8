// JSON shapes of the oracle API. Prices are decimal strings in whole units of the quote asset per
// whole unit of the asset (e.g. USD per BTC); `priceBaseUnits` carries the state machine's integer
// (quote-asset base units per whole unit). Times are Unix milliseconds.

/// `GET /v1/oracle`: the oracle's parameters, reporters and every asset's latest price.
public struct OracleResponse: Codable, Sendable, Equatable {
    /// Absent until the market authority configures the oracle.
    public var parameters: OracleParametersJSON?
    /// Registered reporters' addresses.
    public var reporters: [String]
    public var prices: [OraclePriceJSON]

    public init(parameters: OracleParametersJSON?, reporters: [String], prices: [OraclePriceJSON]) {
        self.parameters = parameters
        self.reporters = reporters
        self.prices = prices
    }
}

public struct OracleParametersJSON: Codable, Sendable, Equatable {
    public var quoteAsset: String
    public var stalenessMs: UInt64
    public var minimumReporters: UInt32
    public var maximumMoveBasisPoints: UInt32
    public var twapWindowMs: UInt64

    public init(
        quoteAsset: String, stalenessMs: UInt64, minimumReporters: UInt32, maximumMoveBasisPoints: UInt32,
        twapWindowMs: UInt64
    ) {
        self.quoteAsset = quoteAsset
        self.stalenessMs = stalenessMs
        self.minimumReporters = minimumReporters
        self.maximumMoveBasisPoints = maximumMoveBasisPoints
        self.twapWindowMs = twapWindowMs
    }
}

/// `GET /v1/oracle/{asset}`: one asset's agreed price, its staleness, the reporters' latest
/// observations, the TWAP and the recent history (newest first; `?history=N`).
public struct OraclePriceJSON: Codable, Sendable, Equatable {
    public var asset: String
    public var quoteAsset: String
    /// Absent when the asset has observations but never had a price (too few reporters).
    public var price: String?
    public var priceBaseUnits: String?
    /// The block that set the price.
    public var height: UInt64?
    /// Too old or from too few reporters: risk-increasing actions on the asset are refused.
    public var stale: Bool
    public var twap: String?
    /// Fresh observations the latest aggregation used.
    public var reporterCount: UInt32
    /// The median before the per-block move limit clamped it, when it did.
    public var unclampedPrice: String?
    public var observations: [ObservationJSON]
    public var history: [PricePointJSON]

    public init(
        asset: String, quoteAsset: String, price: String?, priceBaseUnits: String?, height: UInt64?, stale: Bool,
        twap: String?, reporterCount: UInt32, unclampedPrice: String?, observations: [ObservationJSON],
        history: [PricePointJSON]
    ) {
        self.asset = asset
        self.quoteAsset = quoteAsset
        self.price = price
        self.priceBaseUnits = priceBaseUnits
        self.height = height
        self.stale = stale
        self.twap = twap
        self.reporterCount = reporterCount
        self.unclampedPrice = unclampedPrice
        self.observations = observations
        self.history = history
    }

    public static let historyDefault = 20
    public static let historyMax = 256
}

/// A reporter's latest observation of an asset.
public struct ObservationJSON: Codable, Sendable, Equatable {
    public var reporter: String
    public var price: String
    public var timeMs: UInt64
    public var height: UInt64
    /// Within the staleness window at the latest block.
    public var fresh: Bool

    public init(reporter: String, price: String, timeMs: UInt64, height: UInt64, fresh: Bool) {
        self.reporter = reporter
        self.price = price
        self.timeMs = timeMs
        self.height = height
        self.fresh = fresh
    }
}

public struct PricePointJSON: Codable, Sendable, Equatable {
    public var height: UInt64
    public var timeMs: UInt64
    public var price: String

    public init(height: UInt64, timeMs: UInt64, price: String) {
        self.height = height
        self.timeMs = timeMs
        self.price = price
    }
}
