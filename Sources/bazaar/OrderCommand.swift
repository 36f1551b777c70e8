import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// `bazaar order place|cancel|amend|list`: trade on a market's order book.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Place, cancel, amend and list orders on a market.",
        subcommands: [Place.self, Cancel.self, Amend.self, List.self])

    /// The market named by `--market`, as the node describes it.
    static func market(_ name: String, global: GlobalOptions) async throws -> MarketJSON {
        try await global.api().market(name)
    }

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place an order and wait until it commits.",
            discussion: """
                Prices are per whole base unit in the quote asset (USD per BTC on BTC-USD), sizes in whole base \
                units. The order is checked against the market's tick, lot and minimum before anything is signed. \
                On a batch-auction market (ETH-USD on the devnet) the order trades at the end of its block; the \
                command then reports the auction's fills too.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The key that places the order.") var from: String
        @Option(help: "The market: BASE-QUOTE (e.g. BTC-USD) or its id.") var market: String
        @Option(help: "buy or sell.") var side: String
        @Option(help: "limit or market.") var type: String = "limit"
        @Option(help: "A limit order's price, in quote per whole base unit.") var price: String?
        @Option(help: "A market order's worst price: it trades up to (buy) or down to (sell) it.")
        var worstPrice: String?
        @Option(help: "The size in whole base units.") var size: String
        @Option(help: "Time in force of a limit order: gtc, ioc, fok or post-only.") var tif: String = "gtc"
        @Option(help: "Your own id for the order (unique among your open orders).") var clientId: UInt64?
        @Option(help: "Cancel what rests after this long, e.g. 30m or 2h (block time).") var expires: String?
        @Option(help: "Self-trade prevention: cancel-resting, cancel-incoming or cancel-both.")
        var stp: String = "cancel-resting"
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func validate() throws {
            switch type.lowercased() {
            case "limit":
                guard price != nil, worstPrice == nil else {
                    throw ValidationError("a limit order takes --price (and no --worst-price)")
                }
            case "market":
                guard worstPrice != nil, price == nil else {
                    throw ValidationError("a market order takes --worst-price, the worst price it may trade at")
                }
            default:
                throw ValidationError("--type must be limit or market, not '\(type)'")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let market = try await OrderCommand.market(self.market, global: global)
                let format = try market.format()
                let expiry = try expires.map { try TransactionBuilder.milliseconds($0) }
                let committed = try await global.commit(from: from, fee: fee) { chain in
                    let input = OrderInput(
                        side: side, type: type, timeInForce: tif, price: price ?? worstPrice ?? "",
                        size: size, clientOrderID: clientId,
                        expiresAtMilliseconds: expiry.map { chain.status.latestBlockTimeMs + $0 },
                        selfTradePrevention: stp)
                    return try TransactionBuilder.placeOrder(on: market, input)
                }
                var endBlockEvents: [EventJSON] = []
                if committed.code == "ok", market.mode == "batch_auction", let height = committed.height {
                    endBlockEvents = try await global.api().block(height: height)?.endBlockEvents ?? []
                }
                var outcome = OrderOutcome(transaction: committed, endBlockEvents: endBlockEvents, format: format)
                // The node's name: an option series' (BTC-20270101-70000-C) is not its base and quote.
                outcome.market = market.name
                try OrderCommand.report(committed, outcome: outcome, json: global.json)
            }
        }
    }

    struct PlacementJSON: Encodable {
        var transaction: TransactionResponse
        var order: OrderOutcome
    }

    /// Prints a placed order; exits non-zero when the transaction failed.
    static func report(_ committed: TransactionResponse, outcome: OrderOutcome, json: Bool) throws {
        guard committed.code == "ok" else { return try Output.committed(committed, json: json) }
        if json { return try Output.json(PlacementJSON(transaction: committed, order: outcome)) }
        var status = outcome.status
        switch outcome.status {
        case "open": status += " \(outcome.open) (filled \(outcome.filled) of \(outcome.size))"
        case "cancelled": status += " (filled \(outcome.filled), released \(outcome.released) unfilled)"
        default: break
        }
        Output.fields([
            ("id", committed.id), ("height", committed.height.map(String.init) ?? "-"), ("result", "ok"),
            ("order", outcome.orderId ?? "-"), ("market", outcome.market), ("status", status),
        ])
        guard !outcome.fills.isEmpty else { return }
        print("")
        Output.table(
            header: ["FILL", "PRICE", "SIZE", "ROLE"],
            rows: outcome.fills.map { fill in
                let role =
                    fill.kind == "order_filled"
                    ? "auction" : fill.takerOrderId == outcome.orderId ? "taker" : "maker"
                return [fill.kind, fill.price ?? "", fill.size ?? "", role]
            }, rightAligned: [1, 2])
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel one open order (by --id or --client-id) or all of yours on a market (--all).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The order's owner.") var from: String
        @Option(help: "The market: BASE-QUOTE or its id.") var market: String
        @Option(help: "The order id the ledger gave.") var id: UInt64?
        @Option(help: "Your client order id.") var clientId: UInt64?
        @Flag(help: "Cancel every open order of yours on the market.") var all = false

        func validate() throws {
            guard [id != nil, clientId != nil, all].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --id, --client-id and --all")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let market = try await OrderCommand.market(self.market, global: global)
                let committed = try await global.commit(from: from) { _ in
                    let marketID = MarketID(market.id)
                    if all { return .cancelAllOrders(Action.CancelAllOrders(market: marketID)) }
                    let reference = try TransactionBuilder.orderReference(id: id, clientID: clientId)
                    return .cancelOrder(Action.CancelOrder(market: marketID, order: reference))
                }
                try Output.committed(committed, json: global.json)
                guard !global.json else { return }
                let cancelled = (committed.events ?? []).filter { $0.kind == "order_cancelled" }
                print("")
                if cancelled.isEmpty { return print("no open orders on \(market.name)") }
                Output.table(
                    header: ["ORDER", "RELEASED"], rows: cancelled.map { [$0.orderId ?? "", $0.size ?? ""] },
                    rightAligned: [1])
            }
        }
    }

    struct Amend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an open order's price and/or unfilled size.",
            discussion: """
                A smaller size at the same price keeps the order's place in the queue; a new price or a larger \
                size sends it to the back, and it may trade at once.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The order's owner.") var from: String
        @Option(help: "The market: BASE-QUOTE or its id.") var market: String
        @Option(help: "The order id the ledger gave.") var id: UInt64?
        @Option(help: "Your client order id.") var clientId: UInt64?
        @Option(help: "The new price, in quote per whole base unit.") var price: String?
        @Option(help: "The new unfilled size, in whole base units.") var size: String?

        func validate() throws {
            guard (id == nil) != (clientId == nil) else {
                throw ValidationError("give exactly one of --id and --client-id")
            }
            guard price != nil || size != nil else { throw ValidationError("give --price, --size or both") }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let market = try await OrderCommand.market(self.market, global: global)
                let committed = try await global.commit(from: from) { _ in
                    try TransactionBuilder.amendOrder(
                        on: market, order: try TransactionBuilder.orderReference(id: id, clientID: clientId),
                        price: price, size: size)
                }
                try Output.committed(committed, json: global.json)
                guard !global.json, let events = committed.events, events.contains(where: { $0.market != nil }) else {
                    return
                }
                print("")
                EventTable.print(events.filter { $0.market != nil })
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an account's open orders.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A key name from the keystore or a bz1… address.") var account: String
        @Option(help: "Only this market: BASE-QUOTE or its id.") var market: String?

        func run() async throws {
            try await Output.reportingErrors {
                let response = try await global.api().orders(
                    address: try global.address(of: account), market: market)
                if global.json { return try Output.json(response) }
                if response.orders.isEmpty { return print("no open orders") }
                Output.table(
                    header: ["ID", "MARKET", "SIDE", "TYPE", "PRICE", "SIZE", "LOCKED", "CLIENT ID", "HEIGHT"],
                    rows: response.orders.map {
                        [
                            $0.id, $0.market, $0.side, $0.type, $0.price, $0.size, "\($0.locked) \($0.lockedAsset)",
                            $0.clientOrderId ?? "", String($0.height),
                        ]
                    }, rightAligned: [4, 5, 6, 8])
            }
        }
    }
}
