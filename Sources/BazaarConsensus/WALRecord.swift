public import BazaarCore

/// A message this validator signed, recorded before it is sent.
///
/// Replayed into `Tendermint.init(..., restoring:)` after a restart, the
/// records keep a validator from signing a different vote or proposal for a
/// step it already signed, and give back its lock.
public enum WALRecord: Sendable, Hashable, CanonicalCodable {
    case proposal(SignedProposal)
    case vote(SignedVote)

    public var height: UInt64 {
        switch self {
        case .proposal(let signed): signed.proposal.height
        case .vote(let signed): signed.vote.height
        }
    }

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .proposal(let signed):
            writer.write(UInt8(0))
            writer.write(signed)
        case .vote(let signed):
            writer.write(UInt8(1))
            writer.write(signed)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .proposal(try reader.read(SignedProposal.self))
        case 1: self = .vote(try reader.read(SignedVote.self))
        default: throw reader.error(.unknownTag(tag))
        }
    }
}
