// JSON shapes of the lending API. Amounts are decimal strings in whole units of the pool's asset;
// rates, utilization and indexes are decimal fractions (`"0.04"` is 4% a year).

/// `GET /v1/lending`
public struct LendingPoolsResponse: Codable, Sendable, Equatable {
    public var pools: [LendingPoolJSON]

    public init(pools: [LendingPoolJSON]) { self.pools = pools }
}

/// `GET /v1/lending/{asset}`: a pool with interest accrued to the latest block.
public struct LendingPoolJSON: Codable, Sendable, Equatable {
    public var asset: String
    /// What suppliers' shares are worth together (cash + borrowed − reserves).
    public var supplied: String
    public var borrowed: String
    /// Held by the pool: available to borrow or withdraw (includes the reserves).
    public var cash: String
    public var reserves: String
    /// Debts written off in liquidations, cumulative: borne by the reserves, then the suppliers.
    public var writtenOff: String
    public var utilization: String
    public var borrowRate: String
    public var supplyRate: String
    public var borrowIndex: String
    public var supplyIndex: String
    public var baseRateBasisPoints: UInt32
    public var slope1BasisPoints: UInt32
    public var slope2BasisPoints: UInt32
    public var kinkUtilizationBasisPoints: UInt32
    public var reserveFactorBasisPoints: UInt32

    public init(
        asset: String, supplied: String, borrowed: String, cash: String, reserves: String, writtenOff: String,
        utilization: String,
        borrowRate: String, supplyRate: String, borrowIndex: String, supplyIndex: String,
        baseRateBasisPoints: UInt32, slope1BasisPoints: UInt32, slope2BasisPoints: UInt32,
        kinkUtilizationBasisPoints: UInt32, reserveFactorBasisPoints: UInt32
    ) {
        self.asset = asset
        self.supplied = supplied
        self.borrowed = borrowed
        self.cash = cash
        self.reserves = reserves
        self.writtenOff = writtenOff
        self.utilization = utilization
        self.borrowRate = borrowRate
        self.supplyRate = supplyRate
        self.borrowIndex = borrowIndex
        self.supplyIndex = supplyIndex
        self.baseRateBasisPoints = baseRateBasisPoints
        self.slope1BasisPoints = slope1BasisPoints
        self.slope2BasisPoints = slope2BasisPoints
        self.kinkUtilizationBasisPoints = kinkUtilizationBasisPoints
        self.reserveFactorBasisPoints = reserveFactorBasisPoints
    }
}

/// `GET /v1/accounts/{address}/lending`: what the account supplied and owes, per pool.
public struct LendingPositionsResponse: Codable, Sendable, Equatable {
    public var address: String
    public var positions: [LendingPositionJSON]

    public init(address: String, positions: [LendingPositionJSON]) {
        self.address = address
        self.positions = positions
    }
}

public struct LendingPositionJSON: Codable, Sendable, Equatable {
    public var asset: String
    /// What the account's shares are worth now.
    public var supplied: String
    public var shares: String
    /// What it owes now, interest included.
    public var debt: String

    public init(asset: String, supplied: String, shares: String, debt: String) {
        self.asset = asset
        self.supplied = supplied
        self.shares = shares
        self.debt = debt
    }
}
