import BazaarCore
import BazaarNode
import Foundation
import Testing

/// The devnet genesis: demo markets with the first demo account as authority and resting demo liquidity,
/// and `genesis.json` carrying them.
@Suite struct DevnetGenesisTests {
    let validator = PrivateKey(seed: [UInt8](repeating: 7, count: 32))!
    let demo = PrivateKey(seed: [UInt8](repeating: 8, count: 32))!.publicKey.accountID

    func genesis() -> Genesis {
        Devnet.makeGenesis(demoAccounts: [demo], validator: validator.publicKey, timeMilliseconds: 1_700_000_000_000)
    }

    @Test func theDevnetHasAContinuousAndABatchMarketWithTheFirstDemoAccountAsAuthority() throws {
        let state = try genesis().makeState()
        #expect(state.parameters.marketAuthority == demo)
        let withoutDemoAccounts = Devnet.makeGenesis(
            demoAccounts: [], validator: validator.publicKey, timeMilliseconds: 1_700_000_000_000)
        #expect(withoutDemoAccounts.parameters.marketAuthority == validator.publicKey.accountID)
        #expect(state.marketList.prefix(3).map(\.name) == ["BTC-USD", "ETH-USD", "BTC-PERP"])
        #expect(
            state.marketList.map(\.mode) == [.continuous, .batchAuction] + Array(repeating: .continuous, count: 31))
        // Then the 30 option series (OptionChainAPITests).
        #expect(state.marketList.dropFirst(3).allSatisfy { $0.option != nil })
    }

    @Test func theDevnetHasBTCPerpAndAnInsuranceFund() throws {
        let state = try genesis().makeState()
        let perpetual = try #require(state.derivatives.margin.perpetuals[3])
        #expect(perpetual.base == "BTC" && perpetual.quote == "USD" && perpetual.initialBasisPoints == 1_000)
        #expect(state.derivatives.margin.collateralAssets["BTC"]?.weightBasisPoints == 8_000)
        let fund = try state.marginReport(of: MarginState.insuranceFund)
        #expect(fund.collateral.map(\.amount) == [100_000_000_000])
        #expect(state.derivatives.margin.liquidationSettings.penaltyBasisPoints == 100)
    }

    @Test func theMarketMakerRestsDemoLiquidityWithItsFundsLocked() throws {
        let state = try genesis().makeState()
        let maker = Devnet.marketMakerKey.publicKey.accountID
        for market in state.marketList where !market.isMarginMarket {
            let depth = try #require(state.depth(of: market.id, levelCountMax: 10))
            #expect(depth.bids.count == 5 && depth.asks.count == 5, "\(market.name)")
            #expect(try #require(depth.bids.first?.price) < (try #require(depth.asks.first?.price)))
        }
        // $65,000 per BTC is 65,000 ticks; $3,000 per ETH is 300,000 ticks.
        #expect(state.depth(of: 1, levelCountMax: 1)?.bids.first?.price == 64_990)
        #expect(state.depth(of: 2, levelCountMax: 1)?.asks.first?.price == 300_100)
        #expect(state.openOrders(of: maker).count == 20)
        #expect(state.openOrders(of: maker).allSatisfy { $0.owner == maker })
        // 5 × 0.01 BTC and 5 × 1 ETH of asks.
        #expect(state.locked(of: maker, asset: "BTC") == Amount(baseUnits: 5 * 1_000_000))
        #expect(state.locked(of: maker, asset: "ETH") == Amount(baseUnits: 5 * 1_000_000_000_000_000_000))
        #expect(state.locked(of: maker, asset: "USD") > .zero)
        try state.checkFullConservation()
    }

    @Test func genesisJSONRoundTripsMarketsAndOrders() throws {
        let genesis = genesis()
        let file = GenesisFile(genesis)
        let data = try JSONEncoder().encode(file)
        let decoded = try JSONDecoder().decode(GenesisFile.self, from: data)
        #expect(decoded == file)
        #expect(try decoded.genesis() == genesis)
        #expect(try decoded.genesis().hash == genesis.hash)
        #expect(file.markets?.map(\.mode) == ["continuous", "batch_auction"])
        #expect(file.orders?.first?.side == "buy")
    }

    @Test func aGenesisFileWithoutMarketFieldsStillLoads() throws {
        var file = GenesisFile(genesis())
        file.markets = nil
        file.orders = nil
        file.marketAuthority = nil
        file.openOrderCountMax = nil
        let json = try JSONEncoder().encode(file)
        let object = try #require(JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["markets"] == nil)
        let genesis = try JSONDecoder().decode(GenesisFile.self, from: json).genesis()
        #expect(genesis.markets.isEmpty)
        #expect(genesis.parameters.marketAuthority == nil)
        #expect(
            genesis.parameters.openOrderCountMax
                == ChainParameters(chainID: "c", feeAsset: "BZR", minimumFee: .zero).openOrderCountMax)
    }

    @Test func unknownNamesInGenesisJSONAreRefused() {
        var badMode = GenesisFile(genesis())
        badMode.markets?[0].mode = "auction"
        var badSide = GenesisFile(genesis())
        badSide.orders?[0].side = "bid"
        for file in [badMode, badSide] {
            #expect(throws: NodeError.self) { try file.genesis() }
        }
    }
}
