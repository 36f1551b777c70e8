import BazaarClient
import BazaarCore
import Testing

@Suite struct OrderBuilderTests {
    /// The devnet's BTC-USD: a lot is 10,000 satoshi; a tick 100 USD base units per lot ($1 per BTC).
    static let market = Market(
        id: 1, base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5, mode: .continuous)

    @Test func aPriceInQuotePerWholeBaseBecomesQuoteUnitsPerLot() throws {
        let action = try TransactionBuilder.placeOrder(
            on: Self.market, baseDecimals: 8, quoteDecimals: 6, side: .bid, type: .limit, price: "65000",
            size: "0.25", clientOrderID: 9)
        #expect(
            action
                == .placeOrder(
                    Action.PlaceOrder(
                        market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_500_000),
                        size: Amount(baseUnits: 25_000_000), clientOrderID: 9)))
    }

    @Test func aPriceFinerThanOneQuoteUnitPerLotIsRefused() {
        // $0.001 per BTC is 0.0000001 USD per lot, below one USD base unit.
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.pricePerLot("65000.001", on: Self.market, baseDecimals: 8, quoteDecimals: 6)
        }
        #expect(throws: BazaarClientError.self) {
            try TransactionBuilder.placeOrder(
                on: Self.market, baseDecimals: 8, quoteDecimals: 6, side: .ask, type: .limit, price: "1", size: "0")
        }
    }
}
