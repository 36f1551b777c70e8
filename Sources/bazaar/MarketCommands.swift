import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar markets`: every market with its rules and the top of its book.
struct MarketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markets", abstract: "List the markets with their rules, last price and best bid and ask.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().markets()
            if global.json { return try Output.json(response) }
            if response.markets.isEmpty { return print("no markets") }
            Output.table(
                header: [
                    "ID", "MARKET", "MODE", "LAST", "BID", "ASK", "LOT", "TICK", "MIN SIZE", "FEES M/T BP", "ORDERS",
                ],
                rows: response.markets.map {
                    [
                        String($0.id), $0.name, $0.mode, $0.lastPrice ?? "-", $0.bestBid ?? "-", $0.bestAsk ?? "-",
                        $0.lotSize, $0.tickSize, $0.minimumSize, "\($0.makerFeeBasisPoints)/\($0.takerFeeBasisPoints)",
                        String($0.openOrders),
                    ]
                }, rightAligned: [3, 4, 5, 6, 7, 8, 10])
        }
    }
}

/// `bazaar book MARKET`: the order book as a ladder, asks above the spread and bids below.
struct BookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book", abstract: "Show a market's order book: asks above, bids below, the spread between.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The market: BASE-QUOTE (e.g. BTC-USD) or its id.") var market: String
    @Option(help: "Levels per side (1 to \(BookResponse.depthMax)).") var depth: Int = 10

    func validate() throws {
        guard (1...BookResponse.depthMax).contains(depth) else {
            throw ValidationError("--depth must be 1 to \(BookResponse.depthMax)")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let api = try global.api()
            async let described = api.market(market)
            let book = try await api.book(market: market, depth: depth)
            if global.json { return try Output.json(book) }
            let format = try await described.format()
            for line in Self.ladder(book, market: try await described, format: format) { print(line) }
        }
    }

    /// The ladder's lines: a title, asks from the highest down to the best, the spread, bids from
    /// the best down; TOTAL accumulates size outwards from the spread.
    static func ladder(_ book: BookResponse, market: MarketJSON, format: MarketFormat) -> [String] {
        func rows(_ levels: [BookLevelJSON], side: String) -> [[String]] {
            var total: Int64 = 0
            return levels.map { level in
                total += Int64(level.sizeLots) ?? 0
                return [side, level.price, level.size, format.size(lots: total), String(level.orders)]
            }
        }
        let asks = rows(book.asks, side: "ask").reversed()
        let bids = rows(book.bids, side: "bid")
        let spread: String
        if let ask = book.asks.first?.priceTicks, let bid = book.bids.first?.priceTicks {
            // In tenths of a basis point of the mid price, rounded down; integers only.
            let tenths = (Int128(ask - bid) * 200_000) / Int128(ask + bid)
            spread = "spread \(format.price(ticks: ask - bid)) \(market.quote) (\(tenths / 10).\(tenths % 10) bp)"
        } else {
            spread = book.asks.isEmpty && book.bids.isEmpty ? "empty book" : "one-sided book"
        }
        let header = ["SIDE", "PRICE (\(market.quote))", "SIZE (\(market.base))", "TOTAL", "ORDERS"]
        let table = Output.tableLines(header: header, rows: Array(asks) + bids, rightAligned: [1, 2, 3, 4])
        let width = table.map(\.count).max() ?? 0
        let line = "-- \(spread) " + String(repeating: "-", count: max(0, width - spread.count - 4))
        var lines = ["\(book.market)  \(market.mode)  height \(book.height)  sequence \(book.sequence)", table[0]]
        lines += table.dropFirst().prefix(asks.count)
        if asks.isEmpty { lines.append("(no asks)") }
        lines.append(line)
        lines += table.dropFirst(1 + asks.count)
        if bids.isEmpty { lines.append("(no bids)") }
        return lines
    }
}

/// `bazaar trades MARKET`: the latest prints, newest first.
struct TradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades", abstract: "Show a market's trades, newest first, a page at a time.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The market: BASE-QUOTE (e.g. BTC-USD) or its id.") var market: String
    @Option(help: "How many (1 to \(TradesResponse.limitMax)).") var limit: Int = 20
    @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

    func validate() throws {
        guard (1...TradesResponse.limitMax).contains(limit) else {
            throw ValidationError("--limit must be 1 to \(TradesResponse.limitMax)")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().trades(market: market, limit: limit, before: before)
            if global.json { return try Output.json(response) }
            if response.trades.isEmpty {
                return print(before == nil ? "no trades on \(response.market) yet" : "no older trades")
            }
            defer { if let next = response.next { print("next: \(next)") } }
            Output.table(
                header: ["TIME (UTC)", "HEIGHT", "PRICE", "SIZE", "NOTIONAL", "TAKER", "MAKER ORDER", "TAKER ORDER"],
                rows: response.trades.map {
                    [
                        Self.time($0.timeMs), String($0.height), $0.price, $0.size, $0.notional,
                        $0.takerSide ?? "auction", $0.makerOrderId ?? "", $0.takerOrderId ?? "",
                    ]
                }, rightAligned: [1, 2, 3, 4, 6, 7])
        }
    }

    /// `2026-11-22 03:14:15.926`.
    static func time(_ milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        var style = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        style = style.year().month().day().time(includingFractionalSeconds: true)
        return date.formatted(style)
    }
}
