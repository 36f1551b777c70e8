import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The identity-key attack against the API, and weak validator keys in a genesis file.
@Suite struct WeakKeyAdmissionTests {
    /// The eight small-order points, then the non-canonical encodings libsodium's list covers.
    static let weakHexes = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ]
    static let identity = [UInt8](hex: weakHexes[0])!

    /// A transfer of 5 USD from the key `sender` (any 32 bytes) to bob, signed R = identity, s = 0.
    static func forgedTransfer(from sender: [UInt8], network: TestNetwork) -> [UInt8] {
        var bytes = network.transfer(from: network.alice, to: network.bob, units: 5_000_000, nonce: 0).canonicalBytes
        let senderOffset = 4 + TestNetwork.chainID.utf8.count
        precondition(Array(bytes[senderOffset..<(senderOffset + 32)]) == network.alice.publicKey.bytes)
        bytes.replaceSubrange(senderOffset..<(senderOffset + 32), with: sender)
        bytes.replaceSubrange((bytes.count - 64)..., with: identity + [UInt8](repeating: 0, count: 32))
        return bytes
    }

    @Test func fundsSentToTheIdentityKeyCannotBeMovedByAnyone() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        // Alice funds the identity key's account, as the attack saw.
        let identityAccount = AccountID(validating: Array(Hash.sha256(Self.identity).bytes.prefix(20)))!
        let funding = Transaction(
            chainID: TestNetwork.chainID, sender: network.alice.publicKey, nonce: 0, fee: Amount(baseUnits: 10),
            expiryHeight: 1_000,
            actions: [.transfer(.init(recipient: identityAccount, asset: "USD", amount: Amount(baseUnits: 5_000_000)))]
        ).signed(with: network.alice)
        #expect(await node.admit(funding) == .ok)
        try await node.produceBlock(clockMilliseconds: 2_000)
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in
            let body = ByteBuffer(
                string:
                    #"{"tx":"\#(Data(Self.forgedTransfer(from: Self.identity, network: network)).base64EncodedString())"}"#
            )
            let response = try await client.execute(uri: "/v1/tx", method: .post, body: body)
            #expect(response.status == .badRequest)
            let error = try JSONDecoder().decode(APIError.self, from: Data(buffer: response.body))
            #expect(error.code == "weak_key")
            #expect(error.message.contains("small-order"))
            #expect(await node.status.mempoolTransactions == 0)
        }
    }

    @Test(arguments: weakHexes)
    func aTransactionFromEveryWeakKeyIsRefusedAsWeakKey(_ hex: String) async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let bytes = Self.forgedTransfer(from: [UInt8](hex: hex)!, network: network)
        guard case .failure(let rejection) = Application.admit(bytes, chainID: TestNetwork.chainID) else {
            Issue.record("admitted a transaction from \(hex)")
            return
        }
        #expect(rejection.code == .weakKey)
    }

    @Test(arguments: weakHexes)
    func aGenesisFileWithAWeakValidatorKeyIsRefused(_ hex: String) throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var file = GenesisFile(network.genesis)
        #expect(throws: Never.self) { try file.genesis() }
        file.validators.append(hex)
        let error = #expect(throws: NodeError.self) { try file.genesis() }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains(hex) == true)
    }

    @Test(arguments: weakHexes)
    func aGenesisFileFundingTheAccountOfAWeakKeyIsRefused(_ hex: String) throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var genesis = network.genesis
        let account = AccountID(validating: Array(Hash.sha256([UInt8](hex: hex)!).bytes.prefix(20)))!
        genesis.balances.append(Genesis.Balance(account: account, asset: "USD", amount: Amount(baseUnits: 1)))
        #expect(throws: GenesisError.self) { try genesis.makeState() }
        #expect(throws: GenesisError.self) { try Application(genesis: genesis) }
    }
}
