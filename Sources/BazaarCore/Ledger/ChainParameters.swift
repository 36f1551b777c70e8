/// Rules fixed at genesis that every node must agree on.
public struct ChainParameters: Sendable, Hashable {
    public var chainID: String
    /// The asset fees are paid in.
    public var feeAsset: AssetSymbol
    /// The smallest fee a transaction may offer, in base units of `feeAsset`.
    public var minimumFee: Amount
    /// Limits on one block, checked by `prepareProposal` and `processProposal`.
    public var blockTransactionCountMax: UInt32
    public var blockByteCountMax: UInt32
    /// The account that may create markets; `nil` means no market can be created after genesis.
    public var marketAuthority: AccountID?
    /// The most open orders one account may have across all markets.
    public var openOrderCountMax: UInt32

    public init(
        chainID: String,
        feeAsset: AssetSymbol,
        minimumFee: Amount,
        blockTransactionCountMax: UInt32 = 10_000,
        blockByteCountMax: UInt32 = 8 * 1024 * 1024,
        marketAuthority: AccountID? = nil,
        openOrderCountMax: UInt32 = 1_000
    ) {
        self.chainID = chainID
        self.feeAsset = feeAsset
        self.minimumFee = minimumFee
        self.blockTransactionCountMax = blockTransactionCountMax
        self.blockByteCountMax = blockByteCountMax
        self.marketAuthority = marketAuthority
        self.openOrderCountMax = openOrderCountMax
    }
}

extension ChainParameters: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(chainID)
        writer.write(feeAsset)
        writer.write(minimumFee)
        writer.write(blockTransactionCountMax)
        writer.write(blockByteCountMax)
        writer.write(marketAuthority)
        writer.write(openOrderCountMax)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        chainID = try reader.read(String.self, maxByteCount: Transaction.chainIDByteCountMax)
        feeAsset = try reader.read(AssetSymbol.self)
        minimumFee = try reader.read(Amount.self)
        blockTransactionCountMax = try reader.read(UInt32.self)
        blockByteCountMax = try reader.read(UInt32.self)
        marketAuthority = try reader.read(AccountID?.self)
        openOrderCountMax = try reader.read(UInt32.self)
    }
}
