/// A reporter's latest signed observation of one asset's price (the reporter signs the
/// transaction that carries it).
public struct OracleObservation: Sendable, Hashable {
    /// Quote-asset base units per whole unit of the asset.
    public var quotePerUnit: UInt128
    /// When the reporter observed it, by its own clock.
    public var timeMilliseconds: UInt64
    /// The block that recorded it.
    public var height: UInt64

    public init(quotePerUnit: UInt128, timeMilliseconds: UInt64, height: UInt64) {
        self.quotePerUnit = quotePerUnit
        self.timeMilliseconds = timeMilliseconds
        self.height = height
    }
}

/// The key of an observation: one row per asset and reporter.
public struct ObservationKey: Sendable, Hashable, Comparable {
    public var asset: AssetSymbol
    public var reporter: AccountID

    public init(asset: AssetSymbol, reporter: AccountID) {
        self.asset = asset
        self.reporter = reporter
    }

    public static func < (lhs: ObservationKey, rhs: ObservationKey) -> Bool {
        (lhs.asset, lhs.reporter) < (rhs.asset, rhs.reporter)
    }
}

/// A registered reporter.
public struct OracleReporter: Sendable, Hashable {
    /// The block that registered it.
    public var registeredHeight: UInt64

    public init(registeredHeight: UInt64) {
        self.registeredHeight = registeredHeight
    }
}

extension OracleObservation: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(quotePerUnit)
        writer.write(timeMilliseconds)
        writer.write(height)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        quotePerUnit = try reader.read(UInt128.self)
        timeMilliseconds = try reader.read(UInt64.self)
        height = try reader.read(UInt64.self)
    }
}

extension ObservationKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(asset)
        writer.write(reporter)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        asset = try reader.read(AssetSymbol.self)
        reporter = try reader.read(AccountID.self)
    }
}

extension OracleReporter: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(registeredHeight)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        registeredHeight = try reader.read(UInt64.self)
    }
}
