import BazaarAPI
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The served OpenAPI document describes every route and exactly the keys the API types encode.
@Suite struct OpenAPIDocumentTests {
    func document() async throws -> [String: Any] {
        let network = try TestNetwork()
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            return try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        }
    }

    @Test func everyRouteIsDescribed() async throws {
        let paths = try #require(try await document()["paths"] as? [String: Any])
        let routes = [
            "/v1/status", "/v1/tx", "/v1/txs", "/v1/tx/{id}", "/v1/accounts/{address}", "/v1/assets",
            "/v1/blocks/{height}", "/v1/blocks/{height}/results",
            "/v1/stream", "/openapi.json", "/metrics",
        ]
        #expect(Set(paths.keys) == Set(routes))
    }

    @Test func schemasListExactlyTheEncodedKeys() async throws {
        let schemas = try #require((try await document()["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let event = EventJSON(kind: "transferred", asset: "USD", amount: "1", sender: "a", recipient: "b")
        let samples: [String: any Encodable] = [
            "StatusResponse": StatusResponse(
                chainId: "c", height: 1, appHash: "h", latestBlockHash: "h", latestBlockTimeMs: 1, latestBlockTime: "t",
                feeAsset: "BZR", minimumFee: "0", mempoolTransactions: 0),
            "SubmitTransactionRequest": SubmitTransactionRequest(tx: ""),
            "SubmitTransactionResponse": SubmitTransactionResponse(id: "", status: .pending),
            "SubmitTransactionsRequest": SubmitTransactionsRequest(txs: [""]),
            "SubmitTransactionsResponse": SubmitTransactionsResponse(results: []),
            "SubmissionResult": SubmissionResult(id: "", status: .pending, code: "", message: ""),
            "TransactionResponse": TransactionResponse(
                id: "", status: .committed, height: 1, index: 0, code: "ok", message: "m", failedActionIndex: 0,
                events: [event]),
            "AccountResponse": AccountResponse(address: "", nonce: 0, balances: []),
            "BalanceJSON": BalanceJSON(asset: "", amount: "", baseUnits: ""),
            "AssetsResponse": AssetsResponse(assets: []),
            "AssetJSON": AssetJSON(symbol: "", name: "", decimals: 0, issuer: "", supply: "", maxSupply: "1"),
            "BlockResponse": BlockResponse(
                height: 1, hash: "", timeMs: 1, time: "", previousBlockHash: "", previousAppHash: "", appHash: "",
                proposer: "", transactions: [], commitRound: 0, signers: [], evidence: []),
            "EvidenceJSON": EvidenceJSON(validator: "", height: 1, round: 0, type: "prevote", values: []),
            "BlockTransactionJSON": BlockTransactionJSON(
                id: "", sender: "", nonce: 0, fee: "", code: "", actionCount: 1, events: []),
            "EventJSON": event,
            "BlockResultsResponse": BlockResultsResponse(height: 1, timeMs: 1, appHash: "", results: []),
            "TransactionCodeJSON": TransactionCodeJSON(id: "", code: "ok"),
            "StreamRequest": StreamRequest(op: .subscribe, channel: .account, address: "a"),
            "StreamMessage": StreamMessage(
                type: "t", channel: .blocks, address: "", height: 1, hash: "", appHash: "", timeMs: 1,
                transactionCount: 1,
                txId: "", event: event, code: "", message: ""),
            "APIError": APIError(code: "", message: ""),
        ]
        #expect(Set(schemas.keys) == Set(samples.keys))
        for (name, sample) in samples {
            let encoded = try #require(
                JSONSerialization.jsonObject(with: JSONEncoder().encode(sample)) as? [String: Any])
            let schema = try #require(schemas[name] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(encoded.keys), "schema \(name)")
            for required in schema["required"] as? [String] ?? [] {
                #expect(encoded[required] != nil, "\(name).\(required) is required but not encoded")
            }
        }
    }
}
