public import BazaarCore

/// The size limits consensus puts on what peers send, derived from the chain's parameters so that
/// every message a node accepts fits in one record of its write-ahead log.
///
/// A block may hold at most `ChainParameters.blockTransactionCountMax` transactions (10,000 by
/// default) of at most `ChainParameters.blockByteCountMax` encoded bytes together (8 MiB by
/// default); `prepareProposal` builds no larger block and `processProposal` accepts none. On the
/// wire and in the log a proposal adds its block's header, evidence, array prefixes and the signed
/// proposal, all bounded: `proposalBytesMax` allows `blockOverheadBytes` plus
/// `transactionOverheadBytes` per transaction for them (8,494,144 bytes with the defaults). A
/// proposal frame larger than that, or with more transactions than allowed, is refused before a
/// signature is checked or anything is logged. Any peer frame is at most `frameBytesMax`: a
/// proposal, or a synced block with its commit. The log's records are sized to hold the largest
/// proposal, so an accepted message can never make an append fail.
public struct ConsensusLimits: Sendable, Hashable {
    /// Room for a block's header (under 300 bytes), its evidence (16 items of at most 1 KiB), the
    /// message's tags and the signed proposal (under 250 bytes).
    public static let blockOverheadBytes = 65_536
    /// Room for any per-transaction framing in a block's encoding.
    public static let transactionOverheadBytes = 4
    /// Room for one signed precommit of a commit (about 160 bytes).
    public static let precommitBytesMax = 256
    /// The largest record the write-ahead log can hold (its length field has 24 bits).
    public static let logRecordBytesCeiling = 0xFF_FFFE

    public let blockTransactionCountMax: Int
    public let blockTransactionBytesMax: Int
    /// The largest encoded proposal message, and the largest log record of a received proposal.
    public let proposalBytesMax: Int
    /// The largest peer frame: the larger of a proposal and a synced block with its commit.
    public let frameBytesMax: Int

    /// - Throws: `NodeError.configuration` when the parameters allow a block larger than a log record.
    public init(parameters: ChainParameters, validatorCount: Int) throws(NodeError) {
        precondition(validatorCount >= 1, "at least one validator")
        blockTransactionCountMax = Int(parameters.blockTransactionCountMax)
        blockTransactionBytesMax = Int(parameters.blockByteCountMax)
        proposalBytesMax =
            blockTransactionBytesMax + blockTransactionCountMax * Self.transactionOverheadBytes
            + Self.blockOverheadBytes
        frameBytesMax = proposalBytesMax + validatorCount * Self.precommitBytesMax
        guard frameBytesMax <= Self.logRecordBytesCeiling else {
            throw NodeError(
                .configuration,
                "the chain's block limits (\(blockTransactionCountMax) transactions, \(blockTransactionBytesMax) bytes) "
                    + "allow messages of \(frameBytesMax) bytes, more than a write-ahead log record holds "
                    + "(\(Self.logRecordBytesCeiling))")
        }
    }

    /// Why a proposal's block is over the limits, or `nil` when it is within them.
    ///
    /// - Parameter encodedBytes: the size of the proposal message as received.
    public func violation(of block: Block, encodedBytes: Int) -> String? {
        if block.transactions.count > blockTransactionCountMax {
            return "a block of \(block.transactions.count) transactions (limit \(blockTransactionCountMax))"
        }
        if encodedBytes > proposalBytesMax {
            return "a proposal of \(encodedBytes) bytes (limit \(proposalBytesMax))"
        }
        return nil
    }
}
