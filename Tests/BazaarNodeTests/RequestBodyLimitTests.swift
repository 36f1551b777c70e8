import BazaarAPI
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The body limits of the submission endpoints at their exact boundaries: a body of exactly the
/// limit is read (and, being no JSON, refused as a bad request), one byte more is refused with
/// 413 before it is parsed. A raised limit fails the second half; a lowered one the first.
@Suite struct RequestBodyLimitTests {
    let network: TestNetwork
    let node: Node

    init() throws {
        network = try TestNetwork()
        node = try network.makeNode()
    }

    func post(_ uri: String, byteCount: Int) async throws -> (status: HTTPResponse.Status, code: String) {
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: node))
        return try await app.test(.router) { client in
            let body = ByteBuffer(repeating: UInt8(ascii: "A"), count: byteCount)
            let response = try await client.execute(uri: uri, method: .post, body: body)
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            return (response.status, error.code)
        }
    }

    @Test func aTransactionBodyOfExactlyTheLimitIsRead() async throws {
        let response = try await post("/v1/tx", byteCount: APIRoutes.requestBodyBytesMax)
        #expect(response.status == .badRequest && response.code == "bad_request")
    }

    @Test func aTransactionBodyOneByteOverTheLimitIsRefused() async throws {
        #expect(APIRoutes.requestBodyBytesMax == 65_536)
        let response = try await post("/v1/tx", byteCount: APIRoutes.requestBodyBytesMax + 1)
        #expect(response.status == .contentTooLarge && response.code == "payload_too_large")
    }

    @Test func aBatchBodyOfExactlyTheLimitIsRead() async throws {
        let response = try await post("/v1/txs", byteCount: APIRoutes.batchBodyBytesMax)
        #expect(response.status == .badRequest && response.code == "bad_request")
    }

    @Test func aBatchBodyOneByteOverTheLimitIsRefused() async throws {
        #expect(APIRoutes.batchBodyBytesMax == 1_048_576)
        let response = try await post("/v1/txs", byteCount: APIRoutes.batchBodyBytesMax + 1)
        #expect(response.status == .contentTooLarge && response.code == "payload_too_large")
        #expect(await node.status.mempoolTransactions == 0)
    }
}
