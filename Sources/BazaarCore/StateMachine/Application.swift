/// The deterministic state machine behind the consensus boundary.
///
/// Its methods follow ABCI++: `checkTx` admits transactions to the mempool,
/// `prepareProposal` lets the proposer choose and order a block,
/// `processProposal` lets every validator vet it, `finalizeBlock` executes it
/// and `commit` makes the result the committed state. The single-validator
/// producer and the BFT consensus both drive exactly these calls.
///
/// Same committed state and same block give the same results, events and
/// application hash on every node: the state holds integers only, and nothing
/// observable depends on dictionary order (see DESIGN.md, Determinism rules).
public struct Application: Sendable {
    public private(set) var state: LedgerState
    /// Whether `finalizeBlock` also runs the O(state) conservation check; tests and simulators set it.
    public var checksFullInvariantsEveryBlock = false
    /// With `checksFullInvariantsEveryBlock`, every margin account at risk as the full check
    /// valued it after the last finalized block (``LedgerState/marginAccountsAtRisk()``), so a
    /// simulator's metrics need not value them all again; nil without the full check.
    public private(set) var marginRiskAfterLastBlock: [MarginAccountRisk]?
    private var uncommittedHeight: UInt64?
    /// With ``recordsHistory``, the genesis state as a journal (``HistoryJournal/init(genesisOf:)``);
    /// nil otherwise, and for an application resumed from a snapshot.
    public private(set) var genesisJournal: HistoryJournal?

    /// - Parameter recordsHistory: whether to record a ``HistoryJournal`` of the genesis state
    ///   (``genesisJournal``) and of every block (``FinalizedBlock/journal``).
    public init(genesis: Genesis, recordsHistory: Bool = false) throws(GenesisError) {
        state = try genesis.makeState()
        if recordsHistory {
            genesisJournal = HistoryJournal(genesisOf: state)
            self.recordsHistory = true
        }
    }

    /// Resumes from a snapshot, with history off (``recordsHistory``).
    public init(state: LedgerState) {
        self.state = state
        self.state.historyJournal = nil
    }

    public var parameters: ChainParameters { state.parameters }

    /// Whether `finalizeBlock` records a ``HistoryJournal`` of each block (off by default: then
    /// each balance write pays one nil check). It never changes results or the application hash.
    ///
    /// - Precondition: set between blocks (not between `finalizeBlock` and `commit`).
    public var recordsHistory: Bool {
        get { state.historyJournal != nil }
        set {
            precondition(uncommittedHeight == nil, "history switched between finalizeBlock and commit")
            guard newValue != recordsHistory else { return }
            state.historyJournal = newValue ? HistoryJournal() : nil
        }
    }

    // MARK: - Mempool admission

    /// Checks that do not depend on state: size, canonical encoding, action
    /// count, weak keys (`weak_key`), chain id and signature.
    ///
    /// - Complexity: one SHA-256 and one Ed25519 verification; safe to call
    ///   concurrently from many threads.
    public static func admit(_ bytes: [UInt8], chainID: String) -> Result<VerifiedTransaction, Rejection> {
        guard bytes.count <= SignedTransaction.byteCountMax else { return .failure(Rejection(.tooLarge)) }
        let signed: SignedTransaction
        do {
            signed = try SignedTransaction(canonicalBytes: bytes)
        } catch {
            if case .lengthTooLarge = error.reason, error.offset > 0, containsTooManyActions(bytes) {
                return .failure(Rejection(.tooManyActions))
            }
            if case .weakPublicKey = error.reason {
                return .failure(Rejection(.weakKey, detail: error.description))
            }
            return .failure(Rejection(.malformed, detail: error.description))
        }
        guard !signed.transaction.actions.isEmpty else { return .failure(Rejection(.noActions)) }
        guard Application.isSameChain(signed.transaction.chainID, chainID) else {
            return .failure(Rejection(.wrongChain, detail: "expected chain id '\(chainID)'"))
        }
        guard let verified = VerifiedTransaction(verifying: signed, canonicalBytes: bytes) else {
            return .failure(Rejection(.badSignature))
        }
        return .success(verified)
    }

    /// What the mempool already holds from one sender, so that a client can
    /// queue several transactions with consecutive nonces.
    public struct PendingSender: Sendable {
        public var transactionCount: UInt64
        public var fees: Amount

        public init(transactionCount: UInt64, fees: Amount) {
            self.transactionCount = transactionCount
            self.fees = fees
        }

        public static let none = PendingSender(transactionCount: 0, fees: .zero)
    }

    /// Checks against committed state that the transaction could be included
    /// in the next block after the sender's pending ones.
    public func checkTx(_ transaction: VerifiedTransaction, pending: PendingSender = .none) -> ResultCode {
        let expectedNonce = state.nextNonce(of: transaction.sender) + pending.transactionCount
        let available =
            state.balance(of: transaction.sender, asset: parameters.feeAsset).subtracting(pending.fees) ?? .zero
        return admissionCode(
            transaction.transaction, expectedNonce: expectedNonce, feeBalance: available, height: state.height + 1)
    }

    // MARK: - Proposal

    /// Chooses the next block's transactions from mempool candidates, in their
    /// order, within the block limits, skipping any that could not be
    /// included after the ones chosen before them; then puts them in execution
    /// order (cancels first, see `executionOrder`), so that the block reads as it executes.
    public func prepareProposal(_ candidates: [VerifiedTransaction]) -> [VerifiedTransaction] {
        var chosen = [VerifiedTransaction]()
        var byteCount = 0
        var nextNonces: [AccountID: UInt64] = [:]
        var feeBalances: [AccountID: Amount] = [:]
        for candidate in candidates {
            guard chosen.count < Int(parameters.blockTransactionCountMax),
                byteCount + candidate.encodedByteCount <= Int(parameters.blockByteCountMax)
            else { break }
            let sender = candidate.sender
            let nonce = nextNonces[sender] ?? state.nextNonce(of: sender)
            let feeBalance = feeBalances[sender] ?? state.balance(of: sender, asset: parameters.feeAsset)
            let code = admissionCode(
                candidate.transaction, expectedNonce: nonce, feeBalance: feeBalance, height: state.height + 1)
            guard code == .ok else { continue }
            chosen.append(candidate)
            byteCount += candidate.encodedByteCount
            nextNonces[sender] = nonce + 1
            feeBalances[sender] = feeBalance.subtracting(candidate.transaction.fee)!
        }
        return Application.executionOrder(chosen).map { chosen[$0] }
    }

    /// The order in which `finalizeBlock` executes a block's transactions, as indexes into it.
    ///
    /// Cancels first: every transaction whose actions are all cancels (`cancelOrder`,
    /// `cancelAllOrders`) runs before all others, unless an earlier transaction of the same
    /// sender in the block is not such a cancel. So a block cannot make a cancel wait behind
    /// orders that would trade against the order it cancels, and each sender's transactions
    /// still run in block order, which their consecutive nonces require. Within each group, block
    /// order. This is part of execution, not a proposal rule: every node computes it from the
    /// block alone, whatever order the proposer chose.
    ///
    /// - Complexity: O(transactions).
    public static func executionOrder(_ transactions: [VerifiedTransaction]) -> [Int] {
        var cancels: [Int] = []
        var others: [Int] = []
        var sendersWithOthers = Set<AccountID>()
        for (index, transaction) in transactions.enumerated() {
            let actions = transaction.transaction.actions
            if !actions.isEmpty, actions.allSatisfy(\.isCancel), !sendersWithOthers.contains(transaction.sender) {
                cancels.append(index)
            } else {
                others.append(index)
                sendersWithOthers.insert(transaction.sender)
            }
        }
        return others.count == transactions.count ? others : cancels + others
    }

    /// Decides whether a proposed block may be voted for: it must extend the
    /// committed chain, respect the limits and carry well-formed, correctly
    /// signed transactions (verified by the caller, in block order).
    public func processProposal(_ block: Block, verified: [VerifiedTransaction]) -> ProposalVerdict {
        let header = block.header
        guard Application.isSameChain(header.chainID, parameters.chainID) else {
            return .reject("block is for chain '\(header.chainID)'")
        }
        guard header.height == state.height + 1 else {
            return .reject("block height \(header.height) does not follow \(state.height)")
        }
        guard header.previousBlockHash == state.lastBlockHash else { return .reject("previous block hash differs") }
        guard header.previousAppHash == state.appHash else { return .reject("previous application hash differs") }
        guard header.timeMilliseconds > state.timeMilliseconds else { return .reject("block time does not advance") }
        guard block.transactions.count <= Int(parameters.blockTransactionCountMax) else {
            return .reject("too many transactions")
        }
        guard verified.count == block.transactions.count,
            zip(verified, block.transactions).allSatisfy({ $0.signed == $1 })
        else { return .reject("a transaction's signature is not valid") }
        let ids = verified.map(\.id)
        guard Block.transactionsHash(ids: ids) == header.transactionsHash else {
            return .reject("transactions hash differs")
        }
        guard Block.evidenceHash(block.evidence) == header.evidenceHash else { return .reject("evidence hash differs") }
        guard Set(ids).count == ids.count else { return .reject("a transaction appears twice") }
        guard verified.reduce(0, { $0 + $1.encodedByteCount }) <= Int(parameters.blockByteCountMax) else {
            return .reject("block exceeds \(parameters.blockByteCountMax) bytes")
        }
        for transaction in verified {
            guard Application.isSameChain(transaction.transaction.chainID, parameters.chainID),
                !transaction.transaction.actions.isEmpty
            else {
                return .reject("transaction \(transaction.id) is not valid on this chain")
            }
        }
        return .accept
    }

    // MARK: - Execution

    /// Executes a decided block on the current state.
    ///
    /// Transactions run in `executionOrder` (cancels first); results are reported in block
    /// order. Each transaction that passes the admission rules pays its fee and uses
    /// its nonce, then applies its actions all or none. One that fails them
    /// (possible only from a faulty proposer) is recorded with its code and
    /// changes nothing. Then, in this fixed order (DESIGN.md): batch auctions clear, orders
    /// whose expiry time the block reached expire, and the derivatives module runs its end of
    /// block (`runDerivativesEndOfBlock`); their events are `endBlockEvents`.
    ///
    /// - Precondition: the block passed `processProposal` and the previous block was committed.
    public mutating func finalizeBlock(_ block: Block, verified: [VerifiedTransaction]) -> FinalizedBlock {
        precondition(uncommittedHeight == nil, "finalizeBlock called twice without commit")
        precondition(block.header.height == state.height + 1, "block does not follow the committed height")
        precondition(verified.count == block.transactions.count, "every transaction must be verified")
        state.height = block.header.height
        state.timeMilliseconds = block.header.timeMilliseconds
        var executed = [TransactionResult?](repeating: nil, count: verified.count)
        for index in Application.executionOrder(verified) {
            executed[index] = execute(verified[index], index: UInt32(index))
        }
        let results = executed.map { $0! }
        var endBlockEvents = state.clearBatchAuctions(blockHash: block.hash)
        state.historyJournal?.cause = .expiry
        endBlockEvents += state.expireOrders()
        state.historyJournal?.cause = .escrowDeadline
        endBlockEvents += state.runEscrowEndOfBlock()
        state.runDerivativesEndOfBlock(appendingTo: &endBlockEvents)
        do {
            try state.checkBlockConservation()
            marginRiskAfterLastBlock = checksFullInvariantsEveryBlock ? try state.checkFullConservation() : nil
        } catch {
            preconditionFailure("invariant violated at height \(state.height): \(error)")
        }
        var resultWriter = CanonicalWriter(capacity: results.count * 64)
        resultWriter.write(results)
        var eventWriter = CanonicalWriter(capacity: endBlockEvents.count * 64 + 4)
        eventWriter.write(endBlockEvents)
        state.commitBlockChanges(
            blockHash: block.hash, resultsHash: Hash.sha256(resultWriter.bytes),
            endBlockEventsHash: Hash.sha256(eventWriter.bytes))
        uncommittedHeight = block.header.height
        let journal = state.historyJournal
        if journal != nil { state.historyJournal = HistoryJournal() }
        return FinalizedBlock(
            block: block, results: results, endBlockEvents: endBlockEvents, appHash: state.appHash, journal: journal)
    }

    /// Marks the finalized block's state as committed, once the node has persisted it.
    public mutating func commit() -> (height: UInt64, appHash: Hash) {
        precondition(uncommittedHeight == state.height, "commit without finalizeBlock")
        uncommittedHeight = nil
        return (state.height, state.appHash)
    }

    /// Executes the transaction at `index` in its block.
    private mutating func execute(_ verified: VerifiedTransaction, index transactionIndex: UInt32) -> TransactionResult
    {
        let transaction = verified.transaction
        let sender = verified.sender
        let feeBalance = state.balance(of: sender, asset: parameters.feeAsset)
        let code = admissionCode(
            transaction, expectedNonce: state.nextNonce(of: sender), feeBalance: feeBalance, height: state.height)
        guard code == .ok else { return TransactionResult(id: verified.id, code: code) }
        state.historyJournal?.cause = .fee(transaction: transactionIndex)
        state.setNonce(transaction.nonce + 1, of: sender)
        var events = [Event]()
        if !transaction.fee.isZero {
            state.setBalance(feeBalance.subtracting(transaction.fee)!, of: sender, asset: parameters.feeAsset)
            // The pool is bounded by the fee asset's supply, so it cannot overflow.
            state.setFeePool(state.feePool.adding(transaction.fee)!)
            events.append(.feePaid(payer: sender, asset: parameters.feeAsset, amount: transaction.fee))
        }
        // A failed transaction reports only the fee it paid, if any, never the events of undone actions.
        let feeEvents = events
        state.beginTransaction()
        for (index, action) in transaction.actions.enumerated() {
            if state.historyJournal != nil {
                state.historyJournal!.cause = .action(
                    transaction: transactionIndex, action: UInt16(index), kind: HistoryJournal.ActionKind(action))
            }
            do {
                events += try state.apply(action, sender: sender)
            } catch {
                state.rollBackTransaction()
                return TransactionResult(
                    id: verified.id, code: error.code, failedActionIndex: UInt32(index), events: feeEvents)
            }
        }
        state.commitTransaction()
        return TransactionResult(id: verified.id, code: .ok, events: events)
    }

    /// The rules a transaction must meet to be included at `height`.
    private func admissionCode(_ transaction: Transaction, expectedNonce: UInt64, feeBalance: Amount, height: UInt64)
        -> ResultCode
    {
        guard Application.isSameChain(transaction.chainID, parameters.chainID) else { return .wrongChain }
        guard transaction.expiryHeight >= height else { return .expired }
        guard transaction.nonce >= expectedNonce else { return .nonceTooLow }
        guard transaction.nonce == expectedNonce else { return .nonceTooHigh }
        guard transaction.fee >= parameters.minimumFee else { return .feeBelowMinimum }
        guard transaction.fee <= feeBalance else { return .insufficientFee }
        return .ok
    }

    /// Compares chain ids byte for byte: Swift's `==` on strings treats canonically
    /// equivalent Unicode as equal, but the signed bytes differ, and so must the chains.
    public static func isSameChain(_ left: String, _ right: String) -> Bool {
        left.utf8.elementsEqual(right.utf8)
    }

    /// Distinguishes an over-long action list from other malformed input, for a clearer message.
    private static func containsTooManyActions(_ bytes: [UInt8]) -> Bool {
        var reader = CanonicalReader(bytes)
        guard (try? reader.read(String.self, maxByteCount: Transaction.chainIDByteCountMax)) != nil,
            (try? reader.readFixed(count: PublicKey.byteCount + 8 + 16 + 8)) != nil,
            let count = try? reader.read(UInt32.self)
        else { return false }
        return Int(count) > SignedTransaction.actionCountMax
    }
}

/// A transaction turned away before it reached a block.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ResultCode
    public let detail: String?

    public init(_ code: ResultCode, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail.map { "\(code.message): \($0)" } ?? code.message }
}

/// A validator's answer to a proposal.
public enum ProposalVerdict: Sendable, Equatable {
    case accept
    case reject(String)
}

/// An executed block with what it did, ready to persist.
public struct FinalizedBlock: Sendable {
    public let block: Block
    /// One per transaction, in block order.
    public let results: [TransactionResult]
    /// What the end-of-block steps did (auction trades, expiries), in the order they happened.
    public let endBlockEvents: [Event]
    /// The application hash after this block.
    public let appHash: Hash
    /// What the block did in the detail history needs (``HistoryJournal``), when the application
    /// records history; never part of the application hash.
    public let journal: HistoryJournal?

    public init(
        block: Block, results: [TransactionResult], endBlockEvents: [Event] = [], appHash: Hash,
        journal: HistoryJournal? = nil
    ) {
        self.block = block
        self.results = results
        self.endBlockEvents = endBlockEvents
        self.appHash = appHash
        self.journal = journal
    }
}
