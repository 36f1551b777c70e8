/// A keyed table of ledger state with the journals every part of the ledger keeps: an undo log
/// for the transaction in progress, so that its actions apply all or none, and the first-seen
/// value of every key the block touched, for the application hash and the conservation check.
///
/// The pools, escrows and margin accounts of the ledger's modules live in tables like this one,
/// so that each module gets rollback, hashing, snapshots and conservation without code of its own.
public struct LedgerTable<Key: Hashable & Comparable & Sendable & CanonicalCodable, Value: Sendable & CanonicalCodable>:
    Sendable
{
    /// The rows; no key maps to a removed row.
    public private(set) var rows: [Key: Value]
    private var undoLog: [(Key, Value?)] = []
    private var isInTransaction = false
    private var blockOriginals: [Key: Value?] = [:]

    public init(rows: [Key: Value] = [:]) {
        self.rows = rows
    }

    public subscript(key: Key) -> Value? { rows[key] }

    public var count: Int { rows.count }

    /// Keys in increasing order, the only order in which rows are hashed, encoded or listed.
    public var sortedKeys: [Key] { rows.keys.sorted() }

    /// Writes (or, with `nil`, removes) one row.
    mutating func write(_ value: Value?, for key: Key) {
        let previous = rows[key]
        if isInTransaction { undoLog.append((key, previous)) }
        if blockOriginals[key] == nil { blockOriginals[key] = .some(previous) }
        rows[key] = value
    }

    /// Changes, creates (from nil) or removes (to nil) one row in place: the journals keep the
    /// previous row only when they need it (in a transaction, or the block's first write of
    /// the key), so a row written again in the same block is not copied.
    mutating func modify(_ key: Key, _ body: (inout Value?) -> Void) {
        let isFirstInBlock = blockOriginals[key] == nil
        if isInTransaction || isFirstInBlock {
            let previous = rows[key]
            if isInTransaction { undoLog.append((key, previous)) }
            if isFirstInBlock { blockOriginals[key] = .some(previous) }
        }
        body(&rows[key])
    }

    /// Changes one row in place; the row must exist.
    mutating func update<Failure: Error>(_ key: Key, _ body: (inout Value) throws(Failure) -> Void) throws(Failure) {
        guard var value = rows[key] else { preconditionFailure("no row \(key) to update") }
        try body(&value)
        write(value, for: key)
    }

    mutating func beginTransaction() {
        isInTransaction = true
        undoLog.removeAll(keepingCapacity: true)
    }

    mutating func commitTransaction() {
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
    }

    mutating func rollBackTransaction() {
        for (key, previous) in undoLog.reversed() { rows[key] = previous }
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
    }

    mutating func resetBlockJournal() {
        blockOriginals.removeAll(keepingCapacity: true)
    }

    /// Keys the block wrote, in increasing order.
    var touchedKeys: [Key] { blockOriginals.keys.sorted() }

    /// Each touched key and its row now (nil if removed), in key order, for the application hash.
    func writeBlockChanges(to writer: inout CanonicalWriter) {
        let keys = touchedKeys
        writer.write(UInt32(keys.count))
        for key in keys {
            writer.write(key)
            writer.write(rows[key])
        }
    }
}

/// A row that holds funds outside every account's balances (pool reserves, escrowed amounts,
/// collateral): they count in the ledger's conservation check.
public protocol HoldsFunds {
    /// The amounts held, by asset; zero amounts may be omitted.
    var heldFunds: [(asset: AssetSymbol, amount: Amount)] { get }
}

extension LedgerTable where Value: HoldsFunds {
    /// Adds every row's funds.
    func addHoldings(to held: inout [AssetSymbol: UInt128]) {
        for value in rows.values {
            for (asset, amount) in value.heldFunds { held[asset, default: 0] &+= amount.baseUnits }
        }
    }

    /// Adds the touched rows' funds before the block and now.
    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        for (key, original) in blockOriginals {
            for (asset, amount) in original?.heldFunds ?? [] { before[asset, default: 0] &+= amount.baseUnits }
            for (asset, amount) in rows[key]?.heldFunds ?? [] { after[asset, default: 0] &+= amount.baseUnits }
        }
    }
}

extension LedgerTable: CanonicalCodable {
    /// The snapshot encoding: the row count, then keys and rows in key order.
    public func encode(to writer: inout CanonicalWriter) {
        let keys = sortedKeys
        writer.write(UInt32(keys.count))
        for key in keys {
            writer.write(key)
            writer.write(rows[key]!)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(count)) }
        var rows: [Key: Value] = [:]
        rows.reserveCapacity(Int(count))
        var previous: Key?
        for _ in 0..<count {
            let key = try reader.read(Key.self)
            guard previous.map({ $0 < key }) ?? true else { throw reader.error(.invalidValue("rows out of order")) }
            rows[key] = try reader.read(Value.self)
            previous = key
        }
        self.init(rows: rows)
    }
}
