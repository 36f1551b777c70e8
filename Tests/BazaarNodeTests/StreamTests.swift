import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import Testing

/// The WebSocket stream over a real loopback connection.
@Suite struct StreamTests {
    @Test func subscribersReceiveBlocksAndTheirAccountsEvents() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let app = APIServer.makeApplication(
            node: node, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "test"))
        let bob = network.bob.publicKey.accountID.address
        let received = try await app.test(.live) { client in
            let port = try #require(client.port)
            let collector = MessageCollector()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/stream", logger: Logger(label: "test")) {
                inbound, outbound, _ in
                try await outbound.write(.text(#"{"op":"subscribe","channel":"blocks"}"#))
                try await outbound.write(.text(#"{"op":"subscribe","channel":"account","address":"\#(bob)"}"#))
                try await outbound.write(.text("nonsense"))
                var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                // Three replies first: two subscriptions and one error, in order.
                for _ in 0..<3 { try await collector.append(iterator.next()) }
                _ = await node.admit(network.transfer(from: network.alice, to: network.bob, units: 750_000, nonce: 0))
                try await node.produceBlock(clockMilliseconds: 2_000)
                // Then the block and bob's transfer event.
                for _ in 0..<2 { try await collector.append(iterator.next()) }
                try await outbound.close(.normalClosure, reason: nil)
            }
            return await collector.messages
        }
        #expect(received.map(\.type) == ["subscribed", "subscribed", "error", "block", "account_event"])
        #expect(received[3].height == 1)
        #expect(received[4].address == bob)
        #expect(received[4].event?.kind == "transferred")
        #expect(received[4].event?.amount == "0.75")
    }
}

/// The book and trade channels over a real loopback connection, read with the SDK's `StreamClient`.
@Suite struct MarketStreamTests {
    /// Reads the next message, failing the test instead of waiting forever.
    static func next(
        _ iterator: inout AsyncThrowingStream<StreamMessage, any Error>.Iterator
    ) async throws -> StreamMessage {
        try #require(try await iterator.next())
    }

    /// The book over a new connection: the test client's connection opens before the stream
    /// and is closed by the server when its first request comes more than
    /// `APIServerLimits.requestHeadTimeout` later, which a loaded machine can take.
    static func book(port: Int, depth: Int) async throws -> BookResponse {
        try await BazaarAPIClient(baseURL: "http://127.0.0.1:\(port)").book(market: "BTC-USD", depth: depth)
    }

    @Test func aBookSubscriptionIsASnapshotThenConsecutiveUpdatesThatRebuildTheBook() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let app = APIServer.makeApplication(
            node: node, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let stream = try StreamClient(baseURL: "http://127.0.0.1:\(port)").messages(subscribing: [
                StreamRequest(op: .subscribe, channel: .book, market: "btc-usd", depth: 3),
                StreamRequest(op: .subscribe, channel: .trades, market: "1"),
            ])
            var messages = stream.makeAsyncIterator()
            var mirror = BookMirror(market: "BTC-USD")
            let acknowledged = try await Self.next(&messages)
            #expect(acknowledged.type == "subscribed" && acknowledged.channel == .book && acknowledged.depth == 3)
            let snapshot = try await Self.next(&messages)
            #expect(snapshot.type == "book_snapshot" && snapshot.sequence == 0 && snapshot.height == 0)
            #expect(mirror.apply(snapshot) == .applied)
            #expect(mirror.asks.map(\.price) == ["65010", "65020", "65030"])
            #expect(try await Self.next(&messages).channel == .trades)

            // Block 1 crosses two asks: two trades, then one update removing 65,010 and shrinking
            // 65,020, with 65,040 moving into the best three.
            let buy = Action.placeOrder(
                Action.PlaceOrder(
                    market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_502_000),
                    size: Amount(baseUnits: 1_500_000)))
            #expect(await node.admit(network.signed([buy], from: network.alice, nonce: 0)) == .ok)
            try await node.produceBlock(clockMilliseconds: 2_000)
            let trades = [try await Self.next(&messages), try await Self.next(&messages)]
            #expect(trades.map(\.type) == ["trade", "trade"])
            #expect(trades.map { $0.trade?.price } == ["65010", "65020"])
            #expect(trades.map { $0.trade?.id } == ["1-0", "1-1"])
            let first = try await Self.next(&messages)
            #expect(first.type == "book_update" && first.sequence == 1 && first.height == 1)
            #expect(first.asks?.map(\.price) == ["65010", "65020", "65040"])
            #expect(first.asks?.map(\.size) == ["0", "0.005", "0.01"])
            #expect(first.bids == [])
            #expect(mirror.apply(first) == .applied)
            let afterFirst = try await Self.book(port: port, depth: 3)
            #expect(afterFirst.sequence == mirror.sequence)
            #expect(afterFirst.bids == mirror.bids && afterFirst.asks == mirror.asks)

            // Block 2 leaves the book alone (a transfer): no update. Block 3 rests a bid inside
            // the best three: the next update follows with sequence 2.
            #expect(await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 1)) == .ok)
            try await node.produceBlock(clockMilliseconds: 3_000)
            let bid = Action.placeOrder(
                Action.PlaceOrder(
                    market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_499_500),
                    size: Amount(baseUnits: 20_000), clientOrderID: 5))
            #expect(await node.admit(network.signed([bid], from: network.alice, nonce: 2)) == .ok)
            try await node.produceBlock(clockMilliseconds: 4_000)
            let second = try await Self.next(&messages)
            #expect(second.type == "book_update" && second.sequence == 2 && second.height == 3)
            #expect(second.bids?.map(\.price) == ["64995", "64970"])
            #expect(second.bids?.map(\.size) == ["0.0002", "0"])
            #expect(mirror.apply(second) == .applied)

            // Block 4 cancels it: 64,995 leaves and 64,970 comes back into view.
            let cancel = Action.cancelOrder(Action.CancelOrder(market: 1, order: .clientID(5)))
            #expect(await node.admit(network.signed([cancel], from: network.alice, nonce: 3)) == .ok)
            try await node.produceBlock(clockMilliseconds: 5_000)
            let third = try await Self.next(&messages)
            #expect(third.sequence == 3)
            #expect(mirror.apply(third) == .applied)
            let afterThird = try await Self.book(port: port, depth: 3)
            #expect(afterThird.sequence == 3 && afterThird.height == 4)
            #expect(afterThird.bids == mirror.bids && afterThird.asks == mirror.asks)
            #expect(mirror.bids.map(\.price) == ["64990", "64980", "64970"])

            // Sequence numbers are consecutive, so a lost update shows: applying the third update
            // to the book as it was after the first is refused as a gap.
            var stale = BookMirror(market: "BTC-USD")
            _ = stale.apply(snapshot)
            _ = stale.apply(first)
            #expect(stale.apply(third) == .gap(expected: 2, received: 3))
        }
    }

    @Test func anAuctionPrintsOnTheTradesChannelAndItsFillsReachTheAccount() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let app = APIServer.makeApplication(
            node: node, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "test"))
        let alice = network.alice.publicKey.accountID.address
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let stream = try StreamClient(baseURL: "http://127.0.0.1:\(port)").messages(subscribing: [
                StreamRequest(op: .subscribe, channel: .trades, market: "ETH-USD"),
                StreamRequest(op: .subscribe, channel: .account, address: alice),
                StreamRequest(op: .subscribe, channel: .book, market: "ETH-USD", depth: 1),
            ])
            var messages = stream.makeAsyncIterator()
            for _ in 0..<4 { _ = try await Self.next(&messages) }  // three acknowledgements and a snapshot
            let buy = Action.placeOrder(
                Action.PlaceOrder(
                    market: 2, side: .bid, type: .limit, price: Amount(baseUnits: 3_001_000),
                    size: Amount(baseUnits: Amount.powerOfTen(18))))
            #expect(await node.admit(network.signed([buy], from: network.alice, nonce: 0)) == .ok)
            try await node.produceBlock(clockMilliseconds: 2_000)
            var received: [StreamMessage] = []
            for _ in 0..<5 { received.append(try await Self.next(&messages)) }
            // Alice's fee and order from the transaction, her fill from the end of the block, the
            // auction's print, then the book without the ask it took.
            #expect(
                received.map(\.type) == ["account_event", "account_event", "account_event", "trade", "book_update"])
            #expect(received[1].event?.kind == "order_placed" && received[1].txId != nil)
            #expect(received[2].event?.kind == "order_filled" && received[2].txId == nil)
            #expect(received[2].event?.price == "3001" && received[2].event?.size == "1")
            #expect(received[3].trade?.kind == "auction" && received[3].trade?.price == "3001")
            #expect(received[4].asks?.map(\.price) == ["3001", "3002"])
            #expect(received[4].asks?.map(\.size) == ["0", "1"])
        }
    }
}

actor MessageCollector {
    var messages: [StreamMessage] = []

    func append(_ message: WebSocketMessage?) throws {
        guard case .text(let text) = message else { throw CollectorError.notText }
        messages.append(try JSONDecoder().decode(StreamMessage.self, from: Data(text.utf8)))
    }

    enum CollectorError: Error { case notText }
}
