public import BazaarConsensus
public import BazaarCore

/// One record of the consensus write-ahead log, as the driver writes it.
///
/// Every input that changes the consensus state is recorded: the node's own proposals and votes
/// (synced before they are sent, so a restart knows everything it may have signed), and the votes,
/// proposals and timeouts it handled (written without a sync of their own: the next synced record
/// makes them durable, and losing the last few costs only a re-gossip or a timeout waited again).
/// A restart replays them in the order they were written.
public enum ConsensusLogEntry: Sendable, Hashable, CanonicalCodable {
    /// A message this validator signed.
    case own(WALRecord)
    /// The block this validator proposed, written before the proposal that names it, so that a
    /// restarted proposer can send the same proposal again with its block.
    case ownBlock(Block)
    case receivedVote(SignedVote)
    case receivedProposal(SignedProposal, Block)
    /// A timeout that fired at the height and round it was scheduled for.
    case timeout(ConsensusTimeout)

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
        case .timeout(let timeout):
            writer.write(UInt8(4))
            writer.write(timeout.kind.rawValue)
            writer.write(timeout.height)
            writer.write(timeout.round)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .own(try reader.read(WALRecord.self))
        case 1: self = .ownBlock(try reader.read(Block.self))
        case 2: self = .receivedVote(try reader.read(SignedVote.self))
        case 3: self = .receivedProposal(try reader.read(SignedProposal.self), try reader.read(Block.self))
        case 4:
            let kindTag = try reader.read(UInt8.self)
            guard let kind = TimeoutKind(rawValue: kindTag) else { throw reader.error(.unknownTag(kindTag)) }
            self = .timeout(
                ConsensusTimeout(kind: kind, height: try reader.read(UInt64.self), round: try reader.read(UInt32.self)))
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
        case .timeout(let timeout): timeout.height
        }
    }
}
