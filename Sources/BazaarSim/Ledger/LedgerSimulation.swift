public import BazaarCore

/// Runs random valid and invalid transactions of every action kind through the real
/// `Application`, block by block, and checks the ledger's invariants after every block.
///
/// Each block goes through `checkTx` → `prepareProposal` → `processProposal`
/// → `finalizeBlock` → `commit`, with `checksFullInvariantsEveryBlock` set.
/// After every block the simulation checks full conservation, that no stored
/// balance is zero, and that an application resumed from the previous block's
/// snapshot reaches the same application hash. At the end a fresh application
/// replays every block, decoded from its canonical bytes and re-verified, from
/// genesis and must match the application hash at every height.
///
/// Everything random comes from `SimulationRandom(seed:)`: the same parameters
/// always give the same report. (Ed25519 signing must be deterministic, as it
/// is with swift-crypto's BoringSSL backend.)
public struct LedgerSimulation: Sendable {
    public static let chainID = "bazaar-sim"
    public static let feeAsset: AssetSymbol = "BZR"
    public static let minimumFee = Amount(baseUnits: 10)
    static let genesisTimeMilliseconds: UInt64 = 1_700_000_000_000

    public let seed: UInt64
    public let blockCount: Int
    public let accountCount: Int
    public let transactionsPerBlock: Int

    /// - Precondition: at least one block, `accountCountMin` accounts and one transaction per block.
    public init(seed: UInt64, blocks: Int, accounts: Int, transactionsPerBlock: Int) {
        precondition(
            blocks >= 1 && accounts >= Self.accountCountMin && transactionsPerBlock >= 1, "simulation too small")
        self.seed = seed
        blockCount = blocks
        accountCount = accounts
        self.transactionsPerBlock = transactionsPerBlock
    }

    /// Runs the simulation.
    ///
    /// - Throws: `LedgerSimulationFailure` naming the seed and height of the first broken property.
    public func run() throws(LedgerSimulationFailure) -> LedgerSimulationReport {
        try runRecordingHashes().report
    }

    /// Runs the simulation and returns, besides the report, the application hash at every height
    /// from genesis (index 0) on: what a determinism check compares between two processes.
    ///
    /// - Throws: `LedgerSimulationFailure` naming the seed and height of the first broken property.
    public func runRecordingHashes() throws(LedgerSimulationFailure) -> (
        report: LedgerSimulationReport, appHashes: [Hash]
    ) {
        var random = SimulationRandom(seed: seed)
        let keys = (0..<accountCount).map { _ in PrivateKey(seed: random.bytes(32))! }
        let genesis = makeGenesis(keys: keys, random: &random)
        var run = try LedgerSimulationRun(simulation: self, genesis: genesis, keys: keys, random: random)
        for _ in 0..<blockCount {
            try run.produceBlock()
        }
        try run.replayFromGenesis()
        return (run.report(), run.appHashes)
    }
}
