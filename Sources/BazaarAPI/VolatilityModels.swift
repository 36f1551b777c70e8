public import BazaarCore

// JSON shapes of the volatility surface. Volatilities and moneyness are decimal strings of
// fractions (`"0.65"` is 65% annualized volatility; `"0.95"` a strike at 95% of spot); the
// `BasisPoints`/`Ppm` integers carry the state machine's units. Times are Unix milliseconds.

/// `GET /v1/oracle/vol/{asset}`: the underlying's smiles, one per expiry, in expiry order.
public struct VolatilitySurfaceJSON: Codable, Sendable, Equatable {
    public var asset: String
    /// The block time the staleness is judged at.
    public var timeMs: UInt64
    public var parameters: VolatilityParametersJSON
    public var expiries: [VolatilitySmileJSON]

    public init(asset: String, timeMs: UInt64, parameters: VolatilityParametersJSON, expiries: [VolatilitySmileJSON]) {
        self.asset = asset
        self.timeMs = timeMs
        self.parameters = parameters
        self.expiries = expiries
    }
}

public struct VolatilityParametersJSON: Codable, Sendable, Equatable {
    public var stalenessMs: UInt64
    public var minimumReporters: UInt32
    public var maximumMoveBasisPoints: UInt32
    /// The fixed moneyness points (strike / spot), as decimal fractions.
    public var moneyness: [String]

    public init(stalenessMs: UInt64, minimumReporters: UInt32, maximumMoveBasisPoints: UInt32, moneyness: [String]) {
        self.stalenessMs = stalenessMs
        self.minimumReporters = minimumReporters
        self.maximumMoveBasisPoints = maximumMoveBasisPoints
        self.moneyness = moneyness
    }
}

/// One expiry's smile: its points (empty until enough fresh reports), fresh report count and staleness.
public struct VolatilitySmileJSON: Codable, Sendable, Equatable {
    public var expiryMs: UInt64
    public var points: [VolatilityPointJSON]
    /// Fresh reports now (registered reporters' reports within the staleness window).
    public var freshReports: UInt32
    /// Fresh reports the latest aggregation used.
    public var reporterCount: UInt32
    /// Missing, from too few reporters, or aggregated longer ago than the staleness window:
    /// risk-increasing option actions that need it are refused (`stale_price`).
    public var stale: Bool
    /// The block that last set the points.
    public var height: UInt64?
    /// The time of that block; `ageMs` is how long ago that was.
    public var updatedMs: UInt64?
    public var ageMs: UInt64?
    /// Whether the per-block move limit held back any point at the latest aggregation.
    public var clamped: Bool

    public init(
        expiryMs: UInt64, points: [VolatilityPointJSON], freshReports: UInt32, reporterCount: UInt32, stale: Bool,
        height: UInt64?, updatedMs: UInt64?, ageMs: UInt64?, clamped: Bool
    ) {
        self.expiryMs = expiryMs
        self.points = points
        self.freshReports = freshReports
        self.reporterCount = reporterCount
        self.stale = stale
        self.height = height
        self.updatedMs = updatedMs
        self.ageMs = ageMs
        self.clamped = clamped
    }
}

public struct VolatilityPointJSON: Codable, Sendable, Equatable {
    /// Strike / spot as a decimal fraction (`"0.95"`).
    public var moneyness: String
    public var moneynessBasisPoints: UInt32
    /// Annualized implied volatility as a decimal fraction (`"0.65"`).
    public var vol: String
    public var volPpm: UInt32

    public init(moneyness: String, moneynessBasisPoints: UInt32, vol: String, volPpm: UInt32) {
        self.moneyness = moneyness
        self.moneynessBasisPoints = moneynessBasisPoints
        self.vol = vol
        self.volPpm = volPpm
    }
}

/// Volatilities and moneyness between their integers and decimal strings.
public enum VolatilityFormat {
    /// Parts per million as a decimal fraction: 650,000 → `"0.65"`.
    public static func volatility(_ partsPerMillion: UInt64) -> String {
        Amount(baseUnits: UInt128(partsPerMillion)).formatted(decimals: 6)
    }

    /// Basis points as a decimal fraction: 9,500 → `"0.95"`.
    public static func moneyness(_ basisPoints: UInt32) -> String {
        Amount(baseUnits: UInt128(basisPoints)).formatted(decimals: 4)
    }

    /// A decimal fraction (at most 6 decimals) as parts per million: `"0.65"` → 650,000; nil if it
    /// is not a decimal or has more decimals.
    public static func partsPerMillion(_ text: String) -> UInt64? {
        guard let amount = try? Amount(parsing: text, decimals: 6), amount.baseUnits <= UInt128(UInt64.max) else {
            return nil
        }
        return UInt64(amount.baseUnits)
    }
}
