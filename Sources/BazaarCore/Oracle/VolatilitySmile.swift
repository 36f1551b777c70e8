/// The agreed implied volatilities of one underlying at one expiry, one per moneyness point of
/// `VolatilityParameters.moneynessBasisPoints`; an underlying's smiles across expiries make its
/// volatility surface.
public struct VolatilitySmile: Sendable, Hashable {
    /// Annualized volatility in parts per million at each moneyness point; empty until the first
    /// aggregation with enough fresh reports.
    public var volatilities: [UInt32]
    /// The block that last set `volatilities`.
    public var height: UInt64
    /// That block's time.
    public var timeMilliseconds: UInt64
    /// How many fresh reports the latest aggregation used.
    public var reporterCount: UInt32
    /// Whether it is stale: too few fresh reports at the latest aggregation.
    public var isStale: Bool
    /// The medians before the per-block move limit clamped them, when it clamped any point.
    public var unclampedVolatilities: [UInt32]?

    public init(
        volatilities: [UInt32] = [], height: UInt64 = 0, timeMilliseconds: UInt64 = 0, reporterCount: UInt32 = 0,
        isStale: Bool = false, unclampedVolatilities: [UInt32]? = nil
    ) {
        self.volatilities = volatilities
        self.height = height
        self.timeMilliseconds = timeMilliseconds
        self.reporterCount = reporterCount
        self.isStale = isStale
        self.unclampedVolatilities = unclampedVolatilities
    }

    /// Whether it has volatilities at all (it had enough fresh reports once).
    public var isAggregated: Bool { !volatilities.isEmpty }
}

/// The key of a smile: one underlying at one expiry.
public struct VolatilityKey: Sendable, Hashable, Comparable {
    public var asset: AssetSymbol
    /// The expiry time, milliseconds since the epoch (the block-time scale).
    public var expiryMilliseconds: UInt64

    public init(asset: AssetSymbol, expiryMilliseconds: UInt64) {
        self.asset = asset
        self.expiryMilliseconds = expiryMilliseconds
    }

    public static func < (lhs: VolatilityKey, rhs: VolatilityKey) -> Bool {
        (lhs.asset, lhs.expiryMilliseconds) < (rhs.asset, rhs.expiryMilliseconds)
    }
}

/// The key of a volatility observation: one row per underlying, expiry and reporter.
public struct VolatilityObservationKey: Sendable, Hashable, Comparable {
    public var smile: VolatilityKey
    public var reporter: AccountID

    public init(smile: VolatilityKey, reporter: AccountID) {
        self.smile = smile
        self.reporter = reporter
    }

    public static func < (lhs: VolatilityObservationKey, rhs: VolatilityObservationKey) -> Bool {
        (lhs.smile, lhs.reporter) < (rhs.smile, rhs.reporter)
    }
}

/// A reporter's latest implied volatilities of one underlying at one expiry.
public struct VolatilityObservation: Sendable, Hashable {
    /// Parts per million at each moneyness point, each within `VolatilityParameters.volatilityRange`.
    public var volatilities: [UInt32]
    /// When the reporter observed them, by its own clock.
    public var timeMilliseconds: UInt64
    /// The block that recorded them.
    public var height: UInt64

    public init(volatilities: [UInt32], timeMilliseconds: UInt64, height: UInt64) {
        self.volatilities = volatilities
        self.timeMilliseconds = timeMilliseconds
        self.height = height
    }
}

extension VolatilitySmile: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(volatilities)
        writer.write(height)
        writer.write(timeMilliseconds)
        writer.write(reporterCount)
        writer.write(isStale)
        writer.write(unclampedVolatilities.map(VolatilityPoints.init))
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        volatilities = try reader.read([UInt32].self, maxCount: VolatilityParameters.pointCount)
        height = try reader.read(UInt64.self)
        timeMilliseconds = try reader.read(UInt64.self)
        reporterCount = try reader.read(UInt32.self)
        isStale = try reader.read(Bool.self)
        unclampedVolatilities = try reader.read(VolatilityPoints?.self)?.values
    }
}

/// A list of volatilities of at most one per moneyness point, as an encodable value (so that it
/// can be optional).
struct VolatilityPoints: CanonicalCodable {
    var values: [UInt32]

    init(_ values: [UInt32]) { self.values = values }

    func encode(to writer: inout CanonicalWriter) { writer.write(values) }

    init(from reader: inout CanonicalReader) throws(DecodingError) {
        values = try reader.read([UInt32].self, maxCount: VolatilityParameters.pointCount)
    }
}

extension VolatilityKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(asset)
        writer.write(expiryMilliseconds)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        asset = try reader.read(AssetSymbol.self)
        expiryMilliseconds = try reader.read(UInt64.self)
    }
}

extension VolatilityObservationKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(smile)
        writer.write(reporter)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        smile = try reader.read(VolatilityKey.self)
        reporter = try reader.read(AccountID.self)
    }
}

extension VolatilityObservation: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(volatilities)
        writer.write(timeMilliseconds)
        writer.write(height)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        volatilities = try reader.read([UInt32].self, maxCount: VolatilityParameters.pointCount)
        timeMilliseconds = try reader.read(UInt64.self)
        height = try reader.read(UInt64.self)
    }
}
