import AsyncHTTPClient
import BazaarAPI
public import BazaarCore

/// Sends signed transfers to a running node at a fixed rate and measures submit-to-commit latency.
///
/// The load is open-loop: a transaction is sent when its time comes, whether
/// or not earlier ones have returned, so a slow node shows up as latency and
/// skips rather than as a politely lower offered rate. Each sender's nonces
/// are counted locally, so transactions are signed before the clock starts.
public struct TransferBenchmark: Sendable {
    /// A run schedules at most this many transactions, all signed up front.
    public static let transactionCountMax = 2_000_000
    /// Funding transactions carry this many transfers each, the protocol's maximum.
    static let fundingActionsPerTransaction = SignedTransaction.actionCountMax

    public struct Configuration: Sendable {
        public var nodeURL: String
        public var targetPerSecond: Int
        public var duration: Duration
        public var senderCount: Int
        /// Requests allowed in flight at once; beyond it a transaction is skipped and counted.
        public var inFlightMax: Int
        /// How long to wait after sending for the last commits.
        public var drainTimeout: Duration
        /// How often the follower asks for the next block when it is not there yet.
        public var pollInterval: Duration

        public init(
            nodeURL: String, targetPerSecond: Int, duration: Duration, senderCount: Int, inFlightMax: Int = 1024,
            drainTimeout: Duration = .seconds(20), pollInterval: Duration = .milliseconds(10)
        ) {
            self.nodeURL = nodeURL
            self.targetPerSecond = targetPerSecond
            self.duration = duration
            self.senderCount = senderCount
            self.inFlightMax = inFlightMax
            self.drainTimeout = drainTimeout
            self.pollInterval = pollInterval
        }

        /// Transactions the run schedules.
        public var transactionCount: Int {
            Int((Double(targetPerSecond) * duration.seconds).rounded())
        }

        /// - Throws: `BazaarClientError.Code.invalidInput` for a rate, duration or sender count out of range.
        public func validate() throws(BazaarClientError) {
            guard targetPerSecond > 0 else { throw BazaarClientError(.invalidInput, "--tps must be positive") }
            guard duration > .zero else { throw BazaarClientError(.invalidInput, "--duration must be positive") }
            guard (1...10_000).contains(senderCount) else {
                throw BazaarClientError(.invalidInput, "--accounts must be 1 to 10000")
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
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: min(configuration.inFlightMax, 256))
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: poolConfiguration)
        do {
            let result = try await run(
                api: try BazaarAPIClient(baseURL: configuration.nodeURL, httpClient: httpClient), progress: progress)
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private func run(api: BazaarAPIClient, progress: @Sendable (String) -> Void) async throws -> TransferBenchmarkResult
    {
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

        progress("sending \(configuration.targetPerSecond)/s for \(configuration.duration)")
        return try await send(transactions, api: api, firstHeight: status.height + 1)
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
        _ transactions: [(id: String, signed: SignedTransaction)], api: BazaarAPIClient, firstHeight: UInt64
    ) async throws -> TransferBenchmarkResult {
        let state = TransferBenchmarkState()
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.seconds(1) / configuration.targetPerSecond
        let inFlightMax = configuration.inFlightMax
        let follower = BlockFollower(
            api: api, state: state, firstHeight: firstHeight, pollInterval: configuration.pollInterval)
        let drainTimeout = configuration.drainTimeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.follow(until: { state.isSettled }, drainTimeout: drainTimeout) }
            for (index, transaction) in transactions.enumerated() {
                let due = start + interval * index
                if clock.now < due { try await Task.sleep(until: due, clock: clock) }
                guard state.beginSubmission(id: transaction.id, inFlightMax: inFlightMax, at: clock.now) else {
                    continue
                }
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
            state.finishSending()
            try await group.waitForAll()
        }
        return state.counters.withLock { counters in
            TransferBenchmarkResult(
                scheduled: transactions.count, submitted: counters.submitted, skipped: counters.skipped,
                accepted: counters.accepted, rejectedByCode: counters.rejectedByCode, committed: counters.committed,
                committedOK: counters.committedOK,
                elapsedSeconds: ((counters.lastCommit ?? clock.now) - start).seconds,
                latenciesNanoseconds: counters.latenciesNanoseconds)
        }
    }
}
