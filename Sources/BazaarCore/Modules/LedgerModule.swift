/// A part of the ledger's state that one mechanism owns: AMM pools, escrows, or the derivatives
/// (oracle, margin, perpetuals, lending). `LedgerState` holds one value of each and drives their
/// journals with its own, so a module keeps its rows in ``LedgerTable``s and forwards to them.
///
/// A module's funds sit outside account balances; `addHoldings` and `addBlockHoldings` put them
/// in the conservation checks, so that no asset appears or disappears unnoticed.
protocol LedgerModule: Sendable, CanonicalCodable {
    init()
    mutating func beginTransaction()
    mutating func commitTransaction()
    mutating func rollBackTransaction()
    mutating func resetBlockJournal()
    /// Writes what the block changed, in a fixed order, into the application hash.
    func writeBlockChanges(to writer: inout CanonicalWriter)
    /// Adds everything the module holds, by asset (full conservation check).
    func addHoldings(to held: inout [AssetSymbol: UInt128])
    /// Adds what the rows the block touched held before it and hold now (block conservation check).
    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128])
    /// Checks the module's own invariants over its whole state; run in tests, simulators and at start-up.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation)
}
