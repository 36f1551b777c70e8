/// The ledger state of margin accounts, perpetual markets and positions, and the insurance fund.
public struct MarginState: LedgerModule {
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

extension MarginState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {}

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init()
    }
}
