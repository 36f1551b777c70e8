/// How the oracle turns reporters' implied volatilities into one smile per underlying and expiry,
/// set by the chain's market authority (`OracleAction.configureVolatility`); until it does, the
/// defaults of `init()` apply.
///
/// Volatilities are annualized, in parts per million (`1_000_000` is 100%); each smile has one
/// volatility per fixed moneyness point (`moneynessBasisPoints`, strike / spot in basis points).
public struct VolatilityParameters: Sendable, Hashable {
    /// A volatility report older than this (by its own time, against the block time) no longer
    /// counts, and a smile last aggregated longer ago than this is stale.
    public var stalenessMilliseconds: UInt64
    /// Fewer fresh reports than this make a smile stale.
    public var minimumReporters: UInt32
    /// The most each point's volatility may move in one block, in basis points of its previous
    /// value; a median beyond it is clamped to it.
    public var maximumMoveBasisPoints: UInt32

    /// The fixed moneyness points, strike / spot in basis points, increasing: every report gives
    /// one volatility per point, in this order.
    public static let moneynessBasisPoints: [UInt32] = [
        7_000, 8_000, 9_000, 9_500, 10_000, 10_500, 11_000, 12_000, 13_000,
    ]
    /// How many points a smile has.
    public static var pointCount: Int { moneynessBasisPoints.count }
    /// One (100% annualized volatility) in parts per million.
    public static let partsPerMillion: UInt64 = 1_000_000
    /// The volatilities a report may give: 1% to 1,000% annualized, in parts per million.
    public static let volatilityRange: ClosedRange<UInt32> = 10_000...10_000_000
    /// The most expiries (smiles) one underlying has at a time.
    public static let expiryCountMax = 16
    /// How far after the block time a reported expiry may lie: two years of 365 days.
    public static let expiryHorizonMillisecondsMax: UInt64 = 2 * 31_536_000_000

    public init(
        stalenessMilliseconds: UInt64 = 60_000, minimumReporters: UInt32 = 1, maximumMoveBasisPoints: UInt32 = 2_500
    ) {
        self.stalenessMilliseconds = stalenessMilliseconds
        self.minimumReporters = minimumReporters
        self.maximumMoveBasisPoints = maximumMoveBasisPoints
    }

    /// Whether every field is within its range (the same ranges as the price oracle's).
    public var isValid: Bool {
        (1...OracleParameters.windowMillisecondsMax).contains(stalenessMilliseconds)
            && (1...UInt32(OracleParameters.reporterCountMax)).contains(minimumReporters)
            && (1...10_000).contains(maximumMoveBasisPoints)
    }
}

extension VolatilityParameters: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(stalenessMilliseconds)
        writer.write(minimumReporters)
        writer.write(maximumMoveBasisPoints)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        stalenessMilliseconds = try reader.read(UInt64.self)
        minimumReporters = try reader.read(UInt32.self)
        maximumMoveBasisPoints = try reader.read(UInt32.self)
    }
}
