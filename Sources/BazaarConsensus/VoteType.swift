public import BazaarCore

/// The two kinds of vote of a Tendermint round.
public enum VoteType: UInt8, Sendable, Hashable, Comparable, CanonicalCodable {
    case prevote = 1
    case precommit = 2

    public static func < (lhs: VoteType, rhs: VoteType) -> Bool { lhs.rawValue < rhs.rawValue }

    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        guard let type = VoteType(rawValue: tag) else { throw reader.error(.unknownTag(tag)) }
        self = type
    }
}
