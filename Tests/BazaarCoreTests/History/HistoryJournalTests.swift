import Testing

@testable import BazaarCore

/// A multi-block workload through `Application` that exercises everything the history journal
/// records: spot trades with fees and rebates, a batch auction, a route's book leg, a failed
/// transaction, perpetual trades with fees, funding, and a liquidation that deleverages.
///
/// The oracle price and the clock are set between blocks, the same way in every run, so a run
/// with history on and one with it off execute exactly the same blocks.
struct HistoryWorkload {
    typealias F = MarginFixture
    typealias T = TestChain

    /// Keys, signing and the genesis markets; its own state stays at height 0.
    let chain: TestChain
    private(set) var application: Application
    /// The application hash after each height; index 0 is the starting state's.
    private(set) var appHashes: [Hash]
    /// The journal of the state the blocks start from (height 0).
    let genesisJournal: HistoryJournal
    private(set) var finalized: [FinalizedBlock] = []
    private(set) var states: [LedgerState] = []
    private(set) var perpetual: MarketID = 0
    let recordsHistory: Bool

    /// BTC-PERP as in the margin tests, with a 0.10% taker fee and a 0.02% maker rebate.
    static let perpetualSpec: MarginAction.CreatePerpetual = {
        var spec = F.perpetualSpec
        spec.takerFeeBasisPoints = 10
        spec.makerFeeBasisPoints = -2
        return spec
    }()

    init(recordsHistory: Bool) {
        self.recordsHistory = recordsHistory
        let fixture = F()
        chain = fixture.chain
        genesisJournal = HistoryJournal(genesisOf: fixture.state)
        application = Application(state: fixture.state)
        appHashes = [fixture.state.appHash]
        restart(from: fixture.state)
    }

    var state: LedgerState { application.state }

    /// Continues from `state` changed outside a block (price, clock), as the margin tests do.
    private mutating func restart(from state: LedgerState) {
        application = Application(state: state)
        application.checksFullInvariantsEveryBlock = true
        application.recordsHistory = recordsHistory
    }

    /// Finalizes and commits a block of exactly these transactions.
    private mutating func block(_ transactions: [VerifiedTransaction]) {
        let header = BlockHeader(
            chainID: TestChain.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + TestChain.blockIntervalMilliseconds,
            previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)),
            previousAppHash: state.appHash, proposer: chain.keys[0].publicKey)
        let block = Block(header: header, transactions: transactions.map(\.signed))
        #expect(application.processProposal(block, verified: transactions) == .accept)
        let result = application.finalizeBlock(block, verified: transactions)
        #expect(application.commit().appHash == result.appHash)
        finalized.append(result)
        states.append(state)
        appHashes.append(result.appHash)
    }

    private func tx(_ sender: Int, nonce: UInt64, _ actions: [Action]) -> VerifiedTransaction {
        chain.transaction(from: sender, nonce: nonce, actions)
    }

    private func perp(_ side: MatchingEngine.Side, _ lots: Int64, _ ticks: Int64) -> Action {
        let spec = state.market(perpetual)!.market
        return .placeOrder(
            Action.PlaceOrder(
                market: perpetual, side: side, type: .limit, price: spec.tickSize.multiplied(by: UInt128(ticks))!,
                size: spec.lotSize.multiplied(by: UInt128(lots))!))
    }

    private mutating func setPrice(_ price: UInt128, advancing milliseconds: UInt64 = 0) {
        var state = application.state
        state.timeMilliseconds += milliseconds
        state.setOraclePrice(OraclePrice(quotePerUnit: price, height: state.height), of: F.btc)
        restart(from: state)
    }

    /// The blocks, in order; each block's index in `finalized` is its height − 1.
    mutating func run() {
        let usd = { (units: UInt128) in Amount(units) }
        // 1: the perpetual, margin deposits; spot asks of 1.
        block([
            tx(0, nonce: 0, [.derivatives(.margin(.createPerpetual(Self.perpetualSpec)))]),
            tx(1, nonce: 0, [.derivatives(.margin(.deposit(asset: F.usd, amount: usd(100_000))))]),
            tx(2, nonce: 0, [.derivatives(.margin(.deposit(asset: F.usd, amount: usd(100_000))))]),
            tx(3, nonce: 0, [.derivatives(.margin(.deposit(asset: F.usd, amount: usd(100_000))))]),
            tx(4, nonce: 0, [.derivatives(.margin(.deposit(asset: F.usd, amount: usd(100_000))))]),
            tx(
                5, nonce: 0,
                [chain.order(.ask, 5, at: 1_000, clientOrderID: 7, expiresAt: T.genesisTimeMilliseconds + 60_000)]),
        ])
        perpetual = state.marketList.last!.id
        // 2: a spot taker (fee) against a maker (rebate); a batch auction; a transaction that
        // places an order and then fails (rolled back but for its fee).
        block([
            tx(2, nonce: 1, [chain.order(.bid, 3, at: 1_010)]),
            tx(3, nonce: 1, [chain.order(.bid, 2, at: 50, in: T.ethUSD)]),
            tx(4, nonce: 1, [chain.order(.ask, 2, at: 49, in: T.ethUSD)]),
            tx(
                1, nonce: 1,
                [chain.order(.ask, 1, at: 900), .transfer(T.usdCap.baseUnits * 2, to: chain.id(0))]),
        ])
        // 3: a route whose book leg buys from 5's remaining asks.
        block([
            tx(
                4, nonce: 2,
                [
                    .amm(
                        .route(
                            AMMAction.Route(
                                assetIn: F.usd, assetOut: F.btc,
                                legs: [AMMAction.RouteLeg(amountIn: usd(1_500), hops: [.book(T.btcUSD)])],
                                minimumOut: .zero)))
                ])
        ])
        // 4: perpetual positions: 1 long 5 lots, 2 short; 3 and 4 quote around them, so the book
        // trades above the index and longs pay funding.
        let market = perpetual
        block([
            tx(2, nonce: 2, [perp(.ask, 5, 6_000)]),
            tx(1, nonce: 2, [perp(.bid, 5, 6_000)]),
            tx(3, nonce: 2, [perp(.bid, 2, 6_100)]),
            tx(4, nonce: 3, [perp(.ask, 2, 6_300)]),
        ])
        // 5: an hour later, funding.
        setPrice(F.btcPrice, advancing: 3_600_000)
        block([])
        // 6: the quotes leave; 7: the price falls to 38,000 and 1 is deleveraged against 2.
        block([
            tx(3, nonce: 3, [.cancelAllOrders(Action.CancelAllOrders(market: market))]),
            tx(4, nonce: 4, [.cancelAllOrders(Action.CancelAllOrders(market: market))]),
        ])
        setPrice(3_800_000)
        block([])
    }
}

/// Sums of a balance's changes, as gains and losses (a balance may pass 2¹²⁷).
struct Net: Equatable {
    var gains: UInt128 = 0
    var losses: UInt128 = 0

    mutating func add(_ amount: HistoryJournal.SignedAmount) {
        if amount.isNegative { losses += amount.magnitude } else { gains += amount.magnitude }
    }

    /// Whether the sum equals `value`.
    func equals(_ value: HistoryJournal.SignedAmount) -> Bool {
        value.isNegative
            ? losses >= gains && losses - gains == value.magnitude
            : gains >= losses && gains - losses == value.magnitude
    }
}

struct BalanceKey: Hashable, Comparable, CustomStringConvertible {
    var account: AccountID
    var asset: AssetSymbol
    var bucket: HistoryJournal.Bucket

    static func < (lhs: BalanceKey, rhs: BalanceKey) -> Bool {
        (lhs.account, lhs.asset, lhs.bucket) < (rhs.account, rhs.asset, rhs.bucket)
    }

    var description: String { "\(account) \(asset) \(bucket)" }

    func value(in state: LedgerState) -> HistoryJournal.SignedAmount {
        switch bucket {
        case .free: HistoryJournal.SignedAmount(state.balance(of: account, asset: asset))
        case .locked: HistoryJournal.SignedAmount(state.locked(of: account, asset: asset))
        case .margin: HistoryJournal.SignedAmount(state.derivatives.margin.accounts[account]?.claim(asset) ?? 0)
        }
    }

    /// Every balance the state holds, zero ones left out.
    static func all(in state: LedgerState) -> Set<BalanceKey> {
        var keys = Set<BalanceKey>()
        for (id, account) in state.accounts {
            for asset in account.balances.keys { keys.insert(BalanceKey(account: id, asset: asset, bucket: .free)) }
            for asset in account.locked.keys { keys.insert(BalanceKey(account: id, asset: asset, bucket: .locked)) }
        }
        for (id, row) in state.derivatives.margin.accounts.rows {
            for asset in row.collateral.keys { keys.insert(BalanceKey(account: id, asset: asset, bucket: .margin)) }
        }
        return keys
    }
}

@Suite("History journal")
struct HistoryJournalTests {
    static let workload: (on: HistoryWorkload, off: HistoryWorkload) = {
        var on = HistoryWorkload(recordsHistory: true)
        on.run()
        var off = HistoryWorkload(recordsHistory: false)
        off.run()
        return (on, off)
    }()

    var on: HistoryWorkload { Self.workload.on }
    var journals: [HistoryJournal] { on.finalized.map { $0.journal! } }

    @Test func recordingHistoryChangesNoResultAndNoApplicationHash() {
        let off = Self.workload.off
        #expect(on.appHashes.count == 8)
        #expect(on.appHashes == off.appHashes)
        for (with, without) in zip(on.finalized, off.finalized) {
            #expect(with.results == without.results)
            #expect(with.endBlockEvents == without.endBlockEvents)
            #expect(with.journal != nil)
            #expect(without.journal == nil)
        }
        #expect(!off.application.recordsHistory)
    }

    @Test func theWorkloadDidWhatTheOtherTestsRelyOn() {
        let events = on.finalized.flatMap { $0.results.flatMap(\.events) + $0.endBlockEvents }
        #expect(events.contains { if case .trade = $0 { true } else { false } })
        #expect(events.contains { if case .auctionCleared = $0 { true } else { false } })
        #expect(events.contains { if case .orderExpired = $0 { true } else { false } })
        #expect(events.contains { if case .derivatives(.margin(.funding)) = $0 { true } else { false } })
        #expect(events.contains { if case .derivatives(.margin(.deleveraged)) = $0 { true } else { false } })
        #expect(on.finalized[2].results[0].code == .ok)
        #expect(on.finalized[1].results[3].code != .ok)
    }

    @Test func deltasFromGenesisSumToEveryBalanceAndEachAfterIsTheBlocksEndState() {
        var sums: [BalanceKey: Net] = [:]
        for change in on.genesisJournal.balanceChanges {
            #expect(change.cause == .genesis)
            #expect(change.delta == change.after)
            sums[BalanceKey(account: change.account, asset: change.asset, bucket: change.bucket), default: Net()]
                .add(change.delta)
        }
        #expect(!sums.isEmpty)
        for (height, (journal, state)) in zip(journals, on.states).enumerated() {
            var lastAfter: [BalanceKey: HistoryJournal.SignedAmount] = [:]
            for change in journal.balanceChanges {
                let key = BalanceKey(account: change.account, asset: change.asset, bucket: change.bucket)
                #expect(change.delta.magnitude != 0)
                sums[key, default: Net()].add(change.delta)
                lastAfter[key] = change.after
            }
            for (key, after) in lastAfter {
                #expect(after == key.value(in: state), "height \(height + 1): \(key)")
            }
            for key in BalanceKey.all(in: state).union(sums.keys) {
                #expect(sums[key, default: Net()].equals(key.value(in: state)), "height \(height + 1): \(key)")
            }
        }
    }

    @Test func aFailedTransactionKeepsOnlyItsFee() {
        let journal = journals[1]
        let failed = UInt32(3)
        let entries = journal.balanceChanges.filter {
            switch $0.cause {
            case .fee(let index), .action(let index, _, _): index == failed
            default: false
            }
        }
        #expect(
            entries.map(\.cause) == [.fee(transaction: failed)]
                && entries.first?.delta == HistoryJournal.SignedAmount(isNegative: true, magnitude: 10))
        #expect(entries.first?.account == on.chain.id(1))
        // Its order was rolled back with it: only the two auction orders and 2's bid opened.
        #expect(journal.ordersOpened.count == 3)
        #expect(journal.ordersOpened.allSatisfy { $0.owner != on.chain.id(1) })
    }

    @Test func ordersOpenedCarryTheirOriginAndTerms() throws {
        let first = try #require(journals[0].ordersOpened.first)
        #expect(first.origin == .transaction)
        #expect(first.clientOrderID == 7)
        #expect(first.expiresAtMilliseconds == TestChain.genesisTimeMilliseconds + 60_000)
        #expect(first.type == .limit)
        #expect(first.cause == .action(transaction: 5, action: 0, kind: .placeOrder))
        let route = journals[2].ordersOpened
        #expect(route.map(\.origin) == [.route])
        #expect(route.first?.type == .market)
        let liquidation = journals.flatMap(\.ordersOpened).filter { $0.origin == .liquidation }
        #expect(liquidation.allSatisfy { $0.type == .immediateOrCancel && $0.market == on.perpetual })
        // The route's fills settle against its order and name it as the taker.
        let routeOrder = try #require(route.first?.order)
        #expect(
            journals[2].settlements.contains { $0.buyer?.order == routeOrder && $0.buyer?.isTaker == true })
    }

    @Test func settlementFeesAddUpToTheFeePoolsChange() {
        var poolsBefore: [AssetSymbol: Amount] = [:]
        var fundBefore: Int128 = 0
        for (index, journal) in journals.enumerated() {
            let state = on.states[index]
            var spot: [AssetSymbol: Net] = [:]
            var perpetual = Net()
            for settlement in journal.settlements {
                let market = state.market(settlement.market)!.market
                for side in [settlement.buyer, settlement.seller].compactMap(\.self) {
                    if market.isMarginMarket {
                        perpetual.add(side.fee)
                    } else {
                        spot[market.quote, default: Net()].add(side.fee)
                    }
                }
            }
            for asset in Set(spot.keys).union(state.tradingFeePools.keys) {
                let after = state.tradingFeePools[asset]?.baseUnits ?? 0
                let was = poolsBefore[asset]?.baseUnits ?? 0
                let change = HistoryJournal.SignedAmount(
                    isNegative: after < was, magnitude: after >= was ? after - was : was - after)
                #expect(spot[asset, default: Net()].equals(change), "height \(index + 1) \(asset)")
            }
            // Perpetual fees go to the insurance fund; in a block without funding or liquidation
            // they are all that moves its claim.
            let fund = state.derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) ?? 0
            let marginEndOfBlock = on.finalized[index].endBlockEvents.contains {
                if case .derivatives(.margin) = $0 { true } else { false }
            }
            if !marginEndOfBlock {
                #expect(perpetual.equals(HistoryJournal.SignedAmount(fund - fundBefore)), "height \(index + 1)")
            }
            poolsBefore = state.tradingFeePools
            fundBefore = fund
        }
        // Block 2: taker fee 9 (0.30% of 3,000) and maker rebate 3, plus two auction fees of 1.
        #expect(on.states[1].tradingFeePools[TestChain.usd] == Amount(8))
        // Block 4: the perpetual's taker fee 300 (0.10% of 3,000 USD) less the maker's rebate 60.
        #expect(on.states[3].derivatives.margin.accounts[MarginState.insuranceFund]?.claim(F.usd) == 240)
        let kinds = Set(journals.flatMap(\.settlements).map(\.kind))
        #expect(kinds == [.continuous, .auction])
        // A rebate was recorded as a negative fee.
        #expect(journals[1].settlements.contains { $0.seller?.fee.isNegative == true })
        // Perpetual fills were recorded.
        #expect(journals[3].settlements.contains { $0.market == on.perpetual })
    }

    typealias F = MarginFixture

    @Test func fundingPaymentsAddUpToTheFundingEvent() throws {
        let index = try #require(
            on.finalized.firstIndex {
                $0.endBlockEvents.contains { if case .derivatives(.margin(.funding)) = $0 { true } else { false } }
            })
        let block = on.finalized[index]
        guard
            case .derivatives(.margin(.funding(let market, _, _, _, let paid, let dust))) = block.endBlockEvents.first(
                where: { if case .derivatives(.margin(.funding)) = $0 { true } else { false } })
        else {
            Issue.record("no funding event")
            return
        }
        let payments = block.journal!.fundingPayments
        #expect(payments.count == 2)
        #expect(payments.allSatisfy { $0.market == market })
        #expect(payments.map(\.account) == payments.map(\.account).sorted())
        let longsPaid = payments.filter { $0.positionSize > 0 }.reduce(Int128(0)) { $0 - $1.amount }
        #expect(longsPaid == paid)
        #expect(paid > 0)
        #expect(payments.reduce(Int128(0)) { $0 + $1.amount } == -Int128(dust.baseUnits))
        // Each payment is a margin change of that account caused by the funding.
        for payment in payments {
            #expect(
                block.journal!.balanceChanges.contains {
                    $0.account == payment.account && $0.bucket == .margin && $0.cause == .funding(market)
                        && $0.delta == HistoryJournal.SignedAmount(payment.amount)
                })
        }
    }

    @Test func aDeleveragingRecordsItsPrice() throws {
        let index = try #require(on.finalized.firstIndex { !($0.journal?.deleverages.isEmpty ?? true) })
        let block = on.finalized[index]
        let deleveraged = block.endBlockEvents.compactMap { event -> MarginEvent? in
            if case .derivatives(.margin(let margin)) = event, case .deleveraged = margin { margin } else { nil }
        }
        let fills = block.journal!.deleverages
        #expect(fills.count == deleveraged.count)
        for (fill, event) in zip(fills, deleveraged) {
            #expect(
                event
                    == .deleveraged(
                        account: fill.account, counterparty: fill.counterparty, market: fill.market, size: fill.size,
                        loss: Amount(fill.loss)))
            // The book is empty, so the mark is the oracle price: 38,000.00 USD per BTC (10⁸ units).
            #expect(fill.priceQuotePerUnit == 3_800_000)
            #expect(fill.scale == 100_000_000)
        }
        #expect(fills.first?.account == on.chain.id(1))
        #expect(fills.first?.counterparty == on.chain.id(2))
        #expect(fills.first?.size == 5_000_000)
        #expect(
            block.journal!.balanceChanges.contains {
                $0.cause == .deleveraging(on.perpetual) && $0.account == on.chain.id(2)
            })
    }

    @Test func theGenesisJournalListsEveryBalanceAndOrder() throws {
        var chain = TestChain(
            exchange: true,
            genesisOrders: [Genesis.OpenOrder(owner: TestChain.key(1).publicKey.accountID, order: sampleOrder())])
        let application = try Application(genesis: chain.genesis, recordsHistory: true)
        let journal = try #require(application.genesisJournal)
        #expect(application.recordsHistory)
        let state = application.state
        #expect(
            Set(journal.balanceChanges.map { BalanceKey(account: $0.account, asset: $0.asset, bucket: $0.bucket) })
                == BalanceKey.all(in: state))
        for change in journal.balanceChanges {
            let key = BalanceKey(account: change.account, asset: change.asset, bucket: change.bucket)
            #expect(change.after == key.value(in: state) && change.delta == change.after)
        }
        #expect(journal.ordersOpened.map(\.order) == [1])
        #expect(try Application(genesis: chain.genesis).genesisJournal == nil)
        chain.replaceState(with: state)
        #expect(!chain.application.recordsHistory)
    }

    private func sampleOrder() -> Action.PlaceOrder {
        Action.PlaceOrder(
            market: TestChain.btcUSD, side: .ask, type: .limit, price: Amount(baseUnits: 200),
            size: Amount(baseUnits: 10), clientOrderID: 9)
    }
}

@Suite("History journal, liquidation on the book")
struct HistoryJournalLiquidationTests {
    typealias F = MarginFixture

    /// LiquidationTests' partial liquidation, run as a block: 1's long of 5 lots is under
    /// maintenance at 42,000 and half of it, 3 lots, sells to 3's bid at 416 USD.
    @Test func aLiquidationOrderIsOpenedWithItsOriginAndItsFillSettles() throws {
        var (f, market) = PerpetualTests.opened()
        f.expectOK(3, .deposit(asset: F.usd, amount: Amount(500_000)))
        f.expectOK(3, f.perpOrder(market, .bid, 5, at: 4_160))
        f.setPrice(4_200_000, of: F.btc)
        let bid = try #require(f.state.openOrders(of: f.id(3)).first?.id)
        var application = Application(state: f.state)
        application.recordsHistory = true
        let state = application.state
        let header = BlockHeader(
            chainID: TestChain.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + TestChain.blockIntervalMilliseconds,
            previousBlockHash: state.lastBlockHash, transactionsHash: Block.transactionsHash(ids: []),
            previousAppHash: state.appHash, proposer: f.chain.keys[0].publicKey)
        let block = application.finalizeBlock(Block(header: header, transactions: []), verified: [])
        let journal = try #require(block.journal)

        let opened = try #require(journal.ordersOpened.first)
        #expect(journal.ordersOpened.count == 1)
        #expect(opened.origin == .liquidation && opened.owner == f.id(1) && opened.side == .ask)
        #expect(opened.type == .immediateOrCancel && opened.lots == 3)
        #expect(opened.cause == .liquidation(market))
        let settlement = try #require(journal.settlements.first)
        #expect(journal.settlements.count == 1)
        #expect(settlement.kind == .continuous && settlement.priceTicks == 4_160 && settlement.lots == 3)
        #expect(settlement.seller?.order == opened.order && settlement.seller?.isTaker == true)
        #expect(settlement.buyer?.order == bid && settlement.buyer?.owner == f.id(3))
        // The fill realized 1's loss into its quote claim, then the penalty went to the fund.
        let ones = journal.balanceChanges.filter { $0.account == f.id(1) }
        #expect(ones.map(\.cause) == [.liquidation(market), .liquidation(market)])
        #expect(ones.map(\.settlement) == [0, nil])
        #expect(ones.map(\.delta) == [HistoryJournal.SignedAmount(-55_200), HistoryJournal.SignedAmount(-1_248)])
        #expect(ones.last?.after == HistoryJournal.SignedAmount(100_000 - 55_200 - 1_248))
        let fund = journal.balanceChanges.filter { $0.account == MarginState.insuranceFund }
        #expect(fund.map(\.delta) == [HistoryJournal.SignedAmount(1_248)])
    }
}
