// JSON shapes of the margin and perpetuals API. Amounts are decimal strings in whole units of
// their asset (signed where they may be negative); prices are whole quote units per whole unit
// of the underlying.
internal import BazaarCore

/// `GET /v1/accounts/{address}/margin`
public struct MarginAccountResponse: Codable, Sendable, Equatable {
    public var address: String
    /// The asset every figure below is valued in (the oracle's quote asset).
    public var quoteAsset: String?
    /// Weighted collateral plus unrealized PnL minus debts; may be negative.
    public var equity: String
    public var initialRequirement: String
    public var maintenanceRequirement: String
    public var weightedCollateral: String
    public var debtValue: String
    /// (equity + debts) / (maintenance requirement + debts): below 1 the account is liquidated;
    /// null when there is nothing to maintain.
    public var healthFactor: String?
    public var collateral: [MarginCollateralJSON]
    public var positions: [PositionJSON]
    /// Option positions (docs/OPTIONS.md).
    public var optionPositions: [OptionPositionJSON]
    public var debts: [BalanceJSON]
    /// Net Greeks per underlying of the option and perpetual positions (docs/OPTIONS.md, "Greeks,
    /// option chain and the command line"); absent when a figure does not fit.
    public var greeks: [AccountGreeksJSON]?

    public init(
        address: String, quoteAsset: String?, equity: String, initialRequirement: String,
        maintenanceRequirement: String, weightedCollateral: String, debtValue: String, healthFactor: String?,
        collateral: [MarginCollateralJSON], positions: [PositionJSON], optionPositions: [OptionPositionJSON] = [],
        debts: [BalanceJSON], greeks: [AccountGreeksJSON]? = nil
    ) {
        self.address = address
        self.quoteAsset = quoteAsset
        self.equity = equity
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
        self.weightedCollateral = weightedCollateral
        self.debtValue = debtValue
        self.healthFactor = healthFactor
        self.collateral = collateral
        self.positions = positions
        self.optionPositions = optionPositions
        self.debts = debts
        self.greeks = greeks
    }
}

/// An option position; premiums and prices are whole quote units per whole unit of the underlying.
public struct OptionPositionJSON: Codable, Sendable, Equatable {
    public var marketId: UInt32
    /// The series' name, e.g. `BTC-20270101-70000-C`.
    public var market: String
    /// Signed: positive is long, in whole units of the underlying.
    public var size: String
    public var averageEntryPremium: String
    public var markPrice: String
    public var unrealizedPnl: String
    public var realizedPnl: String
    public var initialRequirement: String
    public var maintenanceRequirement: String

    public init(
        marketId: UInt32, market: String, size: String, averageEntryPremium: String, markPrice: String,
        unrealizedPnl: String, realizedPnl: String, initialRequirement: String, maintenanceRequirement: String
    ) {
        self.marketId = marketId
        self.market = market
        self.size = size
        self.averageEntryPremium = averageEntryPremium
        self.markPrice = markPrice
        self.unrealizedPnl = unrealizedPnl
        self.realizedPnl = realizedPnl
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
    }
}

/// One option series of `GET /v1/options`; prices are whole quote units per whole unit of the
/// underlying, sizes whole units of the underlying.
public struct OptionSeriesJSON: Codable, Sendable, Equatable {
    public var marketId: UInt32
    /// `UNDERLYING-YYYYMMDD-STRIKE-C|P`.
    public var market: String
    public var underlying: String
    public var quote: String
    /// `call` or `put`.
    public var kind: String
    public var strike: String
    public var strikeStep: String
    public var expiryMs: UInt64
    /// ISO 8601, UTC.
    public var expiry: String
    public var contractSize: String
    /// `trading`, `expired` (at or past its expiry, awaiting settlement) or `settled`.
    public var status: String
    /// The series' mark (interim: intrinsic value clamped by the book); absent without a price.
    public var markPrice: String?
    public var openInterest: String
    /// The settlement price (the underlying's TWAP before expiry); present once settled.
    public var settlementPrice: String?

    public init(
        marketId: UInt32, market: String, underlying: String, quote: String, kind: String, strike: String,
        strikeStep: String, expiryMs: UInt64, expiry: String, contractSize: String, status: String,
        markPrice: String?, openInterest: String, settlementPrice: String?
    ) {
        self.marketId = marketId
        self.market = market
        self.underlying = underlying
        self.quote = quote
        self.kind = kind
        self.strike = strike
        self.strikeStep = strikeStep
        self.expiryMs = expiryMs
        self.expiry = expiry
        self.contractSize = contractSize
        self.status = status
        self.markPrice = markPrice
        self.openInterest = openInterest
        self.settlementPrice = settlementPrice
    }
}

/// `GET /v1/options`
public struct OptionsResponse: Codable, Sendable, Equatable {
    public var options: [OptionSeriesJSON]

    public init(options: [OptionSeriesJSON]) { self.options = options }
}

public struct MarginCollateralJSON: Codable, Sendable, Equatable {
    public var asset: String
    public var amount: String
    /// The share of the value that counts, e.g. `"0.8"`.
    public var weight: String
    public var value: String

    public init(asset: String, amount: String, weight: String, value: String) {
        self.asset = asset
        self.amount = amount
        self.weight = weight
        self.value = value
    }
}

public struct PositionJSON: Codable, Sendable, Equatable {
    public var marketId: UInt32
    /// `BASE-PERP`.
    public var market: String
    /// Signed: positive is long, in whole units of the underlying.
    public var size: String
    public var entryPrice: String
    public var markPrice: String
    public var unrealizedPnl: String
    public var realizedPnl: String
    public var initialRequirement: String
    public var maintenanceRequirement: String
    /// The mark price at which the account reaches its maintenance requirement; null if none.
    public var liquidationPrice: String?

    public init(
        marketId: UInt32, market: String, size: String, entryPrice: String, markPrice: String, unrealizedPnl: String,
        realizedPnl: String, initialRequirement: String, maintenanceRequirement: String, liquidationPrice: String?
    ) {
        self.marketId = marketId
        self.market = market
        self.size = size
        self.entryPrice = entryPrice
        self.markPrice = markPrice
        self.unrealizedPnl = unrealizedPnl
        self.realizedPnl = realizedPnl
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
        self.liquidationPrice = liquidationPrice
    }
}

/// `GET /v1/markets/{market}/funding`
public struct FundingResponse: Codable, Sendable, Equatable {
    public var marketId: UInt32
    public var market: String
    /// Initial and maintenance margin as fractions of notional, e.g. `"0.1"` (10× leverage).
    public var initialMargin: String
    public var maintenanceMargin: String
    public var maxLeverage: String
    public var fundingIntervalSeconds: String
    /// The last funding rate per 8 hours, as a fraction (e.g. `"0.0001"`), and in ppm.
    public var lastFundingRate: String
    public var lastFundingRatePpm: Int64
    /// The rate the book would pay now (premium of impact bid/ask over the index), clamped.
    public var predictedFundingRatePpm: Int64
    public var fundingIndex: String
    public var lastFundingTime: String
    public var nextFundingTime: String
    public var indexPrice: String?
    /// The oracle price clamped between the impact bid and ask: what positions are valued at.
    public var markPrice: String?
    public var impactBid: String?
    public var impactAsk: String?
    /// Total long size (= total short size), whole units of the underlying.
    public var openInterest: String

    public init(
        marketId: UInt32, market: String, initialMargin: String, maintenanceMargin: String, maxLeverage: String,
        fundingIntervalSeconds: String, lastFundingRate: String, lastFundingRatePpm: Int64,
        predictedFundingRatePpm: Int64, fundingIndex: String, lastFundingTime: String, nextFundingTime: String,
        indexPrice: String?, markPrice: String?, impactBid: String?, impactAsk: String?, openInterest: String
    ) {
        self.marketId = marketId
        self.market = market
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.maxLeverage = maxLeverage
        self.fundingIntervalSeconds = fundingIntervalSeconds
        self.lastFundingRate = lastFundingRate
        self.lastFundingRatePpm = lastFundingRatePpm
        self.predictedFundingRatePpm = predictedFundingRatePpm
        self.fundingIndex = fundingIndex
        self.lastFundingTime = lastFundingTime
        self.nextFundingTime = nextFundingTime
        self.indexPrice = indexPrice
        self.markPrice = markPrice
        self.impactBid = impactBid
        self.impactAsk = impactAsk
        self.openInterest = openInterest
    }
}

/// Decimal strings of margin figures.
public enum MarginFormat {
    /// A signed amount of base units as a decimal in whole units.
    public static func signed(_ value: Int128, decimals: UInt8) -> String {
        let text = Amount(baseUnits: value.magnitude).formatted(decimals: decimals)
        return value < 0 ? "-" + text : text
    }

    public static func unsigned(_ value: UInt128, decimals: UInt8) -> String {
        Amount(baseUnits: value).formatted(decimals: decimals)
    }

    /// A fraction in basis points, e.g. 8,000 → `"0.8"`.
    public static func basisPoints(_ value: UInt16) -> String { unsigned(UInt128(value), decimals: 4) }

    /// A signed fraction in parts per million.
    public static func ppm(_ value: Int64) -> String { signed(Int128(value), decimals: 6) }
}

/// `GET /v1/perpetuals`
public struct PerpetualsResponse: Codable, Sendable, Equatable {
    public var perpetuals: [FundingResponse]

    public init(perpetuals: [FundingResponse]) { self.perpetuals = perpetuals }
}

/// One portfolio margin scenario and the PnL of an underlying's positions in it.
public struct MarginScenarioJSON: Codable, Sendable, Equatable {
    /// The spot move as a fraction of the oracle price, e.g. `"-0.15"`.
    public var spotShock: String
    /// `up`, `unchanged` or `down` (relative, scaled by each series' time to expiry).
    public var volatilityShock: String
    /// A dampened tail scenario, its PnL counted at a third.
    public var tail: Bool
    /// Quote asset, whole units, a tail's already divided.
    public var pnl: String

    public init(spotShock: String, volatilityShock: String, tail: Bool, pnl: String) {
        self.spotShock = spotShock
        self.volatilityShock = volatilityShock
        self.tail = tail
        self.pnl = pnl
    }
}

/// One underlying margined by scenarios (docs/OPTIONS.md, "Portfolio margin").
public struct PortfolioMarginJSON: Codable, Sendable, Equatable {
    public var underlying: String
    /// The oracle price the shocks apply to.
    public var spot: String
    public var scenarios: [MarginScenarioJSON]
    /// Index into `scenarios` of the worst one.
    public var worstScenario: Int
    public var worstLoss: String
    public var shortOptionAddOn: String
    public var initialRequirement: String
    public var maintenanceRequirement: String

    public init(
        underlying: String, spot: String, scenarios: [MarginScenarioJSON], worstScenario: Int, worstLoss: String,
        shortOptionAddOn: String, initialRequirement: String, maintenanceRequirement: String
    ) {
        self.underlying = underlying
        self.spot = spot
        self.scenarios = scenarios
        self.worstScenario = worstScenario
        self.worstLoss = worstLoss
        self.shortOptionAddOn = shortOptionAddOn
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
    }
}

/// `GET /v1/accounts/{address}/margin/scenarios` and `POST /v1/margin/simulate`.
public struct MarginScenariosResponse: Codable, Sendable, Equatable {
    /// The account; null for a simulation without one.
    public var address: String?
    public var quoteAsset: String?
    public var equity: String
    /// The account's total requirements: scenario underlyings plus perpetual rules elsewhere.
    public var initialRequirement: String
    public var maintenanceRequirement: String
    public var dependsOnStalePrice: Bool
    /// Each underlying in which the account holds an option.
    public var underlyings: [PortfolioMarginJSON]

    public init(
        address: String?, quoteAsset: String?, equity: String, initialRequirement: String,
        maintenanceRequirement: String, dependsOnStalePrice: Bool, underlyings: [PortfolioMarginJSON]
    ) {
        self.address = address
        self.quoteAsset = quoteAsset
        self.equity = equity
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
        self.dependsOnStalePrice = dependsOnStalePrice
        self.underlyings = underlyings
    }
}

/// `POST /v1/margin/simulate`: hypothetical positions, optionally added to an account's holdings.
public struct MarginSimulationRequest: Codable, Sendable, Equatable {
    public struct Position: Codable, Sendable, Equatable {
        /// An option series' name (`BTC-20270101-60000-C`), a perpetual's (`BTC-PERP`), or a market id.
        public var market: String
        /// Signed size in whole units of the underlying, e.g. `"-0.1"`.
        public var size: String

        public init(market: String, size: String) {
            self.market = market
            self.size = size
        }
    }

    /// A bz1 address whose holdings the positions add to; absent for an empty account.
    public var account: String?
    public var positions: [Position]

    public init(account: String?, positions: [Position]) {
        self.account = account
        self.positions = positions
    }
}
