/// An action of AMM pools (constant-product and concentrated liquidity) and the router's route action; see Action.
public enum AMMAction: Sendable, Hashable {
    /// Creates a pool for a pair and fee tier; a concentrated pool starts at `initialSqrtPriceX96`.
    case createPool(CreatePool)
    /// Deposits into a constant-product pool at its ratio (any ratio on the first deposit) for shares.
    case addLiquidity(AddLiquidity)
    /// Burns shares of a constant-product pool for a pro-rata part of its reserves.
    case removeLiquidity(RemoveLiquidity)
    /// Swaps through one pool, exact input (with a minimum output) or exact output (with a maximum input).
    case swap(Swap)
    /// Opens a concentrated-liquidity position over a tick range.
    case mintPosition(MintPosition)
    /// Removes liquidity from a position; the tokens become owed to it until collected.
    case burnPosition(BurnPosition)
    /// Pays a position's owed tokens (burnt liquidity and fees) to its owner.
    case collect(position: PositionID)
    /// Swaps along several paths (one or two pools each) at once, with a minimum total output.
    case route(Route)

    public struct CreatePool: Sendable, Hashable {
        public var assetA: AssetSymbol
        public var assetB: AssetSymbol
        public var feePips: UInt32
        /// Nil for a constant-product pool; the starting √price (Q64.96, asset1 per asset0) of a concentrated one.
        public var initialSqrtPriceX96: UInt256?

        public init(assetA: AssetSymbol, assetB: AssetSymbol, feePips: UInt32, initialSqrtPriceX96: UInt256? = nil) {
            self.assetA = assetA
            self.assetB = assetB
            self.feePips = feePips
            self.initialSqrtPriceX96 = initialSqrtPriceX96
        }
    }

    public struct AddLiquidity: Sendable, Hashable {
        public var pool: PoolID
        public var amount0Desired: Amount
        public var amount1Desired: Amount
        public var amount0Min: Amount
        public var amount1Min: Amount

        public init(
            pool: PoolID, amount0Desired: Amount, amount1Desired: Amount, amount0Min: Amount = .zero,
            amount1Min: Amount = .zero
        ) {
            self.pool = pool
            self.amount0Desired = amount0Desired
            self.amount1Desired = amount1Desired
            self.amount0Min = amount0Min
            self.amount1Min = amount1Min
        }
    }

    public struct RemoveLiquidity: Sendable, Hashable {
        public var pool: PoolID
        public var shares: Amount
        public var amount0Min: Amount
        public var amount1Min: Amount

        public init(pool: PoolID, shares: Amount, amount0Min: Amount = .zero, amount1Min: Amount = .zero) {
            self.pool = pool
            self.shares = shares
            self.amount0Min = amount0Min
            self.amount1Min = amount1Min
        }
    }

    public struct Swap: Sendable, Hashable {
        public var pool: PoolID
        public var assetIn: AssetSymbol
        /// The input when `exactInput`, else the output.
        public var amount: Amount
        public var exactInput: Bool
        /// The minimum output (exact input) or the maximum input (exact output).
        public var limit: Amount

        public init(pool: PoolID, assetIn: AssetSymbol, amount: Amount, exactInput: Bool, limit: Amount) {
            self.pool = pool
            self.assetIn = assetIn
            self.amount = amount
            self.exactInput = exactInput
            self.limit = limit
        }
    }

    public struct MintPosition: Sendable, Hashable {
        public var pool: PoolID
        public var tickLower: Int32
        public var tickUpper: Int32
        public var liquidity: UInt128
        public var amount0Max: Amount
        public var amount1Max: Amount

        public init(
            pool: PoolID, tickLower: Int32, tickUpper: Int32, liquidity: UInt128, amount0Max: Amount,
            amount1Max: Amount
        ) {
            self.pool = pool
            self.tickLower = tickLower
            self.tickUpper = tickUpper
            self.liquidity = liquidity
            self.amount0Max = amount0Max
            self.amount1Max = amount1Max
        }
    }

    public struct BurnPosition: Sendable, Hashable {
        public var position: PositionID
        public var liquidity: UInt128
        public var amount0Min: Amount
        public var amount1Min: Amount

        public init(position: PositionID, liquidity: UInt128, amount0Min: Amount = .zero, amount1Min: Amount = .zero) {
            self.position = position
            self.liquidity = liquidity
            self.amount0Min = amount0Min
            self.amount1Min = amount1Min
        }
    }

    /// A route: `amountIn` of `assetIn` split over legs, each through one or two pools to `assetOut`.
    public struct Route: Sendable, Hashable {
        public var assetIn: AssetSymbol
        public var assetOut: AssetSymbol
        public var legs: [RouteLeg]
        public var minimumOut: Amount

        public init(assetIn: AssetSymbol, assetOut: AssetSymbol, legs: [RouteLeg], minimumOut: Amount) {
            self.assetIn = assetIn
            self.assetOut = assetOut
            self.legs = legs
            self.minimumOut = minimumOut
        }
    }

    /// One part of a route: an input amount and the venues it goes through in order.
    public struct RouteLeg: Sendable, Hashable {
        public var amountIn: Amount
        public var hops: [RouteHop]

        public init(amountIn: Amount, hops: [RouteHop]) {
            self.amountIn = amountIn
            self.hops = hops
        }

        public init(amountIn: Amount, pools: [PoolID]) {
            self.init(amountIn: amountIn, hops: pools.map(RouteHop.pool))
        }
    }

    /// A venue of a route: a pool, or a continuous market's order book (taken with a market order
    /// placed for the sender, so the book's fees, locks and events apply).
    public enum RouteHop: Sendable, Hashable {
        case pool(PoolID)
        case book(MarketID)
    }

    /// The most legs and hops a route may have.
    public static let routeLegsMax = 8
    public static let routeHopsMax = 2
}

extension AMMAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .createPool(let create):
            writer.write(UInt8(0))
            writer.write(create.assetA)
            writer.write(create.assetB)
            writer.write(create.feePips)
            writer.write(create.initialSqrtPriceX96)
        case .addLiquidity(let add):
            writer.write(UInt8(1))
            writer.write(add.pool)
            writer.write(add.amount0Desired)
            writer.write(add.amount1Desired)
            writer.write(add.amount0Min)
            writer.write(add.amount1Min)
        case .removeLiquidity(let remove):
            writer.write(UInt8(2))
            writer.write(remove.pool)
            writer.write(remove.shares)
            writer.write(remove.amount0Min)
            writer.write(remove.amount1Min)
        case .swap(let swap):
            writer.write(UInt8(3))
            writer.write(swap.pool)
            writer.write(swap.assetIn)
            writer.write(swap.amount)
            writer.write(swap.exactInput)
            writer.write(swap.limit)
        case .mintPosition(let mint):
            writer.write(UInt8(4))
            writer.write(mint.pool)
            writer.write(UInt32(bitPattern: mint.tickLower))
            writer.write(UInt32(bitPattern: mint.tickUpper))
            writer.write(mint.liquidity)
            writer.write(mint.amount0Max)
            writer.write(mint.amount1Max)
        case .burnPosition(let burn):
            writer.write(UInt8(5))
            writer.write(burn.position)
            writer.write(burn.liquidity)
            writer.write(burn.amount0Min)
            writer.write(burn.amount1Min)
        case .collect(let position):
            writer.write(UInt8(6))
            writer.write(position)
        case .route(let route):
            writer.write(UInt8(7))
            writer.write(route.assetIn)
            writer.write(route.assetOut)
            writer.write(route.minimumOut)
            writer.write(UInt8(route.legs.count))
            for leg in route.legs {
                writer.write(leg.amountIn)
                writer.write(UInt8(leg.hops.count))
                for hop in leg.hops {
                    switch hop {
                    case .pool(let pool):
                        writer.write(UInt8(0))
                        writer.write(pool)
                    case .book(let market):
                        writer.write(UInt8(1))
                        writer.write(market)
                    }
                }
            }
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .createPool(
                CreatePool(
                    assetA: try reader.read(AssetSymbol.self), assetB: try reader.read(AssetSymbol.self),
                    feePips: try reader.read(UInt32.self), initialSqrtPriceX96: try reader.read(UInt256?.self)))
        case 1:
            self = .addLiquidity(
                AddLiquidity(
                    pool: try reader.read(UInt64.self), amount0Desired: try reader.read(Amount.self),
                    amount1Desired: try reader.read(Amount.self), amount0Min: try reader.read(Amount.self),
                    amount1Min: try reader.read(Amount.self)))
        case 2:
            self = .removeLiquidity(
                RemoveLiquidity(
                    pool: try reader.read(UInt64.self), shares: try reader.read(Amount.self),
                    amount0Min: try reader.read(Amount.self), amount1Min: try reader.read(Amount.self)))
        case 3:
            self = .swap(
                Swap(
                    pool: try reader.read(UInt64.self), assetIn: try reader.read(AssetSymbol.self),
                    amount: try reader.read(Amount.self), exactInput: try reader.read(Bool.self),
                    limit: try reader.read(Amount.self)))
        case 4:
            self = .mintPosition(
                MintPosition(
                    pool: try reader.read(UInt64.self), tickLower: Int32(bitPattern: try reader.read(UInt32.self)),
                    tickUpper: Int32(bitPattern: try reader.read(UInt32.self)),
                    liquidity: try reader.read(UInt128.self),
                    amount0Max: try reader.read(Amount.self), amount1Max: try reader.read(Amount.self)))
        case 5:
            self = .burnPosition(
                BurnPosition(
                    position: try reader.read(UInt64.self), liquidity: try reader.read(UInt128.self),
                    amount0Min: try reader.read(Amount.self), amount1Min: try reader.read(Amount.self)))
        case 6:
            self = .collect(position: try reader.read(UInt64.self))
        case 7:
            let assetIn = try reader.read(AssetSymbol.self)
            let assetOut = try reader.read(AssetSymbol.self)
            let minimumOut = try reader.read(Amount.self)
            let count = try reader.read(UInt8.self)
            guard Int(count) <= AMMAction.routeLegsMax else { throw reader.error(.invalidValue("too many route legs")) }
            var legs: [RouteLeg] = []
            for _ in 0..<count {
                let amountIn = try reader.read(Amount.self)
                let hops = try reader.read(UInt8.self)
                guard Int(hops) <= AMMAction.routeHopsMax else { throw reader.error(.invalidValue("too many hops")) }
                var venues: [RouteHop] = []
                for _ in 0..<hops {
                    let kind = try reader.read(UInt8.self)
                    switch kind {
                    case 0: venues.append(.pool(try reader.read(UInt64.self)))
                    case 1: venues.append(.book(try reader.read(MarketID.self)))
                    default: throw DecodingError(reason: .unknownTag(kind), offset: reader.offset - 1)
                    }
                }
                legs.append(RouteLeg(amountIn: amountIn, hops: venues))
            }
            self = .route(Route(assetIn: assetIn, assetOut: assetOut, legs: legs, minimumOut: minimumOut))
        default:
            throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
