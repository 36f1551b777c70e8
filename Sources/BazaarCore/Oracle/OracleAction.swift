/// An action of the oracle: reporters' observations and the agreed prices; see DerivativesAction.
public enum OracleAction: Sendable, Hashable {}

extension OracleAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
