/// An account's nonce, free balances and locked amounts.
public struct Account: Sendable, Hashable {
    public var nonce: UInt64
    /// Free balances by asset; an asset with a zero balance has no entry.
    public var balances: [AssetSymbol: Amount]
    /// Amounts held by the account's open orders, by asset, outside `balances`; no zero entries.
    public var locked: [AssetSymbol: Amount]

    public init(nonce: UInt64 = 0, balances: [AssetSymbol: Amount] = [:], locked: [AssetSymbol: Amount] = [:]) {
        self.nonce = nonce
        self.balances = balances
        self.locked = locked
    }

    /// The free balance: what the account can spend or lock.
    public func balance(of asset: AssetSymbol) -> Amount {
        balances[asset] ?? .zero
    }

    /// What the account's open orders hold of `asset`.
    public func lockedAmount(of asset: AssetSymbol) -> Amount {
        locked[asset] ?? .zero
    }

    /// Balances in symbol order, the only order in which they are hashed, encoded or shown.
    public var sortedBalances: [(asset: AssetSymbol, amount: Amount)] {
        balances.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Locked amounts in symbol order.
    public var sortedLocked: [(asset: AssetSymbol, amount: Amount)] {
        locked.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Account: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(nonce)
        Account.write(sortedBalances, to: &writer)
        Account.write(sortedLocked, to: &writer)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        nonce = try reader.read(UInt64.self)
        balances = try Account.readAmounts(&reader)
        locked = try Account.readAmounts(&reader)
    }

    private static func write(_ amounts: [(asset: AssetSymbol, amount: Amount)], to writer: inout CanonicalWriter) {
        writer.write(UInt32(amounts.count))
        for (asset, amount) in amounts {
            writer.write(asset)
            writer.write(amount)
        }
    }

    private static func readAmounts(_ reader: inout CanonicalReader) throws(DecodingError) -> [AssetSymbol: Amount] {
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(count)) }
        var amounts: [AssetSymbol: Amount] = [:]
        var previous: AssetSymbol?
        for _ in 0..<count {
            let asset = try reader.read(AssetSymbol.self)
            let amount = try reader.read(Amount.self)
            // Canonical form: strictly increasing symbols and no zero entries.
            guard previous.map({ $0 < asset }) ?? true, !amount.isZero else {
                throw reader.error(.invalidValue("balances out of order or zero"))
            }
            amounts[asset] = amount
            previous = asset
        }
        return amounts
    }
}
