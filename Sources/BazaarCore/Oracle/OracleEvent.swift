/// Something the oracle: reporters' observations and the agreed prices did; see DerivativesEvent.
public enum OracleEvent: Sendable, Hashable {
    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {}
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {}
    }
}

extension OracleEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {}
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
    }
}
