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

    @Flag(name: .customLong("no-blocks"), help: "Do not print a line per block.")
    var hidesBlocks = false

    @Option(help: "Stop after this many messages (default: run until interrupted).")
    var count: Int?

    func run() async throws {
        try await Output.reportingErrors {
            var subscriptions = try accounts.map {
                StreamRequest(op: .subscribe, channel: .account, address: try global.address(of: $0))
            }
            if !hidesBlocks { subscriptions.insert(StreamRequest(op: .subscribe, channel: .blocks), at: 0) }
            guard !subscriptions.isEmpty else {
                throw ValidationError("nothing to watch: give --account or drop --no-blocks")
            }
            let names = Dictionary(
                (try? global.keystore.list().map { ($0.address, $0.name) }) ?? [],
                uniquingKeysWith: { first, _ in first })
            var printed = 0
            for try await message in try StreamClient(baseURL: global.node).messages(subscribing: subscriptions) {
                if global.json {
                    try Output.jsonLine(message)
                } else if let line = Self.line(for: message, names: names) {
                    Output.line(line)
                }
                printed += 1
                if let count, printed >= count { break }
            }
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
            let amount = event.amount.map { " \($0) \(event.asset)" } ?? " \(event.asset)"
            var line = "\(who(message.address))  \(event.kind)\(amount)"
            if let sender = event.sender, let recipient = event.recipient {
                line += "  \(who(sender)) → \(who(recipient))"
            }
            return line + "  (height \(message.height ?? 0), tx \(message.txId?.prefix(12) ?? "")…)"
        case "error":
            return "error: \(message.code ?? ""): \(message.message ?? "")"
        default:
            return nil
        }
    }
}
