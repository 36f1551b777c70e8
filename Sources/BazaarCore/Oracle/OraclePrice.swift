/// A price the network agreed on: how many base units of the oracle's quote asset one whole unit
/// of the asset is worth.
public struct OraclePrice: Sendable, Hashable {
    /// Quote-asset base units per whole unit (10^decimals base units) of the asset.
    public var quotePerUnit: UInt128
    /// The block that set it.
    public var height: UInt64
    /// Whether it is stale: too old, or from too few reporters. Risk-increasing actions on the
    /// asset are refused while it is (`ResultCode.stalePrice`).
    public var isStale: Bool

    public init(quotePerUnit: UInt128, height: UInt64, isStale: Bool = false) {
        self.quotePerUnit = quotePerUnit
        self.height = height
        self.isStale = isStale
    }
}

extension OraclePrice: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(quotePerUnit)
        writer.write(height)
        writer.write(isStale)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        quotePerUnit = try reader.read(UInt128.self)
        height = try reader.read(UInt64.self)
        isStale = try reader.read(Bool.self)
    }
}
