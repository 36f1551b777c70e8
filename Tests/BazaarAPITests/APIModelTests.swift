import BazaarAPI
import BazaarCore
import Foundation
import Testing

@Suite struct APIModelTests {
    static func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func moneyIsNeverAJSONNumber() throws {
        let balance = try Self.object(BalanceJSON(asset: "ETH", amount: "1.5", baseUnits: "1500000000000000000"))
        #expect(balance["amount"] is String)
        #expect(balance["baseUnits"] is String)
        let status = try Self.object(
            StatusResponse(
                chainId: "c", height: 1, appHash: "", latestBlockHash: "", latestBlockTimeMs: 0, latestBlockTime: "",
                feeAsset: "BZR", minimumFee: "0.001", mempoolTransactions: 0))
        #expect(status["minimumFee"] is String)
    }

    @Test func eventsRenderAmountsWithTheAssetsDecimalsAndAccountsAsAddresses() {
        let sender = PrivateKey().publicKey.accountID
        let recipient = PrivateKey().publicKey.accountID
        let event = Event.transferred(
            asset: "BTC", sender: sender, recipient: recipient, amount: Amount(baseUnits: 150_000_000))
        let json = EventJSON(event, decimals: 8)
        #expect(
            json
                == EventJSON(
                    kind: "transferred", asset: "BTC", amount: "1.5", sender: sender.address,
                    recipient: recipient.address))
        #expect(EventJSON.asset(of: event) == "BTC")
    }

    @Test func assetCreationCarriesNoAmount() {
        let issuer = PrivateKey().publicKey.accountID
        let json = EventJSON(.assetCreated(asset: "GOLD", issuer: issuer), decimals: 3)
        #expect(json.amount == nil)
        #expect(json.sender == issuer.address)
    }

    @Test func streamRequestsDecodeFromTheDocumentedText() throws {
        let blocks = try JSONDecoder().decode(
            StreamRequest.self, from: Data(#"{"op":"subscribe","channel":"blocks"}"#.utf8))
        #expect(blocks == StreamRequest(op: .subscribe, channel: .blocks))
        let account = try JSONDecoder().decode(
            StreamRequest.self, from: Data(#"{"op":"unsubscribe","channel":"account","address":"bz1x"}"#.utf8))
        #expect(account == StreamRequest(op: .unsubscribe, channel: .account, address: "bz1x"))
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(StreamRequest.self, from: Data(#"{"op":"subscribe","channel":"trades"}"#.utf8))
        }
    }

    @Test func absentOptionalFieldsAreOmittedNotNull() throws {
        let pending = try Self.object(TransactionResponse(id: "ab", status: .pending))
        #expect(Set(pending.keys) == ["id", "status"])
    }
}
