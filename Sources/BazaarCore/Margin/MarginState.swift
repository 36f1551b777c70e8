/// The ledger state of margin accounts, perpetual markets and positions, and the insurance fund.
///
/// Money model (docs/MARGIN.md): everything deposited into margin sits in the module's `vault`, by
/// asset; each margin account holds *claims* on it (`MarginAccount.collateral`). Claims on the
/// oracle's quote asset may be negative (realized losses and funding not yet covered); claims on
/// other assets never are. The insurance fund is the margin account `MarginState.insuranceFund`.
/// The conservation identity, checked by `checkInvariants`, is, for every asset:
/// `vault = Σ claims + Σ position cash flows − recorded bad debt`.
public struct MarginState: LedgerModule {
    /// The margin account of the insurance fund: liquidation penalties and perpetual fees come in,
    /// bankrupt accounts' deficits go out, and it takes over what the book cannot absorb.
    public static let insuranceFund = AccountID(validating: [UInt8](repeating: 0, count: AccountID.byteCount))!

    /// What the module holds of each asset (the funds behind every claim).
    public internal(set) var vault: LedgerTable<AssetSymbol, VaultBalance>
    /// Collateral weights of the assets margin accepts.
    public internal(set) var collateralAssets: LedgerTable<AssetSymbol, CollateralAsset>
    /// Margin accounts by owner, the insurance fund included.
    public internal(set) var accounts: LedgerTable<AccountID, MarginAccount>
    /// Perpetual markets (their books are ordinary continuous markets) by market id.
    public internal(set) var perpetuals: LedgerTable<MarketID, Perpetual>
    /// Close factor and penalty (one row, key 0; defaults until the authority sets them).
    public internal(set) var settings: LedgerTable<UInt8, LiquidationSettings>
    /// Deficits nobody could cover, by asset, cumulative: claims written off, never hidden.
    public internal(set) var badDebt: LedgerTable<AssetSymbol, Amount>
    /// Option series (their books are ordinary continuous markets) by market id, settled ones
    /// included (docs/OPTIONS.md).
    public internal(set) var optionSeries: LedgerTable<MarketID, OptionSeries>

    public init() {
        self.init(
            vault: LedgerTable(), collateralAssets: LedgerTable(), accounts: LedgerTable(), perpetuals: LedgerTable(),
            settings: LedgerTable(), badDebt: LedgerTable(), optionSeries: LedgerTable())
    }

    init(
        vault: LedgerTable<AssetSymbol, VaultBalance>, collateralAssets: LedgerTable<AssetSymbol, CollateralAsset>,
        accounts: LedgerTable<AccountID, MarginAccount>, perpetuals: LedgerTable<MarketID, Perpetual>,
        settings: LedgerTable<UInt8, LiquidationSettings>, badDebt: LedgerTable<AssetSymbol, Amount>,
        optionSeries: LedgerTable<MarketID, OptionSeries>
    ) {
        self.vault = vault
        self.collateralAssets = collateralAssets
        self.accounts = accounts
        self.perpetuals = perpetuals
        self.settings = settings
        self.badDebt = badDebt
        self.optionSeries = optionSeries
    }

    /// The liquidation settings in force.
    public var liquidationSettings: LiquidationSettings { settings[0] ?? LiquidationSettings() }

    mutating func beginTransaction() {
        vault.beginTransaction()
        collateralAssets.beginTransaction()
        accounts.beginTransaction()
        perpetuals.beginTransaction()
        settings.beginTransaction()
        badDebt.beginTransaction()
        optionSeries.beginTransaction()
    }

    mutating func commitTransaction() {
        vault.commitTransaction()
        collateralAssets.commitTransaction()
        accounts.commitTransaction()
        perpetuals.commitTransaction()
        settings.commitTransaction()
        badDebt.commitTransaction()
        optionSeries.commitTransaction()
    }

    mutating func rollBackTransaction() {
        vault.rollBackTransaction()
        collateralAssets.rollBackTransaction()
        accounts.rollBackTransaction()
        perpetuals.rollBackTransaction()
        settings.rollBackTransaction()
        badDebt.rollBackTransaction()
        optionSeries.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        vault.resetBlockJournal()
        collateralAssets.resetBlockJournal()
        accounts.resetBlockJournal()
        perpetuals.resetBlockJournal()
        settings.resetBlockJournal()
        badDebt.resetBlockJournal()
        optionSeries.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        vault.writeBlockChanges(to: &writer)
        collateralAssets.writeBlockChanges(to: &writer)
        accounts.writeBlockChanges(to: &writer)
        perpetuals.writeBlockChanges(to: &writer)
        settings.writeBlockChanges(to: &writer)
        badDebt.writeBlockChanges(to: &writer)
        optionSeries.writeBlockChanges(to: &writer)
    }

    func addHoldings(to held: inout [AssetSymbol: UInt128]) { vault.addHoldings(to: &held) }

    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        vault.addBlockHoldings(before: &before, after: &after)
    }

    /// For every asset: the vault equals the sum of all claims plus every perpetual position's
    /// cash flow minus the recorded bad debt (perpetual PnL and funding move between accounts,
    /// never out of the vault; an option's premium is paid in claims at the trade, so an option
    /// position's cash is bookkeeping only); open interest balances (longs = shorts in every
    /// perpetual and option series); a settled series has no position; no non-quote claim is
    /// negative.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        for book in state.markets where book.market.isPerpetual != (perpetuals[book.market.id] != nil) {
            throw InvariantViolation(description: "market \(book.market.id) and the perpetuals disagree")
        }
        for book in state.markets where book.market.option != optionSeries[book.market.id]?.terms {
            throw InvariantViolation(description: "market \(book.market.id) and the option series disagree")
        }
        var claims: [AssetSymbol: Int128] = [:]
        var sizes: [MarketID: Int128] = [:]
        var longs: [MarketID: Int128] = [:]
        let quote = state.derivatives.oracle.quoteAsset
        for (id, account) in accounts.rows {
            for (asset, amount) in account.collateral {
                guard amount >= 0 || asset == quote else {
                    throw InvariantViolation(description: "margin account \(id) owes \(asset)")
                }
                claims[asset, default: 0] += amount
            }
            for (market, position) in account.positions {
                guard position.size != 0 else { throw InvariantViolation(description: "empty position of \(id)") }
                sizes[market, default: 0] += position.size
                longs[market, default: 0] += max(position.size, 0)
                if let perpetual = perpetuals[market] {
                    claims[perpetual.quote, default: 0] += position.cash
                } else if let series = optionSeries[market] {
                    guard series.settlement == nil else {
                        throw InvariantViolation(description: "position of \(id) in settled series \(market)")
                    }
                } else {
                    throw InvariantViolation(description: "position of \(id) in \(market), which is no margin market")
                }
            }
        }
        for (asset, debt) in badDebt.rows { claims[asset, default: 0] -= Int128(debt.baseUnits) }
        for market in sizes.keys.sorted() where sizes[market] != 0 {
            throw InvariantViolation(description: "longs and shorts of market \(market) differ by \(sizes[market]!)")
        }
        // Open interest is the total long size, in perpetuals and option series alike (trades,
        // liquidations, take-overs and deleveraging all keep it).
        for (market, perpetual) in perpetuals.rows.sorted(by: { $0.key < $1.key })
        where perpetual.openInterest != longs[market] ?? 0 {
            throw InvariantViolation(
                description: "open interest of \(market) is \(perpetual.openInterest), longs \(longs[market] ?? 0)")
        }
        for (market, series) in optionSeries.rows.sorted(by: { $0.key < $1.key })
        where series.openInterest != longs[market] ?? 0 {
            throw InvariantViolation(
                description: "open interest of series \(market) is \(series.openInterest), longs \(longs[market] ?? 0)")
        }
        var assets = Set(claims.keys)
        assets.formUnion(vault.rows.keys)
        for asset in assets.sorted() {
            let held = Int128(vault[asset]?.amount.baseUnits ?? 0)
            guard held == claims[asset] ?? 0 else {
                throw InvariantViolation(
                    description: "margin vault holds \(held) \(asset) for claims of \(claims[asset] ?? 0)")
            }
        }
    }
}

/// What the margin vault holds of one asset.
public struct VaultBalance: Sendable, Hashable, HoldsFunds {
    public var asset: AssetSymbol
    public var amount: Amount

    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] { [(asset, amount)] }
}

/// An asset margin accepts as collateral.
public struct CollateralAsset: Sendable, Hashable {
    /// The share of the asset's oracle value that counts towards equity, in basis points (≤ 10,000).
    public var weightBasisPoints: UInt16
}

/// The liquidation engine's settings.
public struct LiquidationSettings: Sendable, Hashable {
    /// The share of a position the first, partial liquidation closes, in basis points.
    public var closeFactorBasisPoints: UInt16 = 5_000
    /// The penalty on liquidated notional, to the insurance fund, and how far from the oracle
    /// price a liquidation may execute, in basis points.
    public var penaltyBasisPoints: UInt16 = 100
}

/// A perpetual market's margin and funding rules and state; its book is the continuous market
/// with the same id (base = the underlying, priced by the oracle; quote = the oracle's quote).
public struct Perpetual: Sendable, Hashable {
    public var market: MarketID
    public var base: AssetSymbol
    public var quote: AssetSymbol
    /// Initial margin as a fraction of notional, basis points (10,000 / leverage limit).
    public var initialBasisPoints: UInt16
    /// Maintenance margin, basis points (≤ initial).
    public var maintenanceBasisPoints: UInt16
    /// Funding is paid every this many milliseconds of block time.
    public var fundingIntervalMilliseconds: UInt64
    /// The funding rate (per 8 hours, parts per million) is clamped to ±this.
    public var fundingClampPPM: UInt32
    /// The size, in lots, whose average execution price is the impact bid or ask.
    public var impactLots: Int64
    /// The cumulative funding index (dYdX arithmetic: ppm-scaled quote units per base unit).
    public var fundingIndex: Int128
    /// The block time of the last funding.
    public var lastFundingMilliseconds: UInt64
    /// The last funding rate applied (per 8 hours, ppm).
    public var lastFundingRatePPM: Int64
    /// Total long size in base units (= total short size).
    public var openInterest: Int128
}

/// One account's margin: its collateral claims and its perpetual positions.
public struct MarginAccount: Sendable, Hashable {
    /// Claims on the vault by asset; only the quote asset may be negative; no zero entries.
    public var collateral: [AssetSymbol: Int128] = [:]
    /// Open positions by market; no zero sizes.
    public var positions: [MarketID: Position] = [:]

    public init(collateral: [AssetSymbol: Int128] = [:], positions: [MarketID: Position] = [:]) {
        self.collateral = collateral
        self.positions = positions
    }

    public func claim(_ asset: AssetSymbol) -> Int128 { collateral[asset] ?? 0 }

    mutating func addClaim(_ amount: Int128, _ asset: AssetSymbol) {
        let sum = claim(asset) + amount
        collateral[asset] = sum == 0 ? nil : sum
    }

    public var isEmpty: Bool { collateral.isEmpty && positions.isEmpty }
}

/// A perpetual position: signed size in base units of the underlying (long > 0) and the quote
/// cash flow of its open part (−size × entry price): equity counts `cash + size × price`.
public struct Position: Sendable, Hashable {
    public var size: Int128
    public var cash: Int128
    /// PnL realized since the position opened (closed parts, funding and fees), quote units.
    public var realized: Int128

    public init(size: Int128, cash: Int128, realized: Int128 = 0) {
        self.size = size
        self.cash = cash
        self.realized = realized
    }
}

// MARK: - Encoding

extension VaultBalance: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(asset)
        writer.write(amount)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        asset = try reader.read(AssetSymbol.self)
        amount = try reader.read(Amount.self)
    }
}

extension CollateralAsset: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(weightBasisPoints) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        weightBasisPoints = try reader.read(UInt16.self)
    }
}

extension LiquidationSettings: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(closeFactorBasisPoints)
        writer.write(penaltyBasisPoints)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        closeFactorBasisPoints = try reader.read(UInt16.self)
        penaltyBasisPoints = try reader.read(UInt16.self)
    }
}

extension Perpetual: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(market)
        writer.write(base)
        writer.write(quote)
        writer.write(initialBasisPoints)
        writer.write(maintenanceBasisPoints)
        writer.write(fundingIntervalMilliseconds)
        writer.write(fundingClampPPM)
        writer.write(UInt64(bitPattern: impactLots))
        writer.write(fundingIndex)
        writer.write(lastFundingMilliseconds)
        writer.write(UInt64(bitPattern: lastFundingRatePPM))
        writer.write(openInterest)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        market = try reader.read(MarketID.self)
        base = try reader.read(AssetSymbol.self)
        quote = try reader.read(AssetSymbol.self)
        initialBasisPoints = try reader.read(UInt16.self)
        maintenanceBasisPoints = try reader.read(UInt16.self)
        fundingIntervalMilliseconds = try reader.read(UInt64.self)
        fundingClampPPM = try reader.read(UInt32.self)
        impactLots = Int64(bitPattern: try reader.read(UInt64.self))
        fundingIndex = try reader.read(Int128.self)
        lastFundingMilliseconds = try reader.read(UInt64.self)
        lastFundingRatePPM = Int64(bitPattern: try reader.read(UInt64.self))
        openInterest = try reader.read(Int128.self)
    }
}

extension Position: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(size)
        writer.write(cash)
        writer.write(realized)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        size = try reader.read(Int128.self)
        cash = try reader.read(Int128.self)
        realized = try reader.read(Int128.self)
    }
}

extension MarginAccount: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        let assets = collateral.keys.sorted()
        writer.write(UInt32(assets.count))
        for asset in assets {
            writer.write(asset)
            writer.write(collateral[asset]!)
        }
        let markets = positions.keys.sorted()
        writer.write(UInt32(markets.count))
        for market in markets {
            writer.write(market)
            writer.write(positions[market]!)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let assetCount = try reader.read(UInt32.self)
        guard Int(assetCount) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(assetCount)) }
        var previousAsset: AssetSymbol?
        for _ in 0..<assetCount {
            let asset = try reader.read(AssetSymbol.self)
            let amount = try reader.read(Int128.self)
            guard previousAsset.map({ $0 < asset }) ?? true, amount != 0 else {
                throw reader.error(.invalidValue("collateral out of order or zero"))
            }
            collateral[asset] = amount
            previousAsset = asset
        }
        let marketCount = try reader.read(UInt32.self)
        guard Int(marketCount) <= reader.remainingCount else { throw reader.error(.lengthTooLarge(marketCount)) }
        var previousMarket: MarketID?
        for _ in 0..<marketCount {
            let market = try reader.read(MarketID.self)
            let position = try reader.read(Position.self)
            guard previousMarket.map({ $0 < market }) ?? true, position.size != 0 else {
                throw reader.error(.invalidValue("positions out of order or empty"))
            }
            positions[market] = position
            previousMarket = market
        }
    }
}

extension MarginState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(vault)
        writer.write(collateralAssets)
        writer.write(accounts)
        writer.write(perpetuals)
        writer.write(settings)
        writer.write(badDebt)
        writer.write(optionSeries)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            vault: try reader.read(LedgerTable.self), collateralAssets: try reader.read(LedgerTable.self),
            accounts: try reader.read(LedgerTable.self), perpetuals: try reader.read(LedgerTable.self),
            settings: try reader.read(LedgerTable.self), badDebt: try reader.read(LedgerTable.self),
            optionSeries: try reader.read(LedgerTable.self))
    }
}
