import BazaarAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BazaarCore
@testable import BazaarNode

/// The devnet's options end to end in one process: a genesis made now lists 30 BTC series, the
/// devnet's reporters post prices and smiles, its market maker quotes every series, and the API —
/// over a real socket — shows the chain and, after a trade, the account's Greeks.
@Suite struct OptionChainAPITests {
    /// A devnet genesis made now (so that its series are ahead), its node and directory.
    struct Devnet14 {
        let directory: URL
        let validator = PrivateKey()
        let alice = PrivateKey()
        let genesis: Genesis
        let node: Node

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "bazaar-chain-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            genesis = Devnet.makeGenesis(
                demoAccounts: [alice.publicKey.accountID], validator: validator.publicKey,
                timeMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
            node = try Node(
                configuration: NodeConfiguration(
                    dataDirectory: directory, genesis: genesis, validatorKey: validator, port: 0))
        }

        /// Rounds of reporting, quoting and one block, at most.
        static let roundsMax = 200

        func remove() { try? FileManager.default.removeItem(at: directory) }

        /// Runs rounds of the devnet's reporters and market maker, each followed by a block at
        /// the wall-clock time, until `done` holds of the state's chain view or `roundsMax` rounds
        /// pass; returns whether it held. The test paces the rounds itself, so a loaded machine
        /// makes it slower, never different: the maker quotes ten series a transaction, and
        /// every series is quoted within a few rounds.
        func run(until done: @escaping @Sendable (Node) async -> Bool) async throws -> Bool {
            let logger = Logger(label: "test.devnet")
            // The devnet's starting prices, held: a moving price would make the maker re-price
            // every series again and again (the reporters still report, and the smiles still walk).
            let steady = directory.appendingPathComponent("steady-prices")
            try "BTC=65000 ETH=3000\n".write(to: steady, atomically: true, encoding: .utf8)
            var reporters = PriceReporter(
                node: node, keys: [validator] + Devnet.reporterKeys,
                path: try PricePath.file(steady, quoteDecimals: 6), seed: 7, intervalMilliseconds: 50,
                volatility: VolatilityWalk(
                    asset: "BTC", expiries: Devnet.volatilityExpiries(genesisMilliseconds: genesis.timeMilliseconds),
                    seed: 7),
                logger: logger
            ).rounds()
            var maker = OptionMarketMaker(node: node, intervalMilliseconds: 50, logger: logger).rounds()
            var time: UInt64 = 0
            for _ in 0..<Self.roundsMax {
                await reporters.next()
                await maker.next()
                time = max(time + 1, UInt64(Date().timeIntervalSince1970 * 1000))
                try await node.produceBlock(clockMilliseconds: time)
                if await done(node) { return true }
            }
            return false
        }
    }

    /// Whether every series of every expiry has a bid and an ask resting.
    static func everySeriesIsQuoted(_ node: Node, expiries: [UInt64]) async -> Bool {
        for expiry in expiries {
            let view = await node.optionChainView(underlying: "BTC", expiry: .exact(expiry))
            guard let chain = view.chain, chain.rows.count == 5 else { return false }
            for row in chain.rows {
                for side in [row.call, row.put] {
                    guard let side, side.bestBid != nil, side.bestAsk != nil else { return false }
                }
            }
        }
        return true
    }

    @Test func theDevnetListsThirtySeriesAndItsMarketMakerQuotesEachTwoSided() async throws {
        let devnet = try Devnet14()
        defer { devnet.remove() }
        let state = try devnet.genesis.makeState()
        let series = state.derivatives.margin.optionSeries.sortedKeys.map { state.derivatives.margin.optionSeries[$0]! }
        #expect(series.count == 30)
        let expiries = Devnet.volatilityExpiries(genesisMilliseconds: devnet.genesis.timeMilliseconds)
        #expect(Set(series.map(\.terms.expiryMilliseconds)) == Set(expiries))
        #expect(Set(series.map { $0.terms.strike.baseUnits / 1_000_000 }) == Set(Devnet.optionStrikesWhole))
        #expect(series.filter { $0.terms.kind == .call }.count == 15)
        // The strikes straddle the starting price.
        #expect(Devnet.optionStrikesWhole.min()! < 65_000 && Devnet.optionStrikesWhole.max()! > 65_000)
        try state.checkFullConservation()

        let quoted = try await devnet.run(until: { await Self.everySeriesIsQuoted($0, expiries: expiries) })
        #expect(quoted, "the market maker did not quote every series within \(Devnet14.roundsMax) rounds")
        // Each quote is the maker's, 0.1 BTC a side (where the mark is against its quote, the
        // maker re-quotes in a later block: theMarketMakersQuotesStraddleTheMark).
        let maker = Devnet.marketMakerKey.publicKey.accountID
        for expiry in expiries {
            let chain = try #require(await devnet.node.optionChainView(underlying: "BTC", expiry: .exact(expiry)).chain)
            for side in chain.rows.flatMap({ [$0.call, $0.put] }) {
                let side = try #require(side)
                #expect(side.bidSize == 10_000_000 && side.askSize == 10_000_000, "\(side.series.market)")
                #expect(try #require(side.bestBid) < (try #require(side.bestAsk)))
            }
        }
        let orders = await devnet.node.openOrders(of: maker)
        #expect(orders.filter { $0.market.rawValue > 3 }.count == 60)
    }

    /// Applies the maker's quote actions as one transaction, as the chain would.
    static func applyQuotes(_ state: inout LedgerState) throws -> Int {
        let actions = Devnet.optionQuoteActions(state: state, maker: Devnet.marketMakerKey.publicKey.accountID)
        state.beginTransaction()
        for action in actions { _ = try state.apply(action, sender: Devnet.marketMakerKey.publicKey.accountID) }
        state.commitTransaction()
        return actions.count
    }

    /// Every series has the maker's bid at or below its mark and ask at or above it (the bid may
    /// sit at its one-tick floor above a mark worth less than a tick).
    static func expectQuotesStraddleTheMark(_ state: LedgerState) throws {
        let maker = Devnet.marketMakerKey.publicKey.accountID
        let orders = state.openOrders(of: maker)
        for id in state.derivatives.margin.optionSeries.sortedKeys {
            let series = state.derivatives.margin.optionSeries[id]!
            let mark = try #require(state.optionMark(of: series))
            let quotes = orders.filter { $0.market == id }
            let bid = try #require(quotes.first { $0.side == .bid })
            let ask = try #require(quotes.first { $0.side == .ask })
            #expect(quotes.count == 2 && bid.lots == 10 && ask.lots == 10)
            // A tick is $1 per BTC: 10^6 USD base units per whole unit.
            #expect(UInt128(ask.priceTicks) * 1_000_000 >= mark, "\(series.market): ask below mark \(mark)")
            #expect(
                UInt128(bid.priceTicks) * 1_000_000 <= mark || bid.priceTicks == 1,
                "\(series.market): bid above mark \(mark)")
        }
    }

    @Test func theMarketMakersQuotesStraddleTheMarkAndFollowIt() throws {
        let genesis = Devnet.makeGenesis(
            demoAccounts: [PrivateKey().publicKey.accountID], validator: PrivateKey().publicKey,
            timeMilliseconds: 1_800_000_000_000)
        var state = try genesis.makeState()
        func setMarket(price: UInt128) {
            state.setOraclePrice(OraclePrice(quotePerUnit: price, height: state.height), of: "BTC")
            for expiry in Devnet.volatilityExpiries(genesisMilliseconds: genesis.timeMilliseconds) {
                state.derivatives.oracle.volatilitySmiles.write(
                    VolatilitySmile(
                        volatilities: [
                            800_000, 720_000, 660_000, 620_000, 600_000, 610_000, 630_000, 670_000, 720_000,
                        ],
                        height: state.height, timeMilliseconds: state.timeMilliseconds, reporterCount: 3),
                    for: VolatilityKey(asset: "BTC", expiryMilliseconds: expiry))
            }
        }
        // Without a price or a surface there is nothing to quote: orders would fail with stale_price.
        #expect(Devnet.optionQuoteActions(state: state, maker: Devnet.marketMakerKey.publicKey.accountID).isEmpty)
        setMarket(price: 65_000 * 1_000_000)
        // Ten series a transaction: three rounds quote all 30, a fourth has nothing to do.
        #expect(try Self.applyQuotes(&state) == 30)
        #expect(try Self.applyQuotes(&state) == 30)
        #expect(try Self.applyQuotes(&state) == 30)
        #expect(try Self.applyQuotes(&state) == 0)
        try Self.expectQuotesStraddleTheMark(state)
        // BTC up 3%: the quotes whose middle half lost the mark are replaced.
        setMarket(price: 66_950 * 1_000_000)
        var rounds = 0
        while try Self.applyQuotes(&state) > 0 { rounds += 1 }
        #expect(rounds >= 1 && rounds <= 3)
        try Self.expectQuotesStraddleTheMark(state)
        try state.checkFullConservation()
    }

    @Test func theChainAndAnAccountsGreeksOverHTTP() async throws {
        let devnet = try Devnet14()
        defer { devnet.remove() }
        let expiries = Devnet.volatilityExpiries(genesisMilliseconds: devnet.genesis.timeMilliseconds)
        let quoted = try await devnet.run(until: { await Self.everySeriesIsQuoted($0, expiries: expiries) })
        try #require(quoted, "the market maker did not quote every series within \(Devnet14.roundsMax) rounds")
        let week = expiries[1]
        let app = Application(
            router: APIRoutes.makeRouter(node: devnet.node),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let nearest = try await MarketAPITests.get(
                OptionChainResponse.self, client, "/v1/options/chain?underlying=btc")
            #expect(nearest.expiryMs == devnet.genesis.timeMilliseconds + 86_400_000)
            #expect(nearest.expiries.count == 3 && nearest.underlying == "BTC" && nearest.quote == "USD")
            #expect(nearest.rows.map(\.strike) == ["60000", "62500", "65000", "67500", "70000"])
            let byMilliseconds = try await MarketAPITests.get(
                OptionChainResponse.self, client, "/v1/options/chain?underlying=BTC&expiry=\(week)")
            #expect(byMilliseconds.expiryMs == week)
            let date = Date(timeIntervalSince1970: TimeInterval(week / 1000)).formatted(.iso8601.year().month().day())
            let byDate = try await MarketAPITests.get(
                OptionChainResponse.self, client, "/v1/options/chain?underlying=BTC&expiry=\(date)")
            #expect(byDate.expiryMs == week)
            let atTheMoney = try #require(byDate.rows.first { $0.strike == "65000" })
            let call = try #require(atTheMoney.call)
            let put = try #require(atTheMoney.put)
            #expect(call.market.hasPrefix("BTC-") && call.market.hasSuffix("-65000-C") && call.status == "trading")
            #expect(put.market.hasSuffix("-65000-P"))
            // The maker's quote straddles the mark; its volatilities straddle the surface's (~60%).
            let (bidIV, askIV, markIV) = (
                try #require(Double(call.bidIv ?? "")), try #require(Double(call.askIv ?? "")),
                try #require(Double(call.markIv ?? ""))
            )
            #expect(bidIV < askIV && markIV > 0.4 && markIV < 0.9, "\(bidIV) \(askIV) \(markIV)")
            #expect(bidIV <= markIV + 1e-6 && markIV <= askIV + 1e-6)
            let (callDelta, putDelta) = (try #require(Double(call.delta ?? "")), try #require(Double(put.delta ?? "")))
            #expect(abs(callDelta - putDelta - 1) < 1e-12 && callDelta > 0.3 && callDelta < 0.7)
            #expect(Double(call.vega ?? "") ?? 0 > 0)
            #expect(Double(call.theta ?? "") ?? 0 < 0)
            for (uri, status, code) in [
                ("/v1/options/chain", HTTPResponse.Status.badRequest, "bad_request"),
                ("/v1/options/chain?underlying=BTC&expiry=2026-13-01", .badRequest, "bad_request"),
                ("/v1/options/chain?underlying=BTC&expiry=tomorrow", .badRequest, "bad_request"),
                ("/v1/options/chain?underlying=DOGE", .notFound, "unknown_asset"),
                ("/v1/options/chain?underlying=ETH", .notFound, "unknown_series"),
                ("/v1/options/chain?underlying=BTC&expiry=1", .notFound, "unknown_series"),
                ("/v1/options/chain?underlying=BTC&expiry=2001-01-01", .notFound, "unknown_series"),
            ] {
                try await MarketAPITests.expectError(client, uri, status: status, code: code)
            }

            // Alice deposits margin and buys 0.1 BTC of the week's at-the-money call at the ask.
            let alice = devnet.alice
            let ask = try #require(UInt128(call.ask ?? ""))
            let actions: [Action] = [
                .derivatives(.margin(.deposit(asset: "USD", amount: Amount(baseUnits: 20_000 * 1_000_000)))),
                .placeOrder(
                    Action.PlaceOrder(
                        market: MarketID(call.marketId), side: .bid, type: .limit,
                        price: Amount(baseUnits: ask * 10_000), size: Amount(baseUnits: 10_000_000))),
            ]
            let context = await devnet.node.reporterContext(of: alice.publicKey.accountID)
            let signed = Transaction(
                chainID: devnet.node.chainID, sender: alice.publicKey, nonce: context.nonce, fee: context.minimumFee,
                expiryHeight: context.height + 20, actions: actions
            ).signed(with: alice)
            #expect(await devnet.node.submit(try #require(VerifiedTransaction(verifying: signed))) == .ok)
            let address = alice.publicKey.accountID.address
            var margin: MarginAccountResponse?
            for _ in 0..<50 {
                // A millisecond after the last block: the reporters stopped with `run`, and the
                // oracle's prices (10 s staleness) must stay fresh however slow the machine is.
                let last = await devnet.node.status.lastBlockTimeMilliseconds
                try await devnet.node.produceBlock(clockMilliseconds: last + 1)
                let view = try await MarketAPITests.get(
                    MarginAccountResponse.self, client, "/v1/accounts/\(address)/margin")
                if !view.optionPositions.isEmpty {
                    margin = view
                    break
                }
            }
            let view = try #require(margin, "alice's call did not fill")
            #expect(view.optionPositions.first?.market == call.market && view.optionPositions.first?.size == "0.1")
            let greeks = try #require(view.greeks?.first)
            #expect(greeks.underlying == "BTC" && greeks.optionPositions == 1 && greeks.perpetualPositions == 0)
            #expect(greeks.complete)
            // 0.1 BTC of a call with delta near 0.5: about 0.05 BTC, worth about $3,250.
            let delta = try #require(Double(greeks.delta))
            #expect(delta > 0.03 && delta < 0.07, "delta \(delta)")
            let spot = try #require(Double(greeks.spot ?? ""))
            #expect(abs(try #require(Double(greeks.deltaValue ?? "")) - delta * spot) < 0.01)
            #expect(Double(greeks.gamma) ?? 0 > 0)
            #expect(Double(greeks.vega) ?? 0 > 0)
            #expect(try #require(Double(greeks.theta)) < 0)

            // Her portfolio margin over HTTP: BTC under the 29 scenarios. A long call carries no
            // add-on, and its worst loss is more than nothing and less than the call's value.
            let matrix = try await MarketAPITests.get(
                MarginScenariosResponse.self, client, "/v1/accounts/\(address)/margin/scenarios")
            let btc = try #require(matrix.underlyings.first)
            #expect(matrix.underlyings.count == 1 && btc.underlying == "BTC" && btc.scenarios.count == 29)
            #expect(btc.shortOptionAddOn == "0" && matrix.initialRequirement == btc.initialRequirement)
            let position = try #require(view.optionPositions.first)
            let value = try #require(Double(position.markPrice)) * 0.1
            let worstLoss = try #require(Double(btc.worstLoss))
            #expect(worstLoss > 0 && worstLoss < value, "worst loss \(worstLoss), value \(value)")
            // The simulator, given the same position on an empty account, sees the same scenarios
            // (her other collateral is USD, outside BTC's scenarios).
            let response = try await client.execute(
                uri: "/v1/margin/simulate", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"positions": [{"market": "\#(call.market)", "size": "0.1"}]}"#))
            #expect(response.status == .ok)
            let simulated = try JSONDecoder().decode(MarginScenariosResponse.self, from: Data(buffer: response.body))
            #expect(simulated.address == nil && simulated.underlyings == matrix.underlyings)
        }
    }
}
