// JSON shapes of the AMM API. Reserves and amounts are decimal strings in their asset's units,
// with the exact base units beside them; Q64.96 prices and liquidity are decimal integer strings.

/// `GET /v1/pools`
public struct PoolsResponse: Codable, Sendable, Equatable {
    public var pools: [PoolJSON]

    public init(pools: [PoolJSON]) { self.pools = pools }
}

/// `GET /v1/pools/{id}`: a pool's assets, fee, reserves and curve.
public struct PoolJSON: Codable, Sendable, Equatable {
    public var id: UInt64
    public var asset0: String
    public var asset1: String
    /// `constant_product` or `concentrated`.
    public var curve: String
    public var feePips: UInt32
    public var reserve0: String
    public var reserve0BaseUnits: String
    public var reserve1: String
    public var reserve1BaseUnits: String
    /// Asset1 per whole asset0 at the pool's current marginal price, to 8 significant digits.
    public var price: String
    /// Constant-product pools: LP shares outstanding, the locked minimum included.
    public var lpSupply: String?
    /// Concentrated pools: √price in Q64.96, current tick, in-range liquidity, tick spacing.
    public var sqrtPriceX96: String?
    public var tick: Int32?
    public var liquidity: String?
    public var tickSpacing: Int32?

    public init(
        id: UInt64, asset0: String, asset1: String, curve: String, feePips: UInt32, reserve0: String,
        reserve0BaseUnits: String, reserve1: String, reserve1BaseUnits: String, price: String, lpSupply: String?,
        sqrtPriceX96: String?, tick: Int32?, liquidity: String?, tickSpacing: Int32?
    ) {
        self.id = id
        self.asset0 = asset0
        self.asset1 = asset1
        self.curve = curve
        self.feePips = feePips
        self.reserve0 = reserve0
        self.reserve0BaseUnits = reserve0BaseUnits
        self.reserve1 = reserve1
        self.reserve1BaseUnits = reserve1BaseUnits
        self.price = price
        self.lpSupply = lpSupply
        self.sqrtPriceX96 = sqrtPriceX96
        self.tick = tick
        self.liquidity = liquidity
        self.tickSpacing = tickSpacing
    }
}

/// `GET /v1/quote?in=USD&out=BTC&amount=1000`: the best route across pools.
public struct QuoteResponse: Codable, Sendable, Equatable {
    public var assetIn: String
    public var assetOut: String
    public var amountIn: String
    public var amountInBaseUnits: String
    public var expectedOut: String
    public var expectedOutBaseUnits: String
    public var priceImpactBasisPoints: UInt64
    public var legs: [QuoteLegJSON]

    public init(
        assetIn: String, assetOut: String, amountIn: String, amountInBaseUnits: String, expectedOut: String,
        expectedOutBaseUnits: String, priceImpactBasisPoints: UInt64, legs: [QuoteLegJSON]
    ) {
        self.assetIn = assetIn
        self.assetOut = assetOut
        self.amountIn = amountIn
        self.amountInBaseUnits = amountInBaseUnits
        self.expectedOut = expectedOut
        self.expectedOutBaseUnits = expectedOutBaseUnits
        self.priceImpactBasisPoints = priceImpactBasisPoints
        self.legs = legs
    }
}

/// One leg of a quote: its share of the input through one or two pools.
public struct QuoteLegJSON: Codable, Sendable, Equatable {
    /// The venues in order: a pool or a market's book.
    public var venues: [QuoteVenueJSON]
    /// The assets along the path, input first.
    public var path: [String]
    public var amountIn: String
    public var amountInBaseUnits: String
    public var amountOut: String
    public var amountOutBaseUnits: String
    /// The fee of each hop, in that hop's input asset.
    public var fees: [String]

    public init(
        venues: [QuoteVenueJSON], path: [String], amountIn: String, amountInBaseUnits: String, amountOut: String,
        amountOutBaseUnits: String, fees: [String]
    ) {
        self.venues = venues
        self.path = path
        self.amountIn = amountIn
        self.amountInBaseUnits = amountInBaseUnits
        self.amountOut = amountOut
        self.amountOutBaseUnits = amountOutBaseUnits
        self.fees = fees
    }
}

/// A venue of a quote leg.
public struct QuoteVenueJSON: Codable, Sendable, Equatable {
    /// `pool` or `book`.
    public var kind: String
    /// The pool id or the market id.
    public var id: UInt64

    public init(kind: String, id: UInt64) {
        self.kind = kind
        self.id = id
    }

    /// `pool 1` or `book 1`.
    public var label: String { "\(kind) \(id)" }
}
