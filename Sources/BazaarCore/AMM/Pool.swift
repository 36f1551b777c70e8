/// A pool's identifier: a sequence number from 1, in creation order.
public typealias PoolID = UInt64
/// A concentrated-liquidity position's identifier: a sequence number from 1.
public typealias PositionID = UInt64

/// The kind of pool and its kind-specific state.
public enum PoolCurve: Sendable, Hashable {
    /// Uniswap v2: x·y = k over the whole price range, with LP shares.
    case constantProduct(lpSupply: UInt128)
    /// Uniswap v3: liquidity over tick ranges held by positions.
    case concentrated(ConcentratedPool)
}

/// An AMM pool: two assets (`asset0 < asset1` by symbol), a fee in pips, the reserves it holds
/// and its curve. Reserves are real funds, counted by the conservation check; for a concentrated
/// pool they include the fees and burnt liquidity that positions have not collected yet.
public struct Pool: Sendable, Hashable {
    public var id: PoolID
    public var asset0: AssetSymbol
    public var asset1: AssetSymbol
    /// Fee in millionths of the input (3000 = 0.3%).
    public var feePips: UInt32
    public var reserve0: Amount
    public var reserve1: Amount
    public var curve: PoolCurve

    public init(
        id: PoolID, asset0: AssetSymbol, asset1: AssetSymbol, feePips: UInt32, reserve0: Amount, reserve1: Amount,
        curve: PoolCurve
    ) {
        self.id = id
        self.asset0 = asset0
        self.asset1 = asset1
        self.feePips = feePips
        self.reserve0 = reserve0
        self.reserve1 = reserve1
        self.curve = curve
    }

    public var isConcentrated: Bool {
        if case .concentrated = curve { return true }
        return false
    }

    public var concentrated: ConcentratedPool? {
        if case .concentrated(let pool) = curve { return pool }
        return nil
    }

    /// LP shares outstanding (constant-product pools), the locked minimum included.
    public var lpSupply: UInt128 {
        if case .constantProduct(let supply) = curve { return supply }
        return 0
    }

    /// The fee tiers and, for concentrated pools, their tick spacing.
    public static let feeTiers: [(feePips: UInt32, tickSpacing: Int32)] = [
        (100, 1), (500, 10), (3000, 60), (10_000, 200),
    ]

    public static func tickSpacing(forFee feePips: UInt32) -> Int32? {
        feeTiers.first { $0.feePips == feePips }?.tickSpacing
    }

    /// Shares locked forever at the first deposit of a constant-product pool, so the share price can
    /// never be inflated from a dust supply (Uniswap v2's MINIMUM_LIQUIDITY).
    public static let minimumLiquidity: UInt128 = 1000

    public func contains(_ asset: AssetSymbol) -> Bool { asset == asset0 || asset == asset1 }
}

extension Pool: HoldsFunds {
    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] { [(asset0, reserve0), (asset1, reserve1)] }
}

/// A concentrated-liquidity position: liquidity over [tickLower, tickUpper) owned by one account,
/// with the fees it earned up to its last update and what it is owed but has not collected.
public struct LiquidityPosition: Sendable, Hashable {
    public var id: PositionID
    public var pool: PoolID
    public var owner: AccountID
    public var tickLower: Int32
    public var tickUpper: Int32
    public var liquidity: UInt128
    public var feeGrowthInside0LastX128: UInt256
    public var feeGrowthInside1LastX128: UInt256
    public var tokensOwed0: UInt128
    public var tokensOwed1: UInt128
}

/// An account's LP shares in a constant-product pool.
public struct ShareKey: Sendable, Hashable, Comparable {
    public var pool: PoolID
    public var owner: AccountID

    public static func < (lhs: ShareKey, rhs: ShareKey) -> Bool {
        lhs.pool != rhs.pool ? lhs.pool < rhs.pool : lhs.owner < rhs.owner
    }
}

extension ShareKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(pool)
        writer.write(owner)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        pool = try reader.read(UInt64.self)
        owner = try reader.read(AccountID.self)
    }
}

extension Pool: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(asset0)
        writer.write(asset1)
        writer.write(feePips)
        writer.write(reserve0)
        writer.write(reserve1)
        switch curve {
        case .constantProduct(let supply):
            writer.write(UInt8(0))
            writer.write(supply)
        case .concentrated(let pool):
            writer.write(UInt8(1))
            writer.write(pool)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        asset0 = try reader.read(AssetSymbol.self)
        asset1 = try reader.read(AssetSymbol.self)
        feePips = try reader.read(UInt32.self)
        reserve0 = try reader.read(Amount.self)
        reserve1 = try reader.read(Amount.self)
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: curve = .constantProduct(lpSupply: try reader.read(UInt128.self))
        case 1: curve = .concentrated(try reader.read(ConcentratedPool.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}

extension LiquidityPosition: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(pool)
        writer.write(owner)
        writer.write(UInt32(bitPattern: tickLower))
        writer.write(UInt32(bitPattern: tickUpper))
        writer.write(liquidity)
        writer.write(feeGrowthInside0LastX128)
        writer.write(feeGrowthInside1LastX128)
        writer.write(tokensOwed0)
        writer.write(tokensOwed1)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        pool = try reader.read(UInt64.self)
        owner = try reader.read(AccountID.self)
        tickLower = Int32(bitPattern: try reader.read(UInt32.self))
        tickUpper = Int32(bitPattern: try reader.read(UInt32.self))
        liquidity = try reader.read(UInt128.self)
        feeGrowthInside0LastX128 = try reader.read(UInt256.self)
        feeGrowthInside1LastX128 = try reader.read(UInt256.self)
        tokensOwed0 = try reader.read(UInt128.self)
        tokensOwed1 = try reader.read(UInt128.self)
    }
}
