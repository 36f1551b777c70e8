import BazaarClient
import BazaarCore
import Testing

@Suite struct MarketBuilderTests {
    @Test func theDevnetsBTCUSDRulesComeOutAsItsGenesisMarket() throws {
        // 0.0001 BTC lots (10,000 satoshi), $1 per BTC ticks: 100 USD base units per lot.
        let action = try TransactionBuilder.createMarket(
            base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, lot: "0.0001", tick: "1", minimumSize: nil,
            maximumPrice: "262144", makerFeeBasisPoints: -2, takerFeeBasisPoints: 5, mode: .continuous)
        #expect(
            action
                == .createMarket(
                    Action.CreateMarket(
                        base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
                        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
                        takerFeeBasisPoints: 5, mode: .continuous)))
    }

    @Test func aTickFinerThanOneQuoteUnitPerLotOrAZeroLotIsRefused() {
        // $0.001 per BTC on 0.0001 BTC lots is 0.0000001 USD per lot, below one USD base unit.
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createMarket(
                base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, lot: "0.0001", tick: "0.001",
                minimumSize: nil, maximumPrice: "100000", makerFeeBasisPoints: 0, takerFeeBasisPoints: 5,
                mode: .continuous)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createMarket(
                base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, lot: "0", tick: "1", minimumSize: nil,
                maximumPrice: "100000", makerFeeBasisPoints: 0, takerFeeBasisPoints: 5, mode: .continuous)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.createMarket(
                base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, lot: "0.0001", tick: "10",
                minimumSize: nil, maximumPrice: "5", makerFeeBasisPoints: 0, takerFeeBasisPoints: 5, mode: .continuous)
        }
    }
}
