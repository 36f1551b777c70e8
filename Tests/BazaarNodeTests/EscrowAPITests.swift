import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The escrow routes through the real router over a node with the devnet's genesis (alice is the
/// escrow authority): HTLCs with their preimage once claimed, swap offers, trade escrows and the
/// resolver registry, and bad queries refused with a code.
@Suite struct EscrowAPITests {
    let network: TestNetwork
    let node: Node
    static let secret = [UInt8](repeating: 0x5a, count: 32)

    init() throws {
        network = try TestNetwork(markets: true)
        node = try network.makeNode()
    }

    func withAPI(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: node))
        try await app.test(.router) { client in try await body(client) }
    }

    @discardableResult
    func commit(_ actions: [Action], from key: PrivateKey, nonce: UInt64, at milliseconds: UInt64) async throws
        -> FinalizedBlock
    {
        #expect(await node.admit(network.signed(actions, from: key, nonce: nonce)) == .ok)
        return try await node.produceBlock(clockMilliseconds: milliseconds)
    }

    @Test func anHTLCIsShownOpenThenClaimedWithItsPreimage() async throws {
        try await withAPI { client in
            let hashlock = Hash.sha256(Self.secret)
            let lock = EscrowAction.lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: network.bob.publicKey.accountID, asset: "USD", amount: Amount(baseUnits: 2_500_000),
                    hashlock: hashlock, timeoutMilliseconds: 60_000))
            try await commit([.escrow(lock)], from: network.alice, nonce: 0, at: 2_000)
            let open = try await MarketAPITests.get(HTLCJSON.self, client, "/v1/htlcs/1")
            #expect(open.status == "open" && open.amount == "2.5" && open.asset == "USD")
            #expect(open.hashlock == hashlock.hex && open.timeoutMs == 60_000 && open.preimage == nil)
            let listed = try await MarketAPITests.get(HTLCsResponse.self, client, "/v1/htlcs?hashlock=\(hashlock.hex)")
            #expect(listed.htlcs.map(\.id) == ["1"])
            let byAccount = try await MarketAPITests.get(
                HTLCsResponse.self, client, "/v1/htlcs?account=\(network.bob.publicKey.accountID.address)")
            #expect(byAccount.htlcs.map(\.id) == ["1"])

            let claim = try await commit(
                [.escrow(.claimHTLC(id: 1, preimage: Self.secret))], from: network.bob, nonce: 0, at: 3_000)
            let claimed = try await MarketAPITests.get(HTLCJSON.self, client, "/v1/htlcs/1")
            #expect(claimed.status == "claimed" && claimed.preimage == Self.secret.hexString)
            let transaction = try await MarketAPITests.get(
                TransactionResponse.self, client, "/v1/tx/\(claim.results[0].id.hex)")
            let event = try #require(transaction.events?.first { $0.kind == "htlc_claimed" })
            #expect(event.details?["preimage"] == Self.secret.hexString && event.amount == "2.5")
        }
    }

    @Test func swapOffersAndTradeEscrowsAreListed() async throws {
        try await withAPI { client in
            let terms = SwapOffer.Terms(
                giveAsset: "BTC", giveAmount: Amount(baseUnits: 100_000_000), wantChainID: "other", wantAsset: "ETH",
                wantAmount: Amount(baseUnits: 5), makerWantAddress: network.alice.publicKey.accountID,
                hashlock: .zero, takerLockMilliseconds: 10_000, expiresAtMilliseconds: 90_000)
            let bob = network.bob.publicKey.accountID
            let carol = network.validator.publicKey.accountID
            try await commit(
                [
                    .escrow(.postSwapOffer(terms)),
                    .escrow(.registerResolver(account: bob, roles: Resolver(isMediator: true, isArbitrator: false))),
                    .escrow(.registerResolver(account: carol, roles: Resolver(isMediator: false, isArbitrator: true))),
                    .escrow(
                        .offerTrade(
                            TradeEscrow.Terms(
                                asset: "BTC", amount: Amount(baseUnits: 50_000_000), depositAsset: "USD",
                                sellerDeposit: Amount(baseUnits: 1_000_000), buyerDeposit: Amount(baseUnits: 1_000_000),
                                paymentTerms: "EUR by SEPA", mediator: bob, arbitrator: carol,
                                expiresAtMilliseconds: 90_000, paymentWindowMilliseconds: 10_000,
                                disputeWindowMilliseconds: 10_000))),
                ], from: network.alice, nonce: 0, at: 2_000)
            let offers = try await MarketAPITests.get(SwapOffersResponse.self, client, "/v1/swap-offers").offers
            #expect(offers.map(\.id) == ["1"])
            #expect(offers.first?.giveAmount == "1" && offers.first?.wantChainId == "other")
            #expect(try await MarketAPITests.get(SwapOfferJSON.self, client, "/v1/swap-offers/1").status == "open")
            #expect(
                try await MarketAPITests.get(SwapOffersResponse.self, client, "/v1/swap-offers?status=taken").offers
                    .isEmpty)
            let escrows = try await MarketAPITests.get(TradeEscrowsResponse.self, client, "/v1/escrows?status=offered")
            #expect(escrows.escrows.map(\.id) == ["1"])
            #expect(escrows.mediators == [bob.address] && escrows.arbitrators == [carol.address])
            let trade = try await MarketAPITests.get(TradeEscrowJSON.self, client, "/v1/escrows/1")
            #expect(trade.amount == "0.5" && trade.sellerDeposit == "1" && trade.status == "offered")
            #expect(trade.deadlineMs == 90_000 && trade.buyer == nil)
        }
    }

    @Test func badQueriesAreRefusedWithACode() async throws {
        try await withAPI { client in
            try await MarketAPITests.expectError(client, "/v1/htlcs/0", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(client, "/v1/htlcs/x", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(client, "/v1/htlcs/9", status: .notFound, code: "unknown_htlc")
            try await MarketAPITests.expectError(
                client, "/v1/htlcs?hashlock=zz", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(
                client, "/v1/htlcs?account=bz1x", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(
                client, "/v1/swap-offers?status=done", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(
                client, "/v1/swap-offers/3", status: .notFound, code: "unknown_swap_offer")
            try await MarketAPITests.expectError(
                client, "/v1/escrows?status=x", status: .badRequest, code: "bad_request")
            try await MarketAPITests.expectError(client, "/v1/escrows/3", status: .notFound, code: "unknown_trade")
        }
    }
}
