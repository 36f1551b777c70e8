/// One step of a transaction. A transaction's actions apply all or none.
public enum Action: Sendable, Hashable {
    /// Creates an asset issued by the sender. `maxSupply` caps every later mint; `nil` means uncapped.
    case createAsset(CreateAsset)
    /// Issues new units of an asset to an account; only the asset's issuer may mint.
    case mint(Mint)
    /// Destroys units from the sender's own balance, lowering the supply.
    case burn(Burn)
    /// Moves units from the sender to another account.
    case transfer(Transfer)

    public struct CreateAsset: Sendable, Hashable {
        public static let nameByteCountMax = 64
        public var symbol: AssetSymbol
        public var name: String
        public var decimals: UInt8
        public var maxSupply: Amount?

        public init(symbol: AssetSymbol, name: String, decimals: UInt8, maxSupply: Amount?) {
            self.symbol = symbol
            self.name = name
            self.decimals = decimals
            self.maxSupply = maxSupply
        }
    }

    public struct Mint: Sendable, Hashable {
        public var asset: AssetSymbol
        public var recipient: AccountID
        public var amount: Amount

        public init(asset: AssetSymbol, recipient: AccountID, amount: Amount) {
            self.asset = asset
            self.recipient = recipient
            self.amount = amount
        }
    }

    public struct Burn: Sendable, Hashable {
        public var asset: AssetSymbol
        public var amount: Amount

        public init(asset: AssetSymbol, amount: Amount) {
            self.asset = asset
            self.amount = amount
        }
    }

    public struct Transfer: Sendable, Hashable {
        public var recipient: AccountID
        public var asset: AssetSymbol
        public var amount: Amount

        public init(recipient: AccountID, asset: AssetSymbol, amount: Amount) {
            self.recipient = recipient
            self.asset = asset
            self.amount = amount
        }
    }
}

extension Action: CanonicalCodable {
    private enum Tag: UInt8 {
        case createAsset = 0
        case mint = 1
        case burn = 2
        case transfer = 3
    }

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .createAsset(let action):
            writer.write(Tag.createAsset.rawValue)
            writer.write(action.symbol)
            writer.write(action.name)
            writer.write(action.decimals)
            writer.write(action.maxSupply)
        case .mint(let action):
            writer.write(Tag.mint.rawValue)
            writer.write(action.asset)
            writer.write(action.recipient)
            writer.write(action.amount)
        case .burn(let action):
            writer.write(Tag.burn.rawValue)
            writer.write(action.asset)
            writer.write(action.amount)
        case .transfer(let action):
            writer.write(Tag.transfer.rawValue)
            writer.write(action.recipient)
            writer.write(action.asset)
            writer.write(action.amount)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let rawTag = try reader.read(UInt8.self)
        guard let tag = Tag(rawValue: rawTag) else {
            throw DecodingError(reason: .unknownTag(rawTag), offset: reader.offset - 1)
        }
        switch tag {
        case .createAsset:
            self = .createAsset(
                CreateAsset(
                    symbol: try reader.read(AssetSymbol.self),
                    name: try reader.read(String.self, maxByteCount: CreateAsset.nameByteCountMax),
                    decimals: try reader.read(UInt8.self),
                    maxSupply: try reader.read(Amount?.self)
                )
            )
        case .mint:
            self = .mint(
                Mint(
                    asset: try reader.read(AssetSymbol.self),
                    recipient: try reader.read(AccountID.self),
                    amount: try reader.read(Amount.self)
                )
            )
        case .burn:
            self = .burn(Burn(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self)))
        case .transfer:
            self = .transfer(
                Transfer(
                    recipient: try reader.read(AccountID.self),
                    asset: try reader.read(AssetSymbol.self),
                    amount: try reader.read(Amount.self)
                )
            )
        }
    }
}
