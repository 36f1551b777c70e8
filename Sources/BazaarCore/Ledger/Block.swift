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

    public init(
        chainID: String, height: UInt64, timeMilliseconds: UInt64, previousBlockHash: Hash,
        transactionsHash: Hash, previousAppHash: Hash, proposer: PublicKey
    ) {
        self.chainID = chainID
        self.height = height
        self.timeMilliseconds = timeMilliseconds
        self.previousBlockHash = previousBlockHash
        self.transactionsHash = transactionsHash
        self.previousAppHash = previousAppHash
        self.proposer = proposer
    }

    public var hash: Hash { Hash.sha256(canonicalBytes) }
}

/// A header and the transactions it orders.
public struct Block: Sendable, Hashable {
    public var header: BlockHeader
    public var transactions: [SignedTransaction]

    public init(header: BlockHeader, transactions: [SignedTransaction]) {
        self.header = header
        self.transactions = transactions
    }

    public var hash: Hash { header.hash }

    /// SHA-256 over the concatenated ids.
    public static func transactionsHash(ids: [Hash]) -> Hash {
        var bytes = [UInt8]()
        bytes.reserveCapacity(ids.count * Hash.byteCount)
        for id in ids { bytes.append(contentsOf: id.bytes) }
        return Hash.sha256(bytes)
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
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        chainID = try reader.read(String.self, maxByteCount: Transaction.chainIDByteCountMax)
        height = try reader.read(UInt64.self)
        timeMilliseconds = try reader.read(UInt64.self)
        previousBlockHash = try reader.read(Hash.self)
        transactionsHash = try reader.read(Hash.self)
        previousAppHash = try reader.read(Hash.self)
        proposer = try reader.read(PublicKey.self)
    }
}

extension Block: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(header)
        writer.write(transactions)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        header = try reader.read(BlockHeader.self)
        transactions = try reader.read([SignedTransaction].self)
    }
}
