/// An asset the ledger knows: who issues it, how it divides, how much exists.
public struct AssetInfo: Sendable, Hashable {
    public var symbol: AssetSymbol
    public var name: String
    public var decimals: UInt8
    public var issuer: AccountID
    /// `nil` for an uncapped asset.
    public var maxSupply: Amount?
    /// Units in existence: minted minus burned.
    public var supply: Amount

    public init(
        symbol: AssetSymbol, name: String, decimals: UInt8, issuer: AccountID, maxSupply: Amount?, supply: Amount
    ) {
        self.symbol = symbol
        self.name = name
        self.decimals = decimals
        self.issuer = issuer
        self.maxSupply = maxSupply
        self.supply = supply
    }
}

extension AssetInfo: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(symbol)
        writer.write(name)
        writer.write(decimals)
        writer.write(issuer)
        writer.write(maxSupply)
        writer.write(supply)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        symbol = try reader.read(AssetSymbol.self)
        name = try reader.read(String.self, maxByteCount: Action.CreateAsset.nameByteCountMax)
        decimals = try reader.read(UInt8.self)
        issuer = try reader.read(AccountID.self)
        maxSupply = try reader.read(Amount?.self)
        supply = try reader.read(Amount.self)
    }
}
