import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /v1/faucet`: a devnet's faucet funds a new address once per interval, within a global
/// limit; a node without one (every other chain) refuses it.
@Suite struct FaucetTests {
    static func request(_ address: String) -> ByteBuffer {
        ByteBuffer(string: #"{"address":"\#(address)"}"#)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: response.body))
    }

    /// A node on the devnet's genesis (which funds the faucet) serving its faucet.
    static func withFaucet(
        _ settings: FaucetSettings = Devnet.faucetSettings,
        _ body: @Sendable (Node, any TestClientProtocol) async throws -> Void
    ) async throws {
        let network = try TestNetwork(markets: true)
        defer { network.remove() }
        let node = try network.makeNode()
        let faucet = Faucet(node: node, settings: settings, clockMilliseconds: { 1_700_000_000_000 })
        let app = Application(router: APIRoutes.makeRouter(node: node, faucet: faucet))
        try await app.test(.router) { client in try await body(node, client) }
    }

    @Test func theFaucetFundsANewAddressWithItsGrant() async throws {
        try await Self.withFaucet { node, client in
            let visitor = PrivateKey().publicKey.accountID
            let info = try Self.decode(
                FaucetInfoResponse.self, try await client.execute(uri: "/v1/faucet", method: .get))
            #expect(info.amounts.map(\.asset) == ["BZR", "USD", "BTC", "ETH"])
            #expect(info.amounts.map(\.amount) == ["100", "10000", "1", "10"])
            let response = try await client.execute(
                uri: "/v1/faucet", method: .post, body: Self.request(visitor.address))
            #expect(response.status == .accepted)
            let grant = try Self.decode(FaucetGrantResponse.self, response)
            #expect(grant.address == visitor.address && grant.amounts == info.amounts)
            let id = try #require(Hash(hex: grant.id))
            #expect(await node.isPending(id))
            try await node.produceBlock(clockMilliseconds: 1_700_000_000_000)
            let account = try #require(await node.account(visitor))
            for amount in info.amounts {
                let symbol = try #require(AssetSymbol(validating: amount.asset))
                #expect(account.balance(of: symbol).baseUnits == UInt128(amount.baseUnits), "\(amount.asset)")
            }
        }
    }

    @Test func anAddressIsFundedOncePerInterval() async throws {
        try await Self.withFaucet { _, client in
            let visitor = PrivateKey().publicKey.accountID.address
            let first = try await client.execute(uri: "/v1/faucet", method: .post, body: Self.request(visitor))
            #expect(first.status == .accepted)
            let second = try await client.execute(uri: "/v1/faucet", method: .post, body: Self.request(visitor))
            #expect(second.status == .tooManyRequests)
            let error = try Self.decode(APIError.self, second)
            #expect(error.code == "rate_limited" && error.message.contains("3600 s"))
        }
    }

    @Test func theGlobalLimitCapsGrantsAcrossAddresses() async throws {
        var settings = Devnet.faucetSettings
        settings.globalGrantsMax = 2
        try await Self.withFaucet(settings) { node, client in
            var statuses = [HTTPResponse.Status]()
            for _ in 0..<3 {
                let visitor = PrivateKey().publicKey.accountID.address
                statuses.append(
                    try await client.execute(uri: "/v1/faucet", method: .post, body: Self.request(visitor)).status)
            }
            #expect(statuses == [.accepted, .accepted, .tooManyRequests])
            // Two grants pending from one account: consecutive nonces, both admitted.
            #expect(await node.status.mempoolTransactions == 2)
        }
    }

    @Test func aBadAddressIsRefused() async throws {
        try await Self.withFaucet { _, client in
            let response = try await client.execute(uri: "/v1/faucet", method: .post, body: Self.request("bz1nope"))
            #expect(response.status == .badRequest)
            let garbage = try await client.execute(uri: "/v1/faucet", method: .post, body: ByteBuffer(string: "{"))
            #expect(garbage.status == .badRequest)
        }
    }

    @Test func aNodeOnAnotherChainRefusesTheFaucet() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in
            let visitor = PrivateKey().publicKey.accountID.address
            for response in [
                try await client.execute(uri: "/v1/faucet", method: .post, body: Self.request(visitor)),
                try await client.execute(uri: "/v1/faucet", method: .get),
            ] {
                #expect(response.status == .forbidden)
                let error = try Self.decode(APIError.self, response)
                #expect(error.code == "faucet_disabled" && error.message.contains(TestNetwork.chainID))
            }
            #expect(await node.status.mempoolTransactions == 0)
        }
    }

    @Test func theRateLimiterReopensAnAddressAfterItsIntervalAndTheGlobalWindowSlides() {
        var limiter = FaucetRateLimiter(
            perAddressIntervalMilliseconds: 1_000, globalWindowMilliseconds: 100, globalGrantsMax: 2)
        let a = PrivateKey().publicKey.accountID
        let b = PrivateKey().publicKey.accountID
        let c = PrivateKey().publicKey.accountID
        // Time only moves forward, as the faucet's clock does.
        #expect(limiter.admit(a, nowMilliseconds: 0) == nil)
        #expect(limiter.admit(b, nowMilliseconds: 10) == nil)
        #expect(limiter.admit(c, nowMilliseconds: 50) == .globalLimit(retryAfterMilliseconds: 50))
        #expect(limiter.admit(c, nowMilliseconds: 100) == nil, "the grant at 0 left the window")
        #expect(limiter.admit(a, nowMilliseconds: 999) == .addressTooSoon(retryAfterMilliseconds: 1))
        #expect(limiter.admit(a, nowMilliseconds: 1_000) == nil)
        limiter.release(a)
        #expect(limiter.admit(a, nowMilliseconds: 1_200) == nil, "a released grant does not count for its address")
    }
}
