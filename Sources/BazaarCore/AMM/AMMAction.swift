/// An action of AMM pools (constant-product and concentrated liquidity) and the router's route action; see Action.
public enum AMMAction: Sendable, Hashable {}

extension AMMAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
