public import BazaarConsensus
public import BazaarCore

/// One record of the consensus write-ahead log, as the driver writes it.
///
/// Every input that changes the consensus state is recorded: the node's own proposals and votes
/// (synced before they are sent, so a restart knows everything it may have signed) and the votes
/// and proposals it received (written without a sync of their own; the next synced record makes
/// them durable, and losing the last few costs only a re-gossip). Timeouts are not recorded: a
/// restarted node begins the restored round with fresh timers.
public enum ConsensusLogEntry: Sendable, Hashable, CanonicalCodable {
    /// A message this validator signed.
    case own(WALRecord)
    /// The block this validator proposed, written before the proposal that names it, so that a
    /// restarted proposer can send the same proposal again with its block.
    case ownBlock(Block)
    case receivedVote(SignedVote)
    case receivedProposal(SignedProposal, Block)

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .own(let record):
            writer.write(UInt8(0))
            writer.write(record)
        case .ownBlock(let block):
            writer.write(UInt8(1))
            writer.write(block)
        case .receivedVote(let signed):
            writer.write(UInt8(2))
            writer.write(signed)
        case .receivedProposal(let signed, let block):
            writer.write(UInt8(3))
            writer.write(signed)
            writer.write(block)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .own(try reader.read(WALRecord.self))
        case 1: self = .ownBlock(try reader.read(Block.self))
        case 2: self = .receivedVote(try reader.read(SignedVote.self))
        case 3: self = .receivedProposal(try reader.read(SignedProposal.self), try reader.read(Block.self))
        default: throw reader.error(.unknownTag(tag))
        }
    }

    /// The consensus height the entry belongs to.
    public var height: UInt64 {
        switch self {
        case .own(let record): record.height
        case .ownBlock(let block): block.header.height
        case .receivedVote(let signed): signed.vote.height
        case .receivedProposal(let signed, _): signed.proposal.height
        }
    }
}
