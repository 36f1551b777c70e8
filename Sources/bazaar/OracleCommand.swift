import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar oracle show|report`.
struct OracleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle", abstract: "Show oracle prices, or report one as a registered reporter.",
        subcommands: [Show.self, Report.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every asset's oracle price, or one asset's observations, TWAP and history.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "An asset, e.g. BTC (default: every asset).") var asset: String?
        @Option(help: "History points to show for one asset (0 to \(OraclePriceJSON.historyMax)).")
        var history: Int = 10

        func validate() throws {
            guard (0...OraclePriceJSON.historyMax).contains(history) else {
                throw ValidationError("--history must be 0 to \(OraclePriceJSON.historyMax)")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let api = try global.api()
                guard let asset else {
                    let response = try await api.oracle()
                    if global.json { return try Output.json(response) }
                    guard let parameters = response.parameters else { return print("the oracle is not configured") }
                    Output.fields([
                        ("quote asset", parameters.quoteAsset),
                        ("staleness", "\(parameters.stalenessMs) ms"),
                        ("minimum reporters", String(parameters.minimumReporters)),
                        ("maximum move", "\(parameters.maximumMoveBasisPoints) bp per block"),
                        ("TWAP window", "\(parameters.twapWindowMs) ms"),
                        ("reporters", String(response.reporters.count)),
                    ])
                    print("")
                    if response.prices.isEmpty { return print("no prices yet") }
                    Output.table(
                        header: ["ASSET", "PRICE", "TWAP", "STATUS", "REPORTERS", "HEIGHT"],
                        rows: response.prices.map {
                            [
                                $0.asset, $0.price ?? "-", $0.twap ?? "-", $0.stale ? "STALE" : "fresh",
                                String($0.reporterCount), $0.height.map(String.init) ?? "-",
                            ]
                        }, rightAligned: [1, 2, 4, 5])
                    return
                }
                let price = try await api.oraclePrice(asset: asset, history: history)
                if global.json { return try Output.json(price) }
                Self.render(price)
            }
        }

        static func render(_ price: OraclePriceJSON) {
            let quote = price.quoteAsset
            let value = price.price.map { "\($0) \(quote)" } ?? "none yet"
            let twap = price.twap.map { "\($0) \(quote)" } ?? "-"
            let status = price.stale ? "STALE (risk-increasing actions are refused)" : "fresh"
            let height = price.height.map { String($0) } ?? "-"
            var fields: [(String, String)] = [
                ("asset", price.asset), ("price", value), ("status", status), ("set at height", height),
                ("TWAP", twap), ("reporters used", String(price.reporterCount)),
            ]
            if let unclamped = price.unclampedPrice { fields.append(("median before clamp", unclamped)) }
            Output.fields(fields)
            Swift.print("")
            Output.table(
                header: ["REPORTER", "PRICE", "TIME MS", "HEIGHT", "FRESH"],
                rows: price.observations.map {
                    [$0.reporter, $0.price, String($0.timeMs), String($0.height), $0.fresh ? "yes" : "no"]
                }, rightAligned: [1, 2, 3])
            guard !price.history.isEmpty else { return }
            Swift.print("")
            Output.table(
                header: ["HEIGHT", "TIME MS", "PRICE"],
                rows: price.history.map { [String($0.height), String($0.timeMs), $0.price] }, rightAligned: [0, 1, 2])
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report a price as a registered reporter (signed with the key's transaction).",
            discussion: """
                The observation carries the current time; it counts until the oracle's staleness window \
                passes. Each block's price is the median of the reporters' fresh observations.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The reporter's key name.") var from: String
        @Option(help: "The asset, e.g. BTC.") var asset: String
        @Option(help: "The price of one whole unit in the oracle's quote asset, e.g. 65000.50.") var price: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                let quote = try await global.api().oracle().parameters?.quoteAsset
                guard let quote else { throw BazaarClientError(.invalidInput, "the oracle is not configured") }
                let time = UInt64(Date().timeIntervalSince1970 * 1000)
                try await global.send(from: from, fee: fee) { chain in
                    try TransactionBuilder.report(
                        asset: asset, price: price, quoteDecimals: try chain.decimals(of: quote),
                        timeMilliseconds: time)
                }
            }
        }
    }
}
