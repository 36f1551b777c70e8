/// Something the derivatives half of the protocol did; see ``Event``.
public enum DerivativesEvent: Sendable, Hashable {
    case oracle(OracleEvent)
    case lending(LendingEvent)
    case margin(MarginEvent)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .oracle(let event): event.accounts
        case .lending(let event): event.accounts
        case .margin(let event): event.accounts
        }
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .oracle(let event): event.kind
        case .lending(let event): event.kind
        case .margin(let event): event.kind
        }
    }
}

extension DerivativesEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .oracle(let event):
            writer.write(UInt8(0))
            writer.write(event)
        case .lending(let event):
            writer.write(UInt8(1))
            writer.write(event)
        case .margin(let event):
            writer.write(UInt8(2))
            writer.write(event)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .oracle(try reader.read(OracleEvent.self))
        case 1: self = .lending(try reader.read(LendingEvent.self))
        case 2: self = .margin(try reader.read(MarginEvent.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
