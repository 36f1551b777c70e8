import BazaarAPI
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The served OpenAPI document describes every route and exactly the keys the API types encode.
@Suite struct OpenAPIDocumentTests {
    func document() async throws -> [String: Any] {
        let network = try TestNetwork()
        defer { network.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: try network.makeNode()))
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            return try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        }
    }

    @Test func everyRouteIsDescribed() async throws {
        let paths = try #require(try await document()["paths"] as? [String: Any])
        let routes = [
            "/v1/status", "/v1/tx", "/v1/txs", "/v1/tx/{id}", "/v1/accounts/{address}", "/v1/accounts/{address}/orders",
            "/v1/assets", "/v1/markets", "/v1/markets/{market}", "/v1/markets/{market}/book",
            "/v1/markets/{market}/trades", "/v1/markets/{market}/candles", "/v1/pools", "/v1/pools/{id}", "/v1/quote",
            "/v1/blocks/{height}", "/v1/blocks/{height}/results",
            "/v1/htlcs", "/v1/htlcs/{id}", "/v1/swap-offers", "/v1/swap-offers/{id}", "/v1/escrows", "/v1/escrows/{id}",
            "/v1/stream", "/openapi.json", "/metrics",
            "/v1/accounts/{address}/margin", "/v1/markets/{market}/funding", "/v1/perpetuals", "/v1/options",
            "/v1/options/chain",
            "/v1/oracle", "/v1/oracle/{asset}", "/v1/oracle/vol/{asset}", "/v1/lending", "/v1/lending/{asset}",
            "/v1/accounts/{address}/lending", "/v1/accounts/{address}/margin/scenarios", "/v1/margin/simulate",
            "/v1/faucet",
            "/v1/accounts/{address}/fills", "/v1/accounts/{address}/orders/history", "/v1/accounts/{address}/funding",
            "/v1/accounts/{address}/ledger", "/v1/history/blocks",
        ]
        #expect(Set(paths.keys) == Set(routes))
    }

    /// Blocks and transactions render every kind of event; the document's enum is made from the
    /// same list (`Event.allKinds`, one `Kind` enum per event type), so schema validation of a
    /// block with oracle or margin events passes.
    @Test func theEventKindEnumIsEveryKindTheAPIRenders() async throws {
        let schemas = try #require((try await document()["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let event = try #require(schemas["EventJSON"] as? [String: Any])
        let kind = try #require((event["properties"] as? [String: Any])?["kind"] as? [String: Any])
        let kinds = try #require(kind["enum"] as? [String])
        #expect(kinds == Event.allKinds)
        #expect(Set(kinds).count == kinds.count)
        for rendered in [
            "oracle_price_updated", "oracle_observed", "pool_swap", "htlc_locked", "lending_interest_accrued",
            "funding", "margin_deposited", "fee_paid", "order_filled",
        ] {
            #expect(kinds.contains(rendered), "\(rendered)")
        }
        let oracle = EventJSON(
            .derivatives(.oracle(.reporterAdded(reporter: PrivateKey().publicKey.accountID))),
            context: RenderingContext(decimals: [:]))
        #expect(kinds.contains(oracle.kind))
    }

    @Test func schemasListExactlyTheEncodedKeys() async throws {
        let schemas = try #require((try await document()["components"] as? [String: Any])?["schemas"] as? [String: Any])
        // Every optional field set, so that the sample encodes every key.
        let event = EventJSON(
            kind: "trade", asset: "USD", amount: "1", sender: "a", recipient: "b", market: "BTC-USD", marketId: 1,
            orderId: "1", owner: "a", side: "buy", price: "1", priceTicks: 1, size: "1", sizeLots: "1",
            makerOrderId: "1", takerOrderId: "2", maker: "a", taker: "b", reason: "requested")
        let level = BookLevelJSON(price: "1", priceTicks: 1, size: "1", sizeLots: "1", orders: 1)
        let trade = TradeJSON(
            id: "1-0", market: "BTC-USD", height: 1, timeMs: 1, kind: "trade", price: "1", priceTicks: 1, size: "1",
            sizeLots: "1", notional: "1", takerSide: "buy", makerOrderId: "1", takerOrderId: "2", maker: "a",
            taker: "b")
        let market = MarketJSON(
            id: 1, name: "BTC-USD", base: "BTC", quote: "USD", baseDecimals: 8, quoteDecimals: 6, mode: "continuous",
            lotSize: "1", lotSizeBaseUnits: "1", tickSize: "1", tickSizeBaseUnits: "1", minimumSize: "1",
            minimumSizeBaseUnits: "1", maximumPrice: "1", maximumPriceTicks: 1, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 0, lastPrice: "1", lastPriceTicks: 1, bestBid: "1", bestAsk: "1", openOrders: 0)
        let order = OrderJSON(
            id: "1", market: "BTC-USD", marketId: 1, owner: "a", side: "buy", type: "limit", price: "1", priceTicks: 1,
            size: "1", sizeLots: "1", locked: "1", lockedAsset: "USD", clientOrderId: "7", expiresAtMs: 1, height: 1,
            selfTradePrevention: "cancel_resting")
        let funding = FundingResponse(
            marketId: 3, market: "BTC-PERP", initialMargin: "0.1", maintenanceMargin: "0.05", maxLeverage: "10",
            fundingIntervalSeconds: "3600", lastFundingRate: "0", lastFundingRatePpm: 0, predictedFundingRatePpm: 0,
            fundingIndex: "0", lastFundingTime: "t", nextFundingTime: "t", indexPrice: "1", markPrice: "1",
            impactBid: "1", impactAsk: "1", openInterest: "0")
        let option = OptionSeriesJSON(
            marketId: 4, market: "BTC-20270101-70000-C", underlying: "BTC", quote: "USD", kind: "call", strike: "70000",
            strikeStep: "1000", expiryMs: 1, expiry: "t", contractSize: "1", status: "settled", markPrice: "1",
            openInterest: "0", settlementPrice: "1")
        let oracleParameters = OracleParametersJSON(
            quoteAsset: "USD", stalenessMs: 1, minimumReporters: 1, maximumMoveBasisPoints: 1, twapWindowMs: 1)
        let oraclePrice = OraclePriceJSON(
            asset: "BTC", quoteAsset: "USD", price: "1", priceBaseUnits: "1", height: 1, stale: false, twap: "1",
            reporterCount: 1, unclampedPrice: "2", observations: [], history: [])
        let volatilitySurface = VolatilitySurfaceJSON(
            asset: "BTC", timeMs: 1,
            parameters: VolatilityParametersJSON(
                stalenessMs: 1, minimumReporters: 1, maximumMoveBasisPoints: 1, moneyness: ["1"]),
            expiries: [
                VolatilitySmileJSON(
                    expiryMs: 2,
                    points: [
                        VolatilityPointJSON(moneyness: "1", moneynessBasisPoints: 10_000, vol: "0.6", volPpm: 600_000)
                    ],
                    freshReports: 1, reporterCount: 1, stale: false, height: 1, updatedMs: 1, ageMs: 0, clamped: false)
            ])
        let greeks = AccountGreeksJSON(
            underlying: "BTC", spot: "1", delta: "1", deltaValue: "1", gamma: "0", gammaValue: "0", vega: "0",
            theta: "0", optionPositions: 1, perpetualPositions: 1, complete: true)
        let chainQuote = OptionChainQuoteJSON(
            marketId: 4, market: "BTC-20270101-70000-C", status: "trading", bid: "1", bidSize: "1", ask: "2",
            askSize: "1", markPrice: "1", bidIv: "0.5", askIv: "0.6", midIv: "0.55", markIv: "0.6", delta: "0.5",
            gamma: "0", vega: "1", theta: "-1")
        let chainRow = OptionChainRowJSON(strike: "70000", call: chainQuote, put: chainQuote)
        let candle = CandleJSON(
            startMs: 0, open: "1", high: "2", low: "1", close: "2", baseVolume: "1", quoteVolume: "1", trades: 1,
            closed: true)
        let fill = FillJSON(
            id: "1-0-b", market: "BTC-USD", height: 1, timeMs: 1, kind: "trade", liquidity: "maker", side: "buy",
            price: "1", priceTicks: 1, size: "1", sizeLots: "1", notional: "1", fee: "-1", feeAsset: "USD",
            orderId: "1", counterparty: "a", counterpartyOrderId: "2")
        let orderHistory = OrderHistoryJSON(
            id: "1", clientOrderId: "7", market: "BTC-USD", side: "buy", type: "limit", origin: "order", price: "1",
            priceTicks: 1, size: "1", filledSize: "1", remainingSize: "0", averagePrice: "1", fee: "1",
            status: "cancelled", reason: "requested", expiresAtMs: 1, placedHeight: 1, placedTimeMs: 1,
            updatedHeight: 1, updatedTimeMs: 1)
        let fundingPayment = FundingPaymentJSON(
            market: "BTC-PERP", height: 1, timeMs: 1, positionSize: "1", amount: "-1", asset: "USD", rate: "0.0001")
        let ledgerEntry = LedgerEntryJSON(
            height: 1, timeMs: 1, asset: "USD", bucket: "free", delta: "-1", balanceAfter: "1", cause: "action",
            txId: "ab", actionIndex: 0, actionKind: "transfer", market: "BTC-USD")
        let samples: [String: any Encodable] = [
            "StatusResponse": StatusResponse(
                chainId: "c", height: 1, appHash: "h", latestBlockHash: "h", latestBlockTimeMs: 1, latestBlockTime: "t",
                feeAsset: "BZR", minimumFee: "0", mempoolTransactions: 0),
            "SubmitTransactionRequest": SubmitTransactionRequest(tx: ""),
            "SubmitTransactionResponse": SubmitTransactionResponse(id: "", status: .pending),
            "SubmitTransactionsRequest": SubmitTransactionsRequest(txs: [""]),
            "SubmitTransactionsResponse": SubmitTransactionsResponse(results: []),
            "SubmissionResult": SubmissionResult(id: "", status: .pending, code: "", message: ""),
            "TransactionResponse": TransactionResponse(
                id: "", status: .committed, height: 1, index: 0, code: "ok", message: "m", failedActionIndex: 0,
                events: [event]),
            "AccountResponse": AccountResponse(address: "", nonce: 0, balances: [], locked: [], openOrders: 0),
            "BalanceJSON": BalanceJSON(asset: "", amount: "", baseUnits: ""),
            "AssetsResponse": AssetsResponse(assets: []),
            "AssetJSON": AssetJSON(symbol: "", name: "", decimals: 0, issuer: "", supply: "", maxSupply: "1"),
            "BlockResponse": BlockResponse(
                height: 1, hash: "", timeMs: 1, time: "", previousBlockHash: "", previousAppHash: "", appHash: "",
                proposer: "", transactions: [], endBlockEvents: [], commitRound: 0, signers: [], evidence: []),
            "EvidenceJSON": EvidenceJSON(validator: "", height: 1, round: 0, type: "prevote", values: []),
            "BlockTransactionJSON": BlockTransactionJSON(
                id: "", sender: "", nonce: 0, fee: "", code: "", actionCount: 1, events: []),
            "EventJSON": event,
            "BlockResultsResponse": BlockResultsResponse(
                height: 1, timeMs: 1, appHash: "", results: [], endBlockEvents: []),
            "TransactionCodeJSON": TransactionCodeJSON(id: "", code: "ok"),
            "StreamRequest": StreamRequest(
                op: .subscribe, channel: .candles, address: "a", market: "BTC-USD", depth: 5, resolution: "1m"),
            "StreamMessage": StreamMessage(
                type: "t", channel: .blocks, address: "", height: 1, hash: "", appHash: "", timeMs: 1,
                transactionCount: 1, txId: "", event: event, market: "BTC-USD", sequence: 1, depth: 1, bids: [level],
                asks: [level], trade: trade, resolution: "1m", candle: candle, code: "", message: ""),
            "MarketsResponse": MarketsResponse(markets: [market]),
            "MarketJSON": market,
            "BookLevelJSON": level,
            "BookResponse": BookResponse(
                market: "BTC-USD", marketId: 1, height: 1, sequence: 0, depth: 1, bids: [], asks: []),
            "TradeJSON": trade,
            "TradesResponse": TradesResponse(market: "BTC-USD", trades: [], height: 1, next: "c"),
            "CandleJSON": candle,
            "CandlesResponse": CandlesResponse(
                market: "BTC-USD", resolution: "1m", height: 1, candles: [candle], next: "c"),
            "FillJSON": fill,
            "FillsResponse": FillsResponse(address: "a", height: 1, fills: [fill], next: "c"),
            "OrderHistoryJSON": orderHistory,
            "OrderHistoryResponse": OrderHistoryResponse(address: "a", height: 1, orders: [orderHistory], next: "c"),
            "FundingPaymentJSON": fundingPayment,
            "FundingPaymentsResponse": FundingPaymentsResponse(
                address: "a", height: 1, payments: [fundingPayment], next: "c"),
            "LedgerEntryJSON": ledgerEntry,
            "LedgerResponse": LedgerResponse(address: "a", height: 1, entries: [ledgerEntry], next: "c"),
            "OrderJSON": order,
            "OrdersResponse": OrdersResponse(address: "a", orders: []),
            "APIError": APIError(code: "", message: ""),
            "MarginAccountResponse": MarginAccountResponse(
                address: "a", quoteAsset: "USD", equity: "1", initialRequirement: "1", maintenanceRequirement: "1",
                weightedCollateral: "1", debtValue: "0", healthFactor: "1", collateral: [], positions: [],
                optionPositions: [], debts: [], greeks: [greeks]),
            "AccountGreeksJSON": greeks,
            "OptionChainResponse": OptionChainResponse(
                underlying: "BTC", quote: "USD", expiryMs: 1, expiry: "e", timeMs: 0, spot: "1", stale: false,
                expiries: [1], rows: [chainRow]),
            "OptionChainRowJSON": chainRow,
            "OptionChainQuoteJSON": chainQuote,
            "OptionPositionJSON": OptionPositionJSON(
                marketId: 4, market: "BTC-20270101-70000-C", size: "-1", averageEntryPremium: "1", markPrice: "1",
                unrealizedPnl: "0", realizedPnl: "0", initialRequirement: "1", maintenanceRequirement: "1"),
            "OptionSeriesJSON": option,
            "OptionsResponse": OptionsResponse(options: [option]),
            "MarginCollateralJSON": MarginCollateralJSON(asset: "USD", amount: "1", weight: "1", value: "1"),
            "PositionJSON": PositionJSON(
                marketId: 3, market: "BTC-PERP", size: "1", entryPrice: "1", markPrice: "1", unrealizedPnl: "0",
                realizedPnl: "0", initialRequirement: "1", maintenanceRequirement: "1", liquidationPrice: "1"),
            "FundingResponse": funding,
            "PerpetualsResponse": PerpetualsResponse(perpetuals: [funding]),
            "HTLCJSON": EscrowSamples.htlc,
            "HTLCsResponse": HTLCsResponse(htlcs: []),
            "SwapOfferJSON": EscrowSamples.swapOffer,
            "SwapOffersResponse": SwapOffersResponse(offers: []),
            "TradeEscrowJSON": EscrowSamples.trade,
            "TradeEscrowsResponse": TradeEscrowsResponse(escrows: [], mediators: [], arbitrators: []),
            "OracleResponse": OracleResponse(parameters: oracleParameters, reporters: [], prices: []),
            "OracleParametersJSON": oracleParameters,
            "OraclePriceJSON": oraclePrice,
            "VolatilitySurfaceJSON": volatilitySurface,
            "VolatilityParametersJSON": volatilitySurface.parameters,
            "VolatilitySmileJSON": volatilitySurface.expiries[0],
            "VolatilityPointJSON": volatilitySurface.expiries[0].points[0],
            "ObservationJSON": ObservationJSON(reporter: "a", price: "1", timeMs: 1, height: 1, fresh: true),
            "PricePointJSON": PricePointJSON(height: 1, timeMs: 1, price: "1"),
            "LendingPoolsResponse": LendingPoolsResponse(pools: []),
            "LendingPoolJSON": LendingPoolJSON(
                asset: "USD", supplied: "1", borrowed: "1", cash: "1", reserves: "0", writtenOff: "0",
                utilization: "0.5",
                borrowRate: "0.04", supplyRate: "0.01", borrowIndex: "1", supplyIndex: "1", baseRateBasisPoints: 0,
                slope1BasisPoints: 1, slope2BasisPoints: 1, kinkUtilizationBasisPoints: 1, reserveFactorBasisPoints: 1),
            "LendingPositionsResponse": LendingPositionsResponse(address: "a", positions: []),
            "LendingPositionJSON": LendingPositionJSON(asset: "USD", supplied: "1", shares: "1", debt: "0"),
            "PoolsResponse": PoolsResponse(pools: []),
            "PoolJSON": PoolJSON(
                id: 1, asset0: "BTC", asset1: "USD", curve: "concentrated", feePips: 3000, reserve0: "1",
                reserve0BaseUnits: "1", reserve1: "1", reserve1BaseUnits: "1", price: "1", lpSupply: "1",
                sqrtPriceX96: "1", tick: 0, liquidity: "1", tickSpacing: 60),
            "QuoteResponse": QuoteResponse(
                assetIn: "USD", assetOut: "BTC", amountIn: "1", amountInBaseUnits: "1", expectedOut: "1",
                expectedOutBaseUnits: "1", priceImpactBasisPoints: 0, legs: []),
            "QuoteLegJSON": QuoteLegJSON(
                venues: [], path: [], amountIn: "1", amountInBaseUnits: "1", amountOut: "1", amountOutBaseUnits: "1",
                fees: []),
            "QuoteVenueJSON": QuoteVenueJSON(kind: "pool", id: 1),
            "MarginScenarioJSON": MarginScenarioJSON(spotShock: "-0.15", volatilityShock: "up", tail: false, pnl: "1"),
            "PortfolioMarginJSON": PortfolioMarginJSON(
                underlying: "BTC", spot: "1", scenarios: [], worstScenario: 0, worstLoss: "1", shortOptionAddOn: "1",
                initialRequirement: "1", maintenanceRequirement: "1"),
            "MarginScenariosResponse": MarginScenariosResponse(
                address: "a", quoteAsset: "USD", equity: "1", initialRequirement: "1", maintenanceRequirement: "1",
                dependsOnStalePrice: false, underlyings: []),
            "MarginSimulationRequest": MarginSimulationRequest(account: "a", positions: []),
            "FaucetRequest": FaucetRequest(address: "a"),
            "FaucetGrantResponse": FaucetGrantResponse(id: "1", address: "a", amounts: []),
            "FaucetInfoResponse": FaucetInfoResponse(
                amounts: [], perAddressIntervalSeconds: 1, globalGrantsMax: 1, globalWindowSeconds: 1),
        ]
        #expect(Set(schemas.keys) == Set(samples.keys))
        for (name, sample) in samples {
            let encoded = try #require(
                JSONSerialization.jsonObject(with: JSONEncoder().encode(sample)) as? [String: Any])
            let schema = try #require(schemas[name] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(encoded.keys), "schema \(name)")
            for required in schema["required"] as? [String] ?? [] {
                #expect(encoded[required] != nil, "\(name).\(required) is required but not encoded")
            }
        }
    }
}
