import BazaarAPI
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
        let router = APIRoutes.makeRouter(node: node)
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
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

actor MessageCollector {
    var messages: [StreamMessage] = []

    func append(_ message: WebSocketMessage?) throws {
        guard case .text(let text) = message else { throw CollectorError.notText }
        messages.append(try JSONDecoder().decode(StreamMessage.self, from: Data(text.utf8)))
    }

    enum CollectorError: Error { case notText }
}
