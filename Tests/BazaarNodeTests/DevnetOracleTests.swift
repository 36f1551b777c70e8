import BazaarCore
import BazaarNode
import Foundation
import Testing

/// The devnet's oracle and lending set-up, and the price paths its reporters follow.
@Suite struct DevnetOracleTests {
    let validator = PrivateKey(seed: [UInt8](repeating: 7, count: 32))!
    let demo = PrivateKey(seed: [UInt8](repeating: 8, count: 32))!.publicKey.accountID

    @Test func genesisConfiguresTheOracleRegistersThreeReportersAndOpensASuppliedUSDPool() throws {
        let genesis = Devnet.makeGenesis(
            demoAccounts: [demo], validator: validator.publicKey, timeMilliseconds: 1_700_000_000_000)
        let state = try genesis.makeState()
        #expect(state.derivatives.oracle.parameters == Devnet.oracleParameters)
        let reporters = [validator.publicKey.accountID] + Devnet.reporterKeys.map(\.publicKey.accountID)
        #expect(state.derivatives.oracle.reporters.sortedKeys == reporters.sorted())
        for key in Devnet.reporterKeys { #expect(!state.balance(of: key.publicKey.accountID, asset: "BZR").isZero) }
        let pool = try #require(state.derivatives.lending.pools["USD"])
        #expect(pool.cash == Amount(baseUnits: 1_000_000 * 1_000_000))
        #expect(pool.parameters == Devnet.usdPoolParameters)
        #expect(state.lendingSupplies(of: Devnet.marketMakerKey.publicKey.accountID).map { $0.amount } == [pool.cash])
        try state.checkFullConservation()
    }

    @Test func theRandomWalkDependsOnlyOnItsSeedAndStaysGentle() {
        var first = PricePath.randomWalk(seed: 42, start: Devnet.startingPrices)
        var second = PricePath.randomWalk(seed: 42, start: Devnet.startingPrices)
        var other = PricePath.randomWalk(seed: 43, start: Devnet.startingPrices)
        var differs = false
        var previous = Devnet.startingPrices
        for _ in 0..<100 {
            let step = first.next()
            #expect(step.map { $0.quotePerUnit } == second.next().map { $0.quotePerUnit })
            differs = differs || step.map { $0.quotePerUnit } != other.next().map { $0.quotePerUnit }
            for (now, before) in zip(step, previous) {
                #expect(now.asset == before.asset)
                // At most 10 bp per step (rounded down).
                #expect(now.quotePerUnit * 10_000 + 10_000 >= before.quotePerUnit * 9_990)
                #expect(now.quotePerUnit * 10_000 <= before.quotePerUnit * 10_010)
            }
            previous = step
        }
        #expect(differs)
    }

    @Test func aFileOfStepsIsFollowedInOrderAndLoops() throws {
        let text = """
            # BTC and ETH in USD
            BTC=65000 ETH=3000.5

            eth=3001 BTC=65010.25
            """
        let steps = try PricePath.parse(text, quoteDecimals: 6, name: "prices.txt")
        #expect(steps.count == 2)
        #expect(steps[1].map { $0.asset } == ["BTC", "ETH"])
        #expect(steps[1].map { $0.quotePerUnit } == [65_010_250_000, 3_001_000_000])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var path = try PricePath.file(url, quoteDecimals: 6)
        let firsts = (0..<3).map { _ in path.next().first!.quotePerUnit }
        #expect(firsts == [65_000_000_000, 65_010_250_000, 65_000_000_000])
        for bad in ["BTC", "BTC=0", "BTC=abc", "# only a comment"] {
            #expect(throws: (any Error).self) { try PricePath.parse(bad, quoteDecimals: 6, name: "bad") }
        }
    }
}
