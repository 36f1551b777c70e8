public import BazaarCore
import Collections

/// Transactions admitted but not yet in a block, in arrival order, with hard limits.
///
/// Every entry passed `Application.admit` (signature verified once) and
/// `checkTx` given the sender's earlier pending transactions, so a sender can
/// queue consecutive nonces. After each block, committed entries leave and the
/// rest are checked again against the new state.
public struct Mempool: Sendable {
    public let transactionCountMax: Int
    public let byteCountMax: Int
    public private(set) var byteCount = 0

    private var entries: OrderedDictionary<Hash, VerifiedTransaction> = [:]
    private var pendingBySender: [AccountID: Application.PendingSender] = [:]

    public init(transactionCountMax: Int = 50_000, byteCountMax: Int = 64 * 1024 * 1024) {
        precondition(transactionCountMax > 0 && byteCountMax > 0, "mempool limits must be positive")
        self.transactionCountMax = transactionCountMax
        self.byteCountMax = byteCountMax
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public func contains(_ id: Hash) -> Bool { entries[id] != nil }

    /// Pending transactions in arrival order.
    public var transactions: [VerifiedTransaction] { Array(entries.values) }

    /// Admits a transaction, or says why not.
    ///
    /// - Complexity: O(1) amortized.
    public mutating func insert(_ transaction: VerifiedTransaction, application: Application) -> ResultCode {
        guard entries[transaction.id] == nil else { return .duplicate }
        guard entries.count < transactionCountMax, byteCount + transaction.encodedByteCount <= byteCountMax else {
            return .mempoolFull
        }
        let pending = pendingBySender[transaction.sender] ?? .none
        let code = application.checkTx(transaction, pending: pending)
        guard code == .ok else { return code }
        entries[transaction.id] = transaction
        byteCount += transaction.encodedByteCount
        pendingBySender[transaction.sender] = Application.PendingSender(
            transactionCount: pending.transactionCount + 1,
            fees: pending.fees.adding(transaction.transaction.fee) ?? pending.fees)
        return .ok
    }

    /// Drops what the last block committed and anything no longer valid after it.
    ///
    /// - Returns: the ids dropped because they became invalid (not those committed).
    /// - Complexity: O(n) in the pending transactions.
    @discardableResult
    public mutating func update(afterCommitting committed: Set<Hash>, application: Application) -> [Hash] {
        let remaining = entries.values.filter { !committed.contains($0.id) }
        entries.removeAll(keepingCapacity: true)
        pendingBySender.removeAll(keepingCapacity: true)
        byteCount = 0
        var dropped = [Hash]()
        for transaction in remaining where insert(transaction, application: application) != .ok {
            dropped.append(transaction.id)
        }
        return dropped
    }
}
