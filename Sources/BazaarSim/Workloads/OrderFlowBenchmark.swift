public import BazaarCore

/// Order throughput of the state machine: an EC-1 stream (`../shared/bench/EC-1.md`) turned into
/// order transactions and executed by `Application.finalizeBlock`, with balances, locks, fees,
/// the undo journal, conservation checks and the application hash, as a node executes them.
///
/// Signatures are excluded: the transactions are built pre-verified, as after mempool admission
/// (`VerifiedTransaction(readBackFromOwnStore:)`), so the figure is what the execution path costs,
/// not Ed25519. Everything but `finalizeBlock` and `commit` (making the stream, signing nothing,
/// building blocks, counting results) happens outside the timed sections.
///
/// Mapping of the stream: each new order `id` comes from account `id % accountCount` with client
/// order id `id`; `C` cancels by client id; `M` amends the price; `R` amends the size to what the
/// stream's own book says remains minus the reduction (a cancel when nothing would remain). A
/// command whose order the state machine no longer has (for instance after self-trade prevention
/// cancelled it, which the stream's engine does not model) fails with its result code and counts
/// in `failedTransactionCount`.
public enum OrderFlowBenchmark {
    public struct Configuration: Sendable, Hashable {
        /// Timed EC-1 commands (after 1,000 untimed warm-up orders).
        public var commandCount: Int
        public var seed: UInt64
        /// Accounts the orders are spread over (fewer means more self-trade prevention).
        public var accountCount: Int
        /// Transactions of one action each per block (at most the chain's 10,000).
        public var transactionsPerBlock: Int

        public init(
            commandCount: Int = 100_000, seed: UInt64 = 1, accountCount: Int = 1_000, transactionsPerBlock: Int = 5_000
        ) {
            self.commandCount = commandCount
            self.seed = seed
            self.accountCount = accountCount
            self.transactionsPerBlock = transactionsPerBlock
        }
    }

    /// What one run measured. Durations cover `finalizeBlock` plus `commit` only.
    public struct Figures: Sendable, Hashable {
        public var commandCount: Int
        public var blockCount: Int
        public var elapsed: Duration
        public var commandsPerSecond: Double
        /// Continuous-market trades.
        public var tradeCount: Int
        public var failedTransactionCount: Int
        /// Result codes of failed transactions, by code name, in name order.
        public var failures: [String: Int]
        public var restingOrderCount: Int
        /// Per-block execution time: median, 99th percentile (nearest rank) and maximum.
        public var blockMedian: Duration
        public var blockP99: Duration
        public var blockMax: Duration
        /// The application hash at the end: equal runs give equal hashes.
        public var appHash: Hash
    }

    /// The benchmark market: BTC-USD-like, continuous, one lot and one tick per unit, maker rebate
    /// 0.01%, taker fee 0.03%.
    static let market = Action.CreateMarket(
        base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 1), tickSize: Amount(baseUnits: 1),
        minimumSize: Amount(baseUnits: 1), maximumPriceTicks: 65_536, makerFeeBasisPoints: -1, takerFeeBasisPoints: 3,
        mode: .continuous)
    static let chainID = "bazaar-bench"
    static let fee = Amount(baseUnits: 1)

    /// What a node does with each block besides executing it, such as storing it (and its
    /// history): the benchmark times it with the block. BazaarSim does no I/O itself; the command
    /// line passes a sink over the node's store.
    public protocol BlockSink {
        /// Called once before the first block, with the genesis state and, when the run records
        /// history, its journal.
        mutating func start(genesis: Genesis, state: LedgerState, journal: HistoryJournal?) throws
        /// Called for every block (warm-up ones too) after `finalizeBlock` and before `commit`, as
        /// a node stores a block, with the state after it.
        mutating func finish(_ finalized: FinalizedBlock, state: LedgerState) throws
    }

    /// Runs the benchmark with the monotonic clock.
    public static func run(_ configuration: Configuration) -> Figures {
        run(configuration, clock: ContinuousClock())
    }

    /// Runs the benchmark with the monotonic clock, handing every block to `sink` inside the timed
    /// section; with `recordsHistory`, the state machine records each block's history journal.
    public static func run(_ configuration: Configuration, recordsHistory: Bool, sink: inout some BlockSink) throws
        -> Figures
    {
        try run(configuration, clock: ContinuousClock(), recordsHistory: recordsHistory, sink: &sink)
    }

    /// Runs the benchmark, timing with `clock`.
    ///
    /// - Precondition: `transactionsPerBlock` is 1...10,000 and `accountCount` is at least 1.
    public static func run<Timer: Clock>(_ configuration: Configuration, clock: Timer) -> Figures
    where Timer.Duration == Duration {
        var sink = NoSink()
        return try! run(configuration, clock: clock, recordsHistory: false, sink: &sink)
    }

    /// A sink that keeps nothing: the state machine alone.
    struct NoSink: BlockSink {
        func start(genesis: Genesis, state: LedgerState, journal: HistoryJournal?) {}
        func finish(_ finalized: FinalizedBlock, state: LedgerState) {}
    }

    static func run<Timer: Clock>(
        _ configuration: Configuration, clock: Timer, recordsHistory: Bool, sink: inout some BlockSink
    ) throws -> Figures where Timer.Duration == Duration {
        precondition((1...10_000).contains(configuration.transactionsPerBlock), "1...10,000 transactions per block")
        precondition(configuration.accountCount >= 1, "at least one account")
        let stream = EC1Generator.generate(commandCount: configuration.commandCount, seed: configuration.seed)
        var flow = Flow(accountCount: configuration.accountCount)
        let genesis = flow.genesis()
        var application = try! Application(genesis: genesis, recordsHistory: recordsHistory)
        try sink.start(genesis: genesis, state: application.state, journal: application.genesisJournal)
        var latencies: [Duration] = []
        var figures = Figures(
            commandCount: stream.timed.count, blockCount: 0, elapsed: .zero, commandsPerSecond: 0, tradeCount: 0,
            failedTransactionCount: 0, failures: [:], restingOrderCount: 0, blockMedian: .zero, blockP99: .zero,
            blockMax: .zero, appHash: .zero)
        for (part, timed) in [(stream.prefill, false), (stream.timed, true)] {
            var start = part.startIndex
            while start < part.endIndex {
                let end = min(start + configuration.transactionsPerBlock, part.endIndex)
                let transactions = part[start..<end].map { flow.transaction(for: $0) }
                let block = flow.block(of: transactions, after: application.state)
                let started = clock.now
                let finalized = application.finalizeBlock(block, verified: transactions)
                try sink.finish(finalized, state: application.state)
                _ = application.commit()
                let duration = started.duration(to: clock.now)
                if timed {
                    latencies.append(duration)
                    figures.elapsed += duration
                    figures.blockCount += 1
                    count(finalized, into: &figures)
                }
                start = end
            }
        }
        latencies.sort()
        if !latencies.isEmpty {
            figures.blockMedian = latencies[latencies.count / 2]
            figures.blockP99 = latencies[min(latencies.count - 1, (latencies.count * 99 + 99) / 100 - 1)]
            figures.blockMax = latencies[latencies.count - 1]
        }
        let seconds =
            Double(figures.elapsed.components.seconds) + Double(figures.elapsed.components.attoseconds) * 1e-18
        figures.commandsPerSecond = seconds > 0 ? Double(figures.commandCount) / seconds : 0
        figures.restingOrderCount = application.state.market(1)!.orders.count
        figures.appHash = application.state.appHash
        return figures
    }

    private static func count(_ finalized: FinalizedBlock, into figures: inout Figures) {
        for result in finalized.results {
            if result.code != .ok {
                figures.failedTransactionCount += 1
                figures.failures[result.code.name, default: 0] += 1
            }
            for event in result.events {
                if case .trade = event { figures.tradeCount += 1 }
            }
        }
    }

    /// Turns EC-1 commands into signed-looking, pre-verified transactions, tracking nonces and the
    /// stream's own book (to turn a reduce-by into a new size).
    struct Flow: ~Copyable {
        let keys: [PublicKey]
        var nonces: [UInt64]
        var book: MatchingEngine
        var trades: MatchingTradeTally = MatchingTradeTally()
        let signature = Signature(validating: [UInt8](repeating: 0, count: Signature.byteCount))!

        init(accountCount: Int) {
            keys = (0..<accountCount).map { index in
                PrivateKey(seed: Hash.sha256(Array("bazaar/bench/order-flow/\(index)".utf8)).bytes)!.publicKey
            }
            nonces = [UInt64](repeating: 0, count: accountCount)
            book = MatchingEngine(
                .init(
                    minimumPrice: EC1Generator.minimumPrice, maximumPrice: EC1Generator.maximumPrice, capacity: 1 << 16)
            )
        }

        /// Accounts hold far more than the stream can lock; account 0 is the market authority.
        func genesis() -> Genesis {
            let plenty = Amount(baseUnits: 1 << 80)
            let issuer = keys[0].accountID
            let assets: [Genesis.Asset] = ["BZR", "USD", "BTC"].map {
                Genesis.Asset(symbol: $0, name: $0.text, decimals: 6, issuer: issuer, maxSupply: nil)
            }
            return Genesis(
                parameters: ChainParameters(
                    chainID: OrderFlowBenchmark.chainID, feeAsset: "BZR", minimumFee: OrderFlowBenchmark.fee,
                    marketAuthority: issuer, openOrderCountMax: 100_000),
                timeMilliseconds: 1_700_000_000_000,
                assets: assets,
                balances: keys.flatMap { key in
                    assets.map { Genesis.Balance(account: key.accountID, asset: $0.symbol, amount: plenty) }
                },
                validators: [keys[0]], markets: [OrderFlowBenchmark.market])
        }

        mutating func transaction(for command: EC1Command) -> VerifiedTransaction {
            let account = Int(command.id % UInt64(keys.count))
            let action = action(for: command)
            _ = book.execute(command.engineCommand, trades: &trades)
            let transaction = Transaction(
                chainID: OrderFlowBenchmark.chainID, sender: keys[account], nonce: nonces[account],
                fee: OrderFlowBenchmark.fee, expiryHeight: .max, actions: [action])
            nonces[account] += 1
            return VerifiedTransaction(
                readBackFromOwnStore: SignedTransaction(transaction: transaction, signature: signature))
        }

        func action(for command: EC1Command) -> Action {
            let market: MarketID = 1
            switch command.operation {
            case .limit, .immediateOrCancel, .fillOrKill:
                let type: OrderType =
                    switch command.operation {
                    case .limit: .limit
                    case .immediateOrCancel: .immediateOrCancel
                    default: .fillOrKill
                    }
                return .placeOrder(
                    Action.PlaceOrder(
                        market: market, side: command.side, type: type,
                        price: Amount(baseUnits: UInt128(command.price)),
                        size: Amount(baseUnits: UInt128(command.quantity)), clientOrderID: command.id))
            case .cancel:
                return .cancelOrder(Action.CancelOrder(market: market, order: .clientID(command.id)))
            case .move:
                return .amendOrder(
                    Action.AmendOrder(
                        market: market, order: .clientID(command.id), price: Amount(baseUnits: UInt128(command.price))))
            case .reduce:
                let remaining = book.order(command.id)?.quantity ?? 0
                guard remaining > command.quantity else {
                    return .cancelOrder(Action.CancelOrder(market: market, order: .clientID(command.id)))
                }
                return .amendOrder(
                    Action.AmendOrder(
                        market: market, order: .clientID(command.id),
                        size: Amount(baseUnits: UInt128(remaining - command.quantity))))
            }
        }

        func block(of transactions: [VerifiedTransaction], after state: LedgerState) -> Block {
            let header = BlockHeader(
                chainID: OrderFlowBenchmark.chainID, height: state.height + 1,
                timeMilliseconds: state.timeMilliseconds + 1_000, previousBlockHash: state.lastBlockHash,
                transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)), previousAppHash: state.appHash,
                proposer: keys[0])
            return Block(header: header, transactions: transactions.map(\.signed))
        }
    }
}
