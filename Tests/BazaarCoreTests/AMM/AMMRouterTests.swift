import Foundation
import PropertyBased
import Testing

@testable import BazaarCore

@Suite("AMM router")
struct AMMRouterTests {
    typealias T = TestChain
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// Random pools between USD, BTC and ETH: constant-product at random reserves and fee tiers.
    static func randomChain(_ rng: inout TestRandom) -> TestChain {
        var chain = TestChain(exchange: true)
        let pairs: [(AssetSymbol, AssetSymbol)] = [(T.btc, T.usd), (T.eth, T.btc), (T.eth, T.usd)]
        var actions: [Action] = []
        var id: PoolID = 0
        for (a, b) in pairs {
            for fee in Pool.feeTiers.map(\.feePips) where Int.random(in: 0..<3, using: &rng) > 0 {
                id += 1
                actions.append(T.createPool(a, b, fee: fee))
                actions.append(
                    T.add(
                        id, UInt128.random(in: 2_000...150_000, using: &rng),
                        UInt128.random(in: 2_000...150_000, using: &rng)))
            }
        }
        if !actions.isEmpty { chain.run(1, actions) }
        return chain
    }

    @Test func theRouteIsAtLeastTheBestSingleVenueAndExecutesAsQuoted() async {
        await propertyCheck(count: Self.onCI ? 10 : 40, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = Self.randomChain(&rng)
            let pools = chain.state.amm.sortedPools
            let amount = Amount(baseUnits: UInt128.random(in: 1...50_000, using: &rng))
            let quote = AMMRouter.quote(pools: pools, assetIn: T.usd, amountIn: amount, assetOut: T.btc)
            var bestSingle = Amount.zero
            for path in AMMRouter.paths(in: pools, from: T.usd, to: T.btc) {
                var byID = Dictionary(uniqueKeysWithValues: pools.map { ($0.id, $0) })
                if let out = AMMRouter.run(path, amount: amount, from: T.usd, on: &byID)?.out, out > bestSingle {
                    bestSingle = out
                }
            }
            guard let quote else {
                #expect(bestSingle.isZero, "seed \(seed): no quote but a venue pays \(bestSingle)")
                return
            }
            #expect(quote.amountOut >= bestSingle, "seed \(seed)")
            #expect(quote.legs.reduce(UInt128(0)) { $0 + $1.amountIn.baseUnits } == amount.baseUnits)
            // Executing the quote pays exactly the quoted output.
            let btc = chain.free(2, T.btc)
            chain.run(2, [.amm(quote.action(minimumOut: quote.amountOut))])
            #expect(chain.free(2, T.btc) == btc + quote.amountOut.baseUnits, "seed \(seed)")
        }
    }

    @Test func aLargeOrderSplitsAcrossPoolsAndShowsItsPriceImpact() throws {
        var chain = TestChain(exchange: true)
        chain.run(
            1,
            [
                T.createPool(T.btc, T.usd), T.add(1, 100_000, 200_000), T.createPool(T.btc, T.usd, fee: 500),
                T.add(2, 100_000, 200_000),
            ])
        let quote = try #require(
            AMMRouter.quote(
                pools: chain.state.amm.sortedPools, assetIn: T.usd, amountIn: Amount(baseUnits: 100_000),
                assetOut: T.btc))
        #expect(quote.legs.count == 2)
        #expect(quote.priceImpactBasisPoints > 1000)  // a third of the pools' depth moves the price a lot
        let single = try ConstantProductMath.amountOut(
            amountIn: 100_000, reserveIn: 200_000, reserveOut: 100_000, feePips: 500)
        #expect(quote.amountOut.baseUnits > single)
    }
}
