import BazaarAPI
import BazaarCore
import BazaarNode
import Testing

/// The stream's bounds, without sockets.
@Suite struct StreamHubTests {
    static func emptyBlock(height: UInt64) -> FinalizedBlock {
        let key = PrivateKey()
        let header = BlockHeader(
            chainID: "c", height: height, timeMilliseconds: height, previousBlockHash: .zero,
            transactionsHash: Block.transactionsHash(ids: []), previousAppHash: .zero, proposer: key.publicKey)
        return FinalizedBlock(block: Block(header: header, transactions: []), results: [], appHash: .zero)
    }

    @Test func aSubscriberThatFallsTooFarBehindIsDisconnected() async throws {
        let hub = StreamHub()
        let (id, messages) = try #require(hub.connect())
        hub.handle(StreamRequest(op: .subscribe, channel: .blocks), from: id)
        for height in 1...UInt64(StreamHub.bufferMessagesMax + 1) {
            hub.publish(Self.emptyBlock(height: height)) { _ in 0 }
        }
        #expect(hub.connectionCount == 0)
        // What was buffered is still delivered, then the stream ends instead of silently skipping.
        var received = 0
        for await _ in messages { received += 1 }
        #expect(received == StreamHub.bufferMessagesMax)
    }

    @Test func accountSubscriptionsAreBoundedPerConnection() async throws {
        let hub = StreamHub()
        let (id, messages) = try #require(hub.connect())
        for _ in 0...StreamHub.accountSubscriptionsMax {
            hub.handle(
                StreamRequest(op: .subscribe, channel: .account, address: PrivateKey().publicKey.accountID.address),
                from: id)
        }
        hub.disconnect(id)
        var replies = [StreamMessage]()
        for await message in messages { replies.append(message) }
        #expect(replies.filter { $0.type == "subscribed" }.count == StreamHub.accountSubscriptionsMax)
        #expect(replies.last?.code == "too_many_subscriptions")
    }

    @Test func anInvalidAddressIsAnErrorNotASubscription() async throws {
        let hub = StreamHub()
        let (id, messages) = try #require(hub.connect())
        hub.handle(StreamRequest(op: .subscribe, channel: .account, address: "bz1nope"), from: id)
        hub.disconnect(id)
        var replies = [StreamMessage]()
        for await message in messages { replies.append(message) }
        #expect(replies.map(\.type) == ["error"])
        #expect(replies.first?.code == "bad_request")
    }
}
