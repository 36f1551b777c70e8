/// The ledger state of the derivatives half of the protocol: oracle prices (``OracleState``),
/// lending pools (``LendingState``) and margin accounts with their perpetual positions and the
/// insurance fund (``MarginState``).
public struct DerivativesState: LedgerModule {
    public internal(set) var oracle: OracleState
    public internal(set) var lending: LendingState
    public internal(set) var margin: MarginState

    public init() {
        self.init(oracle: OracleState(), lending: LendingState(), margin: MarginState())
    }

    init(oracle: OracleState, lending: LendingState, margin: MarginState) {
        self.oracle = oracle
        self.lending = lending
        self.margin = margin
    }

    mutating func beginTransaction() {
        oracle.beginTransaction()
        lending.beginTransaction()
        margin.beginTransaction()
    }

    mutating func commitTransaction() {
        oracle.commitTransaction()
        lending.commitTransaction()
        margin.commitTransaction()
    }

    mutating func rollBackTransaction() {
        oracle.rollBackTransaction()
        lending.rollBackTransaction()
        margin.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        oracle.resetBlockJournal()
        lending.resetBlockJournal()
        margin.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        oracle.writeBlockChanges(to: &writer)
        lending.writeBlockChanges(to: &writer)
        margin.writeBlockChanges(to: &writer)
    }

    func addHoldings(to held: inout [AssetSymbol: UInt128]) {
        oracle.addHoldings(to: &held)
        lending.addHoldings(to: &held)
        margin.addHoldings(to: &held)
    }

    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        oracle.addBlockHoldings(before: &before, after: &after)
        lending.addBlockHoldings(before: &before, after: &after)
        margin.addBlockHoldings(before: &before, after: &after)
    }

    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        try oracle.checkInvariants(in: state)
        try lending.checkInvariants(in: state)
        try margin.checkInvariants(in: state)
    }
}

extension DerivativesState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(oracle)
        writer.write(lending)
        writer.write(margin)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            oracle: try reader.read(OracleState.self), lending: try reader.read(LendingState.self),
            margin: try reader.read(MarginState.self))
    }
}
