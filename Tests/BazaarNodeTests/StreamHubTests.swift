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
            hub.publish(Self.emptyBlock(height: height), context: RenderingContext(decimals: [:]))
        }
        #expect(hub.connectionCount == 0)
        // What was buffered is still delivered, then the stream ends instead of silently skipping.
        var received = 0
        for await _ in messages { received += 1 }
        #expect(received == StreamHub.bufferMessagesMax)
    }

    /// Bytes bound the buffer too: book snapshots that a client never reads stop at
    /// `queuedBytesMax`, then the connection is dropped; written frames free their bytes.
    @Test func aSubscriberWithTooManyQueuedBytesIsDisconnected() async throws {
        // Each snapshot of 1,000 levels is about 100 KB: the byte bound comes long before the count.
        let hub = Self.marketHub(bidLevels: 1000)
        let (id, messages) = try #require(hub.connect())
        let subscribe = StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD", depth: 1000)
        hub.handle(subscribe, from: id)
        var iterator = messages.makeAsyncIterator()
        let acknowledgement = try #require(await iterator.next())
        let queuedBefore = try #require(hub.queuedBytes(of: id))
        hub.written(acknowledgement, by: id)
        #expect(hub.queuedBytes(of: id) == queuedBefore - acknowledgement.byteCount)
        var requests = 1
        while hub.connectionCount == 1 {
            hub.handle(subscribe, from: id)
            requests += 1
            #expect(requests < StreamHub.bufferMessagesMax, "the byte bound never applied")
            if requests >= StreamHub.bufferMessagesMax { break }
        }
        #expect(hub.connectionCount == 0)
        var queued = acknowledgement.byteCount
        while let frame = await iterator.next() { queued += frame.byteCount }
        #expect(queued <= StreamHub.queuedBytesMax + acknowledgement.byteCount)
        #expect(hub.queuedBytes(of: id) == nil)
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
        for await frame in messages { replies.append(try frame.decoded()) }
        #expect(replies.filter { $0.type == "subscribed" }.count == StreamHub.accountSubscriptionsMax)
        #expect(replies.last?.code == "too_many_subscriptions")
    }

    @Test func anInvalidAddressIsAnErrorNotASubscription() async throws {
        let hub = StreamHub()
        let (id, messages) = try #require(hub.connect())
        hub.handle(StreamRequest(op: .subscribe, channel: .account, address: "bz1nope"), from: id)
        hub.disconnect(id)
        var replies = [StreamMessage]()
        for await frame in messages { replies.append(try frame.decoded()) }
        #expect(replies.map(\.type) == ["error"])
        #expect(replies.first?.code == "bad_request")
    }

    /// A hub that knows BTC-USD (market 1) with one bid.
    static func marketHub(bidLevels: Int = 1) -> StreamHub {
        let market = Market(
            id: 1, base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
            minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 5, mode: .continuous)
        let hub = StreamHub()
        hub.start(
            context: RenderingContext(
                decimals: ["BTC": 8, "USD": 6],
                markets: [
                    1: MarketFormat(market: market, baseDecimals: 8, quoteDecimals: 6)
                ]),
            books: [
                1: BookDepth(
                    bids: (0..<bidLevels).map { .init(price: 65_000 - Int64($0), quantity: 100, orderCount: 1) },
                    asks: [])
            ], height: 7)
        return hub
    }

    static func replies(_ requests: [StreamRequest], hub: StreamHub) async throws -> [StreamMessage] {
        let (id, messages) = try #require(hub.connect())
        for request in requests { hub.handle(request, from: id) }
        hub.disconnect(id)
        var replies = [StreamMessage]()
        for await frame in messages { replies.append(try frame.decoded()) }
        return replies
    }

    @Test func aBookSubscriptionIsAcknowledgedThenSnapshotted() async throws {
        let replies = try await Self.replies(
            [StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD", depth: 5)], hub: Self.marketHub())
        #expect(replies.map(\.type) == ["subscribed", "book_snapshot"])
        #expect(replies[1].height == 7 && replies[1].sequence == 0 && replies[1].depth == 5)
        #expect(replies[1].bids?.map(\.price) == ["65000"] && replies[1].bids?.first?.size == "0.01")
    }

    @Test func badMarketSubscriptionsAreErrorsWithACode() async throws {
        let replies = try await Self.replies(
            [
                StreamRequest(op: .subscribe, channel: .book, market: "DOGE-USD"),
                StreamRequest(op: .subscribe, channel: .trades),
                StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD", depth: 0),
                StreamRequest(op: .subscribe, channel: .book, market: "1", depth: BookResponse.depthMax + 1),
            ], hub: Self.marketHub())
        #expect(replies.map(\.type) == ["error", "error", "error", "error"])
        #expect(replies.map(\.code) == ["unknown_market", "bad_request", "bad_request", "bad_request"])
        #expect(replies[0].message == "no market 'DOGE-USD'; markets: BTC-USD (1)")
    }

    @Test func aRepeatedBookSubscriptionReplacesItsDepth() async throws {
        let hub = Self.marketHub()
        let (id, messages) = try #require(hub.connect())
        hub.handle(StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD"), from: id)
        hub.handle(StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD", depth: 2), from: id)
        hub.handle(StreamRequest(op: .subscribe, channel: .trades, market: "BTC-USD"), from: id)
        hub.handle(StreamRequest(op: .unsubscribe, channel: .book, market: "BTC-USD"), from: id)
        hub.disconnect(id)
        var replies = [StreamMessage]()
        for await frame in messages { replies.append(try frame.decoded()) }
        #expect(
            replies.map(\.type) == [
                "subscribed", "book_snapshot", "subscribed", "book_snapshot", "subscribed", "unsubscribed",
            ])
        #expect(replies[3].depth == 2 && replies[3].bids?.count == 1)
    }

    @Test func marketSubscriptionsAreBoundedPerConnection() async throws {
        var formats: [MarketID: MarketFormat] = [:]
        for id in 1...UInt32(StreamHub.marketSubscriptionsMax + 1) {
            let market = Market(
                id: MarketID(id), base: AssetSymbol(validating: "B\(id)")!, quote: "USD", lotSize: Amount(baseUnits: 1),
                tickSize: Amount(baseUnits: 1), minimumSize: Amount(baseUnits: 1), maximumPriceTicks: 100,
                makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, mode: .continuous)
            formats[market.id] = MarketFormat(market: market, baseDecimals: 0, quoteDecimals: 0)
        }
        let hub = StreamHub()
        hub.start(context: RenderingContext(decimals: [:], markets: formats), books: [:], height: 0)
        let requests = formats.keys.sorted().map {
            StreamRequest(op: .subscribe, channel: .trades, market: String($0.rawValue))
        }
        let replies = try await Self.replies(requests, hub: hub)
        #expect(replies.filter { $0.type == "subscribed" }.count == StreamHub.marketSubscriptionsMax)
        #expect(replies.last?.code == "too_many_subscriptions")
    }
}
