import AsyncHTTPClient
import BazaarAPI
public import BazaarCore

/// Sends signed transfers to a running node at a fixed rate and measures submit-to-commit latency.
///
/// The load is open-loop: a transaction is sent when its time comes, whether
/// or not earlier ones have returned, so a slow node shows up as latency,
/// skips and send lag rather than as a politely lower offered rate. Each
/// sender's nonces are counted locally, so transactions are signed before the
/// clock starts.
///
/// With a batch size of 1 each transaction is its own `POST /v1/tx` at its own
/// instant, skipped when `inFlightMax` requests are out. With more, the sender
/// wakes every `Configuration.batchTick` and posts the transactions due by then
/// to `POST /v1/txs`, in requests of at most the batch size, concurrently; a
/// request that does not fit in flight waits for a later tick. Latency is per
/// transaction either way, from the moment its request is handed to the HTTP
/// client to the moment its block is seen: a transaction's wait for its tick
/// (at most one) or for room in flight is not in it, but in the send lag.
public struct TransferBenchmark: Sendable {
    /// A run schedules at most this many transactions, all signed up front.
    public static let transactionCountMax = 2_000_000
    /// The largest batch a request may carry, the node's limit for `POST /v1/txs`.
    public static let batchSizeMax = SubmitTransactionsRequest.countMax
    /// Funding transactions carry this many transfers each, the protocol's maximum.
    static let fundingActionsPerTransaction = SignedTransaction.actionCountMax

    public struct Configuration: Sendable {
        /// The node that funds the senders and whose blocks are followed.
        public var nodeURL: String
        /// More nodes of the same network to send to: each sender's transactions all go to one node
        /// (sender *i* to node *i* mod the node count, `nodeURL` first), so its nonces arrive in order.
        public var otherNodeURLs: [String] = []
        public var targetPerSecond: Int
        public var duration: Duration
        public var senderCount: Int
        /// Transactions per request: 1 posts each to `/v1/tx`, more post batches to `/v1/txs`.
        public var batchSize: Int
        /// Transactions allowed in flight at once, counting every one of a batch; a request
        /// that does not fit is not sent, and its transactions are counted as skipped.
        public var inFlightMax: Int
        /// How long to wait after sending for the last commits.
        public var drainTimeout: Duration
        /// How often the follower asks for the next block when it is not there yet.
        public var pollInterval: Duration

        public init(
            nodeURL: String, targetPerSecond: Int, duration: Duration, senderCount: Int, batchSize: Int = 1,
            inFlightMax: Int? = nil, drainTimeout: Duration = .seconds(20), pollInterval: Duration = .milliseconds(10)
        ) {
            self.nodeURL = nodeURL
            self.targetPerSecond = targetPerSecond
            self.duration = duration
            self.senderCount = senderCount
            self.batchSize = batchSize
            // 1,024 single requests as before; with batches, room for at least 16 full requests.
            self.inFlightMax = inFlightMax ?? max(1_024, 16 * batchSize)
            self.drainTimeout = drainTimeout
            self.pollInterval = pollInterval
        }

        /// Transactions the run schedules.
        public var transactionCount: Int {
            Int((Double(targetPerSecond) * duration.seconds).rounded())
        }

        /// How often the batched sender wakes: the time a full batch takes to fall due at the target
        /// rate, so that at high rates each request is full, but at most 10 ms, so that at low rates no
        /// transaction waits long for company, and at least 1 ms, so that the sender does not spin.
        public var batchTick: Duration {
            let fill = Duration.seconds(1) * batchSize / max(1, targetPerSecond)
            return min(max(fill, .milliseconds(1)), .milliseconds(10))
        }

        /// Requests in flight at once when every one is full; sizes the connection pool.
        var requestsInFlightMax: Int {
            (inFlightMax + batchSize - 1) / max(1, batchSize)
        }

        /// - Throws: `BazaarClientError.Code.invalidInput` for a rate, duration, sender count or batch size out of range.
        public func validate() throws(BazaarClientError) {
            guard targetPerSecond > 0 else { throw BazaarClientError(.invalidInput, "--tps must be positive") }
            guard duration > .zero else { throw BazaarClientError(.invalidInput, "--duration must be positive") }
            guard (1...10_000).contains(senderCount) else {
                throw BazaarClientError(.invalidInput, "--accounts must be 1 to 10000")
            }
            guard (1...TransferBenchmark.batchSizeMax).contains(batchSize) else {
                throw BazaarClientError(.invalidInput, "--batch must be 1 to \(TransferBenchmark.batchSizeMax)")
            }
            guard inFlightMax >= batchSize else {
                throw BazaarClientError(.invalidInput, "in-flight maximum \(inFlightMax) is below the batch size")
            }
            guard transactionCount >= 1 else {
                throw BazaarClientError(.invalidInput, "tps × duration must be at least one transaction")
            }
            guard transactionCount <= TransferBenchmark.transactionCountMax else {
                throw BazaarClientError(
                    .invalidInput,
                    "tps × duration must be at most \(TransferBenchmark.transactionCountMax) transactions")
            }
        }
    }

    public var configuration: Configuration
    /// The key that funds the senders; on a devnet, `alice`.
    public var funder: PrivateKey

    public init(configuration: Configuration, funder: PrivateKey) {
        self.configuration = configuration
        self.funder = funder
    }

    /// Funds fresh senders, sends the load, follows the blocks and reports what it saw.
    ///
    /// - Parameter progress: told about each phase, for people watching.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> TransferBenchmarkResult {
        try configuration.validate()
        var poolConfiguration = HTTPClient.Configuration()
        poolConfiguration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: min(configuration.requestsInFlightMax, 256))
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: poolConfiguration)
        do {
            let apis = try ([configuration.nodeURL] + configuration.otherNodeURLs).map {
                try BazaarAPIClient(baseURL: $0, httpClient: httpClient)
            }
            let result = try await run(apis: apis, progress: progress)
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private func run(apis: [BazaarAPIClient], progress: @Sendable (String) -> Void) async throws
        -> TransferBenchmarkResult
    {
        let api = apis[0]
        let chain = try await api.chainContext()
        let fee = try chain.minimumFee()
        let senders = (0..<configuration.senderCount).map { _ in PrivateKey() }
        let perSender = (configuration.transactionCount + senders.count - 1) / senders.count
        // Each transfer moves one base unit of the fee asset and pays the fee; the spare fee covers rounding.
        guard let funding = fee.adding(Amount(baseUnits: 1))?.multiplied(by: UInt128(perSender))?.adding(fee) else {
            throw BazaarClientError(.invalidInput, "the run is too large to fund")
        }
        progress(
            "funding \(senders.count) senders with \(funding.formatted(decimals: try chain.decimals(of: chain.status.feeAsset))) \(chain.status.feeAsset) each"
        )
        try await fund(senders, with: funding, chain: chain, fee: fee, api: api)

        progress("signing \(configuration.transactionCount) transfers")
        let status = try await api.status()
        let transactions = try sign(from: senders, chain: chain, fee: fee, height: status.height)

        progress(
            configuration.batchSize == 1
                ? "sending \(configuration.targetPerSecond)/s for \(configuration.duration), one per request"
                : "sending \(configuration.targetPerSecond)/s for \(configuration.duration), up to \(configuration.batchSize) per request every \((configuration.batchTick.seconds * 10_000).rounded() / 10) ms"
        )
        return try await send(transactions, apis: apis, firstHeight: status.height + 1)
    }

    /// Sends `funding` of the fee asset to every sender from the funder, and waits for the commits.
    private func fund(
        _ senders: [PrivateKey], with funding: Amount, chain: ChainContext, fee: Amount, api: BazaarAPIClient
    ) async throws {
        let feeAsset = try TransactionBuilder.symbol(chain.status.feeAsset)
        let account = try await api.account(address: funder.publicKey.accountID.address)
        var builder = TransactionBuilder(
            key: funder, chainID: chain.status.chainId, nonce: account.nonce, fee: fee,
            expiryHeight: chain.status.height + BazaarAPIClient.expiryBlockCountDefault)
        var ids: [String] = []
        for start in stride(from: 0, to: senders.count, by: TransferBenchmark.fundingActionsPerTransaction) {
            let batch = senders[start..<min(start + TransferBenchmark.fundingActionsPerTransaction, senders.count)]
            let actions = batch.map { sender in
                Action.transfer(
                    Action.Transfer(recipient: sender.publicKey.accountID, asset: feeAsset, amount: funding))
            }
            ids.append(try await api.submit(try builder.signNext(actions: actions)).id)
        }
        for id in ids {
            let committed = try await api.waitForCommit(id: id, timeout: .seconds(60))
            guard committed.code == ResultCode.ok.name else {
                throw BazaarClientError(
                    .invalidInput,
                    "funding the senders failed with \(committed.code ?? "?"): \(committed.message ?? ""); does the funder hold enough \(feeAsset)?"
                )
            }
        }
    }

    /// Signs every transfer of the run, round-robin over the senders, each back to the funder.
    private func sign(
        from senders: [PrivateKey], chain: ChainContext, fee: Amount, height: UInt64
    ) throws -> [(id: String, signed: SignedTransaction)] {
        let feeAsset = try TransactionBuilder.symbol(chain.status.feeAsset)
        let transfer = Action.transfer(
            Action.Transfer(recipient: funder.publicKey.accountID, asset: feeAsset, amount: Amount(baseUnits: 1)))
        // Valid until well after the run: one block per 100 ms for the duration and the drain, twice over.
        let blocksAhead = UInt64((configuration.duration + configuration.drainTimeout).seconds * 20) + 1_000
        var builders = senders.map { key in
            TransactionBuilder(
                key: key, chainID: chain.status.chainId, nonce: 0, fee: fee, expiryHeight: height + blocksAhead)
        }
        var transactions: [(id: String, signed: SignedTransaction)] = []
        transactions.reserveCapacity(configuration.transactionCount)
        for index in 0..<configuration.transactionCount {
            let signed = try builders[index % builders.count].signNext(actions: [transfer])
            transactions.append((signed.id.hex, signed))
        }
        return transactions
    }

    private func send(
        _ transactions: [(id: String, signed: SignedTransaction)], apis: [BazaarAPIClient], firstHeight: UInt64
    ) async throws -> TransferBenchmarkResult {
        let api = apis[0]
        let state = TransferBenchmarkState()
        let clock = ContinuousClock()
        let start = clock.now
        let follower = BlockFollower(
            api: api, state: state, firstHeight: firstHeight, pollInterval: configuration.pollInterval)
        let drainTimeout = configuration.drainTimeout
        // Discarding, so that finished requests do not pile up in the group until the end of the run.
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await follower.follow(until: { state.isSettled }, drainTimeout: drainTimeout) }
            if configuration.batchSize == 1 {
                try await sendOneByOne(transactions, apis: apis, state: state, start: start, group: &group)
            } else {
                try await sendBatched(transactions, apis: apis, state: state, start: start, group: &group)
            }
            state.finishSending()
        }
        return state.counters.withLock { counters in
            TransferBenchmarkResult(
                scheduled: transactions.count, submitted: counters.submitted, skipped: counters.skipped,
                accepted: counters.accepted, rejectedByCode: counters.rejectedByCode, committed: counters.committed,
                committedOK: counters.committedOK,
                elapsedSeconds: ((counters.lastCommit ?? clock.now) - start).seconds,
                latenciesNanoseconds: counters.latenciesNanoseconds, sendLagSecondsMax: counters.sendLagMax.seconds)
        }
    }

    /// The node transaction `index` goes to: its sender's (transactions are signed round-robin over the senders).
    private func node(ofTransaction index: Int, nodeCount: Int) -> Int {
        (index % configuration.senderCount) % nodeCount
    }

    /// Posts each transaction alone to `/v1/tx` at its own instant.
    private func sendOneByOne(
        _ transactions: [(id: String, signed: SignedTransaction)], apis: [BazaarAPIClient],
        state: TransferBenchmarkState, start: ContinuousClock.Instant,
        group: inout ThrowingDiscardingTaskGroup<any Error>
    ) async throws {
        let clock = ContinuousClock()
        let interval = Duration.seconds(1) / configuration.targetPerSecond
        for (index, transaction) in transactions.enumerated() {
            let due = start + interval * index
            if clock.now < due { try await Task.sleep(until: due, clock: clock) }
            guard
                state.beginSubmission(
                    ids: CollectionOfOne(transaction.id), inFlightMax: configuration.inFlightMax, due: due,
                    at: clock.now)
            else {
                state.recordSkipped(count: 1)
                continue
            }
            let api = apis[node(ofTransaction: index, nodeCount: apis.count)]
            group.addTask {
                var rejection: String?
                do {
                    _ = try await api.submit(transaction.signed)
                } catch let error as APIError {
                    rejection = error.code
                } catch {
                    rejection = "transport"
                }
                state.endSubmission(id: transaction.id, rejectionCode: rejection)
            }
        }
    }

    /// Every `batchTick`, posts the transactions due by then to `/v1/txs` in requests of at most `batchSize`.
    ///
    /// Ticks are counted from `start`, so a late wake-up sends more rather than shifting the schedule.
    /// A request that does not fit under `inFlightMax` is deferred to the next tick, not dropped: each
    /// sender's nonces form a chain, and a transaction never sent leaves a gap that strands all its
    /// sender's later ones in the node's mempool. Deferral shows up as `sendLagSecondsMax`; whatever is
    /// still held back `drainTimeout` after the schedule's end is counted as skipped.
    private func sendBatched(
        _ transactions: [(id: String, signed: SignedTransaction)], apis: [BazaarAPIClient],
        state: TransferBenchmarkState, start: ContinuousClock.Instant,
        group: inout ThrowingDiscardingTaskGroup<any Error>
    ) async throws {
        precondition(!transactions.isEmpty, "validate() refuses an empty run")
        let clock = ContinuousClock()
        let interval = Duration.seconds(1) / configuration.targetPerSecond
        let tick = configuration.batchTick
        let batchSize = configuration.batchSize
        // After k ticks the clock is at least k ticks past start, which bounds the loop in time and in count.
        let sendingSpan = interval * (transactions.count - 1) + configuration.drainTimeout
        let tickCountMax = Int((sendingSpan / tick).rounded(.up)) + 2
        var sent = 0
        for tickNumber in 1...tickCountMax {
            let dueCount = min(transactions.count, Int(((clock.now - start) / interval).rounded(.down)) + 1)
            while sent < dueCount {
                let chunk = Array(transactions[sent..<min(sent + batchSize, dueCount)])
                guard
                    state.beginSubmission(
                        ids: chunk.lazy.map(\.id), inFlightMax: configuration.inFlightMax, due: start + interval * sent,
                        at: clock.now)
                else { break }
                // One request per node, each with its senders' transactions in order.
                var byNode = [[(id: String, signed: SignedTransaction)]](repeating: [], count: apis.count)
                for (offset, transaction) in chunk.enumerated() {
                    byNode[node(ofTransaction: sent + offset, nodeCount: apis.count)].append(transaction)
                }
                for (index, part) in byNode.enumerated() where !part.isEmpty {
                    group.addTask { await TransferBenchmark.submit(part, api: apis[index], state: state) }
                }
                sent += chunk.count
            }
            if sent == transactions.count { break }
            let next = start + tick * tickNumber
            if clock.now < next { try await Task.sleep(until: next, clock: clock) }
        }
        state.recordSkipped(count: transactions.count - sent)
    }

    /// Posts one batch and records each transaction's outcome; a whole-request failure rejects them all.
    private static func submit(
        _ chunk: [(id: String, signed: SignedTransaction)], api: BazaarAPIClient, state: TransferBenchmarkState
    ) async {
        let outcomes: [(id: String, rejectionCode: String?)]
        do {
            let results = try await api.submit(batch: chunk.map(\.signed))
            outcomes = zip(chunk, results).map { transaction, result in
                (transaction.id, result.status == .pending ? nil : result.code ?? "unknown")
            }
        } catch let error as APIError {
            outcomes = chunk.map { ($0.id, error.code) }
        } catch {
            outcomes = chunk.map { ($0.id, "transport") }
        }
        state.endSubmissions(outcomes)
    }
}
