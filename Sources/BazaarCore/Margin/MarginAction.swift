/// An action of margin accounts, perpetual markets and positions, and the insurance fund; see DerivativesAction.
public enum MarginAction: Sendable, Hashable {}

extension MarginAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
