import Foundation
import PropertyBased
import Testing

@testable import BazaarCore

/// Random order flow through the real state machine: atomicity, invariants, replay and snapshots.
@Suite struct ExchangePropertyTests {
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let seedCount = onCI ? 6 : 16

    /// A random order action of `sender`: placements around a price of 1,000 ticks, and
    /// amendments and cancels of the sender's open orders (most of the time with `churn`).
    static func randomAction(_ chain: TestChain, sender: Int, churn: Bool = false, _ rng: inout TestRandom) -> Action {
        let open = chain.state.openOrders(of: chain.id(sender))
        let roll = churn ? Int.random(in: 0..<10, using: &rng) : Int.random(in: 0..<20, using: &rng)
        if roll < 5, let order = open.randomElement(using: &rng) {
            let market = chain.market(order.market)
            let price = market.tickSize.multiplied(by: UInt128(Int64.random(in: 996...1_004, using: &rng)))!
            let size = market.lotSize.multiplied(by: UInt128(Int64.random(in: 1...20, using: &rng)))!
            // A new price, a new size or both: an amendment of neither would be refused outright.
            let change = Int.random(in: 0..<3, using: &rng)
            return .amendOrder(
                Action.AmendOrder(
                    market: order.market, order: .id(order.id), price: change != 1 ? price : nil,
                    size: change != 0 ? size : nil))
        }
        if roll < 7, let order = open.randomElement(using: &rng) {
            let reference: OrderReference = order.clientOrderID.map { .clientID($0) } ?? .id(order.id)
            return .cancelOrder(Action.CancelOrder(market: order.market, order: reference))
        }
        if roll == 7 { return .cancelAllOrders(Action.CancelAllOrders(market: TestChain.btcUSD)) }
        let market = Int.random(in: 0..<5, using: &rng) == 0 ? TestChain.ethUSD : TestChain.btcUSD
        let types: [OrderType] =
            market == TestChain.btcUSD
            ? [.limit, .limit, .limit, .immediateOrCancel, .fillOrKill, .postOnly, .market]
            : [.limit, .immediateOrCancel]
        let expiry =
            Int.random(in: 0..<4, using: &rng) == 0
            ? chain.state.timeMilliseconds + UInt64.random(in: 2...4, using: &rng) * TestChain.blockIntervalMilliseconds
            : nil
        // Bids mostly below 1,000 and asks mostly above, so that books grow deep queues and
        // still cross now and then.
        let side: MatchingEngine.Side = Bool.random(using: &rng) ? .bid : .ask
        let ticks =
            side == .bid ? Int64.random(in: 996...1_001, using: &rng) : Int64.random(in: 999...1_004, using: &rng)
        return chain.order(
            side, Int64.random(in: 1...20, using: &rng), at: ticks, in: market, type: types.randomElement(using: &rng)!,
            clientOrderID: Int.random(in: 0..<3, using: &rng) == 0 ? UInt64.random(in: 1...4, using: &rng) : nil,
            expiresAt: expiry, selfTradePrevention: SelfTradePrevention.allCases.randomElement(using: &rng)!)
    }

    /// Produces blocks of random order transactions from accounts 1...3.
    static func produceRandomBlocks(_ chain: inout TestChain, blockCount: Int, _ rng: inout TestRandom) {
        for _ in 0..<blockCount {
            var candidates: [VerifiedTransaction] = []
            var nonces = (0..<chain.keys.count).map { chain.state.nextNonce(of: chain.id($0)) }
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let sender = Int.random(in: 1...3, using: &rng)
                let actions = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    randomAction(chain, sender: sender, &rng)
                }
                candidates.append(chain.transaction(from: sender, nonce: nonces[sender], actions))
                nonces[sender] += 1
            }
            chain.produceBlock(candidates)
        }
    }

    @Test func aTransactionWhoseLastActionFailsLeavesTheWholeStateAsItWas() async {
        await propertyCheck(count: Self.seedCount, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = TestChain(exchange: true)
            Self.produceRandomBlocks(&chain, blockCount: 10, &rng)
            var changedByPrefix = 0
            for _ in 0..<12 {
                let sender = Int.random(in: 1...3, using: &rng)
                let prefix = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                    Self.randomAction(chain, sender: sender, churn: true, &rng)
                }
                let failing = Action.transfer(10_000_000, to: chain.id(0))
                // The reference is the same block with a transaction of the failing action alone:
                // it pays the same fee, and the block's end (expiries) does the same.
                var reference = chain
                #expect(reference.execute(reference.transaction(from: sender, [failing])).code == .insufficientBalance)
                // Without the failing action the prefix must change something, or this proves nothing.
                var probe = chain
                if probe.execute(probe.transaction(from: sender, prefix)).code == .ok,
                    StateDump(probe.state) != StateDump(reference.state)
                {
                    changedByPrefix += 1
                }
                let result = chain.execute(chain.transaction(from: sender, prefix + [failing]))
                #expect(result.code != .ok, "seed \(seed)")
                #expect(StateDump(chain.state) == StateDump(reference.state), "seed \(seed)")
            }
            #expect(changedByPrefix > 0, "seed \(seed): no prefix changed the state")
        }
    }

    @Test func randomOrderFlowReplaysAndResumesFromASnapshotWithIdenticalHashes() async throws {
        await propertyCheck(count: Self.onCI ? 3 : 6, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = TestChain(exchange: true)
            Self.produceRandomBlocks(&chain, blockCount: 8, &rng)
            let snapshot = try! LedgerState(canonicalBytes: chain.state.canonicalBytes)
            #expect(StateDump(snapshot) == StateDump(chain.state), "seed \(seed)")
            #expect(throws: Never.self) { try snapshot.checkFullConservation() }
            Self.produceRandomBlocks(&chain, blockCount: 8, &rng)
            var resumed = Application(state: snapshot)
            resumed.checksFullInvariantsEveryBlock = true
            for (index, (block, verified)) in chain.blocks.enumerated().dropFirst(8) {
                #expect(
                    resumed.finalizeBlock(block, verified: verified).appHash == chain.appHashes[index + 1],
                    "seed \(seed)")
                _ = resumed.commit()
            }
            var replica = try! Application(genesis: chain.genesis)
            for (index, (block, verified)) in chain.blocks.enumerated() {
                #expect(
                    replica.finalizeBlock(block, verified: verified).appHash == chain.appHashes[index + 1],
                    "seed \(seed)")
                _ = replica.commit()
            }
            #expect(replica.state.canonicalBytes == chain.state.canonicalBytes, "seed \(seed)")
            #expect(StateDump(resumed.state) == StateDump(chain.state), "seed \(seed)")
        }
    }
}
