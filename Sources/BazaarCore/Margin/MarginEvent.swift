/// Something margin accounts, perpetual markets and positions, and the insurance fund did; see DerivativesEvent.
public enum MarginEvent: Sendable, Hashable {
    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {}
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {}
    }
}

extension MarginEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
