import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// `bazaar route quote|swap`: best execution across pools.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Quote and execute the best route across pools.",
        subcommands: [Quote.self, Swap.self])

    static func print(_ quote: QuoteResponse) {
        Output.fields([
            ("in", "\(quote.amountIn) \(quote.assetIn)"), ("expected out", "\(quote.expectedOut) \(quote.assetOut)"),
            ("price impact", "\(Double(quote.priceImpactBasisPoints) / 100)%"),
        ])
        Swift.print("")
        Output.table(
            header: ["PATH", "VENUES", "IN", "OUT", "FEES"],
            rows: quote.legs.map { leg in
                [
                    leg.path.joined(separator: " → "), leg.venues.map(\.label).joined(separator: ", "), leg.amountIn,
                    leg.amountOut, leg.fees.joined(separator: ", "),
                ]
            }, rightAligned: [2, 3])
    }

    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The best split of an amount across pools.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("in"), help: "The input asset, e.g. USD.") var assetIn: String
        @Option(name: .customLong("out"), help: "The output asset, e.g. BTC.") var assetOut: String
        @Option(help: "The input amount in whole units.") var amount: String

        func run() async throws {
            try await Output.reportingErrors {
                let quote = try await global.api().quote(in: assetIn, out: assetOut, amount: amount)
                if global.json { return try Output.json(quote) }
                RouteCommand.print(quote)
            }
        }
    }

    struct Swap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Quote, then execute the route atomically with a minimum output.",
            discussion: """
                The route's legs execute in one transaction; if the total output would be below the quote less \
                --slippage, the whole transaction fails (slippage_exceeded) and nothing changes but the fee.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The trading key.") var from: String
        @Option(name: .customLong("in"), help: "The input asset, e.g. USD.") var assetIn: String
        @Option(name: .customLong("out"), help: "The output asset, e.g. BTC.") var assetOut: String
        @Option(help: "The input amount in whole units.") var amount: String
        @Option(help: "Accept this much less than quoted, in basis points.") var slippage: UInt32 = 50

        func run() async throws {
            try await Output.reportingErrors {
                let quote = try await global.api().quote(in: assetIn, out: assetOut, amount: amount)
                if !global.json {
                    RouteCommand.print(quote)
                    Swift.print("")
                }
                let committed = try await global.commit(from: from) { _ in
                    try TransactionBuilder.route(quote, slippageBasisPoints: slippage)
                }
                try Output.committed(committed, json: global.json)
                guard !global.json, let routed = committed.events?.first(where: { $0.kind == "routed" }) else { return }
                Output.fields([("received", "\(routed.details?["amount_out"] ?? "?") \(quote.assetOut)")])
            }
        }
    }
}
