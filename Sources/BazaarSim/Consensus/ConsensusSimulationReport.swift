/// What one consensus simulation did. Two runs with the same parameters produce equal reports.
public struct ConsensusSimulationReport: Sendable, Hashable, Codable {
    public var seed: UInt64
    public var validators: Int
    public var votingPowers: [UInt64]
    public var byzantineValidator: Int
    public var heights: Int
    /// The block id decided at each height, in hex, from height 1.
    public var decidedBlocks: [String]
    /// The round in which each height was first decided.
    public var decisionRounds: [UInt32]
    public var finalAppHash: String
    public var transactionsCommitted: Int
    public var healedAtMilliseconds: UInt64
    public var finishedAtMilliseconds: UInt64
    public var messagesSent: Int
    public var messagesLost: Int
    public var messagesDuplicated: Int
    public var messagesBlockedByPartitions: Int
    public var partitions: Int
    public var crashes: Int
    public var equivocations: Int
    public var evidenceReports: Int
    /// Distinct equivocations recorded in decided blocks.
    public var evidenceCommitted: Int
    public var events: Int

    public var summary: String {
        "seed \(seed): \(validators) validators, \(heights) heights decided in rounds max "
            + "\(decisionRounds.max() ?? 0), healed at \(healedAtMilliseconds) ms, done at \(finishedAtMilliseconds) ms; "
            + "\(messagesSent) messages (\(messagesLost) lost, \(messagesDuplicated) duplicated, "
            + "\(messagesBlockedByPartitions) partitioned), \(partitions) partitions, \(crashes) crashes, "
            + "\(equivocations) equivocations, \(evidenceReports) evidence reports, \(evidenceCommitted) committed, "
            + "\(transactionsCommitted) transactions; app hash \(finalAppHash.prefix(16))"
    }
}
