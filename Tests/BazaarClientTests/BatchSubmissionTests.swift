import BazaarAPI
import BazaarCore
import Foundation
import Testing

@testable import BazaarClient

/// `BazaarAPIClient.submit(batch:)` as far as it goes without a node: the body, the limits and the checks on results.
@Suite struct BatchSubmissionTests {
    let node = "http://127.0.0.1:9"
    let key = PrivateKey()

    func transfers(count: Int, actionsEach: Int = 1) throws -> [SignedTransaction] {
        var builder = TransactionBuilder(
            key: key, chainID: "devnet", nonce: 0, fee: Amount(baseUnits: 1_000), expiryHeight: 100)
        let transfer = Action.transfer(
            Action.Transfer(recipient: PrivateKey().publicKey.accountID, asset: "USD", amount: Amount(baseUnits: 1)))
        return try (0..<count).map { _ in
            try builder.signNext(actions: Array(repeating: transfer, count: actionsEach))
        }
    }

    @Test func bodyCarriesEachTransactionAsBase64InOrder() throws {
        let batch = try transfers(count: 3)
        let body = try BazaarAPIClient.batchRequestBody(batch)
        let request = try JSONDecoder().decode(SubmitTransactionsRequest.self, from: body)
        #expect(request.txs == batch.map { Data($0.canonicalBytes).base64EncodedString() })
    }

    @Test func batchOfTheMaximumCountIsEncoded() throws {
        let batch = Array(repeating: try transfers(count: 1)[0], count: SubmitTransactionsRequest.countMax)
        let body = try BazaarAPIClient.batchRequestBody(batch)
        #expect(body.count <= BazaarAPIClient.batchRequestByteCountMax)
    }

    @Test func batchAboveTheMaximumCountIsRefusedBeforeSending() async throws {
        let batch = Array(repeating: try transfers(count: 1)[0], count: SubmitTransactionsRequest.countMax + 1)
        // Nothing listens on port 9: an invalid-input error shows that no request was attempted.
        let client = try BazaarAPIClient(baseURL: node, requestTimeout: .seconds(5))
        let error = await #expect(throws: BazaarClientError.self) { try await client.submit(batch: batch) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("at most 1000 transactions") == true)
    }

    @Test func batchAboveTheMaximumBodySizeIsRefused() throws {
        // Transactions of the most actions are about 2 KiB each, so 1,000 of them pass 1 MiB.
        let large = try transfers(count: 1, actionsEach: SignedTransaction.actionCountMax)[0]
        let batch = Array(repeating: large, count: SubmitTransactionsRequest.countMax)
        let error = #expect(throws: BazaarClientError.self) { try BazaarAPIClient.batchRequestBody(batch) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("split the batch") == true)
    }

    @Test func emptyBatchReturnsNoResultsWithoutARequest() async throws {
        let client = try BazaarAPIClient(baseURL: node, requestTimeout: .seconds(5))
        #expect(try await client.submit(batch: []) == [])
    }

    @Test func responseDecodesIntoResultsInOrder() throws {
        let batch = try transfers(count: 2)
        let expected = SubmitTransactionsResponse(results: [
            SubmissionResult(id: batch[0].id.hex, status: .pending),
            SubmissionResult(id: batch[1].id.hex, code: "nonce_too_low", message: "nonce already used"),
        ])
        let body = try JSONEncoder().encode(expected)
        let decoded = try BazaarAPIClient.decode(
            SubmitTransactionsResponse.self, status: 200, body: body, nodeURL: node)
        #expect(decoded == expected)
        try BazaarAPIClient.checkBatchResults(decoded.results, of: batch, nodeURL: node)
    }

    @Test func wholeRequestRefusalThrowsTheAPIError() {
        let body = Data(#"{"code":"bad_request","message":"a batch holds at most 1000 transactions"}"#.utf8)
        let error = #expect(throws: APIError.self) {
            try BazaarAPIClient.decode(SubmitTransactionsResponse.self, status: 400, body: body, nodeURL: node)
        }
        #expect(error?.code == "bad_request")
    }

    @Test func resultWithoutAnIdIsAcceptedForUndecodableBytes() throws {
        let batch = try transfers(count: 1)
        let results = [SubmissionResult(id: nil, code: "malformed", message: "not a transaction")]
        try BazaarAPIClient.checkBatchResults(results, of: batch, nodeURL: node)
    }

    @Test func resultCountOtherThanTheBatchIsAnUnexpectedResponse() throws {
        let batch = try transfers(count: 2)
        let results = [SubmissionResult(id: batch[0].id.hex, status: .pending)]
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient.checkBatchResults(results, of: batch, nodeURL: node)
        }
        #expect(error?.code == .unexpectedResponse)
    }

    @Test func resultsOutOfOrderAreAnUnexpectedResponse() throws {
        let batch = try transfers(count: 2)
        let results = [
            SubmissionResult(id: batch[1].id.hex, status: .pending),
            SubmissionResult(id: batch[0].id.hex, status: .pending),
        ]
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient.checkBatchResults(results, of: batch, nodeURL: node)
        }
        #expect(error?.code == .unexpectedResponse)
    }

    @Test func resultWithNeitherStatusNorCodeIsAnUnexpectedResponse() throws {
        let batch = try transfers(count: 1)
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient.checkBatchResults([SubmissionResult(id: batch[0].id.hex)], of: batch, nodeURL: node)
        }
        #expect(error?.code == .unexpectedResponse)
    }
}
