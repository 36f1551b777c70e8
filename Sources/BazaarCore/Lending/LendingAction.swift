/// An action of lending pools: supply, borrowing and interest; see DerivativesAction.
public enum LendingAction: Sendable, Hashable {}

extension LendingAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
