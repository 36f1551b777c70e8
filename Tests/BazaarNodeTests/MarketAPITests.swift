import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The market routes through the real router over a node with the devnet's markets: BTC-USD
/// (continuous; a lot 0.0001 BTC, a tick $1, demo asks 0.01 BTC at $65,010, $65,020, … and bids at
/// $64,990, $64,980, …) and ETH-USD (batch; a lot 0.001 ETH, a tick $0.01, 1 ETH at $3,001, … and
/// $2,999, …).
@Suite struct MarketAPITests {
    let network: TestNetwork
    let node: Node

    init() throws {
        network = try TestNetwork(markets: true)
        node = try network.makeNode()
    }

    func withAPI(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in try await body(client) }
    }

    static func get<T: Decodable>(_ type: T.Type, _ client: any TestClientProtocol, _ uri: String) async throws -> T {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    /// Expects an error status and code for `uri`.
    static func expectError(
        _ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status, code: String
    ) async throws {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == status, "\(uri)")
        let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
        #expect(error.code == code, "\(uri)")
        #expect(!error.message.isEmpty)
    }

    /// A BTC-USD order: `dollars` per BTC, `lots` of 0.0001 BTC.
    static func btc(
        _ side: MatchingEngine.Side, dollars: UInt128, lots: UInt128, type: OrderType = .limit, client: UInt64? = nil
    ) -> Action {
        .placeOrder(
            Action.PlaceOrder(
                market: 1, side: side, type: type, price: Amount(baseUnits: dollars * 100),
                size: Amount(baseUnits: lots * 10_000), clientOrderID: client))
    }

    /// An ETH-USD order: `cents` per ETH, `lots` of 0.001 ETH.
    static func eth(_ side: MatchingEngine.Side, cents: UInt128, lots: UInt128) -> Action {
        .placeOrder(
            Action.PlaceOrder(
                market: 2, side: side, type: .limit, price: Amount(baseUnits: cents * 10),
                size: Amount(baseUnits: lots * Amount.powerOfTen(15))))
    }

    /// Commits one block holding `actions` from alice.
    @discardableResult
    func commit(_ actions: [Action], nonce: UInt64, at milliseconds: UInt64) async throws -> FinalizedBlock {
        #expect(await node.admit(network.signed(actions, from: network.alice, nonce: nonce)) == .ok)
        return try await node.produceBlock(clockMilliseconds: milliseconds)
    }

    @Test func marketsListRulesInPeoplesUnitsAndTheTopOfTheBook() async throws {
        try await withAPI { client in
            let markets = try await Self.get(MarketsResponse.self, client, "/v1/markets").markets
            #expect(markets.map(\.name) == ["BTC-USD", "ETH-USD", "BTC-PERP"])
            let btc = markets[0]
            #expect(btc.mode == "continuous")
            #expect(btc.lotSize == "0.0001" && btc.lotSizeBaseUnits == "10000")
            #expect(btc.tickSize == "1" && btc.tickSizeBaseUnits == "100")
            #expect(btc.minimumSize == "0.0001" && btc.maximumPrice == "262144")
            #expect(btc.makerFeeBasisPoints == -2 && btc.takerFeeBasisPoints == 5)
            #expect(btc.bestBid == "64990" && btc.bestAsk == "65010" && btc.lastPrice == nil)
            #expect(btc.openOrders == 10)
            let eth = markets[1]
            #expect(eth.mode == "batch_auction" && eth.tickSize == "0.01" && eth.lotSize == "0.001")
            #expect(eth.bestBid == "2999" && eth.bestAsk == "3001")
        }
    }

    @Test func aMarketIsNamedByItsPairInAnyCaseOrByItsId() async throws {
        try await withAPI { client in
            for name in ["BTC-USD", "btc-usd", "1"] {
                #expect(try await Self.get(MarketJSON.self, client, "/v1/markets/\(name)").id == 1)
            }
            try await Self.expectError(client, "/v1/markets/DOGE-USD", status: .notFound, code: "unknown_market")
            try await Self.expectError(client, "/v1/markets/9", status: .notFound, code: "unknown_market")
            let response = try await client.execute(uri: "/v1/markets/XYZ/book", method: .get)
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            #expect(error.message == "no market 'XYZ'; markets: BTC-USD (1), ETH-USD (2), BTC-PERP (3)")
        }
    }

    @Test func theBookIsAggregatedByPriceBestFirstUpToTheDepth() async throws {
        try await withAPI { client in
            let book = try await Self.get(BookResponse.self, client, "/v1/markets/BTC-USD/book?depth=2")
            #expect(book.market == "BTC-USD" && book.height == 0 && book.sequence == 0 && book.depth == 2)
            #expect(
                book.bids == [
                    BookLevelJSON(price: "64990", priceTicks: 64_990, size: "0.01", sizeLots: "100", orders: 1),
                    BookLevelJSON(price: "64980", priceTicks: 64_980, size: "0.01", sizeLots: "100", orders: 1),
                ])
            #expect(book.asks.map(\.price) == ["65010", "65020"])
            let full = try await Self.get(BookResponse.self, client, "/v1/markets/ETH-USD/book")
            #expect(full.depth == BookResponse.depthDefault)
            #expect(full.bids.count == 5 && full.asks.count == 5)
            #expect(full.asks.first?.size == "1")
        }
    }

    @Test func badQueriesAreRefusedWithACodeAndMessage() async throws {
        try await withAPI { client in
            for depth in ["0", "1001", "abc", "-1", ""] {
                try await Self.expectError(
                    client, "/v1/markets/BTC-USD/book?depth=\(depth)", status: .badRequest, code: "bad_request")
            }
            try await Self.expectError(
                client, "/v1/markets/BTC-USD/trades?limit=0", status: .badRequest, code: "bad_request")
            try await Self.expectError(client, "/v1/markets/NOPE/trades", status: .notFound, code: "unknown_market")
            let alice = network.alice.publicKey.accountID.address
            try await Self.expectError(
                client, "/v1/accounts/\(alice)/orders?market=NOPE", status: .notFound, code: "unknown_market")
            try await Self.expectError(client, "/v1/accounts/bz1nope/orders", status: .badRequest, code: "bad_request")
        }
    }

    @Test func aCrossingOrderTradesAndTheTradesTheBookAndTheAccountShowIt() async throws {
        try await withAPI { client in
            // Buy 0.015 BTC up to $65,020, resting the rest: 0.01 at 65,010 and 0.005 at 65,020 trade.
            let finalized = try await commit(
                [Self.btc(.bid, dollars: 65_020, lots: 150, client: 7)], nonce: 0, at: 2_000)
            let transaction = try await Self.get(
                TransactionResponse.self, client, "/v1/tx/\(finalized.results[0].id.hex)")
            let trades = transaction.events?.filter { $0.kind == "trade" } ?? []
            #expect(trades.map(\.price) == ["65010", "65020"])
            #expect(trades.map(\.size) == ["0.01", "0.005"])
            #expect(trades.allSatisfy { $0.side == "buy" && $0.taker == network.alice.publicKey.accountID.address })
            #expect(trades.allSatisfy { $0.maker == Devnet.marketMakerKey.publicKey.accountID.address })

            let tape = try await Self.get(TradesResponse.self, client, "/v1/markets/BTC-USD/trades")
            #expect(tape.trades.map(\.price) == ["65020", "65010"])
            #expect(tape.trades.map(\.id) == ["1-1", "1-0"])
            #expect(tape.trades.first?.notional == "325.1")
            #expect(tape.trades.first?.takerSide == "buy" && tape.trades.first?.kind == "trade")
            #expect(try await Self.get(TradesResponse.self, client, "/v1/markets/1/trades?limit=1").trades.count == 1)

            let book = try await Self.get(BookResponse.self, client, "/v1/markets/BTC-USD/book?depth=1")
            #expect(book.asks.first?.price == "65020" && book.asks.first?.size == "0.005")
            #expect(book.height == 1 && book.sequence == 1)
            let market = try await Self.get(MarketJSON.self, client, "/v1/markets/BTC-USD")
            #expect(market.lastPrice == "65020")
        }
    }

    @Test func anAccountShowsItsLockedFundsAndOpenOrders() async throws {
        try await withAPI { client in
            // A bid below the book rests: 0.01 BTC at $60,000 locks $600 plus the 0.05% taker reserve.
            try await commit([Self.btc(.bid, dollars: 60_000, lots: 100, client: 42)], nonce: 0, at: 2_000)
            let address = network.alice.publicKey.accountID.address
            let account = try await Self.get(AccountResponse.self, client, "/v1/accounts/\(address)")
            #expect(account.locked == [BalanceJSON(asset: "USD", amount: "600.3", baseUnits: "600300000")])
            #expect(account.openOrders == 1)
            #expect(account.balances.first { $0.asset == "USD" }?.amount == "999399.7")
            let orders = try await Self.get(OrdersResponse.self, client, "/v1/accounts/\(address)/orders").orders
            #expect(orders.count == 1)
            let order = try #require(orders.first)
            #expect(order.market == "BTC-USD" && order.side == "buy" && order.type == "limit")
            #expect(order.price == "60000" && order.size == "0.01" && order.sizeLots == "100")
            #expect(order.locked == "600.3" && order.lockedAsset == "USD" && order.clientOrderId == "42")
            #expect(order.height == 1 && order.selfTradePrevention == "cancel_resting")
            let filtered = try await Self.get(
                OrdersResponse.self, client, "/v1/accounts/\(address)/orders?market=ETH-USD")
            #expect(filtered.orders.isEmpty)
        }
    }

    @Test func aBadOrderIsCommittedWithItsCodeAndChangesNothingButTheFee() async throws {
        try await withAPI { client in
            let address = network.alice.publicKey.accountID.address
            let before = try await Self.get(AccountResponse.self, client, "/v1/accounts/\(address)")
            let offTick = Action.placeOrder(
                Action.PlaceOrder(
                    market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_500_050),
                    size: Amount(baseUnits: 10_000)))
            let finalized = try await commit([offTick], nonce: 0, at: 2_000)
            let transaction = try await Self.get(
                TransactionResponse.self, client, "/v1/tx/\(finalized.results[0].id.hex)")
            #expect(transaction.code == "price_off_tick")
            #expect(transaction.message == "price is not a whole number of ticks")
            let after = try await Self.get(AccountResponse.self, client, "/v1/accounts/\(address)")
            #expect(after.openOrders == 0 && after.locked.isEmpty)
            #expect(after.balances.filter { $0.asset != "BZR" } == before.balances.filter { $0.asset != "BZR" })
        }
    }

    @Test func aBatchOrderFillsAtTheEndOfTheBlockAndTheBlockShowsIt() async throws {
        try await withAPI { client in
            // Buy 1 ETH up to $3,001: it clears against the demo ask there when the block ends.
            let finalized = try await commit([Self.eth(.bid, cents: 300_100, lots: 1_000)], nonce: 0, at: 2_000)
            #expect(finalized.results[0].events.allSatisfy { $0.kind != "order_filled" })
            let block = try await Self.get(BlockResponse.self, client, "/v1/blocks/1")
            #expect(block.endBlockEvents.map(\.kind) == ["auction_cleared", "order_filled", "order_filled"])
            let cleared = try #require(block.endBlockEvents.first)
            #expect(cleared.market == "ETH-USD" && cleared.price == "3001" && cleared.size == "1")
            #expect(block.endBlockEvents.contains { $0.owner == network.alice.publicKey.accountID.address })
            let results = try await Self.get(BlockResultsResponse.self, client, "/v1/blocks/1/results")
            #expect(results.endBlockEvents == block.endBlockEvents)
            let tape = try await Self.get(TradesResponse.self, client, "/v1/markets/ETH-USD/trades")
            #expect(tape.trades.count == 1)
            #expect(tape.trades.first?.kind == "auction" && tape.trades.first?.takerSide == nil)
            #expect(tape.trades.first?.price == "3001" && tape.trades.first?.size == "1")
            let book = try await Self.get(BookResponse.self, client, "/v1/markets/ETH-USD/book?depth=1")
            #expect(book.asks.first?.price == "3002")
        }
    }
}
