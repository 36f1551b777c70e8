/// An account's nonce and balances.
public struct Account: Sendable, Hashable {
    public var nonce: UInt64
    /// Balances by asset; an asset with a zero balance has no entry.
    public var balances: [AssetSymbol: Amount]

    public init(nonce: UInt64 = 0, balances: [AssetSymbol: Amount] = [:]) {
        self.nonce = nonce
        self.balances = balances
    }

    public func balance(of asset: AssetSymbol) -> Amount {
        balances[asset] ?? .zero
    }

    /// Balances in symbol order, the only order in which they are hashed, encoded or shown.
    public var sortedBalances: [(asset: AssetSymbol, amount: Amount)] {
        balances.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Account: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(nonce)
        let sorted = sortedBalances
        writer.write(UInt32(sorted.count))
        for (asset, amount) in sorted {
            writer.write(asset)
            writer.write(amount)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        nonce = try reader.read(UInt64.self)
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(count)) }
        balances = [:]
        var previous: AssetSymbol?
        for _ in 0..<count {
            let asset = try reader.read(AssetSymbol.self)
            let amount = try reader.read(Amount.self)
            // Canonical form: strictly increasing symbols and no zero entries.
            guard previous.map({ $0 < asset }) ?? true, !amount.isZero else {
                throw reader.error(.invalidValue("balances out of order or zero"))
            }
            balances[asset] = amount
            previous = asset
        }
    }
}
