import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The SDK's market calls against a node serving on loopback: the same requests the CLI makes.
@Suite struct MarketClientTests {
    @Test func theClientReadsMarketsBooksTradesAndOrders() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let app = Application(
            router: APIRoutes.makeRouter(node: node), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let alice = network.alice.publicKey.accountID.address
        try await app.test(.live) { client in
            let api = try BazaarAPIClient(baseURL: "http://127.0.0.1:\(try #require(client.port))")
            let markets = try await api.markets().markets
            #expect(markets.map(\.name) == ["BTC-USD", "ETH-USD", "BTC-PERP"])
            let eth = try await api.market("eth-usd")
            #expect(eth.id == 2)

            // Alice sells 0.02 BTC down to $64,980 (two demo bids) and rests an ETH bid with a client id.
            let sell = try TransactionBuilder.placeOrder(
                on: try await api.market("BTC-USD"), OrderInput(side: "sell", price: "64980", size: "0.02"))
            let bid = try TransactionBuilder.placeOrder(
                on: eth, OrderInput(side: "buy", price: "2500", size: "0.5", clientOrderID: 11))
            #expect(await node.admit(network.signed([sell, bid], from: network.alice, nonce: 0)) == .ok)
            try await node.produceBlock(clockMilliseconds: 2_000)

            let trades = try await api.trades(market: "BTC-USD", limit: 5).trades
            #expect(trades.map(\.price) == ["64980", "64990"])
            #expect(trades.map(\.size) == ["0.01", "0.01"])
            #expect(trades.allSatisfy { $0.takerSide == "sell" && $0.taker == alice })
            let book = try await api.book(market: "1", depth: 1)
            #expect(book.bids.first?.price == "64970" && book.sequence == 1)
            let orders = try await api.orders(address: alice, market: "ETH-USD").orders
            #expect(orders.map(\.clientOrderId) == ["11"])
            #expect(orders.first?.size == "0.5" && orders.first?.price == "2500")
            #expect(try await api.orders(address: alice).orders.count == 1)

            await #expect(
                throws: APIError(
                    code: "unknown_market",
                    message: "no market 'DOGE-USD'; markets: BTC-USD (1), ETH-USD (2), BTC-PERP (3)")
            ) {
                try await api.book(market: "DOGE-USD")
            }
            await #expect(throws: BazaarClientError.self) { try await api.trades(market: "BTC/USD") }
        }
    }
}
