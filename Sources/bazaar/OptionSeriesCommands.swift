import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar option list|chain|order|positions|settle-price`: option series on a node
/// (docs/OPTIONS.md, "Greeks, option chain and the command line").
extension OptionCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every option series: name, kind, strike, expiry, status, mark and open interest.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this underlying, e.g. BTC.") var underlying: String?

        func run() async throws {
            try await Output.reportingErrors {
                var series = try await global.api().options().options
                if let underlying { series = series.filter { $0.underlying == underlying.uppercased() } }
                if global.json { return try Output.json(OptionsResponse(options: series)) }
                if series.isEmpty { return print("no option series") }
                Output.table(
                    header: ["ID", "SERIES", "KIND", "STRIKE", "EXPIRY", "STATUS", "MARK", "OPEN INTEREST"],
                    rows: series.map {
                        [
                            String($0.marketId), $0.market, $0.kind, $0.strike, $0.expiry, $0.status,
                            $0.markPrice.map { OptionCommand.rounded($0, places: 2) }
                                ?? $0.settlementPrice.map { "settled \($0)" } ?? "-", $0.openInterest,
                        ]
                    }, rightAligned: [3, 6, 7])
            }
        }
    }

    struct Chain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The option chain of an underlying: calls left, strikes in the middle, puts right.",
            discussion: """
                Per series: the best bid and ask (premium per whole unit of the underlying), the mark, the implied \
                volatilities of the bid and the ask inverted from those prices, the surface's volatility (MARK IV, \
                at which the mark and delta are computed) and delta. --json adds gamma, vega (per volatility point) \
                and theta (per day).
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The underlying, e.g. BTC.") var underlying: String
        @Option(help: "The expiry: YYYY-MM-DD (UTC) or milliseconds; default: the nearest ahead.") var expiry: String?

        func run() async throws {
            try await Output.reportingErrors {
                let chain = try await global.api().optionChain(underlying: underlying.uppercased(), expiry: expiry)
                if global.json { return try Output.json(chain) }
                for line in OptionCommand.chainLines(chain) { print(line) }
            }
        }
    }

    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place an order on an option series (bazaar order place with the series as the market).",
            discussion: """
                The price is the premium per whole unit of the underlying in the quote asset (USD per BTC), the \
                size in whole units of the underlying (0.1 is a tenth of a BTC contract). A buy pays its premium \
                and fee at the fill; a sell needs margin (bazaar margin deposit). `bazaar order place --market \
                BTC-YYYYMMDD-STRIKE-C` does the same.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key that places the order.") var name: String
        @Option(help: "The series, e.g. BTC-20270101-70000-C, or its market id.") var series: String
        @Option(help: "buy or sell.") var side: String
        @Option(help: "limit or market.") var type: String = "limit"
        @Option(help: "A limit order's premium (or a market order's worst premium) per whole unit.") var price: String
        @Option(help: "The size in whole units of the underlying.") var size: String
        @Option(help: "Time in force of a limit order: gtc, ioc, fok or post-only.") var tif: String = "gtc"
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            var arguments = [
                "--from", name, "--market", series, "--side", side, "--type", type, "--size", size, "--tif", tif,
                "--node", global.node,
            ]
            arguments += [type.lowercased() == "market" ? "--worst-price" : "--price", price]
            if let fee { arguments += ["--fee", fee] }
            if let home = global.home { arguments += ["--home", home] }
            if let fingerprint = global.tlsFingerprint { arguments += ["--tls-fingerprint", fingerprint] }
            if global.json { arguments.append("--json") }
            let place: OrderCommand.Place
            do {
                place = try OrderCommand.Place.parse(arguments)
            } catch {
                OrderCommand.Place.exit(withError: error)
            }
            try await place.run()
        }
    }

    struct Positions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An account's option positions and its net Greeks per underlying.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name or bz1… address.") var account: String

        func run() async throws {
            try await Output.reportingErrors {
                let margin = try await global.api().margin(address: try global.address(of: account))
                if global.json {
                    return try Output.json(
                        PositionsJSON(
                            address: margin.address, optionPositions: margin.optionPositions, greeks: margin.greeks))
                }
                if margin.optionPositions.isEmpty { print("no option positions") }
                OptionCommand.printPositions(margin.optionPositions)
                OptionCommand.printGreeks(margin.greeks, quote: margin.quoteAsset)
            }
        }
    }

    struct PositionsJSON: Encodable {
        var address: String
        var optionPositions: [OptionPositionJSON]
        var greeks: [AccountGreeksJSON]?
    }

    struct SettlePrice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "settle-price",
            abstract: "The settlement price of a settled series, or when it expires.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The series, e.g. BTC-20270101-70000-C, or its market id.") var series: String

        func run() async throws {
            try await Output.reportingErrors {
                let all = try await global.api().options().options
                guard
                    let found = all.first(where: {
                        $0.market == series.uppercased() || String($0.marketId) == series
                    })
                else {
                    throw ValidationError(
                        "no option series '\(series)'; series: \(all.map(\.market).joined(separator: ", "))")
                }
                if global.json { return try Output.json(found) }
                guard let price = found.settlementPrice else {
                    let state = found.status == "expired" ? "expired, settling in the next block" : "not settled yet"
                    return Output.fields([
                        ("series", found.market), ("status", found.status),
                        ("settlement", "\(state); expires \(found.expiry)"),
                    ])
                }
                Output.fields([
                    ("series", found.market), ("status", found.status),
                    ("settlement price", "\(price) \(found.quote)"), ("expired", found.expiry),
                ])
            }
        }
    }
}

extension OptionCommand {
    /// The chain as text: a heading, then one line per strike with the call's figures left and
    /// the put's right.
    static func chainLines(_ chain: OptionChainResponse) -> [String] {
        var lines = [
            "\(chain.underlying) options expiring \(chain.expiry)   spot \(chain.spot ?? "-") \(chain.quote)"
                + (chain.stale ? "   STALE (surface or price)" : "")
        ]
        func side(_ quote: OptionChainQuoteJSON?) -> [String] {
            guard let quote else { return Array(repeating: "", count: 6) }
            let bidIV = quote.bidIv.map(percent) ?? "-"
            let askIV = quote.askIv.map(percent) ?? "-"
            return [
                quote.bid ?? "-", quote.ask ?? "-", quote.markPrice.map { rounded($0, places: 2) } ?? "-",
                "\(bidIV)/\(askIV)",
                quote.markIv.map(percent) ?? "-", quote.delta.map { rounded($0, places: 3) } ?? "-",
            ]
        }
        let rows = chain.rows.map { row -> [String] in
            let call = side(row.call)
            let put = side(row.put)
            // Calls read outwards from the strike: delta nearest the strike on both sides.
            return Array(call.reversed()) + [row.strike] + put
        }
        let names = ["BID", "ASK", "MARK", "IV BID/ASK", "MARK IV", "DELTA"]
        let header = names.reversed().map { "C \($0)" } + ["STRIKE"] + names.map { "P \($0)" }
        // The first column stays left-aligned: a table line's leading blanks are trimmed.
        lines += Output.tableLines(header: header, rows: rows, rightAligned: Set(1..<13))
        let others = chain.expiries.filter { $0 != chain.expiryMs }
        if !others.isEmpty {
            lines.append("")
            lines.append("other expiries: " + others.map(Self.dateText).joined(separator: ", "))
        }
        return lines
    }

    /// `0.6123` → `61.2%` (rounded down to a tenth of a point).
    static func percent(_ fraction: String) -> String {
        guard let value = try? Decimal18(parsing: fraction) else { return fraction }
        let tenths = value.raw / 1_000_000_000_000_000
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(tenths.magnitude / 10).\(tenths.magnitude % 10)%"
    }

    /// A decimal string cut (towards zero) to `places` decimals.
    static func rounded(_ text: String, places: Int) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        let decimals = text[text.index(after: dot)...]
        return decimals.count <= places ? text : String(text[..<text.index(dot, offsetBy: places + 1)])
    }

    /// `YYYY-MM-DD` of a time in milliseconds (UTC).
    static func dateText(_ milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(milliseconds / 1_000))
        return date.formatted(.iso8601.year().month().day())
    }

    /// The option positions as a table.
    static func printPositions(_ positions: [OptionPositionJSON]) {
        guard !positions.isEmpty else { return }
        Output.table(
            header: ["SERIES", "SIZE", "ENTRY", "MARK", "UNREALIZED", "REALIZED", "INITIAL", "MAINTENANCE"],
            rows: positions.map {
                [
                    $0.market, $0.size, $0.averageEntryPremium, $0.markPrice, $0.unrealizedPnl, $0.realizedPnl,
                    $0.initialRequirement, $0.maintenanceRequirement,
                ]
            }, rightAligned: Set(1...7))
    }

    /// The net Greeks per underlying as a table, after a blank line.
    static func printGreeks(_ greeks: [AccountGreeksJSON]?, quote: String?) {
        guard let greeks, !greeks.isEmpty else { return }
        print("")
        let unit = quote ?? "quote"
        Output.table(
            header: [
                "UNDERLYING", "DELTA", "DELTA (\(unit))", "GAMMA (\(unit)/1%)", "VEGA (\(unit)/pt)",
                "THETA (\(unit)/day)",
            ],
            rows: greeks.map {
                [
                    $0.underlying + ($0.complete ? "" : " (stale)"), rounded($0.delta, places: 6),
                    $0.deltaValue.map { rounded($0, places: 2) } ?? "-",
                    $0.gammaValue.map { rounded($0, places: 2) } ?? "-", rounded($0.vega, places: 2),
                    rounded($0.theta, places: 2),
                ]
            }, rightAligned: Set(1...5))
    }
}
