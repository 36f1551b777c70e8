import BazaarAPI
import BazaarCore
import Foundation
import Testing

@Suite struct APIModelTests {
    static func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func moneyIsNeverAJSONNumber() throws {
        let balance = try Self.object(BalanceJSON(asset: "ETH", amount: "1.5", baseUnits: "1500000000000000000"))
        #expect(balance["amount"] is String)
        #expect(balance["baseUnits"] is String)
        let status = try Self.object(
            StatusResponse(
                chainId: "c", height: 1, appHash: "", latestBlockHash: "", latestBlockTimeMs: 0, latestBlockTime: "",
                feeAsset: "BZR", minimumFee: "0.001", mempoolTransactions: 0))
        #expect(status["minimumFee"] is String)
    }

    /// BTC with 8 decimals and USD with 6; BTC-USD as on the devnet: a lot is 0.0001 BTC, a tick
    /// $1 per BTC (100 USD base units per lot).
    static let btcUSD = Market(
        id: 1, base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5, mode: .continuous)
    static let context = RenderingContext(
        assets: [
            AssetInfo(
                symbol: "BTC", name: "Bitcoin", decimals: 8, issuer: PrivateKey().publicKey.accountID, maxSupply: nil,
                supply: .zero),
            AssetInfo(
                symbol: "USD", name: "US Dollar", decimals: 6, issuer: PrivateKey().publicKey.accountID,
                maxSupply: nil, supply: .zero),
        ], markets: [btcUSD])

    @Test func eventsRenderAmountsWithTheAssetsDecimalsAndAccountsAsAddresses() {
        let sender = PrivateKey().publicKey.accountID
        let recipient = PrivateKey().publicKey.accountID
        let event = Event.transferred(
            asset: "BTC", sender: sender, recipient: recipient, amount: Amount(baseUnits: 150_000_000))
        #expect(
            EventJSON(event, context: Self.context)
                == EventJSON(
                    kind: "transferred", asset: "BTC", amount: "1.5", sender: sender.address,
                    recipient: recipient.address))
    }

    @Test func assetCreationCarriesNoAmount() {
        let issuer = PrivateKey().publicKey.accountID
        let json = EventJSON(.assetCreated(asset: "GOLD", issuer: issuer), context: Self.context)
        #expect(json.amount == nil)
        #expect(json.sender == issuer.address)
    }

    @Test func marketEventsCarryTheMarketSidePriceSizeAndOrders() {
        let maker = PrivateKey().publicKey.accountID
        let taker = PrivateKey().publicKey.accountID
        let trade = Event.trade(
            market: 1, priceTicks: 65_010, lots: 50, takerSide: .bid, maker: 7, taker: 12, makerOwner: maker,
            takerOwner: taker)
        #expect(
            EventJSON(trade, context: Self.context)
                == EventJSON(
                    kind: "trade", market: "BTC-USD", marketId: 1, side: "buy", price: "65010", priceTicks: 65_010,
                    size: "0.005", sizeLots: "50", makerOrderId: "7", takerOrderId: "12", maker: maker.address,
                    taker: taker.address))
        let cancelled = EventJSON(
            .orderCancelled(market: 1, order: 12, owner: taker, lots: 3, reason: .selfTrade), context: Self.context)
        #expect(cancelled.reason == "self_trade")
        #expect(cancelled.size == "0.0003")
        #expect(cancelled.asset == nil && cancelled.price == nil)
        let placed = EventJSON(
            .orderPlaced(market: 1, order: 12, owner: taker, side: .ask, priceTicks: 64_000, lots: 1),
            context: Self.context)
        #expect(placed.side == "sell" && placed.price == "64000" && placed.orderId == "12")
        #expect(placed.owner == taker.address)
    }

    @Test func pricesArePerWholeBaseUnitAndSizesInWholeBaseUnits() {
        let format = MarketFormat(market: Self.btcUSD, baseDecimals: 8, quoteDecimals: 6)
        #expect(format.price(ticks: 65_000) == "65000")
        #expect(format.tickSize == "1")
        #expect(format.size(lots: 5_000) == "0.5")
        #expect(format.notional(ticks: 65_000, lots: 5_000) == "32500")
        // ETH-USD of the devnet: a lot is 0.001 ETH (10^15 of 18 decimals), a tick 10 USD base units
        // per lot: $0.01 per ETH.
        var eth = Self.btcUSD
        eth.lotSize = Amount(baseUnits: Amount.powerOfTen(15))
        eth.tickSize = Amount(baseUnits: 10)
        let ethFormat = MarketFormat(market: eth, baseDecimals: 18, quoteDecimals: 6)
        #expect(ethFormat.price(ticks: 300_001) == "3000.01")
        #expect(ethFormat.size(lots: 1_500) == "1.5")
        // A lot of 3 base units does not divide a whole unit: digits beyond the quote's decimals,
        // cut after a fixed count.
        var odd = Self.btcUSD
        odd.lotSize = Amount(baseUnits: 3)
        odd.tickSize = Amount(baseUnits: 1)
        let oddFormat = MarketFormat(market: odd, baseDecimals: 2, quoteDecimals: 2)
        #expect(oddFormat.price(ticks: 3) == "1")
        #expect(oddFormat.price(ticks: 1) == "0.33" + String(repeating: "3", count: 12))
    }

    @Test func streamRequestsDecodeFromTheDocumentedText() throws {
        let blocks = try JSONDecoder().decode(
            StreamRequest.self, from: Data(#"{"op":"subscribe","channel":"blocks"}"#.utf8))
        #expect(blocks == StreamRequest(op: .subscribe, channel: .blocks))
        let account = try JSONDecoder().decode(
            StreamRequest.self, from: Data(#"{"op":"unsubscribe","channel":"account","address":"bz1x"}"#.utf8))
        #expect(account == StreamRequest(op: .unsubscribe, channel: .account, address: "bz1x"))
        let book = try JSONDecoder().decode(
            StreamRequest.self, from: Data(#"{"op":"subscribe","channel":"book","market":"BTC-USD","depth":5}"#.utf8))
        #expect(book == StreamRequest(op: .subscribe, channel: .book, market: "BTC-USD", depth: 5))
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(StreamRequest.self, from: Data(#"{"op":"subscribe","channel":"orders"}"#.utf8))
        }
    }

    @Test func absentOptionalFieldsAreOmittedNotNull() throws {
        let pending = try Self.object(TransactionResponse(id: "ab", status: .pending))
        #expect(Set(pending.keys) == ["id", "status"])
    }
}
