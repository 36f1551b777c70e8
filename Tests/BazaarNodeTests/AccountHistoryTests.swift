import BazaarAPI
import BazaarCore
import BazaarHistory
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BazaarNode

/// Account history on a devnet chain (BTC-USD: maker rebate 0.02%, taker fee 0.05%): the
/// extractor's rows, the store writing them with their block, and the routes over the real router.
///
/// The scenario: block 1 (2 s) alice sells 1 lot at $60,000 into the market maker's bid at
/// $64,990 (a genesis order); block 2 (3 s) alice rests asks at $70,000 (client id 7) and $71,000
/// (client id 8, expiring at 10 s); block 3 (4 s) alice cancels client id 7; block 4 (20 s)
/// expires client id 8.
@Suite struct AccountHistoryTests {
    struct Scenario {
        var chain: CandleTestChain
        var blocks: [FinalizedBlock] = []
        var aliceNonce: UInt64 = 0

        init(network: TestNetwork? = nil, recordsHistory: Bool = true) throws {
            chain = try CandleTestChain(
                network: network ?? TestNetwork(snapshotInterval: 100, markets: true), recordsHistory: recordsHistory)
        }

        var alice: AccountID { chain.network.alice.publicKey.accountID }

        mutating func aliceSends(_ actions: [Action]) async throws {
            let signed = chain.network.signed(actions, from: chain.network.alice, nonce: aliceNonce)
            aliceNonce += 1
            #expect(await chain.node.admit(signed) == .ok)
        }

        mutating func block(at milliseconds: UInt64) async throws {
            blocks.append(try await chain.block(at: milliseconds))
        }

        static func ask(dollars: UInt128, clientID: UInt64? = nil, expiresAt: UInt64? = nil) -> Action {
            .placeOrder(
                Action.PlaceOrder(
                    market: 1, side: .ask, type: .limit, price: Amount(baseUnits: dollars * 100),
                    size: Amount(baseUnits: 10_000), clientOrderID: clientID, expiresAtMilliseconds: expiresAt))
        }

        mutating func run() async throws {
            try await aliceSends([Self.ask(dollars: 60_000)])
            try await block(at: 2_000)
            try await aliceSends([
                Self.ask(dollars: 70_000, clientID: 7), Self.ask(dollars: 71_000, clientID: 8, expiresAt: 10_000),
            ])
            try await block(at: 3_000)
            try await aliceSends([.cancelOrder(Action.CancelOrder(market: 1, order: .clientID(7)))])
            try await block(at: 4_000)
            try await block(at: 20_000)
        }
    }

    /// The blocks' rows, from a second application that re-executes them with history on.
    static func rows(of blocks: [FinalizedBlock], genesis: Genesis) throws -> (
        genesis: HistoryRows, blocks: [HistoryRows]
    ) {
        var application = try BazaarCore.Application(genesis: genesis, recordsHistory: true)
        let genesisRows = try HistoryExtractor.genesisRows(
            journal: application.genesisJournal!, state: application.state, timeMilliseconds: genesis.timeMilliseconds)
        var rows: [HistoryRows] = []
        for stored in blocks {
            let verified = stored.block.transactions.map(VerifiedTransaction.init(readBackFromOwnStore:))
            let finalized = application.finalizeBlock(stored.block, verified: verified)
            #expect(finalized.appHash == stored.appHash)
            rows.append(try HistoryExtractor.rows(of: finalized, journal: finalized.journal!, state: application.state))
            _ = application.commit()
        }
        return (genesisRows, rows)
    }

    @Test func extractorGivesBothSidesOfAFillWithTheTakerFeeAndTheMakerRebate() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        try await scenario.run()
        let rows = try Self.rows(of: scenario.blocks, genesis: scenario.chain.network.genesis).blocks
        let first = rows[0]
        // 1 lot of 0.0001 BTC at $64,990 is 6.499 USD: the taker pays ⌈3,249.5⌉ base units, the
        // maker receives ⌊1,299.8⌋.
        #expect(first.fills.count == 2)
        let maker = first.fills[0]
        let taker = first.fills[1]
        #expect(maker.liquidity == .maker && maker.side == .bid && maker.kind == .trade && maker.priceTicks == 64_990)
        #expect(maker.fee == HistoryJournal.SignedAmount(isNegative: true, magnitude: 1_299))
        #expect(taker.liquidity == .taker && taker.side == .ask && taker.account == scenario.alice)
        #expect(taker.fee == HistoryJournal.SignedAmount(3_250 as Int128))
        #expect(taker.counterparty == maker.account && maker.counterparty == scenario.alice)
        #expect(taker.order == maker.counterpartyOrder && maker.order == taker.counterpartyOrder)
        #expect(maker.position == taker.position && taker.lots == 1)
        #expect(first.ordersPlaced.map(\.account) == [scenario.alice])
        #expect(first.orderEvents.map(\.kind) == [.placed, .fill, .fill])
        #expect(first.openAfterBlock == [maker.order])
        // Alice's action nets to two rows: BTC free down one lot, USD free up the notional less the
        // fee; the lock and its release net to nothing.
        let action = first.ledger.filter { $0.account == scenario.alice && $0.cause == .action }
        #expect(action.count == 2)
        #expect(action.first { $0.asset == "BTC" }?.delta == HistoryJournal.SignedAmount(-10_000 as Int128))
        #expect(action.first { $0.asset == "USD" }?.delta == HistoryJournal.SignedAmount(6_495_750 as Int128))
        #expect(action.allSatisfy { $0.bucket == .free && $0.transaction == scenario.blocks[0].results[0].id })
        // The cancel and the expiry.
        #expect(rows[2].orderEvents.map(\.kind) == [.cancelled] && rows[2].orderEvents[0].reason == .requested)
        #expect(rows[3].orderEvents.map(\.kind) == [.expired] && rows[3].openAfterBlock.isEmpty)
        #expect(rows[3].ledger.contains { $0.cause == .expiry && $0.account == scenario.alice && $0.bucket == .locked })
    }

    /// The node stores the same rows as the extractor gives, and the routes render them.
    @Test func routesGiveFillsAndOrderHistoryNewestFirst() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        try await scenario.run()
        let alice = scenario.alice.address
        try await CandleAPITests.withAPI(scenario.chain) { client in
            let fills = try await CandleAPITests.get(FillsResponse.self, client, "/v1/accounts/\(alice)/fills")
            #expect(fills.height == 4 && fills.next == nil)
            #expect(fills.fills.count == 1)
            let fill = try #require(fills.fills.first)
            #expect(fill.id == "1-0-s" && fill.kind == "trade" && fill.liquidity == "taker" && fill.side == "sell")
            #expect(fill.price == "64990" && fill.size == "0.0001" && fill.notional == "6.499")
            #expect(fill.fee == "0.00325" && fill.feeAsset == "USD")
            let maker = try #require(fill.counterparty)
            let makerFills = try await CandleAPITests.get(FillsResponse.self, client, "/v1/accounts/\(maker)/fills")
            #expect(makerFills.fills.map(\.fee) == ["-0.001299"] && makerFills.fills[0].liquidity == "maker")

            let orders = try await CandleAPITests.get(
                OrderHistoryResponse.self, client, "/v1/accounts/\(alice)/orders/history")
            #expect(orders.orders.map(\.clientOrderId) == ["8", "7", nil])
            #expect(orders.orders.map(\.status) == ["expired", "cancelled", "filled"])
            #expect(orders.orders.map(\.reason) == [nil, "requested", nil])
            #expect(orders.orders[2].averagePrice == "64990" && orders.orders[2].fee == "0.00325")
            #expect(orders.orders[2].filledSize == "0.0001" && orders.orders[2].remainingSize == "0")
            #expect(orders.orders[0].expiresAtMs == 10_000 && orders.orders[0].updatedHeight == 4)
            let makerOrders = try await CandleAPITests.get(
                OrderHistoryResponse.self, client, "/v1/accounts/\(maker)/orders/history?market=BTC-USD&limit=1000")
            let touched = try #require(makerOrders.orders.first { $0.id == fill.counterpartyOrderId })
            #expect(touched.status == "partially_filled" && touched.placedHeight == 0 && touched.fee == "-0.001299")
            let eth = try await CandleAPITests.get(
                OrderHistoryResponse.self, client, "/v1/accounts/\(alice)/orders/history?market=ETH-USD")
            #expect(eth.orders.isEmpty)

            let ledger = try await CandleAPITests.get(
                LedgerResponse.self, client, "/v1/accounts/\(alice)/ledger?asset=USD")
            #expect(ledger.entries.allSatisfy { $0.asset == "USD" })
            #expect(ledger.entries.last?.cause == "genesis")
            #expect(
                ledger.entries.contains {
                    $0.cause == "action" && $0.delta == "6.49575" && $0.actionKind == "place_order"
                })
            let funding = try await CandleAPITests.get(
                FundingPaymentsResponse.self, client, "/v1/accounts/\(alice)/funding")
            #expect(funding.payments.isEmpty && funding.height == 4)
        }
    }

    @Test func badInputIsRefusedWithItsCode() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        try await scenario.run()
        let alice = scenario.alice.address
        let stranger = PrivateKey().publicKey.accountID.address
        try await CandleAPITests.withAPI(scenario.chain) { client in
            for route in ["fills", "orders/history", "funding", "ledger"] {
                try await CandleAPITests.expectError(
                    client, "/v1/accounts/bz1nope/\(route)", status: .badRequest, code: "bad_request")
                try await CandleAPITests.expectError(
                    client, "/v1/accounts/\(stranger)/\(route)", status: .notFound, code: "unknown_account")
                try await CandleAPITests.expectError(
                    client, "/v1/accounts/\(alice)/\(route)?before=AAAA", status: .badRequest, code: "bad_cursor")
                for limit in ["0", "1001", "x"] {
                    let message = try await CandleAPITests.expectError(
                        client, "/v1/accounts/\(alice)/\(route)?limit=\(limit)", status: .badRequest,
                        code: "bad_request")
                    #expect(message.contains("from 1 to 1000"), "\(message)")
                }
            }
            try await CandleAPITests.expectError(
                client, "/v1/accounts/\(alice)/fills?market=NOPE-USD", status: .notFound, code: "unknown_market")
            // A cursor of the maker's fills, or of another market, is not alice's.
            let page = try await CandleAPITests.get(
                OrderHistoryResponse.self, client, "/v1/accounts/\(alice)/orders/history?limit=1")
            let next = try #require(page.next)
            try await CandleAPITests.expectError(
                client, "/v1/accounts/\(alice)/fills?before=\(next)", status: .badRequest, code: "bad_cursor")
            try await CandleAPITests.expectError(
                client, "/v1/accounts/\(alice)/orders/history?market=BTC-USD&before=\(next)", status: .badRequest,
                code: "bad_cursor")
        }
    }

    /// Pages of two, with a block committed between every two pages: newest first, nothing
    /// repeated or skipped, and each page's height at least the last's.
    @Test func pagingWhileBlocksCommitNeverRepeatsOrSkips() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        for second in 1...6 {
            try await scenario.aliceSends([Scenario.ask(dollars: 60_000)])
            try await scenario.block(at: UInt64(second) * 1_000)
        }
        let alice = scenario.alice.address
        let chain = scenario.chain
        let app = Hummingbird.Application(router: APIRoutes.makeRouter(node: chain.node))
        try await app.test(.router) { client in
            var ids: [String] = []
            var heights: [UInt64] = []
            var cursor: String?
            var more = true
            var time: UInt64 = 10_000
            while more {
                let uri = "/v1/accounts/\(alice)/fills?limit=2" + (cursor.map { "&before=\($0)" } ?? "")
                let page = try await CandleAPITests.get(FillsResponse.self, client, uri)
                ids += page.fills.map(\.id)
                heights.append(page.height)
                cursor = page.next
                more = cursor != nil
                // The market maker's bids stay; another block commits (with no alice trade, so
                // the set of her fills below the first page is fixed).
                time += 1_000
                _ = try await chain.node.produceBlock(clockMilliseconds: time)
            }
            #expect(ids == (1...6).reversed().map { "\($0)-0-s" })
            #expect(heights == heights.sorted() && heights.first! < heights.last!)
        }
    }

    @Test func historySurvivesARestart() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let before: [FillRow]
        let alice = network.alice.publicKey.accountID
        do {
            var scenario = try Scenario(network: network)
            try await scenario.run()
            before = try scenario.chain.node.store.fills(of: alice, market: nil, before: nil, limit: 100).rows
        }
        let reopened = try CandleTestChain(network: network)
        #expect(try reopened.node.store.historyHeight() == 4)
        #expect(try reopened.node.store.fills(of: alice, market: nil, before: nil, limit: 100).rows == before)
        #expect(before.count == 1)
        // History goes on after the restart.
        let signed = network.signed([Scenario.ask(dollars: 60_000)], from: network.alice, nonce: 3)
        #expect(await reopened.node.admit(signed) == .ok)
        try await reopened.block(at: 30_000)
        #expect(try reopened.node.store.historyHeight() == 5)
        #expect(try reopened.node.store.fills(of: alice, market: nil, before: nil, limit: 100).rows.count == 2)
    }

    /// A block's rows are written in its transaction; rows the store refuses are rolled back
    /// alone, and the block is stored all the same (history never stops the chain).
    @Test func rowsAreWrittenOnlyWithTheirBlockAndRefusedRowsLeaveTheBlock() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        try await scenario.run()
        let rows = try Self.rows(of: scenario.blocks, genesis: scenario.chain.network.genesis)
        let directory = scenario.chain.network.directory
        // Block 1's rows before the genesis rows would leave a gap: refused, and the block stored.
        let gapped = try BlockStore(path: directory.appendingPathComponent("gapped.sqlite").path)
        let failure = try gapped.append(scenario.blocks[0], snapshot: nil, history: rows.blocks[0])
        #expect(failure.map { "\($0)".contains("does not follow") } == true)
        #expect(try gapped.latestHeight() == 1 && gapped.historyHeight() == nil)
        #expect(try gapped.fills(of: scenario.alice, market: nil, before: nil, limit: 10).rows.isEmpty)

        let path = directory.appendingPathComponent("second.sqlite").path
        let store = try BlockStore(path: path)
        try store.appendGenesisHistory(rows.genesis)
        #expect(try store.append(scenario.blocks[0], snapshot: nil, history: rows.blocks[0]) == nil)
        #expect(try store.historyHeight() == 1)
        // The same block again fails on its key: no second copy of the block or its rows.
        #expect(throws: NodeError.self) {
            try store.append(scenario.blocks[0], snapshot: nil, history: rows.blocks[0])
        }
        #expect(try store.fills(of: scenario.alice, market: nil, before: nil, limit: 10).rows.count == 1)
        // A reopened store has them.
        let reopened = try BlockStore(path: path)
        #expect(try reopened.historyHeight() == 1)
        #expect(
            try reopened.fills(of: scenario.alice, market: nil, before: nil, limit: 10).rows
                == rows.blocks[0].fills.filter { $0.account == scenario.alice })
    }

    /// Every row of every account in `store`, by table, read through the routes' queries.
    static func allRows(_ store: BlockStore, accounts: [AccountID]) throws -> [String] {
        var rows: [String] = []
        for account in accounts {
            rows.append("\(try store.fills(of: account, market: nil, before: nil, limit: 1_000).rows)")
            rows.append("\(try store.orderHistory(of: account, market: nil, before: nil, limit: 1_000).rows)")
            rows.append("\(try store.fundingPayments(of: account, market: nil, before: nil, limit: 1_000).rows)")
            rows.append("\(try store.ledgerEntries(of: account, asset: nil, before: nil, limit: 1_000).rows)")
        }
        return rows
    }

    /// A chain stored without history gets it on its first start with history on, by
    /// re-executing its stored blocks: the same rows as a node that kept history from the start.
    @Test func aChainStoredWithoutHistoryIsBackfilledOnStart() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let blocks: [FinalizedBlock]
        do {
            var bare = try Scenario(network: network, recordsHistory: false)
            try await bare.run()
            #expect(try bare.chain.node.store.historyHeight() == nil)
            #expect(bare.blocks.allSatisfy { $0.journal == nil })
            blocks = bare.blocks
        }
        let backfilled = try CandleTestChain(network: network)
        #expect(try backfilled.node.store.historyHeight() == 4)
        // The same rows as the extractor gives a node that kept history from the start.
        let expected = try Self.rows(of: blocks, genesis: network.genesis)
        let alice = network.alice.publicKey.accountID
        #expect(
            try backfilled.node.store.fills(of: alice, market: nil, before: nil, limit: 100).rows
                == expected.blocks.flatMap(\.fills).filter { $0.account == alice }.reversed())
        let orders = try backfilled.node.store.orderHistory(of: alice, market: nil, before: nil, limit: 100).rows
        #expect(orders.map(\.status) == [.expired, .cancelled, .filled])
        let ledger = try backfilled.node.store.ledgerEntries(of: alice, asset: nil, before: nil, limit: 1_000).rows
        #expect(
            ledger.count
                == (expected.genesis.ledger + expected.blocks.flatMap(\.ledger)).filter { $0.account == alice }.count)
        #expect(ledger.last?.cause == .genesis && ledger.last?.height == 0)
        // Alice's USD entries add up to her free USD balance.
        var usd = HistoryJournal.SignedAmount(0 as Int128)
        for entry in ledger.reversed() where entry.asset == "USD" && entry.bucket == .free {
            usd = try #require(HistoryExtractor.add(usd, entry.delta))
            #expect(usd == entry.after)
        }
        let account = try #require(await backfilled.node.account(alice))
        #expect(!usd.isNegative && usd.magnitude == account.balances["USD"]?.baseUnits)
        // History goes on after the backfill, block by block.
        let signed = network.signed([Scenario.ask(dollars: 60_000)], from: network.alice, nonce: 3)
        #expect(await backfilled.node.admit(signed) == .ok)
        _ = try await backfilled.block(at: 30_000)
        #expect(try backfilled.node.store.historyHeight() == 5)
        #expect(try backfilled.node.store.fills(of: alice, market: nil, before: nil, limit: 100).rows.count == 2)
    }

    /// A backfill stopped part way (here: history written up to block 2 of 4) goes on from there
    /// with no gap and no duplicate.
    @Test func anInterruptedBackfillResumesWhereItStopped() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let blocks: [FinalizedBlock]
        let expected: (genesis: HistoryRows, blocks: [HistoryRows])
        do {
            var bare = try Scenario(network: network, recordsHistory: false)
            try await bare.run()
            blocks = bare.blocks
            expected = try Self.rows(of: blocks, genesis: network.genesis)
            try bare.chain.node.store.appendHistory([expected.genesis, expected.blocks[0], expected.blocks[1]])
            #expect(try bare.chain.node.store.historyHeight() == 2)
        }
        let resumed = try CandleTestChain(network: network)
        #expect(try resumed.node.store.historyHeight() == 4)
        let accounts = Array(Set(([expected.genesis] + expected.blocks).flatMap(\.accounts))).sorted()
        // A store written in one go from the same rows holds exactly the same.
        let reference = try BlockStore(path: network.directory.appendingPathComponent("ref.sqlite").path)
        try reference.appendGenesisHistory(expected.genesis)
        for (block, rows) in zip(blocks, expected.blocks) {
            #expect(try reference.append(block, snapshot: nil, history: rows) == nil)
        }
        #expect(try Self.allRows(resumed.node.store, accounts: accounts) == Self.allRows(reference, accounts: accounts))
        #expect(try !Self.allRows(reference, accounts: accounts).allSatisfy { $0 == "[]" })
    }

    /// A node whose history rows are refused goes on committing blocks, with history off, and
    /// counts the failure.
    @Test func refusedHistoryNeverStopsTheNode() async throws {
        var scenario = try Scenario()
        defer { scenario.chain.network.remove() }
        try await scenario.run()
        // Make the stored history height disagree with the tip, as a bug in history would.
        try scenario.chain.node.store.write { db in
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'historyHeight'", arguments: [Data(count: 8)])
        }
        try await scenario.aliceSends([Scenario.ask(dollars: 60_000)])
        try await scenario.block(at: 30_000)
        #expect(await scenario.chain.node.height == 5)
        #expect(try scenario.chain.node.store.historyHeight() == 0)
        #expect(scenario.chain.node.metrics.exposition().contains("bazaar_history_failures_total 1"))
        // And the next block commits too, without trying again.
        try await scenario.block(at: 31_000)
        #expect(await scenario.chain.node.height == 6)
    }
}
