import ArgumentParser
import BazaarAPI
import BazaarClient

struct CandlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candles",
        abstract: "Show a market's candles (open, high, low, close, volume), newest first.",
        discussion: """
            Intervals are aligned to UTC; an interval without a trade has no candle. Times are \
            Unix milliseconds. Under the table, `next: <cursor>` pages on with --before.
            """)

    static let resolutions = ["1m", "5m", "15m", "1h", "4h", "1d"]

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The market: BASE-QUOTE (e.g. BTC-USD) or its id.") var market: String
    @Option(help: "The interval: 1m, 5m, 15m, 1h, 4h or 1d.") var resolution: String = "1h"
    @Option(help: "Only candles starting at or after this time (Unix milliseconds).") var from: UInt64?
    @Option(help: "Only candles starting at or before this time (Unix milliseconds).") var to: UInt64?
    @Option(help: "How many (1 to \(CandlesResponse.limitMax)).") var limit: Int = 50
    @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

    func validate() throws {
        guard Self.resolutions.contains(resolution) else {
            throw ValidationError("--resolution must be one of \(Self.resolutions.joined(separator: ", "))")
        }
        guard (1...CandlesResponse.limitMax).contains(limit) else {
            throw ValidationError("--limit must be 1 to \(CandlesResponse.limitMax)")
        }
        if let from, let to, from > to { throw ValidationError("--from must not be after --to") }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().candles(
                market: market, resolution: resolution, from: from, to: to, limit: limit, before: before)
            if global.json { return try Output.json(response) }
            if response.candles.isEmpty { return print("no \(response.resolution) candles on \(response.market)") }
            Output.table(
                header: ["TIME (UTC)", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME", "TRADES", ""],
                rows: response.candles.map {
                    [
                        TradesCommand.time($0.startMs), $0.open, $0.high, $0.low, $0.close, $0.baseVolume,
                        String($0.trades), $0.closed ? "" : "open",
                    ]
                }, rightAligned: [1, 2, 3, 4, 5, 6])
            if let next = response.next { print("next: \(next)") }
        }
    }
}

struct FillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fills",
        abstract: "Show an account's fills (its side of each, with fee and liquidity), newest first.",
        discussion: "A negative fee is a rebate received. Under the table, `next: <cursor>` pages on with --before.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A key name from the keystore or a bz1… address.") var account: String
    @Option(help: "Only this market: BASE-QUOTE or its id.") var market: String?
    @Option(help: "How many (1 to \(FillsResponse.limitMax)).") var limit: Int = 50
    @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

    func validate() throws {
        guard (1...FillsResponse.limitMax).contains(limit) else {
            throw ValidationError("--limit must be 1 to \(FillsResponse.limitMax)")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().fills(
                address: try global.address(of: account), market: market, limit: limit, before: before)
            if global.json { return try Output.json(response) }
            if response.fills.isEmpty { return print("no fills") }
            Output.table(
                header: ["TIME (UTC)", "MARKET", "SIDE", "PRICE", "SIZE", "FEE", "LIQUIDITY", "KIND", "ORDER"],
                rows: response.fills.map {
                    [
                        TradesCommand.time($0.timeMs), $0.market, $0.side, $0.price, $0.size,
                        "\($0.fee) \($0.feeAsset)",
                        $0.liquidity, $0.kind, $0.orderId,
                    ]
                }, rightAligned: [3, 4, 5])
            if let next = response.next { print("next: \(next)") }
        }
    }
}

struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "An account's orders over their whole life (see `order list` for the open ones).",
        subcommands: [History.self])

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an account's orders, newest placed first: filled, cancelled (with why), expired or open.",
            discussion: "Under the table, `next: <cursor>` pages on with --before.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name from the keystore or a bz1… address.") var account: String
        @Option(help: "Only this market: BASE-QUOTE or its id.") var market: String?
        @Option(help: "How many (1 to \(FillsResponse.limitMax)).") var limit: Int = 50
        @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

        func validate() throws {
            guard (1...FillsResponse.limitMax).contains(limit) else {
                throw ValidationError("--limit must be 1 to \(FillsResponse.limitMax)")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let response = try await global.api().orderHistory(
                    address: try global.address(of: account), market: market, limit: limit, before: before)
                if global.json { return try Output.json(response) }
                if response.orders.isEmpty { return print("no orders") }
                Output.table(
                    header: [
                        "PLACED (UTC)", "ID", "MARKET", "SIDE", "TYPE", "PRICE", "SIZE", "FILLED", "AVG", "FEE",
                        "STATUS",
                    ],
                    rows: response.orders.map { order in
                        [
                            TradesCommand.time(order.placedTimeMs), order.id, order.market, order.side, order.type,
                            order.price, order.size, order.filledSize, order.averagePrice ?? "-", order.fee,
                            order.reason.map { reason in "\(order.status) (\(reason))" } ?? order.status,
                        ]
                    }, rightAligned: [5, 6, 7, 8, 9])
                if let next = response.next { print("next: \(next)") }
            }
        }
    }
}

struct FundingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding",
        abstract: "Show an account's funding payments on perpetuals, newest first.",
        discussion: """
            AMOUNT is what the account received (negative: paid); RATE is the block's funding rate \
            per 8 hours. Under the table, `next: <cursor>` pages on with --before.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A key name from the keystore or a bz1… address.") var account: String
    @Option(help: "Only this perpetual market: BASE-QUOTE or its id.") var market: String?
    @Option(help: "How many (1 to \(FillsResponse.limitMax)).") var limit: Int = 50
    @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

    func validate() throws {
        guard (1...FillsResponse.limitMax).contains(limit) else {
            throw ValidationError("--limit must be 1 to \(FillsResponse.limitMax)")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().fundingPayments(
                address: try global.address(of: account), market: market, limit: limit, before: before)
            if global.json { return try Output.json(response) }
            if response.payments.isEmpty { return print("no funding payments") }
            Output.table(
                header: ["TIME (UTC)", "MARKET", "POSITION", "AMOUNT", "RATE", "HEIGHT"],
                rows: response.payments.map { payment in
                    [
                        TradesCommand.time(payment.timeMs), payment.market, payment.positionSize,
                        "\(payment.amount) \(payment.asset)", payment.rate, String(payment.height),
                    ]
                }, rightAligned: [2, 3, 4, 5])
            if let next = response.next { print("next: \(next)") }
        }
    }
}

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Show every change to an account's balances with its cause, newest first.",
        discussion: """
            BUCKET is free, locked (held by open orders) or margin (a margin account's claim). \
            Changes of one step (a transaction's action, an end-of-block step) to one balance are \
            netted into one entry. Under the table, `next: <cursor>` pages on with --before.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A key name from the keystore or a bz1… address.") var account: String
    @Option(help: "Only this asset's entries (e.g. USD).") var asset: String?
    @Option(help: "How many (1 to \(FillsResponse.limitMax)).") var limit: Int = 50
    @Option(help: "Show the page before this cursor: the `next:` of the previous page.") var before: String?

    func validate() throws {
        guard (1...FillsResponse.limitMax).contains(limit) else {
            throw ValidationError("--limit must be 1 to \(FillsResponse.limitMax)")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().ledger(
                address: try global.address(of: account), asset: asset, limit: limit, before: before)
            if global.json { return try Output.json(response) }
            if response.entries.isEmpty { return print("no ledger entries") }
            Output.table(
                header: ["TIME (UTC)", "HEIGHT", "ASSET", "BUCKET", "CHANGE", "AFTER", "CAUSE"],
                rows: response.entries.map { entry in
                    [
                        TradesCommand.time(entry.timeMs), String(entry.height), entry.asset, entry.bucket, entry.delta,
                        entry.balanceAfter, Self.cause(entry),
                    ]
                }, rightAligned: [1, 4, 5])
            if let next = response.next { print("next: \(next)") }
        }
    }

    /// The cause with what it names: the action's kind and transaction, or the market.
    static func cause(_ entry: LedgerEntryJSON) -> String {
        var text = entry.cause
        if let kind = entry.actionKind { text += " \(kind)" }
        if let market = entry.market { text += " \(market)" }
        if let id = entry.txId { text += " tx \(id.prefix(12))…" }
        return text
    }
}
