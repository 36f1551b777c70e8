/// An action of the oracle, margin accounts, perpetual futures, lending pools and liquidations; see Action.
public enum DerivativesAction: Sendable, Hashable {}

extension DerivativesAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
