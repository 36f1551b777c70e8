public import BazaarConsensus
public import BazaarCore

/// What validators say to each other over the peer-to-peer transport, one message per frame, in
/// the canonical encoding (tag byte, then the case's fields).
///
/// Validators keep a link to every other validator (a full mesh, the network's size is bounded by
/// `ValidatorSet.countMax`), so a message is sent once to each peer and never relayed: a node
/// forwards only transactions that reached it through its own API.
public enum PeerMessage: Sendable, Hashable, CanonicalCodable {
    /// The most transactions one `transactions` message carries.
    public static let transactionCountMax = 1_000
    /// The first byte of an encoded `transactions` message, so that a frame can be routed unread.
    public static let transactionsTag: UInt8 = 0

    /// Transactions for the mempool, as clients signed them.
    case transactions([SignedTransaction])
    /// A proposal with the block it proposes (the block's hash is the proposal's value).
    case proposal(SignedProposal, Block)
    case vote(SignedVote)
    /// The sender's committed height, sent periodically; a node behind it starts block sync.
    case status(committedHeight: UInt64)
    /// Asks for the committed block at a height with its commit.
    case blockRequest(height: UInt64)
    /// A committed block and the precommits that decided it.
    case blockResponse(Block, Commit)

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .transactions(let transactions):
            writer.write(Self.transactionsTag)
            writer.write(transactions)
        case .proposal(let signed, let block):
            writer.write(UInt8(1))
            writer.write(signed)
            writer.write(block)
        case .vote(let signed):
            writer.write(UInt8(2))
            writer.write(signed)
        case .status(let height):
            writer.write(UInt8(3))
            writer.write(height)
        case .blockRequest(let height):
            writer.write(UInt8(4))
            writer.write(height)
        case .blockResponse(let block, let commit):
            writer.write(UInt8(5))
            writer.write(block)
            writer.write(commit)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case Self.transactionsTag:
            self = .transactions(try reader.read([SignedTransaction].self, maxCount: Self.transactionCountMax))
        case 1: self = .proposal(try reader.read(SignedProposal.self), try reader.read(Block.self))
        case 2: self = .vote(try reader.read(SignedVote.self))
        case 3: self = .status(committedHeight: try reader.read(UInt64.self))
        case 4: self = .blockRequest(height: try reader.read(UInt64.self))
        case 5: self = .blockResponse(try reader.read(Block.self), try reader.read(Commit.self))
        default: throw reader.error(.unknownTag(tag))
        }
    }
}
