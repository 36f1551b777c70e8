/// An action of hash-time-locked contracts and collateralized peer-to-peer trades; see Action.
public enum EscrowAction: Sendable, Hashable {}

extension EscrowAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
