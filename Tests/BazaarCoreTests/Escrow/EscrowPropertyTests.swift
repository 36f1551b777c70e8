import Foundation
import Testing

@testable import BazaarCore

/// Random sequences of every escrow action among five accounts, through real blocks with the full
/// conservation check after each: nothing is created or lost, a failing last action undoes the
/// whole transaction, snapshots round-trip, and once every deadline has passed and every sender
/// has refunded, the escrow module holds nothing — no funds stay locked forever.
@Suite("Escrow properties")
struct EscrowPropertyTests {
    static let seeds: [UInt64] = ProcessInfo.processInfo.environment["CI"] == nil ? Array(1...12) : Array(1...4)
    static let secrets: [[UInt8]] = [Array("one".utf8), Array("two".utf8)]

    /// A random escrow action and a sender likely (not certain) to be allowed to send it: existing
    /// rows are picked more often than missing ids, and their parties more often than strangers.
    static func randomAction(_ chain: TestChain, _ rng: inout TestRandom) -> (sender: Int, action: EscrowAction) {
        let now = chain.state.timeMilliseconds
        let escrow = chain.state.escrow
        func pick(_ count: Int) -> UInt64 {
            count > 0 && Int.random(in: 0..<8, using: &rng) > 0
                ? UInt64.random(in: UInt64(max(1, count - 2))...UInt64(count), using: &rng) : UInt64(count + 1)
        }
        func index(_ account: AccountID?) -> Int {
            chain.keys.firstIndex { $0.publicKey.accountID == account } ?? Int.random(in: 0..<5, using: &rng)
        }
        func party(_ candidates: [AccountID?]) -> Int {
            Int.random(in: 0..<6, using: &rng) == 0
                ? Int.random(in: 0..<5, using: &rng) : index(candidates.randomElement(using: &rng)!)
        }
        let anyone = Int.random(in: 0..<5, using: &rng)
        let secret = secrets.randomElement(using: &rng)!
        let amount = Amount(baseUnits: UInt128.random(in: 0...500, using: &rng))
        let window = UInt64.random(in: 1...8, using: &rng) * 1_000
        let htlcID = pick(escrow.htlcs.count)
        let htlc = escrow.htlcs[htlcID]
        let offerID = pick(escrow.swapOffers.count)
        let offer = escrow.swapOffers[offerID]
        let tradeID = pick(escrow.trades.count)
        let trade = escrow.trades[tradeID]
        let split = TradeEscrow.Split(
            buyerAmount: Amount(baseUnits: UInt128.random(in: 0...300, using: &rng)),
            buyerDeposits: Amount(baseUnits: UInt128.random(in: 0...60, using: &rng)))
        switch Int.random(in: 0...18, using: &rng) {
        case 0:
            return (
                anyone,
                .lockHTLC(
                    EscrowAction.LockHTLC(
                        recipient: chain.id(Int.random(in: 0..<5, using: &rng)), asset: TestChain.usd, amount: amount,
                        hashlock: Hash.sha256(secret), timeoutMilliseconds: now + window))
            )
        case 1: return (party([htlc?.recipient]), .claimHTLC(id: htlcID, preimage: secret))
        case 2: return (party([htlc?.sender]), .refundHTLC(id: htlcID))
        case 3:
            return (
                anyone,
                .postSwapOffer(
                    SwapOffer.Terms(
                        giveAsset: TestChain.btc, giveAmount: amount, wantChainID: "other", wantAsset: "ETH",
                        wantAmount: Amount(baseUnits: 1), makerWantAddress: chain.id(anyone),
                        hashlock: Hash.sha256(secret), takerLockMilliseconds: window,
                        expiresAtMilliseconds: now + window * 2))
            )
        case 4: return (anyone, .takeSwapOffer(id: offerID))
        case 5: return (party([offer?.maker]), .cancelSwapOffer(id: offerID))
        case 6:
            return (
                party([chain.id(0), chain.id(1), chain.id(2)]),
                .offerTrade(
                    TradeEscrow.Terms(
                        asset: TestChain.btc, amount: amount, depositAsset: TestChain.usd,
                        sellerDeposit: Amount(baseUnits: UInt128.random(in: 1...50, using: &rng)),
                        buyerDeposit: Amount(baseUnits: UInt128.random(in: 1...50, using: &rng)), paymentTerms: "cash",
                        mediator: chain.id(3), arbitrator: chain.id(4), expiresAtMilliseconds: now + window * 2,
                        paymentWindowMilliseconds: window, disputeWindowMilliseconds: window))
            )
        case 8, 16, 17: return (party([chain.id(0), chain.id(1), chain.id(2)]), .takeTrade(id: tradeID))
        case 9: return (party([trade?.buyer]), .markPaymentSent(id: tradeID))
        case 10: return (party([trade?.seller]), .confirmPaymentReceived(id: tradeID))
        case 11, 18: return (party([trade?.buyer, trade?.seller]), .openDispute(id: tradeID))
        case 12: return (party([trade?.terms.mediator]), .proposeSplit(id: tradeID, split: split))
        case 13: return (party([trade?.terms.arbitrator]), .decideSplit(id: tradeID, split: split))
        case 14: return (party([trade?.buyer, trade?.seller]), .acceptSplit(id: tradeID))
        case 15: return (party([trade?.seller]), .cancelTradeOffer(id: tradeID))
        default: return (party([trade?.buyer]), .markPaymentSent(id: tradeID))
        }
    }

    /// The resolvers' roles are registered; so is a resolver's role as a party to pick it out.
    static func chain() -> TestChain {
        var chain = TestChain(accountCount: 5, exchange: true)
        chain.run(
            0,
            [
                .escrow(
                    .registerResolver(account: chain.id(3), roles: Resolver(isMediator: true, isArbitrator: false))),
                .escrow(
                    .registerResolver(account: chain.id(4), roles: Resolver(isMediator: false, isArbitrator: true))),
            ])
        return chain
    }

    @Test(arguments: seeds)
    func randomEscrowTrafficConservesEverythingAndReleasesEverything(seed: UInt64) throws {
        var rng = TestRandom(seed: seed)
        var chain = Self.chain()
        for _ in 0..<120 {
            var transactions: [VerifiedTransaction] = []
            var nonces: [Int: UInt64] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let (sender, action) = Self.randomAction(chain, &rng)
                let nonce = nonces[sender] ?? chain.state.nextNonce(of: chain.id(sender))
                nonces[sender] = nonce + 1
                transactions.append(chain.transaction(from: sender, nonce: nonce, [.escrow(action)]))
            }
            chain.executeBlock(transactions)
            try chain.state.checkFullConservation()
        }
        // The traffic reached every kind of row, and trades beyond their offer.
        let escrow = chain.state.escrow
        #expect(escrow.htlcs.count > 0 && escrow.swapOffers.count > 0 && escrow.trades.count > 0, "seed \(seed)")
        let snapshot = try EscrowState(canonicalBytes: chain.state.escrow.canonicalBytes)
        #expect(EscrowDump(chain.state).htlcs == snapshot.htlcs.rows, "seed \(seed)")
        #expect(snapshot.canonicalBytes == chain.state.escrow.canonicalBytes, "seed \(seed)")

        // Let every deadline pass: offers expire, trades take their default outcomes.
        chain.advance(to: chain.state.timeMilliseconds + 60_000)
        #expect(chain.state.escrow.swapOffers.rows.values.allSatisfy { $0.status != .open }, "seed \(seed)")
        #expect(chain.state.escrow.trades.rows.values.allSatisfy { $0.status.isFinal }, "seed \(seed)")
        // Every sender takes back what is still locked in an HTLC.
        for id in chain.state.escrow.htlcs.sortedKeys where chain.state.escrow.htlcs[id]!.status == .open {
            let sender = chain.keys.firstIndex { $0.publicKey.accountID == chain.state.escrow.htlcs[id]!.sender }!
            chain.run(sender, [.escrow(.refundHTLC(id: id))])
        }
        var held: [AssetSymbol: UInt128] = [:]
        chain.state.escrow.addHoldings(to: &held)
        #expect(held.values.allSatisfy { $0 == 0 }, "seed \(seed): still held \(held)")
        for asset in [TestChain.btc, TestChain.usd] {
            let total = (0..<chain.keys.count).reduce(UInt128(0)) { $0 + chain.free($1, asset) }
            #expect(total == TestChain.startingBalance.baseUnits * 5, "seed \(seed): \(asset)")
        }
    }

    @Test(arguments: seeds)
    func aFailingLastActionUndoesEveryEscrowChange(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        var chain = Self.chain()
        for _ in 0..<15 {
            let sender = Int.random(in: 0..<chain.keys.count, using: &rng)
            let actions = (0..<3).map { _ in Action.escrow(Self.randomAction(chain, &rng).action) }
            let before = EscrowDump(chain.state)
            let ledger = StateDump(chain.state)
            // An unknown HTLC's claim always fails, so the transaction must leave no trace.
            let failing = Action.escrow(.claimHTLC(id: 999, preimage: [1]))
            let finalized = chain.executeBlock([chain.transaction(from: sender, actions + [failing])])
            let result = finalized.results[0]
            #expect(result.code == .unknownHTLC || result.failedActionIndex! < 3, "seed \(seed)")
            let dump = EscrowDump(chain.state)
            #expect(dump.htlcs == before.htlcs, "seed \(seed)")
            #expect(dump.resolvers == before.resolvers, "seed \(seed)")
            if finalized.endBlockEvents.isEmpty {
                // Nothing reached a deadline: everything is as before but the sender's nonce and fee.
                #expect(dump == before, "seed \(seed)")
                #expect(StateDump(chain.state) == ledger.payingFee(TestChain.minimumFee, sender: chain.id(sender)))
            } else {
                #expect(dump.swapOffers.count == before.swapOffers.count, "seed \(seed)")
                #expect(dump.trades.count == before.trades.count, "seed \(seed)")
            }
            chain.executeBlock([chain.transaction(from: sender, actions)])
        }
    }
}
