/// An action of the derivatives half of the protocol; see ``Action``.
public enum DerivativesAction: Sendable, Hashable {
    /// Oracle reporting and configuration (``OracleAction``).
    case oracle(OracleAction)
    /// Supplying, borrowing and repaying in lending pools (``LendingAction``).
    case lending(LendingAction)
    /// Margin deposits and withdrawals, perpetual markets and orders (``MarginAction``).
    case margin(MarginAction)
}

extension DerivativesAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .oracle(let action):
            writer.write(UInt8(0))
            writer.write(action)
        case .lending(let action):
            writer.write(UInt8(1))
            writer.write(action)
        case .margin(let action):
            writer.write(UInt8(2))
            writer.write(action)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .oracle(try reader.read(OracleAction.self))
        case 1: self = .lending(try reader.read(LendingAction.self))
        case 2: self = .margin(try reader.read(MarginAction.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
