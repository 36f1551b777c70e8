import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/markets/{m}/candles` and the paged `GET /v1/markets/{m}/trades` through the real router.
@Suite struct CandleAPITests {
    static func get<T: Decodable>(_ type: T.Type, _ client: any TestClientProtocol, _ uri: String) async throws -> T {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    /// Expects an error status and code for `uri`, and returns the message.
    @discardableResult
    static func expectError(
        _ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status, code: String
    ) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == status, "\(uri)")
        let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
        #expect(error.code == code, "\(uri)")
        return error.message
    }

    @discardableResult
    static func withAPI<T: Sendable>(
        _ chain: CandleTestChain, _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let app = Application(router: APIRoutes.makeRouter(node: chain.node))
        return try await app.test(.router) { client in try await body(client) }
    }

    @Test func candlesComeNewestFirstInTheMarketsUnits() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.tradeThreeBlocks()
        try await Self.withAPI(chain) { client in
            let minutes = try await Self.get(
                CandlesResponse.self, client, "/v1/markets/BTC-USD/candles?resolution=1m")
            #expect(minutes.market == "BTC-USD" && minutes.resolution == "1m" && minutes.height == 3)
            #expect(minutes.next == nil)
            #expect(
                minutes.candles == [
                    CandleJSON(
                        startMs: 60_000, open: "65010", high: "65010", low: "65010", close: "65010",
                        baseVolume: "0.0001", quoteVolume: "6.501", trades: 1, closed: false),
                    CandleJSON(
                        startMs: 0, open: "64990", high: "64990", low: "64980", close: "64980",
                        baseVolume: "0.0151", quoteVolume: "981.298", trades: 3, closed: true),
                ])
            let hour = try await Self.get(CandlesResponse.self, client, "/v1/markets/1/candles?resolution=1h")
            #expect(
                hour.candles == [
                    CandleJSON(
                        startMs: 0, open: "64990", high: "65010", low: "64980", close: "65010",
                        baseVolume: "0.0152", quoteVolume: "987.799", trades: 4, closed: false)
                ])
            let paged = try await Self.get(
                CandlesResponse.self, client, "/v1/markets/BTC-USD/candles?resolution=1m&limit=1")
            #expect(paged.candles.map(\.startMs) == [60_000])
            let next = try #require(paged.next)
            let rest = try await Self.get(
                CandlesResponse.self, client, "/v1/markets/BTC-USD/candles?resolution=1m&limit=1&before=\(next)")
            #expect(rest.candles.map(\.startMs) == [0] && rest.next == nil)
            let windowed = try await Self.get(
                CandlesResponse.self, client, "/v1/markets/BTC-USD/candles?resolution=1m&from=1&to=60000")
            #expect(windowed.candles.map(\.startMs) == [60_000])
            let empty = try await Self.get(CandlesResponse.self, client, "/v1/markets/ETH-USD/candles?resolution=1d")
            #expect(empty.candles.isEmpty && empty.next == nil && empty.height == 3)
        }
    }

    @Test func badCandleQueriesAreRefusedWithACodeAndMessage() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.tradeThreeBlocks()
        try await Self.withAPI(chain) { client in
            let base = "/v1/markets/BTC-USD/candles"
            for uri in ["\(base)?resolution=2m", "\(base)?resolution=1M", "\(base)"] {
                let message = try await Self.expectError(client, uri, status: .badRequest, code: "bad_request")
                #expect(message.contains("1m, 5m, 15m, 1h, 4h, 1d"), "\(message)")
            }
            let reversed = try await Self.expectError(
                client, "\(base)?resolution=1m&from=5000&to=4999", status: .badRequest, code: "bad_request")
            #expect(reversed.contains("from") && reversed.contains("to"))
            for limit in ["0", "1501", "x", "-1"] {
                let message = try await Self.expectError(
                    client, "\(base)?resolution=1m&limit=\(limit)", status: .badRequest, code: "bad_request")
                #expect(message.contains("1500"), "\(message)")
            }
            for time in ["from=-1", "to=abc", "from=99999999999999999999"] {
                try await Self.expectError(
                    client, "\(base)?resolution=1m&\(time)", status: .badRequest, code: "bad_request")
            }
            try await Self.expectError(
                client, "/v1/markets/NOPE/candles?resolution=1m", status: .notFound, code: "unknown_market")
            // Cursors: garbage, another resolution's, another market's, the trades', one altered.
            let minute = try await Self.get(CandlesResponse.self, client, "\(base)?resolution=1m&limit=1")
            let cursor = try #require(minute.next)
            let trades = try await Self.get(TradesResponse.self, client, "/v1/markets/BTC-USD/trades?limit=1")
            let tradesCursor = try #require(trades.next)
            let flipped =
                String(cursor.prefix(5)) + (cursor.dropFirst(5).first == "A" ? "B" : "A") + cursor.dropFirst(6)
            for uri in [
                "\(base)?resolution=1m&before=nonsense!", "\(base)?resolution=1h&before=\(cursor)",
                "\(base)?resolution=1m&from=0&before=\(cursor)",
                "/v1/markets/ETH-USD/candles?resolution=1m&before=\(cursor)",
                "\(base)?resolution=1m&before=\(tradesCursor)", "\(base)?resolution=1m&before=\(flipped)",
                "\(base)?resolution=1m&before=\(cursor.dropLast(2))", "\(base)?resolution=1m&before=",
            ] {
                try await Self.expectError(client, uri, status: .badRequest, code: "bad_cursor")
            }
            try await Self.expectError(
                client, "/v1/markets/ETH-USD/trades?before=\(tradesCursor)", status: .badRequest, code: "bad_cursor")
            try await Self.expectError(
                client, "/v1/markets/BTC-USD/trades?before=\(cursor)", status: .badRequest, code: "bad_cursor")
        }
    }

    /// Paging newest first with `before` while blocks keep committing: every print older than the
    /// first page's newest comes exactly once, in order, none skipped.
    @Test func pagingTradesWhileBlocksCommitNeverRepeatsOrSkipsAPrint() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        for second: UInt64 in 2...5 {
            try await chain.aliceSells([1, 1, 1])
            try await chain.block(at: second * 1_000)
        }
        let committing = chain
        let writer = Task {
            var chain = committing
            for second: UInt64 in 6...25 {
                try await chain.aliceSells([1, 1, 1])
                try await chain.block(at: second * 1_000)
                await Task.yield()
            }
        }
        let (seen, newest, heights, bobBlocks) = try await Self.withAPI(chain) { client in
            // Besides the background writer, bob commits a buy between every two pages.
            var bob = committing
            var seen: [String] = []
            var newest: String?
            var heights: [UInt64] = []
            var uri = "/v1/markets/BTC-USD/trades?limit=2"
            while true {
                let page = try await Self.get(TradesResponse.self, client, uri)
                if newest == nil { newest = page.trades.first?.id }
                seen += page.trades.map(\.id)
                heights.append(try #require(page.height))
                #expect(page.trades.count == 2 || page.next == nil)
                guard let next = page.next else { break }
                uri = "/v1/markets/BTC-USD/trades?limit=2&before=\(next)"
                try await bob.bobBuys(1)
                try await bob.block(at: 1)
            }
            return (seen, newest, heights, bob.bobNonce)
        }
        try await writer.value
        #expect(heights.count >= 6 && heights.last! >= heights.first! + UInt64(heights.count - 1))
        let all = try chain.node.store.trades(of: 1, limit: 1_000, before: nil).trades
        #expect(all.count == 72 + Int(bobBlocks))
        let first = try #require(newest)
        let key = { (id: String) -> [Int] in id.split(separator: "-").map { Int($0)! } }
        let expected = all.map { "\($0.height)-\($0.position)" }.filter {
            key($0).lexicographicallyPrecedes(key(first)) || $0 == first
        }
        #expect(seen == expected)
        #expect(Set(seen).count == seen.count)
    }
}

/// The SDK's history calls against a node serving on loopback: the requests the CLI makes.
@Suite struct CandleClientTests {
    @Test func theClientPagesTradesAndReadsCandles() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.tradeThreeBlocks()
        let app = Application(
            router: APIRoutes.makeRouter(node: chain.node),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let api = try BazaarAPIClient(baseURL: "http://127.0.0.1:\(try #require(client.port))")
            let first = try await api.trades(market: "BTC-USD", limit: 3)
            #expect(first.trades.map(\.id) == ["3-0", "2-1", "2-0"] && first.height == 3)
            let rest = try await api.trades(market: "BTC-USD", limit: 3, before: try #require(first.next))
            #expect(rest.trades.map(\.id) == ["1-0"] && rest.next == nil)
            let candles = try await api.candles(market: "1", resolution: "1m", from: 0, to: 59_999, limit: 5)
            #expect(candles.candles.map(\.startMs) == [0] && candles.candles.first?.close == "64980")
            await #expect(throws: APIError.self) {
                try await api.candles(market: "BTC-USD", resolution: "1m", before: "AAAA")
            }
            await #expect(throws: BazaarClientError.self) {
                try await api.candles(market: "BTC-USD", resolution: "1m", before: "a&b")
            }
        }
    }
}
