import BazaarAPI
import Foundation
import Testing

@testable import BazaarClient

@Suite struct BazaarAPIClientTests {
    let node = "http://127.0.0.1:8080"

    @Test func errorStatusWithAnAPIErrorBodyThrowsThatAPIError() {
        let body = Data(#"{"code":"nonce_too_low","message":"nonce already used"}"#.utf8)
        let error = #expect(throws: APIError.self) {
            try BazaarAPIClient.decode(StatusResponse.self, status: 400, body: body, nodeURL: node)
        }
        #expect(error == APIError(code: "nonce_too_low", message: "nonce already used"))
    }

    @Test func errorStatusWithAnotherBodyIsAnUnexpectedResponse() {
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient.decode(StatusResponse.self, status: 502, body: Data("<html>".utf8), nodeURL: node)
        }
        #expect(error?.code == .unexpectedResponse)
        #expect(error?.message.contains("HTTP 502") == true)
    }

    @Test func successWithAnUnreadableBodyIsAnUnexpectedResponse() {
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient.decode(StatusResponse.self, status: 200, body: Data("{}".utf8), nodeURL: node)
        }
        #expect(error?.code == .unexpectedResponse)
    }

    @Test func successBodyDecodesIntoTheResponse() throws {
        let expected = SubmitTransactionResponse(id: "ab", status: .pending)
        let body = try JSONEncoder().encode(expected)
        #expect(
            try BazaarAPIClient.decode(SubmitTransactionResponse.self, status: 202, body: body, nodeURL: node)
                == expected)
    }

    @Test func connectionFailureNamesTheNodeAndTheDevnetCommand() {
        let error = BazaarAPIClient.unreachable(node, CancellationError())
        #expect(error.code == .nodeUnreachable)
        #expect(error.message.hasPrefix("cannot reach node at http://127.0.0.1:8080: is `bazaar devnet` running?"))
    }

    @Test func nothingListeningIsReportedAsUnreachable() async throws {
        // Port 9 (discard) is essentially never served on loopback in test environments.
        let client = try BazaarAPIClient(baseURL: "http://127.0.0.1:9", requestTimeout: .seconds(5))
        let error = await #expect(throws: BazaarClientError.self) { try await client.status() }
        #expect(error?.code == .nodeUnreachable)
    }

    @Test(arguments: ["ftp://node", "127.0.0.1:8080", "", "http://"])
    func nonHTTPNodeURLIsRefused(url: String) {
        #expect(throws: BazaarClientError.self) { try BazaarAPIClient(baseURL: url) }
    }

    @Test func trailingSlashesAreDropped() throws {
        #expect(try BazaarAPIClient(baseURL: "http://127.0.0.1:8080//").baseURL == "http://127.0.0.1:8080")
    }

    @Test func pathIdentifiersThatWouldChangeThePathAreRefused() async throws {
        let client = try BazaarAPIClient(baseURL: "http://127.0.0.1:9")
        let error = await #expect(throws: BazaarClientError.self) { try await client.transaction(id: "../status") }
        #expect(error?.code == .invalidInput)
    }

    @Test func streamURLUsesTheWebSocketScheme() {
        #expect(StreamClient.webSocketURL(forNode: "http://127.0.0.1:8080") == "ws://127.0.0.1:8080/v1/stream")
        #expect(StreamClient.webSocketURL(forNode: "https://node.example") == "wss://node.example/v1/stream")
    }
}
