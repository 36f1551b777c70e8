import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The REST API served in-process by the real router over a real node and SQLite file.
@Suite struct APITests {
    let network: TestNetwork
    let node: Node

    init() throws {
        network = try TestNetwork()
        node = try network.makeNode()
    }

    func withAPI(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in try await body(client) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    static func submission(_ signed: SignedTransaction) -> ByteBuffer {
        ByteBuffer(string: #"{"tx":"\#(Data(signed.canonicalBytes).base64EncodedString())"}"#)
    }

    /// Posts a body and checks the status and error code, and that nothing reached the mempool.
    func expectRejection(
        _ client: any TestClientProtocol, uri: String = "/v1/tx", body: ByteBuffer, status: HTTPResponse.Status,
        code: String
    ) async throws {
        let response = try await client.execute(uri: uri, method: .post, body: body)
        #expect(response.status == status)
        #expect(try APITests.decode(APIError.self, response).code == code)
        #expect(await node.status.mempoolTransactions == 0)
    }

    @Test func statusReportsChainHeightHashAndTime() async throws {
        try await withAPI { client in
            try await node.produceBlock(clockMilliseconds: 1_700_000_000_000)
            let response = try await client.execute(uri: "/v1/status", method: .get)
            #expect(response.status == .ok)
            let status = try APITests.decode(StatusResponse.self, response)
            #expect(status.chainId == TestNetwork.chainID)
            #expect(status.height == 1)
            #expect(status.appHash == (await node.status.appHash.hex))
            #expect(status.latestBlockTimeMs == 1_700_000_000_000)
            #expect(status.latestBlockTime.hasPrefix("2023-11-14T22:13:20"))
            #expect(status.minimumFee == "0.00001")
        }
    }

    @Test func aSubmittedTransactionIsPendingThenCommittedWithItsResult() async throws {
        try await withAPI { client in
            let signed = network.transfer(from: network.alice, to: network.bob, units: 2_500_000, nonce: 0)
            let submitted = try await client.execute(uri: "/v1/tx", method: .post, body: APITests.submission(signed))
            #expect(submitted.status == .accepted)
            #expect(try APITests.decode(SubmitTransactionResponse.self, submitted).id == signed.id.hex)
            let pending = try await client.execute(uri: "/v1/tx/\(signed.id.hex)", method: .get)
            #expect(try APITests.decode(TransactionResponse.self, pending).status == .pending)
            try await node.produceBlock(clockMilliseconds: 2_000)
            let committed = try APITests.decode(
                TransactionResponse.self, try await client.execute(uri: "/v1/tx/\(signed.id.hex)", method: .get))
            #expect(committed.status == .committed)
            #expect(committed.height == 1)
            #expect(committed.code == "ok")
            #expect(
                committed.events?.contains(
                    EventJSON(
                        kind: "transferred", asset: "USD", amount: "2.5",
                        sender: network.alice.publicKey.accountID.address,
                        recipient: network.bob.publicKey.accountID.address)) == true)
        }
    }

    @Test func aBatchAdmitsEachTransactionOnItsOwnInOrder() async throws {
        try await withAPI { client in
            let first = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
            let second = network.transfer(from: network.alice, to: network.bob, units: 2, nonce: 1)
            var forged = network.transfer(from: network.bob, to: network.alice, units: 3, nonce: 0)
            forged.transaction.fee = Amount(baseUnits: 11)
            let encoded = [first, forged, second].map { Data($0.canonicalBytes).base64EncodedString() } + ["%%"]
            let body = try JSONEncoder().encode(SubmitTransactionsRequest(txs: encoded))
            let response = try await client.execute(uri: "/v1/txs", method: .post, body: ByteBuffer(bytes: body))
            #expect(response.status == .ok)
            let results = try APITests.decode(SubmitTransactionsResponse.self, response).results
            #expect(results.map(\.status) == [.pending, nil, .pending, nil])
            #expect(results.map(\.code) == [nil, "bad_signature", nil, "malformed"])
            #expect(results[0].id == first.id.hex)
            #expect(results[2].id == second.id.hex)
            #expect(await node.status.mempoolTransactions == 2)
        }
    }

    @Test func aBatchOverTheLimitIsRefusedWhole() async throws {
        try await withAPI { client in
            let signed = Data(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0).canonicalBytes)
            let tooMany = SubmitTransactionsRequest(
                txs: Array(repeating: signed.base64EncodedString(), count: SubmitTransactionsRequest.countMax + 1))
            let body = try JSONEncoder().encode(tooMany)
            try await expectRejection(
                client, uri: "/v1/txs", body: ByteBuffer(bytes: body), status: .badRequest, code: "bad_request")
        }
    }

    @Test func anUnknownTransactionIdIsReportedUnknown() async throws {
        try await withAPI { client in
            let response = try await client.execute(uri: "/v1/tx/\(String(repeating: "ab", count: 32))", method: .get)
            #expect(response.status == .ok)
            #expect(try APITests.decode(TransactionResponse.self, response).status == .unknown)
            let malformed = try await client.execute(uri: "/v1/tx/xyz", method: .get)
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func malformedJSONIsABadRequest() async throws {
        try await withAPI { client in
            try await expectRejection(
                client, body: ByteBuffer(string: "{not json"), status: .badRequest, code: "bad_request")
        }
    }

    @Test func badBase64IsABadRequest() async throws {
        try await withAPI { client in
            try await expectRejection(
                client, body: ByteBuffer(string: #"{"tx":"%%%"}"#), status: .badRequest, code: "bad_request")
        }
    }

    @Test func bytesThatAreNotATransactionAreMalformed() async throws {
        try await withAPI { client in
            try await expectRejection(
                client, body: ByteBuffer(string: #"{"tx":"AAEC"}"#), status: .badRequest, code: "malformed")
        }
    }

    @Test func anOversizedBodyIsRefusedWith413() async throws {
        try await withAPI { client in
            let huge = ByteBuffer(
                string: #"{"tx":""# + String(repeating: "A", count: APIRoutes.requestBodyBytesMax) + #""}"#)
            try await expectRejection(client, body: huge, status: .contentTooLarge, code: "payload_too_large")
        }
    }

    @Test func aBadSignatureIsRefused() async throws {
        try await withAPI { client in
            var signed = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
            signed.transaction.nonce = 1  // the signature no longer covers the content
            try await expectRejection(
                client, body: APITests.submission(signed), status: .badRequest, code: "bad_signature")
        }
    }

    @Test func aWrongChainIdIsRefused() async throws {
        try await withAPI { client in
            let signed = network.transfer(
                from: network.alice, to: network.bob, units: 1, nonce: 0, chainID: "other-chain")
            try await expectRejection(
                client, body: APITests.submission(signed), status: .badRequest, code: "wrong_chain")
        }
    }

    @Test func aStaleNonceIsRefused() async throws {
        try await withAPI { client in
            #expect(await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)) == .ok)
            try await node.produceBlock(clockMilliseconds: 2_000)
            let replayed = network.transfer(from: network.alice, to: network.bob, units: 7, nonce: 0)
            try await expectRejection(
                client, body: APITests.submission(replayed), status: .unprocessableContent, code: "nonce_too_low")
        }
    }

    @Test func accountsShowNonceAndDecimalBalances() async throws {
        try await withAPI { client in
            let address = network.alice.publicKey.accountID.address
            let account = try APITests.decode(
                AccountResponse.self, try await client.execute(uri: "/v1/accounts/\(address)", method: .get))
            #expect(account.nonce == 0)
            #expect(
                account.balances == [
                    BalanceJSON(asset: "BZR", amount: "1", baseUnits: "1000000"),
                    BalanceJSON(asset: "USD", amount: "500", baseUnits: "500000000"),
                ])
            let unused = PrivateKey().publicKey.accountID.address
            let empty = try APITests.decode(
                AccountResponse.self, try await client.execute(uri: "/v1/accounts/\(unused)", method: .get))
            #expect(empty.balances.isEmpty)
            let mangled = String(address.dropLast()) + (address.last == "q" ? "p" : "q")
            let response = try await client.execute(uri: "/v1/accounts/\(mangled)", method: .get)
            #expect(response.status == .badRequest)
            #expect(try APITests.decode(APIError.self, response).code == "bad_request")
        }
    }

    @Test func assetsListSupplyAndDecimals() async throws {
        try await withAPI { client in
            let assets = try APITests.decode(
                AssetsResponse.self, try await client.execute(uri: "/v1/assets", method: .get))
            #expect(assets.assets.map(\.symbol) == ["BZR", "USD"])
            #expect(assets.assets[1].supply == "500")
            #expect(assets.assets[1].maxSupply == nil)
        }
    }

    @Test func blocksAreServedByHeightAndMissingOnesAre404() async throws {
        try await withAPI { client in
            #expect(await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)) == .ok)
            let finalized = try await node.produceBlock(clockMilliseconds: 2_000)
            let block = try APITests.decode(
                BlockResponse.self, try await client.execute(uri: "/v1/blocks/1", method: .get))
            #expect(block.hash == finalized.block.hash.hex)
            #expect(block.appHash == finalized.appHash.hex)
            #expect(block.transactions.map(\.code) == ["ok"])
            let results = try APITests.decode(
                BlockResultsResponse.self, try await client.execute(uri: "/v1/blocks/1/results", method: .get))
            #expect(results.results == [TransactionCodeJSON(id: finalized.results[0].id.hex, code: "ok")])
            #expect(results.appHash == finalized.appHash.hex)
            #expect(try await client.execute(uri: "/v1/blocks/99/results", method: .get).status == .notFound)
            let missing = try await client.execute(uri: "/v1/blocks/99", method: .get)
            #expect(missing.status == .notFound)
            #expect(try APITests.decode(APIError.self, missing).code == "not_found")
            #expect(try await client.execute(uri: "/v1/blocks/abc", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/blocks/\(UInt64.max)", method: .get).status == .notFound)
        }
    }

    @Test func unknownRoutesAnswerWithTheJSONErrorShape() async throws {
        try await withAPI { client in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get)
            #expect(response.status == .notFound)
            #expect(try APITests.decode(APIError.self, response).code == "not_found")
        }
    }

    @Test func metricsAreInPrometheusTextFormat() async throws {
        try await withAPI { client in
            #expect(await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)) == .ok)
            try await node.produceBlock(clockMilliseconds: 2_000)
            let response = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: response.body)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(text.contains("# TYPE bazaar_block_height gauge"))
            #expect(text.contains("bazaar_block_height 1"))
            #expect(text.contains("bazaar_transactions_committed_total 1"))
        }
    }
}
