import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What the API says at its edges (issue 13, part 8): a plain GET of the stream, a batch over its
/// limit, and errors that would repeat a huge input.
@Suite struct APIResponseBoundsTests {
    func withAPI(markets: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let network = try TestNetwork(markets: markets)
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func aPlainGetOfTheStreamIs426WithTheUpgradeHeader() async throws {
        try await withAPI { client in
            let response = try await client.execute(uri: "/v1/stream", method: .get)
            #expect(response.status == .upgradeRequired)
            #expect(response.headers[.upgrade] == "websocket")
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            #expect(error.code == "upgrade_required")
        }
    }

    @Test func aBatchOverItsLimitNamesTheBatchLimit() async throws {
        try await withAPI { client in
            let body = ByteBuffer(
                string: #"{"txs":[""# + String(repeating: "A", count: APIRoutes.batchBodyBytesMax) + #""]}"#)
            let response = try await client.execute(uri: "/v1/txs", method: .post, body: body)
            #expect(response.status == .contentTooLarge)
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            #expect(error.code == "payload_too_large")
            #expect(error.message == "request body exceeds \(APIRoutes.batchBodyBytesMax) bytes")
        }
    }

    @Test func errorsRepeatAtMost64CharactersOfTheInput() async throws {
        let long = String(repeating: "X", count: 7_000)
        try await withAPI(markets: true) { client in
            for uri in [
                "/v1/markets/\(long)", "/v1/markets/\(long)/book", "/v1/accounts/\(long)", "/v1/pools/\(long)",
                "/v1/oracle/\(long)", "/v1/markets/BTC-USD/trades?limit=\(long)",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status.code >= 400 && response.status.code < 500, "\(uri.prefix(40))")
                let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
                #expect(!error.message.contains(long), "\(uri.prefix(40)): \(error.message.prefix(100))")
                #expect(error.message.utf8.count < 600, "\(uri.prefix(40)): \(error.message.utf8.count) bytes")
            }
        }
    }

    @Test func aDescribedPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await withAPI { client in
            for (uri, method, allow) in [
                ("/v1/status", HTTPRequest.Method.trace, "GET"), ("/v1/tx", .delete, "POST"),
                ("/v1/blocks/7/results", .post, "GET"), ("/v1/status", HTTPRequest.Method("QUERY")!, "GET"),
            ] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
            }
            let unknown = try await client.execute(uri: "/v1/nothing/here", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aQuoteFromAnAssetToItselfIs400() async throws {
        try await withAPI(markets: true) { client in
            let response = try await client.execute(uri: "/v1/quote?in=USD&out=usd&amount=10", method: .get)
            #expect(response.status == .badRequest)
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            #expect(error.code == "bad_request" && error.message.contains("both USD"), "\(error)")
        }
    }

    @Test func anEchoedInputIsCutAt64Characters() {
        #expect(EchoedInput.quoted("BTC-USD") == "'BTC-USD'")
        let cut = EchoedInput.quoted(String(repeating: "é", count: 65))
        #expect(cut == "'" + String(repeating: "é", count: 64) + "…' (130 bytes)")
    }
}
