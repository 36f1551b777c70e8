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
        // Asks and bids on the BTC-USD book (pool price is about 20 ticks a lot), one order a level.
        var orders: [Action] = []
        for tick in Array(16...26).shuffled(using: &rng).prefix(Int.random(in: 0...6, using: &rng)) {
            orders.append(
                chain.order(tick >= 21 ? .ask : .bid, Int64.random(in: 1...300, using: &rng), at: Int64(tick)))
        }
        if !orders.isEmpty { chain.run(3, orders) }
        return chain
    }

    static func venues(_ chain: TestChain) -> [AMMRouter.Venue] {
        chain.state.amm.sortedPools.map(AMMRouter.Venue.pool) + chain.state.bookVenues().map(AMMRouter.Venue.book)
    }

    @Test func theRouteIsAtLeastTheBestSingleVenueAndExecutesAsQuoted() async {
        await propertyCheck(count: Self.onCI ? 10 : 40, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = Self.randomChain(&rng)
            let venues = Self.venues(chain)
            let amount = Amount(baseUnits: UInt128.random(in: 1...50_000, using: &rng))
            let quote = AMMRouter.quote(venues: venues, assetIn: T.usd, amountIn: amount, assetOut: T.btc)
            var bestSingle = Amount.zero
            for path in AMMRouter.paths(in: venues, from: T.usd, to: T.btc) {
                var copy = venues
                if let out = AMMRouter.run(path, amount: amount, from: T.usd, on: &copy)?.out, out > bestSingle {
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

    @Test func aRouteTakesTheBookThroughTheOrderPathAndThePool() throws {
        var chain = TestChain(exchange: true)
        chain.run(1, [T.createPool(T.btc, T.usd), T.add(1, 100_000, 200_000)])
        // Asks at 19 and 20 ticks a lot (1.9 and 2.0 USD per BTC unit), below and at the pool's price.
        chain.run(3, [chain.order(.ask, 100, at: 19), chain.order(.ask, 100, at: 20)])
        let quote = try #require(
            AMMRouter.quote(
                venues: Self.venues(chain), assetIn: T.usd, amountIn: Amount(baseUnits: 10_000), assetOut: T.btc))
        #expect(quote.legs.contains { $0.hops == [.book(T.btcUSD)] })
        #expect(quote.legs.contains { $0.hops == [.pool(1)] })
        let usd = chain.free(2, T.usd)
        let btc = chain.free(2, T.btc)
        let feePoolBefore = chain.state.tradingFeePools[T.usd] ?? .zero
        // A minimum one unit above the quote fails whole: the book and the pool are as they were.
        chain.expectAMMFailure(
            .slippageExceeded, from: 2,
            [.amm(quote.action(minimumOut: Amount(baseUnits: quote.amountOut.baseUnits + 1)))])
        let result = chain.run(2, [.amm(quote.action(minimumOut: quote.amountOut))])
        #expect(chain.free(2, T.btc) == btc + quote.amountOut.baseUnits)
        #expect(chain.free(2, T.usd) <= usd - 9_900 && chain.free(2, T.usd) >= usd - 10_000)
        // The book leg is an order of account 2: trades, the taker fee into the fee pool, no lock left.
        #expect(result.events.contains { if case .trade = $0 { true } else { false } })
        #expect((chain.state.tradingFeePools[T.usd] ?? .zero) > feePoolBefore)
        #expect(chain.locked(2, T.usd) == 0)
        #expect(chain.state.openOrders(of: chain.id(2)).isEmpty)
    }

    @Test func badBookHops() {
        var chain = TestChain(exchange: true)
        chain.run(1, [T.createPool(T.btc, T.usd), T.add(1, 100_000, 200_000)])
        let leg = { (hops: [AMMAction.RouteHop]) -> Action in
            .amm(
                .route(
                    AMMAction.Route(
                        assetIn: T.usd, assetOut: T.btc,
                        legs: [AMMAction.RouteLeg(amountIn: Amount(baseUnits: 1_000), hops: hops)], minimumOut: .zero)))
        }
        // An empty book, a batch-auction market and an unknown market.
        chain.expectAMMFailure(.insufficientLiquidity, from: 2, [leg([.book(T.btcUSD)])])
        chain.expectAMMFailure(.invalidRoute, from: 2, [leg([.book(T.ethUSD)])])
        chain.expectAMMFailure(.invalidRoute, from: 2, [leg([.book(9)])])
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
