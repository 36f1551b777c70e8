import BazaarAPI
import Foundation
import Testing

@testable import BazaarClient
@testable import BazaarCore

/// The swap coordinator as a value: observations in, directives out, no ledgers or clocks.
@Suite("Swap coordinator")
struct SwapCoordinatorTests {
    static let maker = PrivateKey(seed: [UInt8](repeating: 1, count: 32))!.publicKey.accountID
    static let taker = PrivateKey(seed: [UInt8](repeating: 2, count: 32))!.publicKey.accountID
    static let secret = [UInt8](repeating: 9, count: 32)
    static let hashlock = Hash.sha256(secret).hex
    static let lock: UInt64 = 10_000

    func state(_ role: SwapState.Role) -> SwapState {
        SwapState(
            id: "\(role.rawValue)-test", role: role, step: role == .maker ? .posting : .taking, keyName: "k",
            nodeA: "http://a", nodeB: "http://b", chainA: "chain-a", chainB: "chain-b", giveAsset: "BTC",
            giveAmountBaseUnits: "500", wantAsset: "ETH", wantAmountBaseUnits: "7000", hashlock: Self.hashlock,
            secret: role == .maker ? Self.secret.hexString : nil, takerLockMs: Self.lock, offerExpiresAtMs: 100_000,
            makerAddress: Self.maker.address, takerAddress: role == .taker ? Self.taker.address : nil,
            offerID: role == .taker ? 4 : nil)
    }

    func htlc(
        id: UInt64, sender: AccountID, recipient: AccountID, asset: AssetSymbol, amount: UInt128, timeout: UInt64,
        status: HTLC.Status = .open, preimage: [UInt8]? = nil
    ) -> HTLCJSON {
        HTLCJSON(
            HTLC(
                id: id, sender: sender, recipient: recipient, asset: asset, amount: Amount(baseUnits: amount),
                hashlock: Hash(hex: Self.hashlock)!, timeoutMilliseconds: timeout, lockedAtMilliseconds: 0,
                status: status, preimage: preimage),
            context: RenderingContext(decimals: [:]))
    }

    func committed(_ events: [EventJSON], code: String = "ok") -> TransactionResponse {
        TransactionResponse(id: "00", status: .committed, height: 1, code: code, events: events)
    }

    func submitted(_ directives: [SwapDirective]) -> (SwapLedger, Action)? {
        for case .submit(let ledger, let action) in directives { return (ledger, action) }
        return nil
    }

    @Test func makerPostsWaitsClaimsOnBAndFinishesWhenTheTakerClaims() {
        var machine = SwapCoordinator(state: state(.maker))
        let post = submitted(machine.handle(SwapObservation(nowA: 1_000, nowB: 1_000)))
        guard case (.a, .escrow(.postSwapOffer(let terms)))? = post else {
            Issue.record("expected an offer on A, got \(String(describing: post))")
            return
        }
        #expect(terms.wantChainID == "chain-b")
        #expect(terms.takerLockMilliseconds == Self.lock)
        _ = machine.handle(
            result: committed([EventJSON(kind: "swap_offer_posted", details: ["id": "4"])]), of: .posting)
        #expect(machine.state.step == .waitingForTaker)
        #expect(machine.state.offerID == 4)

        var offer = SwapOfferJSON(
            SwapOffer(
                id: 4, maker: Self.maker,
                terms: SwapOffer.Terms(
                    giveAsset: "BTC", giveAmount: Amount(baseUnits: 500), wantChainID: "chain-b", wantAsset: "ETH",
                    wantAmount: Amount(baseUnits: 7000), makerWantAddress: Self.maker,
                    hashlock: Hash(hex: Self.hashlock)!, takerLockMilliseconds: Self.lock,
                    expiresAtMilliseconds: 100_000),
                status: .taken, taker: Self.taker, htlc: 2),
            context: RenderingContext(decimals: [:]))
        _ = machine.handle(SwapObservation(nowA: 2_000, nowB: 2_000, offer: offer))
        #expect(machine.state.step == .waitingForTakerLock)
        #expect(machine.state.makerHTLC == 2)
        offer.status = "taken"

        let makerHTLC = htlc(
            id: 2, sender: Self.maker, recipient: Self.taker, asset: "BTC", amount: 500, timeout: 22_000)
        // A lock for too little is ignored; one too close to its timeout too.
        let short = htlc(id: 5, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 6_999, timeout: 13_000)
        let late = htlc(id: 6, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 7_000, timeout: 3_000)
        #expect(
            machine.handle(SwapObservation(nowA: 3_000, nowB: 2_500, makerHTLC: makerHTLC, candidatesB: [short, late]))
                == [.wait])
        let good = htlc(id: 7, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 7_000, timeout: 13_000)
        let claim = submitted(
            machine.handle(SwapObservation(nowA: 3_000, nowB: 3_000, makerHTLC: makerHTLC, candidatesB: [good])))
        #expect(claim?.0 == .b)
        #expect(claim?.1 == .escrow(.claimHTLC(id: 7, preimage: Self.secret)))
        #expect(machine.state.step == .makerClaiming)
        _ = machine.handle(result: committed([]), of: .makerClaiming)
        #expect(machine.state.step == .waitingForTakerClaim)
        let claimed = htlc(
            id: 2, sender: Self.maker, recipient: Self.taker, asset: "BTC", amount: 500, timeout: 22_000,
            status: .claimed)
        let end = machine.handle(SwapObservation(nowA: 4_000, nowB: 4_000, makerHTLC: claimed))
        #expect(end.contains(.finished))
        #expect(machine.state.step == .completed)
    }

    @Test func makerRefundsOnlyFromItsTimeoutWhenNoTakerLocks() {
        var start = state(.maker)
        start.step = .waitingForTakerLock
        start.offerID = 4
        start.makerHTLC = 2
        var machine = SwapCoordinator(state: start)
        let open = htlc(id: 2, sender: Self.maker, recipient: Self.taker, asset: "BTC", amount: 500, timeout: 22_000)
        #expect(machine.handle(SwapObservation(nowA: 21_999, nowB: 30_000, makerHTLC: open)) == [.wait])
        let refund = submitted(machine.handle(SwapObservation(nowA: 22_000, nowB: 30_000, makerHTLC: open)))
        #expect(refund?.0 == .a)
        #expect(refund?.1 == .escrow(.refundHTLC(id: 2)))
        _ = machine.handle(result: committed([]), of: .makerRefunding)
        #expect(machine.state.step == .refunded)
    }

    @Test func takerTakesLocksForItsLockAndClaimsWithTheRevealedSecret() {
        var machine = SwapCoordinator(state: state(.taker))
        let offer = SwapOfferJSON(
            SwapOffer(
                id: 4, maker: Self.maker,
                terms: SwapOffer.Terms(
                    giveAsset: "BTC", giveAmount: Amount(baseUnits: 500), wantChainID: "chain-b", wantAsset: "ETH",
                    wantAmount: Amount(baseUnits: 7000), makerWantAddress: Self.maker,
                    hashlock: Hash(hex: Self.hashlock)!, takerLockMilliseconds: Self.lock,
                    expiresAtMilliseconds: 100_000)),
            context: RenderingContext(decimals: [:]))
        #expect(
            submitted(machine.handle(SwapObservation(nowA: 1_000, nowB: 1_000, offer: offer)))?.1
                == .escrow(.takeSwapOffer(id: 4)))
        _ = machine.handle(
            result: committed([EventJSON(kind: "swap_offer_taken", details: ["htlc": "2"])]), of: .taking)
        #expect(machine.state.step == .takerLocking)
        let makerHTLC = htlc(
            id: 2, sender: Self.maker, recipient: Self.taker, asset: "BTC", amount: 500, timeout: 22_000)
        let lock = submitted(machine.handle(SwapObservation(nowA: 2_000, nowB: 5_000, makerHTLC: makerHTLC)))
        #expect(lock?.0 == .b)
        #expect(
            lock?.1
                == .escrow(
                    .lockHTLC(
                        EscrowAction.LockHTLC(
                            recipient: Self.maker, asset: "ETH", amount: Amount(baseUnits: 7000),
                            hashlock: Hash(hex: Self.hashlock)!, timeoutMilliseconds: 5_000 + Self.lock))))
        _ = machine.handle(result: committed([EventJSON(kind: "htlc_locked", details: ["id": "9"])]), of: .takerLocking)
        #expect(machine.state.step == .waitingForMakerClaim)
        let mine = htlc(
            id: 9, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 7000, timeout: 15_000,
            status: .claimed,
            preimage: Self.secret)
        let claim = submitted(
            machine.handle(SwapObservation(nowA: 3_000, nowB: 6_000, makerHTLC: makerHTLC, takerHTLC: mine)))
        #expect(claim?.0 == .a)
        #expect(claim?.1 == .escrow(.claimHTLC(id: 2, preimage: Self.secret)))
        _ = machine.handle(result: committed([]), of: .takerClaiming)
        #expect(machine.state.step == .completed)
    }

    @Test func takerDoesNotLockWhenTheMakersHTLCHasTooLittleTimeLeft() {
        var start = state(.taker)
        start.step = .takerLocking
        start.makerHTLC = 2
        var machine = SwapCoordinator(state: start)
        let makerHTLC = htlc(
            id: 2, sender: Self.maker, recipient: Self.taker, asset: "BTC", amount: 500, timeout: 22_000)
        // 14.999 s left is less than the 15 s (a lock and a half) the taker needs.
        let directives = machine.handle(SwapObservation(nowA: 7_001, nowB: 0, makerHTLC: makerHTLC))
        #expect(submitted(directives) == nil)
        #expect(machine.state.step == .abandoned)
    }

    @Test func takerRefundsWhenTheMakerNeverClaims() {
        var start = state(.taker)
        start.step = .waitingForMakerClaim
        start.makerHTLC = 2
        start.takerHTLC = 9
        var machine = SwapCoordinator(state: start)
        let mine = htlc(id: 9, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 7000, timeout: 15_000)
        #expect(machine.handle(SwapObservation(nowA: 0, nowB: 14_999, takerHTLC: mine)) == [.wait])
        let refund = submitted(machine.handle(SwapObservation(nowA: 0, nowB: 15_000, takerHTLC: mine)))
        #expect(refund?.0 == .b)
        #expect(refund?.1 == .escrow(.refundHTLC(id: 9)))
        // The maker claimed at the last moment: the refund fails and the taker claims instead.
        _ = machine.handle(result: committed([], code: "wrong_escrow_state"), of: .takerRefunding)
        let claimed = htlc(
            id: 9, sender: Self.taker, recipient: Self.maker, asset: "ETH", amount: 7000, timeout: 15_000,
            status: .claimed,
            preimage: Self.secret)
        let claim = submitted(machine.handle(SwapObservation(nowA: 0, nowB: 15_000, takerHTLC: claimed)))
        #expect(claim?.1 == .escrow(.claimHTLC(id: 2, preimage: Self.secret)))
    }

    @Test func aPendingTransactionBlocksNewDecisions() {
        var machine = SwapCoordinator(state: state(.maker))
        machine.recordPending(
            SwapState.PendingTransaction(ledger: .a, id: "ab", bytes: "", expiryHeight: 10, step: .posting))
        #expect(machine.handle(SwapObservation(nowA: 0, nowB: 0)) == [.wait])
        _ = machine.dropPending()
        #expect(submitted(machine.handle(SwapObservation(nowA: 0, nowB: 0))) != nil)
    }

    @Test func theStoreReplacesTheFileAtomicallyAndHidesItFromOthers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swap-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SwapStore(home: directory)
        var saved = state(.maker)
        try store.save(saved)
        saved.step = .waitingForTaker
        saved.offerID = 4
        try store.save(saved)
        #expect(try store.load(saved.id) == saved)
        #expect(try store.list().map(\.id) == [saved.id])
        let attributes = try FileManager.default.attributesOfItem(atPath: store.url(of: saved.id).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: SwapStoreError.self) { try store.load("missing") }
    }
}
