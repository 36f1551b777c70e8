import BazaarCore

/// What a ledger simulation did: its transactions by outcome, its actions by kind and outcome,
/// and the final application hash.
///
/// Two runs with the same parameters produce equal reports.
public struct LedgerSimulationReport: Sendable, Hashable, Codable {
    /// How many transactions ended with one result code.
    public struct CodeCount: Sendable, Hashable, Codable {
        public var code: String
        public var count: Int
    }

    /// How many actions of one kind ran: `ok` in successful transactions, `failed` as the action
    /// that failed its transaction (actions a failure undid or kept from running are not counted).
    public struct ActionCount: Sendable, Hashable, Codable {
        /// A `LedgerActionKind` raw value, such as `escrow.claim_htlc`.
        public var kind: String
        public var ok: Int
        public var failed: Int
    }

    public var seed: UInt64
    public var blocks: Int
    public var accounts: Int
    /// Transactions generated and submitted to admission.
    public var transactionsGenerated: Int
    /// Transactions that passed `admit` and `checkTx`.
    public var transactionsAdmitted: Int
    /// Admitted transactions that `prepareProposal` left out (e.g. after an earlier one spent the fee).
    public var transactionsSkippedByProposer: Int
    /// Transactions a simulated faulty proposer put into blocks without `prepareProposal`.
    public var transactionsInjectedByFaultyProposer: Int
    /// Transactions executed in blocks.
    public var transactionsIncluded: Int
    public var transactionsOK: Int
    public var transactionsFailed: Int
    /// Admission rejections in result-code order.
    public var rejectedByCode: [CodeCount]
    /// Execution outcomes in result-code order, `ok` first.
    public var executedByCode: [CodeCount]
    /// Every action kind in `LedgerActionKind` order, with zeros for kinds that never ran.
    public var actions: [ActionCount]
    public var finalHeight: UInt64
    public var finalAppHash: String

    /// A few lines for people.
    public var summary: String {
        func list(_ counts: [CodeCount]) -> String {
            counts.isEmpty ? "none" : counts.map { "\($0.code) \($0.count)" }.joined(separator: ", ")
        }
        return """
            ledger simulation seed \(seed): \(blocks) blocks, \(accounts) accounts
              transactions: \(transactionsGenerated) generated, \(transactionsAdmitted) admitted, \
            \(transactionsIncluded) included (\(transactionsOK) ok, \(transactionsFailed) failed)
              rejected at admission: \(list(rejectedByCode))
              executed: \(list(executedByCode))
              actions (ok/failed):
            \(wrapped(actions.map { "\($0.kind) \($0.ok)/\($0.failed)" }))
              action kinds never ok: \(kindsNeverOK.isEmpty ? "none" : kindsNeverOK.joined(separator: ", "))
              final height \(finalHeight), app hash \(finalAppHash)
            """
    }

    /// `items` joined with commas into indented lines of at most about 100 characters.
    private func wrapped(_ items: [String]) -> String {
        var lines = [String]()
        var line = ""
        for item in items {
            if !line.isEmpty, line.count + item.count > 96 {
                lines.append(line + ",")
                line = ""
            }
            line += line.isEmpty ? "    " + item : ", " + item
        }
        return (lines + [line]).joined(separator: "\n")
    }

    /// The action kinds without a single successful execution.
    public var kindsNeverOK: [String] { actions.filter { $0.ok == 0 }.map(\.kind) }

    static func counts(_ table: [ResultCode: Int]) -> [CodeCount] {
        table.keys.sorted { $0.rawValue < $1.rawValue }.map { CodeCount(code: $0.name, count: table[$0]!) }
    }
}

/// A broken ledger property found by a simulation; the seed replays it.
public struct LedgerSimulationFailure: Error, Sendable, CustomStringConvertible {
    public let seed: UInt64
    public let height: UInt64
    public let violation: String

    public var description: String { "ledger simulation seed \(seed) failed at height \(height): \(violation)" }
}
