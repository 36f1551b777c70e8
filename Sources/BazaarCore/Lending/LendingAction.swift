/// An action of lending pools; see DerivativesAction.
public enum LendingAction: Sendable, Hashable {
    /// Creates the pool of `asset` or changes its curve (market authority only).
    case configurePool(asset: AssetSymbol, parameters: LendingPoolParameters)
    /// Moves `amount` from the sender's free balance into the pool for shares.
    case supply(asset: AssetSymbol, amount: Amount)
    /// Takes `amount` (`nil`: everything the sender's shares are worth) out of the pool to the free balance.
    case withdraw(asset: AssetSymbol, amount: Amount?)
    /// Borrows `amount` from the pool into the sender's margin collateral; equity must still cover
    /// the initial requirement.
    case borrow(asset: AssetSymbol, amount: Amount)
    /// Repays `amount` (`nil`: the whole debt; more than the debt repays the debt) from the free
    /// balance, or from margin collateral when `fromMargin`.
    case repay(asset: AssetSymbol, amount: Amount?, fromMargin: Bool)
}

extension LendingAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .configurePool(let asset, let parameters):
            writer.write(UInt8(0))
            writer.write(asset)
            writer.write(parameters)
        case .supply(let asset, let amount):
            writer.write(UInt8(1))
            writer.write(asset)
            writer.write(amount)
        case .withdraw(let asset, let amount):
            writer.write(UInt8(2))
            writer.write(asset)
            writer.write(amount)
        case .borrow(let asset, let amount):
            writer.write(UInt8(3))
            writer.write(asset)
            writer.write(amount)
        case .repay(let asset, let amount, let fromMargin):
            writer.write(UInt8(4))
            writer.write(asset)
            writer.write(amount)
            writer.write(fromMargin)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .configurePool(
                asset: try reader.read(AssetSymbol.self), parameters: try reader.read(LendingPoolParameters.self))
        case 1: self = .supply(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self))
        case 2: self = .withdraw(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount?.self))
        case 3: self = .borrow(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self))
        case 4:
            self = .repay(
                asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount?.self),
                fromMargin: try reader.read(Bool.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
