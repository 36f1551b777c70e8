public import BazaarCore

/// A prevote or precommit of one validator for a value, or for nil, at one height and round.
public struct Vote: Sendable, Hashable, CanonicalCodable, ConsensusSignable {
    /// Prefixed to the signed bytes so that a vote signature can never pass for a transaction's or a proposal's.
    public static let signingDomain = "bazaar/consensus/vote/v1"

    public var type: VoteType
    public var height: UInt64
    public var round: UInt32
    /// The block id voted for; `nil` is Tendermint's vote for nil.
    public var value: Hash?
    public var validator: PublicKey

    public init(type: VoteType, height: UInt64, round: UInt32, value: Hash?, validator: PublicKey) {
        self.type = type
        self.height = height
        self.round = round
        self.value = value
        self.validator = validator
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(type)
        writer.write(height)
        writer.write(round)
        writer.write(value)
        writer.write(validator)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        type = try reader.read(VoteType.self)
        height = try reader.read(UInt64.self)
        round = try reader.read(UInt32.self)
        value = try reader.read(Hash?.self)
        validator = try reader.read(PublicKey.self)
    }
}
