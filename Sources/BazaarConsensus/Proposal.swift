public import BazaarCore

/// A proposer's suggestion of a value for one height and round.
public struct Proposal: Sendable, Hashable, CanonicalCodable, ConsensusSignable {
    /// Prefixed to the signed bytes so that a proposal signature can never pass for a vote's.
    public static let signingDomain = "bazaar/consensus/proposal/v1"

    public var height: UInt64
    public var round: UInt32
    /// The proposed block id.
    public var value: Hash
    /// The round in which the proposer saw a polka for `value` (the paper's `validRound`), or `nil` for −1.
    public var validRound: UInt32?
    public var proposer: PublicKey

    public init(height: UInt64, round: UInt32, value: Hash, validRound: UInt32?, proposer: PublicKey) {
        self.height = height
        self.round = round
        self.value = value
        self.validRound = validRound
        self.proposer = proposer
    }

    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(round)
        writer.write(value)
        writer.write(validRound)
        writer.write(proposer)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        height = try reader.read(UInt64.self)
        round = try reader.read(UInt32.self)
        value = try reader.read(Hash.self)
        validRound = try reader.read(UInt32?.self)
        proposer = try reader.read(PublicKey.self)
    }
}
