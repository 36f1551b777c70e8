import ArgumentParser
import BazaarAPI
import BazaarClient
import Foundation

/// `bazaar watch`: follow the node's stream of blocks and account events.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow new blocks and account events as they commit (Ctrl-C stops).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("account"), help: "A key name or bz1… address whose events to follow; repeatable.")
    var accounts: [String] = []

    @Option(name: .customLong("trades"), help: "A market (e.g. BTC-USD) whose trades to follow; repeatable.")
    var tradeMarkets: [String] = []

    @Option(
        name: .customLong("book"),
        help: "A market whose book changes to follow (a snapshot, then a line per block that changes it); repeatable.")
    var bookMarkets: [String] = []

    @Flag(name: .customLong("no-blocks"), help: "Do not print a line per block.")
    var hidesBlocks = false

    @Option(help: "Stop after this many messages shown (default: run until interrupted).")
    var count: Int?

    func run() async throws {
        try await Output.reportingErrors {
            var subscriptions = try accounts.map {
                StreamRequest(op: .subscribe, channel: .account, address: try global.address(of: $0))
            }
            subscriptions += tradeMarkets.map { StreamRequest(op: .subscribe, channel: .trades, market: $0) }
            subscriptions += bookMarkets.map { StreamRequest(op: .subscribe, channel: .book, market: $0, depth: 10) }
            if !hidesBlocks { subscriptions.insert(StreamRequest(op: .subscribe, channel: .blocks), at: 0) }
            guard !subscriptions.isEmpty else {
                throw ValidationError("nothing to watch: give --account, --trades or --book, or drop --no-blocks")
            }
            let names = Dictionary(
                (try? global.keystore.list().map { ($0.address, $0.name) }) ?? [],
                uniquingKeysWith: { first, _ in first })
            var printed = 0
            for try await message in try global.stream().messages(subscribing: subscriptions) {
                if message.type == "error" {
                    // A subscription the node refused (an unknown market) or a stream it ended.
                    if global.json { try Output.jsonLine(message) }
                    throw ValidationError(
                        "the node refused the stream: \(message.code ?? "error"): \(message.message ?? "")")
                }
                if global.json {
                    try Output.jsonLine(message)
                } else if let line = Self.line(for: message, names: names) {
                    try Output.line(line)
                } else {
                    continue  // An acknowledgement: nothing shown, nothing counted.
                }
                printed += 1
                if let count, printed >= count { return }
            }
            throw ValidationError("the node at \(global.node) closed the stream after \(printed) message(s)")
        }
    }

    /// One readable line per message; `nil` for acknowledgements.
    static func line(for message: StreamMessage, names: [String: String]) -> String? {
        func who(_ address: String?) -> String { address.map { names[$0] ?? $0 } ?? "?" }
        switch message.type {
        case "block":
            let time = message.timeMs.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? ""
            return
                "block \(message.height ?? 0)  \(message.transactionCount ?? 0) tx  \(time)  app \(message.appHash?.prefix(16) ?? "")…"
        case "account_event":
            guard let event = message.event else { return nil }
            var line = "\(who(message.address))  \(event.kind)"
            if let market = event.market {
                line += " \(market) \(EventTable.summary(event))"
            } else {
                line += event.amount.map { " \($0) \(event.asset ?? "")" } ?? " \(event.asset ?? "")"
            }
            if let sender = event.sender, let recipient = event.recipient {
                line += "  \(who(sender)) → \(who(recipient))"
            }
            let origin = message.txId.map { "tx \($0.prefix(12))…" } ?? "end of block"
            return line + "  (height \(message.height ?? 0), \(origin))"
        case "trade":
            guard let trade = message.trade else { return nil }
            let side = trade.takerSide.map { "taker \($0)s" } ?? "auction"
            return "trade \(trade.market)  \(trade.size) @ \(trade.price)  \(side)  (height \(trade.height))"
        case "book_snapshot", "book_update":
            func levels(_ list: [BookLevelJSON]?) -> String {
                (list ?? []).map { "\($0.price) \($0.size)" }.joined(separator: ", ")
            }
            let kind = message.type == "book_snapshot" ? "snapshot" : "update"
            return
                "book \(message.market ?? "") \(kind) #\(message.sequence ?? 0)  bids [\(levels(message.bids))]  asks [\(levels(message.asks))]"
        case "error":
            return "error: \(message.code ?? ""): \(message.message ?? "")"
        default:
            return nil
        }
    }
}
