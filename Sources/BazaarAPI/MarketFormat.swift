public import BazaarCore

/// A market's integers for people: prices per whole base unit and sizes in whole base units, as
/// decimal strings.
///
/// The state machine counts prices in ticks (quote base units per lot, see ``Market``) and sizes
/// in lots; traders think in, say, USD per BTC and BTC. A tick of `tickSize` quote base units per
/// lot of `lotSize` base units is `tickSize × 10^baseDecimals / lotSize` quote base units per whole
/// base unit. That is exact whenever the lot size divides a whole unit (every sensible market, and
/// every devnet market); otherwise the price shows up to ``fractionDigitsBeyondQuoteMax`` digits
/// beyond the quote asset's decimals, rounded toward zero. The exact integers travel beside every
/// such string (`priceTicks`, `sizeLots`).
public struct MarketFormat: Sendable, Hashable {
    /// Digits shown beyond the quote asset's own decimals when a price per whole base unit is
    /// not a whole number of quote base units.
    public static let fractionDigitsBeyondQuoteMax = 12

    public let market: Market
    public let baseDecimals: UInt8
    public let quoteDecimals: UInt8

    public init(market: Market, baseDecimals: UInt8, quoteDecimals: UInt8) {
        self.market = market
        self.baseDecimals = baseDecimals
        self.quoteDecimals = quoteDecimals
    }

    /// The price of one whole base unit at `ticks`, in whole quote units, e.g. `"65000"`.
    public func price(ticks: Int64) -> String {
        guard ticks > 0, let perLot = market.tickSize.multiplied(by: UInt128(ticks)) else { return "0" }
        return Self.decimal(
            perLot.baseUnits, times: Amount.powerOfTen(Int(baseDecimals)), over: market.lotSize.baseUnits
        )
        .map { Self.text(quoteUnits: $0.whole, extraDigits: $0.extra, decimals: quoteDecimals) } ?? "\(ticks) ticks"
    }

    /// The size of `lots` lots in whole base units, e.g. `"0.01"`.
    public func size(lots: Int64) -> String {
        guard lots > 0 else { return "0" }
        return market.lotSize.multiplied(by: UInt128(lots))?.formatted(decimals: baseDecimals) ?? "\(lots) lots"
    }

    /// What `lots` lots at `ticks` cost, in whole quote units (fees excluded).
    public func notional(ticks: Int64, lots: Int64) -> String {
        guard ticks > 0, lots > 0 else { return "0" }
        return market.notional(priceTicks: ticks, lots: lots)?.formatted(decimals: quoteDecimals) ?? "overflow"
    }

    /// The tick as a price step per whole base unit, e.g. `"1"` (USD per BTC).
    public var tickSize: String { price(ticks: 1) }

    /// `value × scale / divisor` as whole units and the digits of the fraction beyond them (at most
    /// `fractionDigitsBeyondQuoteMax`, trailing zeros dropped); nil when the whole part overflows.
    static func decimal(_ value: UInt128, times scale: UInt128, over divisor: UInt128) -> (
        whole: UInt128, extra: [UInt8]
    )? {
        precondition(divisor > 0, "division by zero")
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        // whole = quotient × scale + ⌊remainder × scale / divisor⌋, the latter digit by digit.
        let scaled = quotient.multipliedReportingOverflow(by: scale)
        guard !scaled.overflow else { return nil }
        var fraction: UInt128 = 0
        var rest = remainder
        var step = scale
        while step > 1 {
            let (digit, next) = divisor.dividingFullWidth(rest.multipliedFullWidth(by: 10))
            fraction = fraction * 10 + digit
            rest = next
            step /= 10
        }
        let whole = scaled.partialValue.addingReportingOverflow(fraction)
        guard !whole.overflow else { return nil }
        var extra: [UInt8] = []
        while rest > 0, extra.count < fractionDigitsBeyondQuoteMax {
            let (digit, next) = divisor.dividingFullWidth(rest.multipliedFullWidth(by: 10))
            extra.append(UInt8(digit))
            rest = next
        }
        return (whole.partialValue, extra)
    }

    /// `quoteUnits` base units with `decimals` decimals, followed by `extraDigits`, without
    /// trailing zeros.
    static func text(quoteUnits: UInt128, extraDigits: [UInt8], decimals: UInt8) -> String {
        guard !extraDigits.isEmpty else { return Amount(baseUnits: quoteUnits).formatted(decimals: decimals) }
        let scale = Amount.powerOfTen(Int(decimals))
        let fraction = decimals == 0 ? "" : String(quoteUnits % scale)
        let padded = String(repeating: "0", count: Int(decimals) - fraction.count) + fraction
        let digits = padded + extraDigits.map(String.init).joined()
        return "\(quoteUnits / scale).\(digits)"
    }
}

extension MatchingEngine.Side {
    /// `buy` or `sell`, as the API and the command line name a side.
    public var apiName: String { self == .bid ? "buy" : "sell" }

    /// The side named `buy`/`bid` or `sell`/`ask`.
    public init?(apiName: String) {
        switch apiName.lowercased() {
        case "buy", "bid": self = .bid
        case "sell", "ask": self = .ask
        default: return nil
        }
    }
}

extension OrderType {
    /// The API's name: `limit`, `immediate_or_cancel`, `fill_or_kill`, `post_only`, `market`.
    public var apiName: String {
        switch self {
        case .limit: "limit"
        case .immediateOrCancel: "immediate_or_cancel"
        case .fillOrKill: "fill_or_kill"
        case .postOnly: "post_only"
        case .market: "market"
        }
    }
}

extension SelfTradePrevention {
    /// The API's name: `cancel_resting`, `cancel_incoming`, `cancel_both`.
    public var apiName: String {
        switch self {
        case .cancelResting: "cancel_resting"
        case .cancelIncoming: "cancel_incoming"
        case .cancelBoth: "cancel_both"
        }
    }
}

extension CancelReason {
    /// The API's name: `requested`, `unfilled`, `self_trade`, `liquidation`.
    public var apiName: String {
        switch self {
        case .requested: "requested"
        case .unfilled: "unfilled"
        case .selfTrade: "self_trade"
        case .liquidation: "liquidation"
        }
    }
}

extension Market.Mode {
    /// The API's name: `continuous` or `batch_auction`.
    public var apiName: String { self == .continuous ? "continuous" : "batch_auction" }
}
