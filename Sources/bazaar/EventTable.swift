import BazaarAPI

/// The table of ledger events shown by `tx` and `block`.
enum EventTable {
    static func print(_ events: [EventJSON]) {
        Output.table(
            header: ["EVENT", "ASSET", "AMOUNT", "FROM", "TO"],
            rows: events.map { [$0.kind, $0.asset, $0.amount ?? "", $0.sender ?? "", $0.recipient ?? ""] },
            rightAligned: [2])
    }
}
