/// How the oracle turns reporters' observations into one price per asset, set by the chain's
/// market authority (`OracleAction.configure`).
public struct OracleParameters: Sendable, Hashable {
    /// The asset every price is quoted in; fixed once set.
    public var quoteAsset: AssetSymbol
    /// An observation older than this (by its own time, against the block time) no longer counts.
    public var stalenessMilliseconds: UInt64
    /// Fewer fresh observations than this make the price stale.
    public var minimumReporters: UInt32
    /// The most the price may move in one block, in basis points of the previous price; a median
    /// beyond it is clamped to it.
    public var maximumMoveBasisPoints: UInt32
    /// The span the time-weighted average price covers.
    public var twapWindowMilliseconds: UInt64

    /// The longest staleness window and TWAP window: one day.
    public static let windowMillisecondsMax: UInt64 = 86_400_000
    /// The most reporters the registry holds.
    public static let reporterCountMax = 100
    /// How far ahead of the block time an observation's time may be (clock skew between reporters and proposers).
    public static let futureSkewMillisecondsMax: UInt64 = 10_000
    /// How many fresh prices each asset's history keeps.
    public static let historyCountMax = 256

    public init(
        quoteAsset: AssetSymbol, stalenessMilliseconds: UInt64 = 15_000, minimumReporters: UInt32 = 1,
        maximumMoveBasisPoints: UInt32 = 1_000, twapWindowMilliseconds: UInt64 = 60_000
    ) {
        self.quoteAsset = quoteAsset
        self.stalenessMilliseconds = stalenessMilliseconds
        self.minimumReporters = minimumReporters
        self.maximumMoveBasisPoints = maximumMoveBasisPoints
        self.twapWindowMilliseconds = twapWindowMilliseconds
    }

    /// Whether every field is within its range.
    public var isValid: Bool {
        (1...Self.windowMillisecondsMax).contains(stalenessMilliseconds)
            && (1...UInt32(Self.reporterCountMax)).contains(minimumReporters)
            && (1...10_000).contains(maximumMoveBasisPoints)
            && (1...Self.windowMillisecondsMax).contains(twapWindowMilliseconds)
    }
}

extension OracleParameters: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(quoteAsset)
        writer.write(stalenessMilliseconds)
        writer.write(minimumReporters)
        writer.write(maximumMoveBasisPoints)
        writer.write(twapWindowMilliseconds)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        quoteAsset = try reader.read(AssetSymbol.self)
        stalenessMilliseconds = try reader.read(UInt64.self)
        minimumReporters = try reader.read(UInt32.self)
        maximumMoveBasisPoints = try reader.read(UInt32.self)
        twapWindowMilliseconds = try reader.read(UInt64.self)
    }
}
