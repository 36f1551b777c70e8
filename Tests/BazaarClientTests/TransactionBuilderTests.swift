import BazaarCore
import Testing

@testable import BazaarClient

@Suite struct TransactionBuilderTests {
    let key = PrivateKey()
    let recipient = PrivateKey().publicKey.accountID

    func builder() -> TransactionBuilder {
        TransactionBuilder(key: key, chainID: "devnet", nonce: 7, fee: Amount(baseUnits: 1_000), expiryHeight: 120)
    }

    @Test func signedTransactionVerifies() throws {
        let action = try TransactionBuilder.transfer(to: recipient.address, asset: "USD", amount: "1", decimals: 6)
        let signed = try builder().sign(actions: [action])
        #expect(VerifiedTransaction(verifying: signed) != nil)
    }

    @Test func signedTransactionCarriesTheGivenFields() throws {
        let action = try TransactionBuilder.burn(asset: "BTC", amount: "0.5", decimals: 8)
        let transaction = try builder().sign(actions: [action]).transaction
        #expect(transaction.chainID == "devnet")
        #expect(transaction.sender == key.publicKey)
        #expect(transaction.nonce == 7)
        #expect(transaction.fee == Amount(baseUnits: 1_000))
        #expect(transaction.expiryHeight == 120)
        #expect(transaction.actions == [action])
    }

    @Test func signNextAdvancesTheNonce() throws {
        var builder = builder()
        let action = try TransactionBuilder.burn(asset: "BTC", amount: "1", decimals: 8)
        let first = try builder.signNext(actions: [action])
        let second = try builder.signNext(actions: [action])
        #expect(first.transaction.nonce == 7)
        #expect(second.transaction.nonce == 8)
        #expect(builder.nonce == 9)
    }

    @Test func transferAmountIsParsedWithTheAssetsDecimals() throws {
        let action = try TransactionBuilder.transfer(to: recipient.address, asset: "ETH", amount: "1.5", decimals: 18)
        #expect(
            action
                == .transfer(
                    Action.Transfer(
                        recipient: recipient, asset: "ETH", amount: Amount(baseUnits: 1_500_000_000_000_000_000))))
    }

    @Test func mintAndCreateAssetUseTheGivenDecimals() throws {
        let mint = try TransactionBuilder.mint(asset: "GOLD", to: recipient.address, amount: "2.25", decimals: 2)
        #expect(mint == .mint(Action.Mint(asset: "GOLD", recipient: recipient, amount: Amount(baseUnits: 225))))
        let create = try TransactionBuilder.createAsset(symbol: "GOLD", name: "Gold", decimals: 2, maxSupply: "1000")
        #expect(
            create
                == .createAsset(
                    Action.CreateAsset(symbol: "GOLD", name: "Gold", decimals: 2, maxSupply: Amount(baseUnits: 100_000))
                ))
    }

    @Test func uncappedAssetHasNoMaxSupply() throws {
        let create = try TransactionBuilder.createAsset(symbol: "GOLD", name: "Gold", decimals: 2, maxSupply: nil)
        #expect(create == .createAsset(Action.CreateAsset(symbol: "GOLD", name: "Gold", decimals: 2, maxSupply: nil)))
    }

    @Test(arguments: ["", "-1", "1e5", "1.2345678", "1,5", " 1", "0", "0.000000"])
    func badOrZeroAmountIsRefused(text: String) {
        let error = #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.transfer(to: recipient.address, asset: "USD", amount: text, decimals: 6)
        }
        #expect(error?.code == .invalidInput)
    }

    @Test(arguments: ["bz1", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "not an address"])
    func badAddressIsRefused(address: String) {
        let error = #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.transfer(to: address, asset: "USD", amount: "1", decimals: 6)
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func addressWithOneWrongCharacterIsRefused() {
        var address = Array(recipient.address)
        address[address.count - 1] = address.last == "q" ? "p" : "q"
        #expect(throws: BazaarClientError.self) { try TransactionBuilder.accountID(String(address)) }
    }

    @Test(arguments: ["usd", "U", "1USD", "TOOLONGSYMBOL1", "US D"])
    func badSymbolIsRefused(symbol: String) {
        #expect(throws: BazaarClientError.self) { try TransactionBuilder.symbol(symbol) }
    }

    @Test func badAssetDefinitionIsRefused() {
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createAsset(symbol: "GOLD", name: "Gold", decimals: 25, maxSupply: nil)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createAsset(symbol: "GOLD", name: "", decimals: 2, maxSupply: nil)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createAsset(
                symbol: "GOLD", name: String(repeating: "g", count: 65), decimals: 2, maxSupply: nil)
        }
    }

    @Test func transactionWithoutActionsIsRefused() {
        #expect(throws: BazaarClientError.self) { try builder().sign(actions: []) }
    }

    @Test func transactionWithTooManyActionsIsRefused() throws {
        let action = try TransactionBuilder.burn(asset: "BTC", amount: "1", decimals: 8)
        let actions = Array(repeating: action, count: SignedTransaction.actionCountMax + 1)
        #expect(throws: BazaarClientError.self) { try builder().sign(actions: actions) }
    }
}
