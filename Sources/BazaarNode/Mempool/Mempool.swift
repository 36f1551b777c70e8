public import BazaarCore
import Collections

/// Transactions admitted but not yet in a block, with hard limits.
///
/// Every entry passed `Application.admit` (signature verified once). Ready
/// transactions are in arrival order and each passed `checkTx` given the
/// sender's earlier pending ones, so a sender can queue consecutive nonces.
/// A transaction a few nonces ahead of its sender's next (it overtook an
/// earlier one on another connection) waits in a per-sender queue and becomes
/// ready when the gap closes. After each block, committed entries leave and
/// the rest are checked again against the new state.
///
/// Nothing is replaced: a second transaction for a nonce the sender already has pending,
/// ready or waiting, is refused with `nonce_pending` whatever its fee. A replacement would
/// have to evict an admitted entry that peers may already hold; refusing keeps every
/// answered `pending` true until the transaction is included, expires or is dropped after a
/// block, and keeps the waiting allowance counting only transactions that can still be
/// included.
public struct Mempool: Sendable {
    /// How far ahead of the sender's next nonce a transaction may wait.
    public static let nonceGapMax: UInt64 = 64
    /// How many blocks a transaction may wait for its gap to close before it is dropped,
    /// so that a gap that never closes cannot hold mempool space until expiry.
    public static let waitingBlocksMax: UInt64 = 300
    public let transactionCountMax: Int
    public let byteCountMax: Int
    public private(set) var byteCount = 0

    private var ready: OrderedDictionary<Hash, VerifiedTransaction> = [:]
    private var pendingBySender: [AccountID: Application.PendingSender] = [:]
    /// Transactions ahead of a nonce gap, by sender and nonce.
    private var waiting: [AccountID: [UInt64: Waiting]] = [:]
    /// The sender of each waiting transaction, by id.
    private var waitingSenders: [Hash: AccountID] = [:]

    private struct Waiting: Sendable {
        let transaction: VerifiedTransaction
        /// The committed height when it started waiting.
        let sinceHeight: UInt64
    }

    public init(transactionCountMax: Int = 50_000, byteCountMax: Int = 64 * 1024 * 1024) {
        precondition(transactionCountMax > 0 && byteCountMax > 0, "mempool limits must be positive")
        self.transactionCountMax = transactionCountMax
        self.byteCountMax = byteCountMax
    }

    /// Ready and waiting transactions.
    public var count: Int { ready.count + waitingSenders.count }
    /// Whether no transaction is ready for a block (waiting ones cannot be included yet).
    public var isEmpty: Bool { ready.isEmpty }
    public var waitingCount: Int { waitingSenders.count }

    public func contains(_ id: Hash) -> Bool { ready[id] != nil || waitingSenders[id] != nil }

    /// The ready or waiting transaction with this id.
    public func transaction(_ id: Hash) -> VerifiedTransaction? {
        if let ready = ready[id] { return ready }
        guard let sender = waitingSenders[id] else { return nil }
        return waiting[sender]?.values.first { $0.transaction.id == id }?.transaction
    }

    /// Ready transactions in arrival order.
    public var transactions: [VerifiedTransaction] { Array(ready.values) }

    /// Admits a transaction, or says why not. A transaction ahead of a nonce gap
    /// of at most `nonceGapMax` is admitted to wait.
    ///
    /// - Complexity: O(1) amortized, plus the waiting transactions it makes ready.
    public mutating func insert(_ transaction: VerifiedTransaction, application: Application) -> ResultCode {
        insert(transaction, application: application, waitingSince: application.state.height)
    }

    private mutating func insert(
        _ transaction: VerifiedTransaction, application: Application, waitingSince sinceHeight: UInt64
    ) -> ResultCode {
        guard !contains(transaction.id) else { return .duplicate }
        guard !holdsNonce(of: transaction, application: application) else { return .noncePending }
        guard count < transactionCountMax, byteCount + transaction.encodedByteCount <= byteCountMax else {
            return .mempoolFull
        }
        let code = insertReady(transaction, application: application)
        if code == .nonceTooHigh {
            let waitCode = waitingCode(transaction, application: application)
            guard waitCode == .ok else { return waitCode }
            assert(
                waiting[transaction.sender]?[transaction.transaction.nonce] == nil, "a waiting entry is never replaced")
            waiting[transaction.sender, default: [:]][transaction.transaction.nonce] = Waiting(
                transaction: transaction, sinceHeight: sinceHeight)
            waitingSenders[transaction.id] = transaction.sender
            byteCount += transaction.encodedByteCount
            return .ok
        }
        if code == .ok { promoteWaiting(of: transaction.sender, application: application) }
        return code
    }

    /// Whether the sender already has a ready or waiting transaction with this one's nonce.
    ///
    /// Ready transactions hold the nonces from the sender's committed next nonce on, one each.
    private func holdsNonce(of transaction: VerifiedTransaction, application: Application) -> Bool {
        let sender = transaction.sender
        let nonce = transaction.transaction.nonce
        let committed = application.state.nextNonce(of: sender)
        let readyCount = pendingBySender[sender]?.transactionCount ?? 0
        if nonce >= committed, nonce - committed < readyCount { return true }
        return waiting[sender]?[nonce] != nil
    }

    /// Drops what the last block committed and anything no longer valid after it.
    ///
    /// - Returns: the ids dropped because they became invalid (not those committed).
    /// - Complexity: O(n) in the pending transactions.
    @discardableResult
    public mutating func update(afterCommitting committed: Set<Hash>, application: Application) -> [Hash] {
        let remaining = ready.values.filter { !committed.contains($0.id) }
        let waitingBefore = waiting
        ready.removeAll(keepingCapacity: true)
        pendingBySender.removeAll(keepingCapacity: true)
        waiting.removeAll(keepingCapacity: true)
        waitingSenders.removeAll(keepingCapacity: true)
        byteCount = 0
        var dropped = [Hash]()
        for transaction in remaining where insertReady(transaction, application: application) != .ok {
            dropped.append(transaction.id)
        }
        // Waiting transactions go back in nonce order, so those whose gap closed become ready.
        let height = application.state.height
        for sender in waitingBefore.keys.sorted() {
            for (_, entry) in waitingBefore[sender]!.sorted(by: { $0.key < $1.key }) {
                let transaction = entry.transaction
                guard !committed.contains(transaction.id) else { continue }
                if height - entry.sinceHeight > Mempool.waitingBlocksMax
                    || insert(transaction, application: application, waitingSince: entry.sinceHeight) != .ok
                {
                    dropped.append(transaction.id)
                }
            }
        }
        return dropped
    }

    private mutating func insertReady(_ transaction: VerifiedTransaction, application: Application) -> ResultCode {
        let pending = pendingBySender[transaction.sender] ?? .none
        let code = application.checkTx(transaction, pending: pending)
        guard code == .ok else { return code }
        ready[transaction.id] = transaction
        byteCount += transaction.encodedByteCount
        pendingBySender[transaction.sender] = Application.PendingSender(
            transactionCount: pending.transactionCount + 1,
            fees: pending.fees.adding(transaction.transaction.fee) ?? pending.fees)
        return .ok
    }

    /// Whether a transaction ahead of a gap may wait (`ok`), or why not: it must be
    /// within `nonceGapMax` and the waiting quota, and valid in every other way were
    /// the gap closed, with the fees of everything the sender already has pending or
    /// waiting reserved. Without that last check anyone could fill the mempool with
    /// transactions that can never pay.
    private func waitingCode(_ transaction: VerifiedTransaction, application: Application) -> ResultCode {
        let sender = transaction.sender
        let pending = pendingBySender[sender] ?? .none
        let next = application.state.nextNonce(of: sender) + pending.transactionCount
        let queue = waiting[sender] ?? [:]
        guard transaction.transaction.nonce - next <= Mempool.nonceGapMax, queue.count < Int(Mempool.nonceGapMax) else {
            return .nonceTooHigh
        }
        guard waitingSenders.count < transactionCountMax / 4 else { return .mempoolFull }
        var fees = pending.fees
        for entry in queue.values {
            fees = fees.adding(entry.transaction.transaction.fee) ?? fees
        }
        let asIfGapClosed = Application.PendingSender(
            transactionCount: transaction.transaction.nonce - application.state.nextNonce(of: sender), fees: fees)
        return application.checkTx(transaction, pending: asIfGapClosed)
    }

    /// Moves the sender's waiting transactions that now follow on to the ready list.
    private mutating func promoteWaiting(of sender: AccountID, application: Application) {
        while var queue = waiting[sender], !queue.isEmpty {
            let next = application.state.nextNonce(of: sender) + (pendingBySender[sender]?.transactionCount ?? 0)
            guard let transaction = queue.removeValue(forKey: next)?.transaction else { return }
            waiting[sender] = queue.isEmpty ? nil : queue
            waitingSenders[transaction.id] = nil
            byteCount -= transaction.encodedByteCount
            if insertReady(transaction, application: application) != .ok {
                // It no longer fits (e.g. the fee is no longer covered); the rest of the queue waits for a block.
                return
            }
        }
    }
}
