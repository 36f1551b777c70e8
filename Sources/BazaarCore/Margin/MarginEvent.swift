/// Something margin accounts, perpetual markets and positions, and the insurance fund did; see DerivativesEvent.
public enum MarginEvent: Sendable, Hashable {
    case deposited(account: AccountID, asset: AssetSymbol, amount: Amount)
    case withdrawn(account: AccountID, asset: AssetSymbol, amount: Amount)
    case collateralWeightSet(asset: AssetSymbol, weightBasisPoints: UInt16)
    case liquidationSettingsSet(closeFactorBasisPoints: UInt16, penaltyBasisPoints: UInt16)
    case perpetualCreated(market: MarketID, base: AssetSymbol)
    case insuranceFunded(account: AccountID, asset: AssetSymbol, amount: Amount)
    /// A liquidation repaid `amount` of `account`'s lending debt from its collateral.
    case debtRepaid(account: AccountID, asset: AssetSymbol, amount: Amount)
    /// Funding paid at the end of an interval: `ratePPM` per 8 hours, the index change, and what
    /// longs paid in total (`paid`, negative when they received) with the rounding dust to the fund.
    case funding(market: MarketID, ratePPM: Int64, indexDelta: Int128, index: Int128, paid: Int128, dust: Amount)
    /// A liquidation order of `account` filled `size` base units (signed: + bought) for `notional`
    /// quote units on the book; `penalty` went to the insurance fund.
    case liquidated(account: AccountID, market: MarketID, size: Int128, notional: Amount, penalty: Amount)
    /// The insurance fund took over `size` of `account`'s position at `price` per whole unit.
    case takenOver(account: AccountID, market: MarketID, size: Int128, price: UInt128)
    /// Auto-deleveraging: `counterparty`'s position was reduced by `size` against `account`'s,
    /// paying `loss` quote units of the bankrupt account's deficit.
    case deleveraged(account: AccountID, counterparty: AccountID, market: MarketID, size: Int128, loss: Amount)
    /// The insurance fund bought `amount` of `account`'s collateral for `proceeds` quote units.
    case collateralSeized(account: AccountID, asset: AssetSymbol, amount: Amount, proceeds: Amount)
    /// The insurance fund covered `amount` of `account`'s deficit.
    case deficitCovered(account: AccountID, asset: AssetSymbol, amount: Amount)
    /// `amount` of `account`'s deficit nobody could cover, written off and recorded.
    case badDebt(account: AccountID, asset: AssetSymbol, amount: Amount)
    /// The insurance fund took over `amount` of `account`'s lending debt in `asset`, for `value`
    /// quote units (the debt at the oracle price, rounded up) out of the account's collateral.
    case debtTakenOver(account: AccountID, asset: AssetSymbol, amount: Amount, value: Amount)
    /// An option series was listed on `underlying` (its market was created with it).
    case optionListed(market: MarketID, underlying: AssetSymbol)
    /// An option series settled at `price` (the underlying's TWAP before expiry, quote units
    /// per whole unit): `openInterest` long base units closed, the payoff's rounding `dust`
    /// (what shorts paid beyond what longs received) went to the insurance fund.
    case optionSeriesSettled(market: MarketID, price: UInt128, openInterest: Int128, dust: Amount)
    /// `account`'s position of `size` in a settled series closed: `payout` quote units moved to
    /// (positive) or from (negative) its quote claim; `pnl` is the closed part's PnL (payout
    /// less the entry premium).
    case optionPositionSettled(account: AccountID, market: MarketID, size: Int128, payout: Int128, pnl: Int128)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .deposited(let account, _, _), .withdrawn(let account, _, _), .liquidated(let account, _, _, _, _),
            .insuranceFunded(let account, _, _), .debtRepaid(let account, _, _),
            .takenOver(let account, _, _, _), .collateralSeized(let account, _, _, _),
            .deficitCovered(let account, _, _), .badDebt(let account, _, _), .debtTakenOver(let account, _, _, _),
            .optionPositionSettled(let account, _, _, _, _):
            [account]
        case .deleveraged(let account, let counterparty, _, _, _): [account, counterparty]
        case .collateralWeightSet, .liquidationSettingsSet, .perpetualCreated, .funding, .optionListed,
            .optionSeriesSettled:
            []
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case deposited = "margin_deposited"
        case withdrawn = "margin_withdrawn"
        case collateralWeightSet = "collateral_weight_set"
        case liquidationSettingsSet = "liquidation_settings_set"
        case perpetualCreated = "perpetual_created"
        case insuranceFunded = "insurance_funded"
        case debtRepaid = "debt_repaid"
        case funding = "funding"
        case liquidated = "liquidated"
        case takenOver = "taken_over"
        case deleveraged = "deleveraged"
        case collateralSeized = "collateral_seized"
        case deficitCovered = "deficit_covered"
        case badDebt = "bad_debt"
        case debtTakenOver = "debt_taken_over"
        case optionListed = "option_listed"
        case optionSeriesSettled = "option_series_settled"
        case optionPositionSettled = "option_position_settled"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .deposited: Kind.deposited.rawValue
        case .withdrawn: Kind.withdrawn.rawValue
        case .collateralWeightSet: Kind.collateralWeightSet.rawValue
        case .liquidationSettingsSet: Kind.liquidationSettingsSet.rawValue
        case .perpetualCreated: Kind.perpetualCreated.rawValue
        case .insuranceFunded: Kind.insuranceFunded.rawValue
        case .debtRepaid: Kind.debtRepaid.rawValue
        case .funding: Kind.funding.rawValue
        case .liquidated: Kind.liquidated.rawValue
        case .takenOver: Kind.takenOver.rawValue
        case .deleveraged: Kind.deleveraged.rawValue
        case .collateralSeized: Kind.collateralSeized.rawValue
        case .deficitCovered: Kind.deficitCovered.rawValue
        case .badDebt: Kind.badDebt.rawValue
        case .debtTakenOver: Kind.debtTakenOver.rawValue
        case .optionListed: Kind.optionListed.rawValue
        case .optionSeriesSettled: Kind.optionSeriesSettled.rawValue
        case .optionPositionSettled: Kind.optionPositionSettled.rawValue
        }
    }
}

extension MarginEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .deposited(let account, let asset, let amount):
            writer.write(UInt8(0))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .withdrawn(let account, let asset, let amount):
            writer.write(UInt8(1))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .collateralWeightSet(let asset, let weight):
            writer.write(UInt8(2))
            writer.write(asset)
            writer.write(weight)
        case .liquidationSettingsSet(let closeFactor, let penalty):
            writer.write(UInt8(3))
            writer.write(closeFactor)
            writer.write(penalty)
        case .perpetualCreated(let market, let base):
            writer.write(UInt8(4))
            writer.write(market)
            writer.write(base)
        case .funding(let market, let rate, let delta, let index, let paid, let dust):
            writer.write(UInt8(5))
            writer.write(market)
            writer.write(UInt64(bitPattern: rate))
            writer.write(delta)
            writer.write(index)
            writer.write(paid)
            writer.write(dust)
        case .liquidated(let account, let market, let size, let notional, let penalty):
            writer.write(UInt8(6))
            writer.write(account)
            writer.write(market)
            writer.write(size)
            writer.write(notional)
            writer.write(penalty)
        case .takenOver(let account, let market, let size, let price):
            writer.write(UInt8(7))
            writer.write(account)
            writer.write(market)
            writer.write(size)
            writer.write(price)
        case .deleveraged(let account, let counterparty, let market, let size, let loss):
            writer.write(UInt8(8))
            writer.write(account)
            writer.write(counterparty)
            writer.write(market)
            writer.write(size)
            writer.write(loss)
        case .collateralSeized(let account, let asset, let amount, let proceeds):
            writer.write(UInt8(9))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
            writer.write(proceeds)
        case .deficitCovered(let account, let asset, let amount):
            writer.write(UInt8(10))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .badDebt(let account, let asset, let amount):
            writer.write(UInt8(11))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .insuranceFunded(let account, let asset, let amount):
            writer.write(UInt8(12))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .debtRepaid(let account, let asset, let amount):
            writer.write(UInt8(13))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
        case .debtTakenOver(let account, let asset, let amount, let value):
            writer.write(UInt8(14))
            writer.write(account)
            writer.write(asset)
            writer.write(amount)
            writer.write(value)
        case .optionListed(let market, let underlying):
            writer.write(UInt8(15))
            writer.write(market)
            writer.write(underlying)
        case .optionSeriesSettled(let market, let price, let openInterest, let dust):
            writer.write(UInt8(16))
            writer.write(market)
            writer.write(price)
            writer.write(openInterest)
            writer.write(dust)
        case .optionPositionSettled(let account, let market, let size, let payout, let pnl):
            writer.write(UInt8(17))
            writer.write(account)
            writer.write(market)
            writer.write(size)
            writer.write(payout)
            writer.write(pnl)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .deposited(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 1:
            self = .withdrawn(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 2:
            self = .collateralWeightSet(
                asset: try reader.read(AssetSymbol.self), weightBasisPoints: try reader.read(UInt16.self))
        case 3:
            self = .liquidationSettingsSet(
                closeFactorBasisPoints: try reader.read(UInt16.self), penaltyBasisPoints: try reader.read(UInt16.self))
        case 4:
            self = .perpetualCreated(market: try reader.read(MarketID.self), base: try reader.read(AssetSymbol.self))
        case 5:
            self = .funding(
                market: try reader.read(MarketID.self), ratePPM: Int64(bitPattern: try reader.read(UInt64.self)),
                indexDelta: try reader.read(Int128.self), index: try reader.read(Int128.self),
                paid: try reader.read(Int128.self), dust: try reader.read(Amount.self))
        case 6:
            self = .liquidated(
                account: try reader.read(AccountID.self), market: try reader.read(MarketID.self),
                size: try reader.read(Int128.self), notional: try reader.read(Amount.self),
                penalty: try reader.read(Amount.self))
        case 7:
            self = .takenOver(
                account: try reader.read(AccountID.self), market: try reader.read(MarketID.self),
                size: try reader.read(Int128.self), price: try reader.read(UInt128.self))
        case 8:
            self = .deleveraged(
                account: try reader.read(AccountID.self), counterparty: try reader.read(AccountID.self),
                market: try reader.read(MarketID.self), size: try reader.read(Int128.self),
                loss: try reader.read(Amount.self))
        case 9:
            self = .collateralSeized(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), proceeds: try reader.read(Amount.self))
        case 10:
            self = .deficitCovered(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 11:
            self = .badDebt(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 12:
            self = .insuranceFunded(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 13:
            self = .debtRepaid(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 14:
            self = .debtTakenOver(
                account: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), value: try reader.read(Amount.self))
        case 15:
            self = .optionListed(market: try reader.read(MarketID.self), underlying: try reader.read(AssetSymbol.self))
        case 16:
            self = .optionSeriesSettled(
                market: try reader.read(MarketID.self), price: try reader.read(UInt128.self),
                openInterest: try reader.read(Int128.self), dust: try reader.read(Amount.self))
        case 17:
            self = .optionPositionSettled(
                account: try reader.read(AccountID.self), market: try reader.read(MarketID.self),
                size: try reader.read(Int128.self), payout: try reader.read(Int128.self),
                pnl: try reader.read(Int128.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
