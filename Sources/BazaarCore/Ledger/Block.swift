/// The part of a block that is hashed and that later blocks chain to.
public struct BlockHeader: Sendable, Hashable {
    public var chainID: String
    public var height: UInt64
    /// Milliseconds since the Unix epoch, chosen by the proposer; strictly greater than the previous block's.
    public var timeMilliseconds: UInt64
    public var previousBlockHash: Hash
    /// SHA-256 over the ids of the block's transactions, in order.
    public var transactionsHash: Hash
    /// The application hash after executing the previous block (Tendermint's convention).
    public var previousAppHash: Hash
    public var proposer: PublicKey
    /// SHA-256 over the block's evidence items, each length-prefixed, in order.
    public var evidenceHash: Hash

    public init(
        chainID: String, height: UInt64, timeMilliseconds: UInt64, previousBlockHash: Hash,
        transactionsHash: Hash, previousAppHash: Hash, proposer: PublicKey,
        evidenceHash: Hash = Block.evidenceHash([])
    ) {
        self.chainID = chainID
        self.height = height
        self.timeMilliseconds = timeMilliseconds
        self.previousBlockHash = previousBlockHash
        self.transactionsHash = transactionsHash
        self.previousAppHash = previousAppHash
        self.proposer = proposer
        self.evidenceHash = evidenceHash
    }

    public var hash: Hash { Hash.sha256(canonicalBytes) }
}

/// A header, the transactions it orders, and evidence of validator misbehaviour.
public struct Block: Sendable, Hashable {
    /// The most evidence items one block carries.
    public static let evidenceCountMax = 16
    /// The largest encoded evidence item.
    public static let evidenceByteCountMax = 1024

    public var header: BlockHeader
    public var transactions: [SignedTransaction]
    /// Proof that validators equivocated, in the consensus layer's canonical encoding.
    ///
    /// The state machine only checks that the header commits to these bytes; what they mean
    /// (two conflicting signed votes) is the consensus layer's, which validates each item before
    /// it votes for the block (BazaarCore does not know votes: see DESIGN.md's layers).
    public var evidence: [[UInt8]]

    public init(header: BlockHeader, transactions: [SignedTransaction], evidence: [[UInt8]] = []) {
        self.header = header
        self.transactions = transactions
        self.evidence = evidence
    }

    public var hash: Hash { header.hash }

    /// SHA-256 over the concatenated ids.
    public static func transactionsHash(ids: [Hash]) -> Hash {
        var bytes = [UInt8]()
        bytes.reserveCapacity(ids.count * Hash.byteCount)
        for id in ids { bytes.append(contentsOf: id.bytes) }
        return Hash.sha256(bytes)
    }

    /// SHA-256 over the canonical encoding of the evidence list (a count, then each item length-prefixed).
    public static func evidenceHash(_ evidence: [[UInt8]]) -> Hash {
        var writer = CanonicalWriter()
        writer.write(UInt32(evidence.count))
        for item in evidence { writer.writeBytes(item) }
        return Hash.sha256(writer.bytes)
    }
}

extension BlockHeader: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(chainID)
        writer.write(height)
        writer.write(timeMilliseconds)
        writer.write(previousBlockHash)
        writer.write(transactionsHash)
        writer.write(previousAppHash)
        writer.write(proposer)
        writer.write(evidenceHash)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        chainID = try reader.read(String.self, maxByteCount: Transaction.chainIDByteCountMax)
        height = try reader.read(UInt64.self)
        timeMilliseconds = try reader.read(UInt64.self)
        previousBlockHash = try reader.read(Hash.self)
        transactionsHash = try reader.read(Hash.self)
        previousAppHash = try reader.read(Hash.self)
        proposer = try reader.read(PublicKey.self)
        evidenceHash = try reader.read(Hash.self)
    }
}

extension Block: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(header)
        writer.write(transactions)
        writer.write(UInt32(evidence.count))
        for item in evidence { writer.writeBytes(item) }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        header = try reader.read(BlockHeader.self)
        transactions = try reader.read([SignedTransaction].self)
        let count = try reader.read(UInt32.self)
        guard count <= Block.evidenceCountMax else { throw reader.error(.invalidValue("too much evidence")) }
        evidence = []
        for _ in 0..<count {
            evidence.append(try reader.readBytes(maxCount: Block.evidenceByteCountMax))
        }
    }
}
