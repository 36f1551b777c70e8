/// The ledger state of the oracle: reporters' observations and the agreed prices.
public struct OracleState: LedgerModule {
    /// The asset every oracle price is quoted in; margin values everything in it. `nil` until configured.
    public internal(set) var quoteAsset: AssetSymbol?
    /// The latest agreed price of each asset.
    public internal(set) var prices: LedgerTable<AssetSymbol, OraclePrice>

    public init() {
        self.init(quoteAsset: nil, prices: LedgerTable())
    }

    init(quoteAsset: AssetSymbol?, prices: LedgerTable<AssetSymbol, OraclePrice>) {
        self.quoteAsset = quoteAsset
        self.prices = prices
    }

    mutating func beginTransaction() { prices.beginTransaction() }
    mutating func commitTransaction() { prices.commitTransaction() }
    mutating func rollBackTransaction() { prices.rollBackTransaction() }
    mutating func resetBlockJournal() { prices.resetBlockJournal() }
    func writeBlockChanges(to writer: inout CanonicalWriter) { prices.writeBlockChanges(to: &writer) }
    func addHoldings(to held: inout [AssetSymbol: UInt128]) {}
    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {}
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {}
}

extension OracleState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(quoteAsset)
        writer.write(prices)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(quoteAsset: try reader.read(AssetSymbol?.self), prices: try reader.read(LedgerTable.self))
    }
}
