/// Something lending pools did; see DerivativesEvent.
public enum LendingEvent: Sendable, Hashable {
    case poolConfigured(authority: AccountID, asset: AssetSymbol, parameters: LendingPoolParameters)
    case supplied(account: AccountID, asset: AssetSymbol, amount: Amount, shares: UInt128)
    case withdrawn(account: AccountID, asset: AssetSymbol, amount: Amount, shares: UInt128)
    case borrowed(account: AccountID, asset: AssetSymbol, amount: Amount)
    /// `amount` repaid of `account`'s debt; `remaining` is what it still owes.
    case repaid(account: AccountID, asset: AssetSymbol, amount: Amount, remaining: Amount, fromMargin: Bool)
    /// End of block: the pool's borrowers owe `interest` more; the borrow index is now `borrowIndex`.
    case interestAccrued(asset: AssetSymbol, interest: Amount, borrowIndex: UInt128)
    /// A liquidation wrote off `amount` of `account`'s debt that neither it nor the insurance
    /// fund could pay; the pool's reserves, then its suppliers, bear the loss.
    case writtenOff(account: AccountID, asset: AssetSymbol, amount: Amount)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .poolConfigured(let account, _, _), .supplied(let account, _, _, _), .withdrawn(let account, _, _, _),
            .borrowed(let account, _, _), .repaid(let account, _, _, _, _), .writtenOff(let account, _, _):
            [account]
        case .interestAccrued: []
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case poolConfigured = "lending_pool_configured"
        case supplied = "lending_supplied"
        case withdrawn = "lending_withdrawn"
        case borrowed = "lending_borrowed"
        case repaid = "lending_repaid"
        case interestAccrued = "lending_interest_accrued"
        case writtenOff = "lending_written_off"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .poolConfigured: Kind.poolConfigured.rawValue
        case .supplied: Kind.supplied.rawValue
        case .withdrawn: Kind.withdrawn.rawValue
        case .borrowed: Kind.borrowed.rawValue
        case .repaid: Kind.repaid.rawValue
        case .interestAccrued: Kind.interestAccrued.rawValue
        case .writtenOff: Kind.writtenOff.rawValue
        }
    }
}

extension LendingEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .poolConfigured(let authority, let asset, let parameters):
            writer.write(UInt8(0))
            writer.write(authority)
            writer.write(asset)
            writer.write(parameters)
        case .supplied(let account, let asset, let amount, let shares):
            writer.write(UInt8(1))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
            writer.write(shares)
        case .withdrawn(let account, let asset, let amount, let shares):
            writer.write(UInt8(2))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
            writer.write(shares)
        case .borrowed(let account, let asset, let amount):
            writer.write(UInt8(3))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .repaid(let account, let asset, let amount, let remaining, let fromMargin):
            writer.write(UInt8(4))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
            writer.write(remaining)
            writer.write(fromMargin)
        case .interestAccrued(let asset, let interest, let borrowIndex):
            writer.write(UInt8(5))
            writer.write(asset)
            writer.write(interest)
            writer.write(borrowIndex)
        case .writtenOff(let account, let asset, let amount):
            writer.write(UInt8(6))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .poolConfigured(
                authority: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                parameters: try reader.read(LendingPoolParameters.self))
        case 1:
            self = .supplied(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), shares: try reader.read(UInt128.self))
        case 2:
            self = .withdrawn(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), shares: try reader.read(UInt128.self))
        case 3:
            self = .borrowed(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 4:
            self = .repaid(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), remaining: try reader.read(Amount.self),
                fromMargin: try reader.read(Bool.self))
        case 5:
            self = .interestAccrued(
                asset: try reader.read(AssetSymbol.self), interest: try reader.read(Amount.self),
                borrowIndex: try reader.read(UInt128.self))
        case 6:
            self = .writtenOff(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
