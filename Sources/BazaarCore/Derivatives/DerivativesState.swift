/// The ledger state of the oracle, margin accounts, perpetual futures, lending pools and liquidations.
public struct DerivativesState: LedgerModule {
    public init() {}

    mutating func beginTransaction() {}
    mutating func commitTransaction() {}
    mutating func rollBackTransaction() {}
    mutating func resetBlockJournal() {}
    func writeBlockChanges(to writer: inout CanonicalWriter) {}
    func addHoldings(to held: inout [AssetSymbol: UInt128]) {}
    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {}
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {}
}

extension DerivativesState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {}

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init()
    }
}
