import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Seeded random input to every endpoint: never a 5xx, always the JSON error shape, never a state change.
@Suite struct APIFuzzTests {
    /// splitmix64, so a failing seed replays exactly.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let iterations = ProcessInfo.processInfo.environment["CI"] == nil ? 1_500 : 400

    /// A body built from a valid transaction, then damaged, or from nothing at all.
    static func body(_ valid: [UInt8], _ random: inout SeededGenerator) -> String {
        var bytes = valid
        switch Int.random(in: 0..<7, using: &random) {
        case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        case 1:
            bytes.append(
                contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                })
        case 2:
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
        case 3:
            bytes = (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 4: return #"{"tx": \#(Int.random(in: -5...5, using: &random))}"#
        case 5:
            return String(
                decoding: (0..<Int.random(in: 0..<64, using: &random)).map { _ in
                    UInt8.random(in: 32...126, using: &random)
                }, as: UTF8.self)
        default: return #"{"txs": ["\#(Data(bytes).base64EncodedString())", "x"]}"#
        }
        return #"{"tx":"\#(Data(bytes).base64EncodedString())"}"#
    }

    static func path(_ random: inout SeededGenerator) -> String {
        let pieces = [
            "tx", "txs", "accounts", "blocks", "assets", "status", "results", "bz1qqq", "0", "18446744073709551616",
            "%00", "..", "ab", "markets", "BTC-USD", "eth-usd", "2", "book", "trades", "orders",
            "htlcs", "swap-offers", "escrows", "candles",
        ]
        let queries = [
            "", "", "?depth=3", "?depth=0", "?depth=99999999999999999999", "?limit=abc", "?limit=1000",
            "?market=BTC-USD", "?market=%00", "?depth=",
            "?hashlock=zz", "?account=bz1qqq", "?status=all", "?status=%00",
            "?resolution=1m", "?resolution=1m&from=9&to=1&limit=1500", "?before=AQE", "?before=%00&resolution=1d",
        ]
        let depth = Int.random(in: 1...4, using: &random)
        return "/v1/" + (0..<depth).map { _ in pieces.randomElement(using: &random)! }.joined(separator: "/")
            + queries.randomElement(using: &random)!
    }

    @Test func randomRequestsNeverFailTheServerOrChangeState() async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let before = await node.status
        let valid = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0).canonicalBytes
        let seed = UInt64.random(in: 0...UInt64.max)
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in
            var random = SeededGenerator(state: seed)
            for iteration in 0..<Self.iterations {
                let isPost = Bool.random(using: &random)
                let uri = isPost ? (Bool.random(using: &random) ? "/v1/tx" : "/v1/txs") : Self.path(&random)
                let body = isPost ? ByteBuffer(string: Self.body(valid, &random)) : nil
                let response = try await client.execute(uri: uri, method: isPost ? .post : .get, body: body)
                let context: Comment = "seed \(seed), iteration \(iteration): \(isPost ? "POST" : "GET") \(uri)"
                #expect(response.status.code < 500, context)
                if response.status.code >= 400 {
                    #expect(
                        (try? JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))) != nil, context)
                }
            }
        }
        // A damaged transaction never reaches the mempool; the one valid body may have.
        let after = await node.status
        #expect(after.height == before.height && after.appHash == before.appHash, "seed \(seed)")
        #expect(after.mempoolTransactions <= 1, "seed \(seed)")
    }
}
