import Testing

@testable import BazaarCore

/// Seeded random spot traffic (every order type in a continuous and a batch market, amends,
/// cancels, expiries, transfers, and transactions that fail) through `Application`, with
/// history on and off.
struct RandomSpotWorkload {
    let chain = TestChain(accountCount: 6, exchange: true)
    private(set) var application: Application
    private(set) var appHashes: [Hash]
    private(set) var finalized: [FinalizedBlock] = []
    private(set) var states: [LedgerState] = []

    init(recordsHistory: Bool) {
        application = try! Application(genesis: chain.genesis, recordsHistory: recordsHistory)
        application.checksFullInvariantsEveryBlock = true
        appHashes = [application.state.appHash]
    }

    var state: LedgerState { application.state }

    mutating func run(blocks: Int, seed: UInt64) {
        var random = TestRandom(seed: seed)
        for _ in 0..<blocks {
            var transactions: [VerifiedTransaction] = []
            for sender in 0..<chain.keys.count where Int.random(in: 0..<3, using: &random) > 0 {
                let count = Int.random(in: 1...3, using: &random)
                let actions = (0..<count).map { _ in randomAction(sender, using: &random) }
                transactions.append(
                    chain.transaction(
                        from: sender, nonce: state.nextNonce(of: chain.id(sender)), expiryHeight: state.height + 10,
                        actions))
            }
            block(transactions)
        }
    }

    private func randomAction(_ sender: Int, using random: inout TestRandom) -> Action {
        let types: [OrderType] = [.limit, .limit, .immediateOrCancel, .fillOrKill, .postOnly, .market]
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<5:
            return chain.order(
                Bool.random(using: &random) ? .bid : .ask, Int64.random(in: 1...5, using: &random),
                at: Int64.random(in: 990...1_010, using: &random), type: types.randomElement(using: &random)!,
                expiresAt: Bool.random(using: &random)
                    ? state.timeMilliseconds + UInt64.random(in: 1...4, using: &random) * 1_000 : nil)
        case 5..<7:
            return chain.order(
                Bool.random(using: &random) ? .bid : .ask, Int64.random(in: 1...3, using: &random),
                at: Int64.random(in: 47...53, using: &random), in: TestChain.ethUSD,
                type: Bool.random(using: &random) ? .limit : .immediateOrCancel)
        case 7:
            guard let order = state.openOrders(of: chain.id(sender)).first else {
                return .cancelAllOrders(Action.CancelAllOrders(market: TestChain.btcUSD))
            }
            let market = chain.market(order.market)
            return .amendOrder(
                Action.AmendOrder(
                    market: order.market, order: .id(order.id),
                    price: market.tickSize.multiplied(
                        by: UInt128(order.priceTicks + Int64.random(in: -3...3, using: &random))),
                    size: market.lotSize.multiplied(by: UInt128(Int64.random(in: 1...4, using: &random)))))
        case 8:
            return .cancelAllOrders(
                Action.CancelAllOrders(market: Bool.random(using: &random) ? TestChain.btcUSD : TestChain.ethUSD))
        default:
            // Sometimes more than the sender holds: the transaction fails and keeps only its fee.
            return .transfer(
                UInt128.random(in: 1...1_200_000, using: &random), to: chain.id(Int.random(in: 0..<6, using: &random)))
        }
    }

    private mutating func block(_ transactions: [VerifiedTransaction]) {
        let header = BlockHeader(
            chainID: TestChain.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + TestChain.blockIntervalMilliseconds,
            previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)),
            previousAppHash: state.appHash, proposer: chain.keys[0].publicKey)
        let block = Block(header: header, transactions: transactions.map(\.signed))
        let result = application.finalizeBlock(block, verified: transactions)
        _ = application.commit()
        finalized.append(result)
        states.append(state)
        appHashes.append(result.appHash)
    }
}

@Suite("History journal, seeded spot traffic")
struct HistoryJournalRandomTests {
    static let seed: UInt64 = 17

    @Test func journalOnOrOffGivesTheSameHashesAndTheLedgerMatchesTheState() throws {
        var on = RandomSpotWorkload(recordsHistory: true)
        on.run(blocks: 60, seed: Self.seed)
        var off = RandomSpotWorkload(recordsHistory: false)
        off.run(blocks: 60, seed: Self.seed)
        #expect(on.appHashes == off.appHashes, "seed \(Self.seed)")
        #expect(on.finalized.map(\.results) == off.finalized.map(\.results))
        #expect(off.finalized.allSatisfy { $0.journal == nil })
        let results = on.finalized.flatMap(\.results)
        // The traffic did what the checks below rely on.
        #expect(results.contains { $0.code != .ok })
        #expect(results.flatMap(\.events).contains { if case .trade = $0 { true } else { false } })
        #expect(
            on.finalized.flatMap(\.endBlockEvents).contains { if case .auctionCleared = $0 { true } else { false } })

        var sums: [BalanceKey: Net] = [:]
        let genesis = try #require(on.application.genesisJournal)
        for change in genesis.balanceChanges {
            sums[BalanceKey(account: change.account, asset: change.asset, bucket: change.bucket), default: Net()]
                .add(change.delta)
        }
        var poolsBefore: [AssetSymbol: Amount] = [:]
        for (index, (block, state)) in zip(on.finalized, on.states).enumerated() {
            let journal = try #require(block.journal)
            var lastAfter: [BalanceKey: HistoryJournal.SignedAmount] = [:]
            for change in journal.balanceChanges {
                let key = BalanceKey(account: change.account, asset: change.asset, bucket: change.bucket)
                sums[key, default: Net()].add(change.delta)
                lastAfter[key] = change.after
            }
            for (key, after) in lastAfter {
                #expect(after == key.value(in: state), "seed \(Self.seed) height \(index + 1): \(key)")
            }
            for key in BalanceKey.all(in: state).union(sums.keys) {
                #expect(
                    sums[key, default: Net()].equals(key.value(in: state)),
                    "seed \(Self.seed) height \(index + 1): \(key)")
            }
            // Every settlement's fees add up to the trading fee pool's change.
            var fees = Net()
            for settlement in journal.settlements {
                for side in [settlement.buyer, settlement.seller].compactMap(\.self) { fees.add(side.fee) }
            }
            let after = state.tradingFeePools[TestChain.usd]?.baseUnits ?? 0
            let was = poolsBefore[TestChain.usd]?.baseUnits ?? 0
            #expect(after >= was)
            #expect(fees.equals(HistoryJournal.SignedAmount(isNegative: false, magnitude: after - was)))
            poolsBefore = state.tradingFeePools
            // A failed transaction leaves only its fee.
            for (position, result) in block.results.enumerated() where result.code != .ok {
                let entries = journal.balanceChanges.filter {
                    switch $0.cause {
                    case .fee(let transaction), .action(let transaction, _, _): transaction == UInt32(position)
                    default: false
                    }
                }
                #expect(entries.map(\.cause) == [.fee(transaction: UInt32(position))])
            }
            // Every order placed in the block was opened in the journal, with the same terms.
            let placed = block.results.filter { $0.code == .ok }.flatMap(\.events).compactMap { event -> UInt64? in
                if case .orderPlaced(_, let order, _, _, _, _) = event { order } else { nil }
            }
            #expect(journal.ordersOpened.map(\.order) == placed)
        }
    }
}
