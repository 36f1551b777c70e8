/// Something a transaction did, for clients to follow on the stream.
public enum Event: Sendable, Hashable {
    case feePaid(payer: AccountID, asset: AssetSymbol, amount: Amount)
    case assetCreated(asset: AssetSymbol, issuer: AccountID)
    case minted(asset: AssetSymbol, recipient: AccountID, amount: Amount)
    case burned(asset: AssetSymbol, holder: AccountID, amount: Amount)
    case transferred(asset: AssetSymbol, sender: AccountID, recipient: AccountID, amount: Amount)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .feePaid(let payer, _, _): [payer]
        case .assetCreated(_, let issuer): [issuer]
        case .minted(_, let recipient, _): [recipient]
        case .burned(_, let holder, _): [holder]
        case .transferred(_, let sender, let recipient, _): sender == recipient ? [sender] : [sender, recipient]
        }
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .feePaid: "fee_paid"
        case .assetCreated: "asset_created"
        case .minted: "minted"
        case .burned: "burned"
        case .transferred: "transferred"
        }
    }
}

extension Event: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .feePaid(let payer, let asset, let amount):
            writer.write(UInt8(0))
            writer.write(payer)
            writer.write(asset)
            writer.write(amount)
        case .assetCreated(let asset, let issuer):
            writer.write(UInt8(1))
            writer.write(asset)
            writer.write(issuer)
        case .minted(let asset, let recipient, let amount):
            writer.write(UInt8(2))
            writer.write(asset)
            writer.write(recipient)
            writer.write(amount)
        case .burned(let asset, let holder, let amount):
            writer.write(UInt8(3))
            writer.write(asset)
            writer.write(holder)
            writer.write(amount)
        case .transferred(let asset, let sender, let recipient, let amount):
            writer.write(UInt8(4))
            writer.write(asset)
            writer.write(sender)
            writer.write(recipient)
            writer.write(amount)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .feePaid(
                payer: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 1:
            self = .assetCreated(asset: try reader.read(AssetSymbol.self), issuer: try reader.read(AccountID.self))
        case 2:
            self = .minted(
                asset: try reader.read(AssetSymbol.self), recipient: try reader.read(AccountID.self),
                amount: try reader.read(Amount.self))
        case 3:
            self = .burned(
                asset: try reader.read(AssetSymbol.self), holder: try reader.read(AccountID.self),
                amount: try reader.read(Amount.self))
        case 4:
            self = .transferred(
                asset: try reader.read(AssetSymbol.self), sender: try reader.read(AccountID.self),
                recipient: try reader.read(AccountID.self), amount: try reader.read(Amount.self))
        default:
            throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}

/// What one transaction in a block came to.
public struct TransactionResult: Sendable, Hashable {
    public var id: Hash
    public var code: ResultCode
    /// The index of the action that failed, when an action failed.
    public var failedActionIndex: UInt32?
    public var events: [Event]

    public init(id: Hash, code: ResultCode, failedActionIndex: UInt32? = nil, events: [Event] = []) {
        self.id = id
        self.code = code
        self.failedActionIndex = failedActionIndex
        self.events = events
    }
}

extension TransactionResult: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(code.rawValue)
        writer.write(failedActionIndex.map { UInt64($0) })
        writer.write(events)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(Hash.self)
        let rawCode = try reader.read(UInt16.self)
        guard let code = ResultCode(rawValue: rawCode) else {
            throw reader.error(.invalidValue("unknown result code \(rawCode)"))
        }
        self.code = code
        let index = try reader.read(UInt64?.self)
        guard index.map({ $0 <= UInt64(UInt32.max) }) ?? true else {
            throw reader.error(.invalidValue("action index out of range"))
        }
        failedActionIndex = index.map { UInt32($0) }
        events = try reader.read([Event].self)
    }
}
