extension LedgerState {
    /// Clears every batch-auction market at the end of a block (not yet: see docs/ARCHITECTURE.md).
    mutating func clearBatchAuctions() -> [Event] { [] }
}
