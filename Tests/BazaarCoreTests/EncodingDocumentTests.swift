import Foundation
import Testing

@testable import BazaarCore

/// Keeps the worked example in `docs/ENCODING.md` true: the document's hex is
/// checked against what the code encodes.
@Suite("ENCODING.md worked example")
struct EncodingDocumentTests {
    static let documentURL = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "docs/ENCODING.md")

    /// The example: key seed 00 01 … 1f sends 2.50 USD (250 base units) to the account of seed 20 21 … 3f.
    static let senderKey = PrivateKey(seed: (0..<32).map { UInt8($0) })!
    static let recipient = PrivateKey(seed: (32..<64).map { UInt8($0) })!.publicKey.accountID
    static let transaction = Transaction(
        chainID: "bazaar-doc", sender: senderKey.publicKey, nonce: 0, fee: Amount(baseUnits: 10), expiryHeight: 100,
        actions: [.transfer(Action.Transfer(recipient: recipient, asset: "USD", amount: Amount(baseUnits: 250)))])

    /// The hex digits of the fenced block that follows `<!-- example: name -->`.
    private func documentHex(_ name: String) throws -> String {
        let text = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- example: \(name) -->"), "marker \(name) missing")
        let rest = text[marker.upperBound...]
        let open = try #require(rest.range(of: "```"))
        let body = rest[open.upperBound...].drop { $0 != "\n" }
        let close = try #require(body.range(of: "```"))
        return String(body[..<close.lowerBound].filter(\.isHexDigit)).lowercased()
    }

    @Test func transactionEncodingMatchesTheDocument() throws {
        #expect(try documentHex("transaction") == Self.transaction.canonicalBytes.hexString)
    }

    @Test func signingBytesAreTheDomainTagThenTheEncoding() {
        #expect(Self.transaction.signingBytes == Array("bazaar/tx/v1".utf8) + Self.transaction.canonicalBytes)
    }

    @Test func signedTransactionMatchesTheDocument() throws {
        let documented = try #require([UInt8](hex: try documentHex("signed-transaction")))
        let signed = try SignedTransaction(canonicalBytes: documented)
        #expect(signed.transaction == Self.transaction)
        #expect(signed.hasValidSignature)
        #if !canImport(Darwin)
            // RFC 8032 signing is deterministic with BoringSSL; CryptoKit randomizes its signatures.
            #expect(Self.transaction.signed(with: Self.senderKey).canonicalBytes.hexString == documented.hexString)
        #endif
    }

    @Test func transactionIDMatchesTheDocument() throws {
        let signed = try SignedTransaction(canonicalBytes: [UInt8](hex: try documentHex("signed-transaction"))!)
        #expect(try documentHex("transaction-id") == signed.id.hex)
    }

    @Test func placeOrderActionMatchesTheDocument() throws {
        let order = Action.placeOrder(
            Action.PlaceOrder(
                market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_500_000),
                size: Amount(baseUnits: 10_000),
                clientOrderID: 7))
        #expect(try documentHex("place-order") == order.canonicalBytes.hexString)
        #expect(try Action(canonicalBytes: [UInt8](hex: try documentHex("place-order"))!) == order)
    }

    @Test func addressesMatchTheDocument() throws {
        let text = try String(contentsOf: Self.documentURL, encoding: .utf8)
        #expect(text.contains(Self.senderKey.publicKey.accountID.address))
        #expect(text.contains(Self.recipient.address))
        #expect(text.contains(Self.senderKey.publicKey.hex))
    }
}
