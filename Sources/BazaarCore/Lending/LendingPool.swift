/// The interest-rate curve and reserve factor of a lending pool, set by the chain's market
/// authority. Rates are annual, in basis points.
///
/// The borrow rate at utilization `u` (borrowed ÷ (cash + borrowed)) is `base + slope1 × u / kink`
/// up to the kink, then `base + slope1 + slope2 × (u − kink) / (1 − kink)`.
public struct LendingPoolParameters: Sendable, Hashable {
    public var baseRateBasisPoints: UInt32
    public var slope1BasisPoints: UInt32
    public var slope2BasisPoints: UInt32
    /// The utilization where the steep part starts, in basis points (1 to 9,999).
    public var kinkUtilizationBasisPoints: UInt32
    /// The share of interest kept as the pool's reserve, in basis points (0 to 10,000).
    public var reserveFactorBasisPoints: UInt32

    /// The highest borrow rate a curve may reach: 1,000% a year.
    public static let rateBasisPointsMax: UInt32 = 100_000

    public init(
        baseRateBasisPoints: UInt32 = 0, slope1BasisPoints: UInt32 = 400, slope2BasisPoints: UInt32 = 6_000,
        kinkUtilizationBasisPoints: UInt32 = 8_000, reserveFactorBasisPoints: UInt32 = 1_000
    ) {
        self.baseRateBasisPoints = baseRateBasisPoints
        self.slope1BasisPoints = slope1BasisPoints
        self.slope2BasisPoints = slope2BasisPoints
        self.kinkUtilizationBasisPoints = kinkUtilizationBasisPoints
        self.reserveFactorBasisPoints = reserveFactorBasisPoints
    }

    public var isValid: Bool {
        UInt64(baseRateBasisPoints) + UInt64(slope1BasisPoints) + UInt64(slope2BasisPoints)
            <= UInt64(Self.rateBasisPointsMax)
            && (1...9_999).contains(kinkUtilizationBasisPoints) && reserveFactorBasisPoints <= 10_000
    }

    /// The annual borrow rate as a wad at `utilization` (a wad, at most one). Rounds up.
    func borrowRate(utilization: UInt128) -> UInt128 {
        let base = UInt128(baseRateBasisPoints) * FixedPoint.basisPoint
        let slope1 = UInt128(slope1BasisPoints) * FixedPoint.basisPoint
        let slope2 = UInt128(slope2BasisPoints) * FixedPoint.basisPoint
        let kink = UInt128(kinkUtilizationBasisPoints) * FixedPoint.basisPoint
        if utilization <= kink { return base + FixedPoint.mulDiv(slope1, utilization, kink, .up)! }
        let excess = min(utilization, FixedPoint.one) - kink
        return base + slope1 + FixedPoint.mulDiv(slope2, excess, FixedPoint.one - kink, .up)!
    }
}

/// A lending pool of one asset: the cash it holds, what it has lent, and the indexes that turn
/// suppliers' shares and borrowers' scaled debts into amounts.
///
/// Suppliers own `totalShares`, worth `supplierAssets` = cash + borrowed − reserves. A borrower's
/// debt is `scaledDebt × borrowIndex` (a wad), rounded up; the pool counts its total borrowed
/// rounded down, so the sum of debts is never less than what suppliers are owed from them.
public struct LendingPool: Sendable, Hashable, HoldsFunds {
    public var asset: AssetSymbol
    public var parameters: LendingPoolParameters
    /// What the pool holds: supplied, not lent out, plus repayments and reserves.
    public var cash: Amount
    /// Suppliers' shares.
    public var totalShares: UInt128
    /// The sum of borrowers' scaled debts.
    public var totalScaledDebt: UInt128
    /// Debt per unit of scaled debt, a wad; starts at one and only grows.
    public var borrowIndex: UInt128
    /// Interest kept for the protocol (part of the pool's assets, not owed to suppliers).
    public var reserves: Amount
    /// The block time interest was last accrued to.
    public var lastAccrualMilliseconds: UInt64
    /// Debts written off because neither the borrower nor the insurance fund could pay them,
    /// cumulative: a loss the reserves, then the suppliers, bore.
    public var writtenOff: Amount

    public init(asset: AssetSymbol, parameters: LendingPoolParameters, timeMilliseconds: UInt64) {
        self.asset = asset
        self.parameters = parameters
        self.cash = .zero
        self.totalShares = 0
        self.totalScaledDebt = 0
        self.borrowIndex = FixedPoint.one
        self.reserves = .zero
        self.lastAccrualMilliseconds = timeMilliseconds
        self.writtenOff = .zero
    }

    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] { [(asset, cash)] }

    /// The pool bound: cash plus the total debt rounded up stays at most 2¹²⁷ − 1 base units.
    /// Supplies and borrows that would pass it fail with `amount_overflow`, and interest stops
    /// accruing at the last index within it (``accrued(to:)``). A repayment can add rounding
    /// dust past it (at most ⌈index⌉ + 1 base units each), which leaves 2¹²⁷ of headroom below
    /// 2¹²⁸: so every figure derived from the pool — what borrowers owe, what suppliers own,
    /// each debt and each share's value — fits in 128 bits, and those accessors need no
    /// fallback values.
    public static let assetsMax = UInt128(Int128.max)

    /// Whether `cash` and a total scaled debt of `totalScaledDebt` at `borrowIndex` are within
    /// the pool bound.
    func isWithinBound(cash: Amount, totalScaledDebt: UInt128, borrowIndex: UInt128) -> Bool {
        guard let owed = FixedPoint.mulDiv(totalScaledDebt, borrowIndex, FixedPoint.one, .up) else { return false }
        let (total, overflow) = cash.baseUnits.addingReportingOverflow(owed)
        return !overflow && total <= Self.assetsMax
    }

    /// What borrowers owe in total, rounded down.
    public var borrowed: Amount {
        // At most the total rounded up, which the pool bound keeps within 128 bits.
        Amount(baseUnits: FixedPoint.mulDiv(totalScaledDebt, borrowIndex, FixedPoint.one, .down)!)
    }

    /// What suppliers' shares are worth together: cash plus borrowed minus reserves.
    public var supplierAssets: Amount {
        // Cash plus borrowed is within the pool bound (plus repayment dust), and the reserves
        // never exceed it (`LendingState.checkInvariants`: accrual adds to them at most the
        // interest, write-offs take from them first).
        let total = cash.adding(borrowed)!
        guard let assets = total.subtracting(reserves) else {
            preconditionFailure("lending pool \(asset): reserves exceed cash plus borrowed")
        }
        return assets
    }

    /// Borrowed ÷ (cash + borrowed), a wad rounded down; zero for an empty pool.
    public var utilization: UInt128 {
        let borrowed = self.borrowed.baseUnits
        // Within the pool bound (see `supplierAssets`).
        let total = cash.baseUnits + borrowed
        guard total > 0 else { return 0 }
        return FixedPoint.mulDiv(borrowed, FixedPoint.one, total, .down)!
    }

    /// The annual borrow rate now, a wad.
    public var borrowRate: UInt128 { parameters.borrowRate(utilization: utilization) }

    /// The annual rate suppliers earn now, a wad: borrow rate × utilization × (1 − reserve factor), rounded down.
    public var supplyRate: UInt128 {
        let gross = FixedPoint.mulDiv(borrowRate, utilization, FixedPoint.one, .down)!
        return FixedPoint.mulDiv(gross, UInt128(10_000 - parameters.reserveFactorBasisPoints), 10_000, .down)!
    }

    /// Supplier assets per share, a wad rounded down (one for a pool without shares), for
    /// display; exact at 256 bits, since a share may be worth more than 2¹²⁸ / 10¹⁸ base units
    /// (a pool whose suppliers lost almost everything and then earned interest).
    public var supplyIndex: UInt256 {
        guard totalShares > 0 else { return UInt256(FixedPoint.one) }
        // supplierAssets × 10¹⁸ < 2¹⁸⁸: the quotient fits.
        return UInt256.mulDiv(UInt256(supplierAssets.baseUnits), UInt256(FixedPoint.one), UInt256(totalShares))!
    }

    /// The debt of `scaledDebt`, rounded up (in the pool's favour).
    ///
    /// - Precondition: `scaledDebt ≤ totalScaledDebt` (one position's or a part of one).
    public func debt(scaledDebt: UInt128) -> Amount {
        precondition(scaledDebt <= totalScaledDebt, "a debt larger than the pool's total")
        // At most the total rounded up, within the pool bound.
        return Amount(baseUnits: FixedPoint.mulDiv(scaledDebt, borrowIndex, FixedPoint.one, .up)!)
    }

    /// What `shares` are worth, rounded down (in the pool's favour).
    ///
    /// - Precondition: `shares ≤ totalShares`.
    public func value(shares: UInt128) -> Amount {
        precondition(shares <= totalShares, "more shares than the pool has")
        guard totalShares > 0 else { return .zero }
        // shares ≤ totalShares: at most the supplier assets.
        return Amount(baseUnits: FixedPoint.mulDiv(shares, supplierAssets.baseUnits, totalShares, .down)!)
    }

    /// The pool with interest accrued from its last accrual to `now`, and the interest added:
    /// the borrow index grows by `rate × elapsed / year` (both roundings up), and the reserve
    /// takes its factor of the interest (rounded down). Idempotent within one block time.
    ///
    /// A growth that would take the pool past its bound (``assetsMax``) is not applied: the
    /// time passes without interest. That is the documented bound of lending (at the highest
    /// rate, 1,000% a year, a debt needs decades to grow from any realistic size to 2¹²⁷ base
    /// units); docs/ORACLE_AND_LENDING.md.
    public func accrued(to now: UInt64) -> (pool: LendingPool, interest: Amount) {
        var pool = self
        guard now > lastAccrualMilliseconds else { return (pool, .zero) }
        pool.lastAccrualMilliseconds = now
        guard totalScaledDebt > 0 else { return (pool, .zero) }
        let elapsed = UInt128(now - lastAccrualMilliseconds)
        guard let growth = FixedPoint.mulDiv(borrowRate, elapsed, FixedPoint.yearMilliseconds, .up),
            growth <= UInt128.max - FixedPoint.one,
            let index = FixedPoint.mulDiv(borrowIndex, FixedPoint.one + growth, FixedPoint.one, .up),
            isWithinBound(cash: cash, totalScaledDebt: totalScaledDebt, borrowIndex: index)
        else { return (pool, .zero) }
        let before = borrowed
        pool.borrowIndex = index
        // The index only grows, so what borrowers owe does not fall.
        let interest = pool.borrowed.subtracting(before)!
        let reserve = FixedPoint.mulDiv(
            interest.baseUnits, UInt128(parameters.reserveFactorBasisPoints), 10_000, .down)!
        // The reserve takes part of the interest: reserves stay within cash plus borrowed.
        pool.reserves = pool.reserves.adding(Amount(baseUnits: reserve))!
        return (pool, interest)
    }
}

/// An account's place in one pool: its supply shares and its scaled debt.
public struct LendingPosition: Sendable, Hashable {
    public var shares: UInt128
    public var scaledDebt: UInt128

    public init(shares: UInt128 = 0, scaledDebt: UInt128 = 0) {
        self.shares = shares
        self.scaledDebt = scaledDebt
    }

    public var isEmpty: Bool { shares == 0 && scaledDebt == 0 }
}

/// The key of a position: one row per account and pool.
public struct LendingPositionKey: Sendable, Hashable, Comparable {
    public var account: AccountID
    public var asset: AssetSymbol

    public init(account: AccountID, asset: AssetSymbol) {
        self.account = account
        self.asset = asset
    }

    public static func < (lhs: LendingPositionKey, rhs: LendingPositionKey) -> Bool {
        (lhs.account, lhs.asset) < (rhs.account, rhs.asset)
    }
}

extension LendingPoolParameters: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(baseRateBasisPoints)
        writer.write(slope1BasisPoints)
        writer.write(slope2BasisPoints)
        writer.write(kinkUtilizationBasisPoints)
        writer.write(reserveFactorBasisPoints)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        baseRateBasisPoints = try reader.read(UInt32.self)
        slope1BasisPoints = try reader.read(UInt32.self)
        slope2BasisPoints = try reader.read(UInt32.self)
        kinkUtilizationBasisPoints = try reader.read(UInt32.self)
        reserveFactorBasisPoints = try reader.read(UInt32.self)
    }
}

extension LendingPool: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(asset)
        writer.write(parameters)
        writer.write(cash)
        writer.write(totalShares)
        writer.write(totalScaledDebt)
        writer.write(borrowIndex)
        writer.write(reserves)
        writer.write(lastAccrualMilliseconds)
        writer.write(writtenOff)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        asset = try reader.read(AssetSymbol.self)
        parameters = try reader.read(LendingPoolParameters.self)
        cash = try reader.read(Amount.self)
        totalShares = try reader.read(UInt128.self)
        totalScaledDebt = try reader.read(UInt128.self)
        borrowIndex = try reader.read(UInt128.self)
        reserves = try reader.read(Amount.self)
        lastAccrualMilliseconds = try reader.read(UInt64.self)
        writtenOff = try reader.read(Amount.self)
    }
}

extension LendingPosition: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(shares)
        writer.write(scaledDebt)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        shares = try reader.read(UInt128.self)
        scaledDebt = try reader.read(UInt128.self)
    }
}

extension LendingPositionKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(account)
        writer.write(asset)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        account = try reader.read(AccountID.self)
        asset = try reader.read(AssetSymbol.self)
    }
}
