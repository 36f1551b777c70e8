import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar oracle show|report|vol|report-vol`.
struct OracleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Show oracle prices and volatility surfaces, or report them as a registered reporter.",
        subcommands: [Show.self, Report.self, Vol.self, ReportVol.self], defaultSubcommand: Show.self)

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

    struct Vol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an underlying's implied volatility surface: one row per expiry, one column per moneyness.",
            discussion: """
                Moneyness is strike / spot; volatilities are annualized percentages. A STALE expiry (too \
                few fresh reports, or none lately) refuses risk-increasing option actions with stale_price.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The underlying, e.g. BTC.") var asset: String

        func run() async throws {
            try await Output.reportingErrors {
                let surface = try await global.api().volatilitySurface(asset: asset)
                if global.json { return try Output.json(surface) }
                Self.render(surface)
            }
        }

        static func render(_ surface: VolatilitySurfaceJSON) {
            let parameters = surface.parameters
            Output.fields([
                ("underlying", surface.asset),
                ("staleness", "\(parameters.stalenessMs) ms"),
                ("minimum reporters", String(parameters.minimumReporters)),
                ("maximum move", "\(parameters.maximumMoveBasisPoints) bp per point per block"),
            ])
            Swift.print("")
            guard !surface.expiries.isEmpty else {
                return Swift.print("no volatility surface for \(surface.asset) yet")
            }
            let moneyness = parameters.moneyness.map { percent($0) }
            Output.table(
                header: ["EXPIRY (UTC)", "IN"] + moneyness + ["REPORTS", "STATUS"],
                rows: surface.expiries.map { smile in
                    let volatilities =
                        smile.points.isEmpty
                        ? Array(repeating: "-", count: moneyness.count) : smile.points.map { percent($0.vol) }
                    let status = smile.stale ? "STALE" : smile.clamped ? "fresh, clamped" : "fresh"
                    return [
                        Self.date(smile.expiryMs), Self.remaining(smile.expiryMs - min(smile.expiryMs, surface.timeMs)),
                    ]
                        + volatilities + ["\(smile.freshReports) fresh", status]
                }, rightAligned: Set(1...(moneyness.count + 2)))
        }

        /// A decimal fraction as a percentage with up to two decimals: `"0.655"` → `"65.5%"`.
        static func percent(_ fraction: String) -> String {
            guard let ppm = VolatilityFormat.partsPerMillion(fraction) else { return fraction }
            let hundredths = (ppm + 50) / 100
            let whole = hundredths / 100
            let rest = hundredths % 100
            let decimals = rest == 0 ? "" : rest % 10 == 0 ? ".\(rest / 10)" : (rest < 10 ? ".0\(rest)" : ".\(rest)")
            return "\(whole)\(decimals)%"
        }

        static func date(_ milliseconds: UInt64) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime]
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000))
        }

        /// A duration as days and hours, or minutes under an hour.
        static func remaining(_ milliseconds: UInt64) -> String {
            let minutes = milliseconds / 60_000
            guard minutes >= 60 else { return "\(minutes)m" }
            let (days, hours) = (minutes / 1_440, minutes % 1_440 / 60)
            return days > 0 ? "\(days)d \(hours)h" : "\(hours)h"
        }
    }

    struct ReportVol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report-vol",
            abstract: "Report implied volatilities of an underlying at one expiry, as a registered reporter.",
            discussion: """
                Give one volatility per moneyness point (strike / spot 0.7, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, \
                1.3), comma-separated decimal fractions (0.65 is 65%), or a single one for a flat smile. The \
                report carries the current time; each block's smile is the median per point of the \
                reporters' fresh reports.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The reporter's key name.") var from: String
        @Option(help: "The underlying, e.g. BTC.") var asset: String
        @Option(help: "The expiry: Unix milliseconds, or an ISO 8601 time such as 2026-06-26T08:00:00Z.")
        var expiry: String
        @Option(help: "Volatilities, e.g. 0.8,0.72,0.66,0.63,0.6,0.61,0.63,0.67,0.72 (or one: 0.6).")
        var vols: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func validate() throws {
            guard Self.milliseconds(expiry) != nil else {
                throw ValidationError(
                    "--expiry must be Unix milliseconds or an ISO 8601 time like 2026-06-26T08:00:00Z")
            }
        }

        static func milliseconds(_ text: String) -> UInt64? {
            if let value = UInt64(text) { return value }
            guard let date = ISO8601DateFormatter().date(from: text), date.timeIntervalSince1970 > 0 else { return nil }
            return UInt64(date.timeIntervalSince1970 * 1000)
        }

        func run() async throws {
            try await Output.reportingErrors {
                let time = UInt64(Date().timeIntervalSince1970 * 1000)
                let action = try TransactionBuilder.reportVolatility(
                    asset: asset, expiryMilliseconds: Self.milliseconds(expiry)!,
                    volatilities: vols.split(separator: ",").map(String.init), timeMilliseconds: time)
                try await global.send(from: from, fee: fee) { _ in action }
            }
        }
    }
}
