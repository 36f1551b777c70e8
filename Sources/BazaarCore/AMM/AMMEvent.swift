/// Something AMM pools (constant-product and concentrated liquidity) and the router's route action did; see Event.
public enum AMMEvent: Sendable, Hashable {
    case poolCreated(
        pool: PoolID, creator: AccountID, asset0: AssetSymbol, asset1: AssetSymbol, feePips: UInt32, concentrated: Bool)
    case liquidityAdded(pool: PoolID, provider: AccountID, amount0: Amount, amount1: Amount, shares: Amount)
    case liquidityRemoved(pool: PoolID, provider: AccountID, amount0: Amount, amount1: Amount, shares: Amount)
    case swapped(
        pool: PoolID, trader: AccountID, assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol,
        amountOut: Amount, fee: Amount)
    case positionMinted(
        position: PositionID, pool: PoolID, owner: AccountID, liquidity: UInt128, amount0: Amount, amount1: Amount)
    case positionBurned(
        position: PositionID, pool: PoolID, owner: AccountID, liquidity: UInt128, amount0: Amount, amount1: Amount)
    case feesCollected(position: PositionID, pool: PoolID, owner: AccountID, amount0: Amount, amount1: Amount)
    case routed(trader: AccountID, assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol, amountOut: Amount)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .poolCreated(_, let account, _, _, _, _), .liquidityAdded(_, let account, _, _, _),
            .liquidityRemoved(_, let account, _, _, _), .swapped(_, let account, _, _, _, _, _),
            .positionMinted(_, _, let account, _, _, _), .positionBurned(_, _, let account, _, _, _),
            .feesCollected(_, _, let account, _, _), .routed(let account, _, _, _, _):
            [account]
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case poolCreated = "pool_created"
        case liquidityAdded = "liquidity_added"
        case liquidityRemoved = "liquidity_removed"
        case swapped = "pool_swap"
        case positionMinted = "position_minted"
        case positionBurned = "position_burned"
        case feesCollected = "fees_collected"
        case routed = "routed"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .poolCreated: Kind.poolCreated.rawValue
        case .liquidityAdded: Kind.liquidityAdded.rawValue
        case .liquidityRemoved: Kind.liquidityRemoved.rawValue
        case .swapped: Kind.swapped.rawValue
        case .positionMinted: Kind.positionMinted.rawValue
        case .positionBurned: Kind.positionBurned.rawValue
        case .feesCollected: Kind.feesCollected.rawValue
        case .routed: Kind.routed.rawValue
        }
    }
}

extension AMMEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .poolCreated(let pool, let creator, let asset0, let asset1, let feePips, let concentrated):
            writer.write(UInt8(0))
            writer.write(pool)
            writer.write(creator)
            writer.write(asset0)
            writer.write(asset1)
            writer.write(feePips)
            writer.write(concentrated)
        case .liquidityAdded(let pool, let provider, let amount0, let amount1, let shares):
            writer.write(UInt8(1))
            writer.write(pool)
            writer.write(provider)
            writer.write(amount0)
            writer.write(amount1)
            writer.write(shares)
        case .liquidityRemoved(let pool, let provider, let amount0, let amount1, let shares):
            writer.write(UInt8(2))
            writer.write(pool)
            writer.write(provider)
            writer.write(amount0)
            writer.write(amount1)
            writer.write(shares)
        case .swapped(let pool, let trader, let assetIn, let amountIn, let assetOut, let amountOut, let fee):
            writer.write(UInt8(3))
            writer.write(pool)
            writer.write(trader)
            writer.write(assetIn)
            writer.write(amountIn)
            writer.write(assetOut)
            writer.write(amountOut)
            writer.write(fee)
        case .positionMinted(let position, let pool, let owner, let liquidity, let amount0, let amount1):
            writer.write(UInt8(4))
            writer.write(position)
            writer.write(pool)
            writer.write(owner)
            writer.write(liquidity)
            writer.write(amount0)
            writer.write(amount1)
        case .positionBurned(let position, let pool, let owner, let liquidity, let amount0, let amount1):
            writer.write(UInt8(5))
            writer.write(position)
            writer.write(pool)
            writer.write(owner)
            writer.write(liquidity)
            writer.write(amount0)
            writer.write(amount1)
        case .feesCollected(let position, let pool, let owner, let amount0, let amount1):
            writer.write(UInt8(6))
            writer.write(position)
            writer.write(pool)
            writer.write(owner)
            writer.write(amount0)
            writer.write(amount1)
        case .routed(let trader, let assetIn, let amountIn, let assetOut, let amountOut):
            writer.write(UInt8(7))
            writer.write(trader)
            writer.write(assetIn)
            writer.write(amountIn)
            writer.write(assetOut)
            writer.write(amountOut)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .poolCreated(
                pool: try reader.read(UInt64.self), creator: try reader.read(AccountID.self),
                asset0: try reader.read(AssetSymbol.self), asset1: try reader.read(AssetSymbol.self),
                feePips: try reader.read(UInt32.self), concentrated: try reader.read(Bool.self))
        case 1, 2:
            let pool = try reader.read(UInt64.self)
            let provider = try reader.read(AccountID.self)
            let amount0 = try reader.read(Amount.self)
            let amount1 = try reader.read(Amount.self)
            let shares = try reader.read(Amount.self)
            self =
                tag == 1
                ? .liquidityAdded(pool: pool, provider: provider, amount0: amount0, amount1: amount1, shares: shares)
                : .liquidityRemoved(pool: pool, provider: provider, amount0: amount0, amount1: amount1, shares: shares)
        case 3:
            self = .swapped(
                pool: try reader.read(UInt64.self), trader: try reader.read(AccountID.self),
                assetIn: try reader.read(AssetSymbol.self), amountIn: try reader.read(Amount.self),
                assetOut: try reader.read(AssetSymbol.self), amountOut: try reader.read(Amount.self),
                fee: try reader.read(Amount.self))
        case 4, 5:
            let position = try reader.read(UInt64.self)
            let pool = try reader.read(UInt64.self)
            let owner = try reader.read(AccountID.self)
            let liquidity = try reader.read(UInt128.self)
            let amount0 = try reader.read(Amount.self)
            let amount1 = try reader.read(Amount.self)
            self =
                tag == 4
                ? .positionMinted(
                    position: position, pool: pool, owner: owner, liquidity: liquidity, amount0: amount0,
                    amount1: amount1)
                : .positionBurned(
                    position: position, pool: pool, owner: owner, liquidity: liquidity, amount0: amount0,
                    amount1: amount1)
        case 6:
            self = .feesCollected(
                position: try reader.read(UInt64.self), pool: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), amount0: try reader.read(Amount.self),
                amount1: try reader.read(Amount.self))
        case 7:
            self = .routed(
                trader: try reader.read(AccountID.self), assetIn: try reader.read(AssetSymbol.self),
                amountIn: try reader.read(Amount.self), assetOut: try reader.read(AssetSymbol.self),
                amountOut: try reader.read(Amount.self))
        default:
            throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
