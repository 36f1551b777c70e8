import Testing

@testable import BazaarCore

/// Swap offers on the ledger: posting escrows the maker's side, a take turns it into an HTLC for
/// the taker lasting twice the taker's lock, an untaken offer expires back to the maker.
@Suite("Swap offers")
struct SwapOfferTests {
    static let lockMilliseconds: UInt64 = 5_000

    func terms(
        _ chain: TestChain, give: UInt128 = 400, wantChainID: String = "other-chain", expiresIn: UInt64 = 20_000,
        lock: UInt64 = SwapOfferTests.lockMilliseconds
    ) -> SwapOffer.Terms {
        SwapOffer.Terms(
            giveAsset: TestChain.usd, giveAmount: Amount(baseUnits: give), wantChainID: wantChainID,
            wantAsset: "ETH", wantAmount: Amount(baseUnits: 7), makerWantAddress: chain.id(1),
            hashlock: TestChain.hashlock, takerLockMilliseconds: lock,
            expiresAtMilliseconds: chain.state.timeMilliseconds + expiresIn)
    }

    @Test func postEscrowsAndTakeLocksAnHTLCForTwiceTheTakersLock() {
        var chain = TestChain()
        let before = chain.free(1, TestChain.usd)
        chain.run(1, [.escrow(.postSwapOffer(terms(chain)))])
        #expect(chain.free(1, TestChain.usd) == before - 400)
        #expect(chain.state.escrow.swapOffers[1]!.status == .open)
        let result = chain.run(2, [.escrow(.takeSwapOffer(id: 1))])
        let offer = chain.state.escrow.swapOffers[1]!
        #expect(offer.status == .taken)
        #expect(offer.taker == chain.id(2))
        let htlc = chain.state.escrow.htlcs[offer.htlc!]!
        #expect(htlc.sender == chain.id(1))
        #expect(htlc.recipient == chain.id(2))
        #expect(htlc.amount == Amount(baseUnits: 400))
        #expect(htlc.timeoutMilliseconds == chain.state.timeMilliseconds + 2 * SwapOfferTests.lockMilliseconds)
        #expect(htlc.swapOffer == 1)
        #expect(
            result.events.contains(.escrow(.swapOfferTaken(id: 1, maker: chain.id(1), taker: chain.id(2), htlc: 1))))
        // The taker claims with the secret the maker reveals on the other chain.
        chain.run(2, [.escrow(.claimHTLC(id: htlc.id, preimage: TestChain.secret))])
        #expect(chain.free(2, TestChain.usd) == TestChain.startingBalance.baseUnits + 400)
    }

    @Test func anUntakenOfferExpiresBackToTheMaker() {
        var chain = TestChain()
        let before = chain.free(1, TestChain.usd)
        chain.run(1, [.escrow(.postSwapOffer(terms(chain, expiresIn: 3_000)))])
        let expiry = chain.state.escrow.swapOffers[1]!.terms.expiresAtMilliseconds
        chain.advance(to: expiry - TestChain.blockIntervalMilliseconds)
        #expect(chain.state.escrow.swapOffers[1]!.status == .open)
        let finalized = chain.executeBlock([])
        #expect(finalized.endBlockEvents == [.escrow(.swapOfferClosed(id: 1, maker: chain.id(1), status: .expired))])
        #expect(chain.state.escrow.swapOffers[1]!.status == .expired)
        #expect(chain.free(1, TestChain.usd) == before)
    }

    @Test func takingAnExpiredOffer() {
        var chain = TestChain()
        chain.run(1, [.escrow(.postSwapOffer(terms(chain, expiresIn: 3_000)))])
        // In the block that reaches the expiry, before the end of block closes it…
        chain.advance(
            to: chain.state.escrow.swapOffers[1]!.terms.expiresAtMilliseconds - TestChain.blockIntervalMilliseconds)
        let before = EscrowDump(chain.state)
        let result = chain.execute(chain.transaction(from: 2, [.escrow(.takeSwapOffer(id: 1))]))
        #expect(result.code == .offerExpired)
        #expect(chain.state.escrow.swapOffers[1]!.status == .expired)
        #expect(chain.state.escrow.htlcs.count == before.htlcs.count)
        // …and after it.
        chain.expectEscrowFailure(.offerExpired, from: 2, .takeSwapOffer(id: 1))
    }

    @Test func takingOwnOffer() {
        var chain = TestChain()
        chain.run(1, [.escrow(.postSwapOffer(terms(chain)))])
        chain.expectEscrowFailure(.ownOffer, from: 1, .takeSwapOffer(id: 1))
    }

    @Test func takingATakenOrCancelledOffer() {
        var chain = TestChain()
        chain.run(1, [.escrow(.postSwapOffer(terms(chain)))])
        chain.run(2, [.escrow(.takeSwapOffer(id: 1))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 3, .takeSwapOffer(id: 1))
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .cancelSwapOffer(id: 1))
        chain.run(1, [.escrow(.postSwapOffer(terms(chain)))])
        let before = chain.free(1, TestChain.usd)
        chain.run(1, [.escrow(.cancelSwapOffer(id: 2))])
        #expect(chain.free(1, TestChain.usd) == before + 400)
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .takeSwapOffer(id: 2))
    }

    @Test func cancelByAnotherAccount() {
        var chain = TestChain()
        chain.run(1, [.escrow(.postSwapOffer(terms(chain)))])
        chain.expectEscrowFailure(.notOfferMaker, from: 2, .cancelSwapOffer(id: 1))
    }

    @Test func unknownOffer() {
        var chain = TestChain()
        chain.expectEscrowFailure(.unknownSwapOffer, from: 2, .takeSwapOffer(id: 1))
        chain.expectEscrowFailure(.unknownSwapOffer, from: 2, .cancelSwapOffer(id: 1))
    }

    @Test func postRefusals() {
        var chain = TestChain()
        chain.expectEscrowFailure(
            .invalidSwapTerms, from: 1, .postSwapOffer(terms(chain, wantChainID: TestChain.chainID)))
        chain.expectEscrowFailure(.invalidSwapTerms, from: 1, .postSwapOffer(terms(chain, wantChainID: "")))
        chain.expectEscrowFailure(.invalidTimeout, from: 1, .postSwapOffer(terms(chain, lock: 999)))
        chain.expectEscrowFailure(.invalidExpiry, from: 1, .postSwapOffer(terms(chain, expiresIn: 1_000)))
        chain.expectEscrowFailure(.zeroAmount, from: 1, .postSwapOffer(terms(chain, give: 0)))
        chain.expectEscrowFailure(
            .insufficientBalance, from: 1, .postSwapOffer(terms(chain, give: TestChain.startingBalance.baseUnits + 1)))
    }
}
