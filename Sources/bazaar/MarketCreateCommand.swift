import ArgumentParser
import BazaarClient
import BazaarCore

/// `bazaar market create`: a new order book, by the chain's market authority.
struct MarketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market", abstract: "Create a market (the chain's market authority only).",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a market: a base and a quote asset, its lot, tick, minimum size, fees and mode.",
            discussion: """
                Only the market authority named in the genesis may create markets; on the devnet and \
                testnets that is alice. Sizes are in whole base units and prices in quote per whole base \
                unit, as `bazaar markets` shows them. Example:
                  bazaar market create --from alice --base ETH --quote BTC --lot 0.001 --tick 0.00001 \
                --max-price 1 --taker-fee-bp 5
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The market authority's key name.") var from: String
        @Option(help: "The asset traded, e.g. ETH.") var base: String
        @Option(help: "The asset prices are in, e.g. BTC.") var quote: String
        @Option(help: "Sizes are multiples of this many base units, e.g. 0.001.") var lot: String
        @Option(help: "Prices are multiples of this, in quote per whole base unit, e.g. 0.00001.") var tick: String
        @Option(name: .customLong("min-size"), help: "The smallest order, in base units (default: one lot).")
        var minimumSize: String?
        @Option(name: .customLong("max-price"), help: "The highest price an order may carry, in quote per base unit.")
        var maximumPrice: String
        // `.unconditional`: the value may start with a dash (`--maker-fee-bp -10`, a rebate).
        @Option(
            name: .customLong("maker-fee-bp"), parsing: .unconditional,
            help: "Maker fee in basis points; negative is a rebate (e.g. -10).")
        var makerFee: Int16 = 0
        @Option(name: .customLong("taker-fee-bp"), parsing: .unconditional, help: "Taker fee in basis points.")
        var takerFee: Int16 = 0
        @Option(help: "continuous (match on arrival) or batch (clear once per block at one price).")
        var mode: String = "continuous"

        func validate() throws {
            guard ["continuous", "batch"].contains(mode) else {
                throw ValidationError("--mode must be continuous or batch")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from) { chain in
                    try TransactionBuilder.createMarket(
                        base: try TransactionBuilder.symbol(base), quote: try TransactionBuilder.symbol(quote),
                        baseDecimals: try chain.decimals(of: base), quoteDecimals: try chain.decimals(of: quote),
                        lot: lot, tick: tick, minimumSize: minimumSize, maximumPrice: maximumPrice,
                        makerFeeBasisPoints: makerFee, takerFeeBasisPoints: takerFee,
                        mode: mode == "batch" ? .batchAuction : .continuous)
                }
            }
        }
    }
}
