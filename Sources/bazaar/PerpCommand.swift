import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// `bazaar perp order|positions|funding`: perpetual futures.
struct PerpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perp", abstract: "Trade perpetual futures on margin and watch positions and funding.",
        subcommands: [Order.self, Positions.self, Funding.self])

    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place an order on a perpetual market (e.g. BTC-PERP) and wait until it commits.",
            discussion: """
                Prices are per whole unit of the underlying in the quote asset, sizes in whole units. The order \
                locks nothing: your margin account's equity must cover the initial requirement of your positions \
                and open perpetual orders, this one included (an order that only reduces your position needs none).

                --reduce-only makes sure the order can only shrink your position: it must be immediate (--type market, \
                or --tif ioc or fok), on the side opposite your position, and its size is cut to the position's.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The key that places the order.") var from: String
        @Option(help: "The perpetual: BASE-PERP (e.g. BTC-PERP) or its market id.") var market: String
        @Option(help: "buy or sell.") var side: String
        @Option(help: "limit or market.") var type: String = "limit"
        @Option(help: "A limit order's price, or a market order's worst price.") var price: String
        @Option(help: "The size in whole units of the underlying.") var size: String
        @Option(help: "Time in force of a limit order: gtc, ioc, fok or post-only.") var tif: String = "gtc"
        @Flag(help: "Only shrink the position: an immediate order cut to the position's size.")
        var reduceOnly = false
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                let api = try global.api()
                let perpetual = try await api.perpetual(self.market)
                let market = try await api.market(String(perpetual.marketId))
                let format = try market.format()
                let committed = try await global.commit(from: from, fee: fee) { _ in
                    let input = OrderInput(
                        side: side, type: type, timeInForce: tif, price: price, size: size, clientOrderID: nil,
                        expiresAtMilliseconds: nil, selfTradePrevention: "cancel-resting", reduceOnly: reduceOnly)
                    return try TransactionBuilder.placeOrder(on: market, input)
                }
                let outcome = OrderOutcome(transaction: committed, endBlockEvents: [], format: format)
                try OrderCommand.report(committed, outcome: outcome, json: global.json)
            }
        }
    }

    struct Positions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An account's perpetual positions with PnL and liquidation prices.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name or bz1… address.") var account: String

        func run() async throws {
            try await Output.reportingErrors {
                let margin = try await global.api().margin(address: try global.address(of: account))
                if global.json { return try Output.json(margin.positions) }
                if margin.positions.isEmpty { return print("no open positions") }
                PerpCommand.printPositions(margin.positions)
            }
        }
    }

    struct Funding: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A perpetual's funding rate, index, impact prices, open interest and margin rules.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "BASE-PERP or its market id.") var market: String

        func run() async throws {
            try await Output.reportingErrors {
                let funding = try await global.api().perpetual(market)
                if global.json { return try Output.json(funding) }
                Output.fields([
                    ("market", "\(funding.market) (\(funding.marketId))"),
                    ("index price", funding.indexPrice ?? "-"),
                    ("mark price", funding.markPrice ?? "-"),
                    ("impact bid/ask", "\(funding.impactBid ?? "-") / \(funding.impactAsk ?? "-")"),
                    ("last rate (8h)", "\(funding.lastFundingRate) (\(funding.lastFundingRatePpm) ppm)"),
                    ("predicted (8h)", "\(funding.predictedFundingRatePpm) ppm"),
                    ("next funding", funding.nextFundingTime),
                    ("open interest", funding.openInterest),
                    (
                        "margin",
                        "initial \(funding.initialMargin), maintenance \(funding.maintenanceMargin) (max \(funding.maxLeverage)×)"
                    ),
                ])
            }
        }
    }

    static func printPositions(_ positions: [PositionJSON]) {
        Output.table(
            header: ["MARKET", "SIZE", "ENTRY", "MARK", "UNREALIZED", "REALIZED", "LIQUIDATION"],
            rows: positions.map {
                [
                    $0.market, $0.size, $0.entryPrice, $0.markPrice, $0.unrealizedPnl, $0.realizedPnl,
                    $0.liquidationPrice ?? "-",
                ]
            }, rightAligned: [1, 2, 3, 4, 5, 6])
    }
}
