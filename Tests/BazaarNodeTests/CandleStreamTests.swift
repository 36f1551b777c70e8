import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The `candles` channel over a real loopback WebSocket, read with the SDK's `StreamClient`.
@Suite struct CandleStreamTests {
    @Test func aCandleSubscriptionStartsWithTheNewestCandleThenOneCandlePerPrintingBlock() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.aliceSells([1])
        try await chain.block(at: 2_000)
        let app = APIServer.makeApplication(
            node: chain.node, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "test"))
        let node = chain.node
        let network = chain.network
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let stream = try StreamClient(baseURL: "http://127.0.0.1:\(port)").messages(subscribing: [
                StreamRequest(op: .subscribe, channel: .candles, market: "BTC-USD", resolution: "1m"),
                StreamRequest(op: .subscribe, channel: .candles, market: "BTC-USD", resolution: "1d"),
                StreamRequest(op: .subscribe, channel: .candles, market: "BTC-USD", resolution: "7m"),
                StreamRequest(op: .subscribe, channel: .candles, market: "ETH-USD", resolution: "1h"),
            ])
            var messages = stream.makeAsyncIterator()
            var replies: [StreamMessage] = []
            // Two acknowledgements each with the newest candle, an error, and ETH-USD's bare acknowledgement.
            for _ in 0..<6 { replies.append(try await MarketStreamTests.next(&messages)) }
            #expect(replies.map(\.type) == ["subscribed", "candle", "subscribed", "candle", "error", "subscribed"])
            #expect(replies[0].channel == .candles && replies[0].resolution == "1m" && replies[0].market == "BTC-USD")
            #expect(replies[1].candle?.startMs == 0 && replies[1].candle?.open == "64990" && replies[1].height == 1)
            #expect(replies[1].candle?.trades == 1 && replies[1].candle?.closed == false)
            #expect(replies[3].resolution == "1d" && replies[3].candle?.baseVolume == "0.0001")
            #expect(replies[4].code == "bad_request" && replies[4].message?.contains("1m, 5m, 15m, 1h, 4h, 1d") == true)
            #expect(replies[5].market == "ETH-USD")

            // A block without prints on BTC-USD sends nothing; the next, in the same minute, grows the candle.
            #expect(
                await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 1)) == .ok)
            try await node.produceBlock(clockMilliseconds: 3_000)
            let sell = network.signed(
                [CandleTestChain.btc(.ask, dollars: 60_000, lots: 150)], from: network.alice, nonce: 2)
            #expect(await node.admit(sell) == .ok)
            try await node.produceBlock(clockMilliseconds: 30_000)
            let grown = [try await MarketStreamTests.next(&messages), try await MarketStreamTests.next(&messages)]
            #expect(grown.map(\.resolution) == ["1m", "1d"] && grown.allSatisfy { $0.height == 3 })
            #expect(grown[0].candle?.startMs == 0 && grown[0].candle?.trades == 3 && grown[0].candle?.low == "64980")
            #expect(grown[0].candle?.close == "64980" && grown[0].candle?.baseVolume == "0.0151")

            // The next minute starts a new candle; the previous one is final from then on.
            let buy = network.signed(
                [CandleTestChain.btc(.bid, dollars: 70_000, lots: 1)], from: network.bob, nonce: 0)
            #expect(await node.admit(buy) == .ok)
            try await node.produceBlock(clockMilliseconds: 60_500)
            let next = [try await MarketStreamTests.next(&messages), try await MarketStreamTests.next(&messages)]
            #expect(next[0].candle?.startMs == 60_000 && next[0].candle?.open == "65010" && next[0].candle?.trades == 1)
            #expect(next[0].candle?.closed == false)
            #expect(next[1].candle?.startMs == 0 && next[1].candle?.trades == 4 && next[1].candle?.close == "65010")
        }
    }

    @Test func candleSubscriptionsCountAgainstTheMarketSubscriptionLimit() async throws {
        var formats: [MarketID: MarketFormat] = [:]
        for id: UInt32 in 1...6 {
            let market = Market(
                id: MarketID(id), base: AssetSymbol(validating: "B\(id)")!, quote: "USD", lotSize: Amount(baseUnits: 1),
                tickSize: Amount(baseUnits: 1), minimumSize: Amount(baseUnits: 1), maximumPriceTicks: 100,
                makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, mode: .continuous)
            formats[market.id] = MarketFormat(market: market, baseDecimals: 0, quoteDecimals: 0)
        }
        let hub = StreamHub()
        hub.start(context: RenderingContext(decimals: [:], markets: formats), books: [:], height: 0)
        // 6 trade subscriptions, then 26 candle subscriptions fill the 32; the 27th is refused.
        var requests = formats.keys.sorted().map {
            StreamRequest(op: .subscribe, channel: .trades, market: String($0.rawValue))
        }
        for id in formats.keys.sorted() {
            for resolution in ["1m", "5m", "15m", "1h", "4h", "1d"] {
                requests.append(
                    StreamRequest(
                        op: .subscribe, channel: .candles, market: String(id.rawValue), resolution: resolution))
            }
        }
        #expect(StreamHub.marketSubscriptionsMax == 32 && requests.count == 42)
        let replies = try await StreamHubTests.replies(requests, hub: hub)
        #expect(replies.filter { $0.type == "subscribed" }.count == 32)
        #expect(replies.filter { $0.code == "too_many_subscriptions" }.count == 10)
        #expect(replies[32].code == "too_many_subscriptions" && replies[31].channel == .candles)
    }
}
