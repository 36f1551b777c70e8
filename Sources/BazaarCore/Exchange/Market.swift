/// A market's number: markets are numbered from 1 in the order they are created.
public struct MarketID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var rawValue: UInt32

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public init(integerLiteral value: UInt32) { rawValue = value }

    public var description: String { String(rawValue) }

    public static func < (lhs: MarketID, rhs: MarketID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The position of the market in `LedgerState.markets`.
    var index: Int { Int(rawValue) - 1 }
}

/// A spot market's rules: which asset trades against which, in what increments, at what fees.
///
/// Units (DESIGN.md, Money): a **lot** is `lotSize` base units of the base asset; order sizes are
/// whole lots. A **price** is what one lot costs, in base units of the quote asset; prices are
/// whole multiples of `tickSize`, and the engine counts them in ticks (`price / tickSize`), from
/// 1 to `maximumPriceTicks`. So `q` lots at `p` ticks cost exactly `q × p × tickSize` quote units,
/// with no rounding.
public struct Market: Sendable, Hashable {
    /// How orders meet.
    public enum Mode: UInt8, Sendable, Hashable, CaseIterable {
        /// Orders match on arrival, price-time priority, at the resting order's price.
        case continuous = 0
        /// Orders collect during a block and clear at its end at one uniform price.
        case batchAuction = 1
    }

    /// The most ticks a market's price range may span (the matching engine's ladder limit).
    public static let priceTicksMax: Int64 = Int64(MatchingEngine.Configuration.levelCountMax)
    /// The highest fee a market may charge, in basis points (10%).
    public static let feeBasisPointsMax: Int16 = 1_000

    public var id: MarketID
    public var base: AssetSymbol
    public var quote: AssetSymbol
    /// Base units of the base asset in one lot.
    public var lotSize: Amount
    /// Quote units by which the price of one lot moves per tick.
    public var tickSize: Amount
    /// The smallest order, in base units: a whole number of lots.
    public var minimumSize: Amount
    /// The highest price, in ticks; the lowest is 1 tick.
    public var maximumPriceTicks: Int64
    /// Fee of the resting side of a trade; negative is a rebate paid out of the taker's fee.
    public var makerFeeBasisPoints: Int16
    /// Fee of the incoming side of a trade.
    public var takerFeeBasisPoints: Int16
    public var mode: Mode
    /// Whether this is the book of a perpetual future (docs/MARGIN.md): its orders need margin
    /// instead of locking funds, and its fills change positions instead of balances.
    public var isPerpetual: Bool
    /// The option series this is the book of (docs/OPTIONS.md), nil for every other market: like a
    /// perpetual's, its orders need margin and its fills change positions (in base units of the
    /// underlying, `base`); prices are premiums per lot in the quote asset.
    public var option: OptionTerms?

    public init(
        id: MarketID, base: AssetSymbol, quote: AssetSymbol, lotSize: Amount, tickSize: Amount, minimumSize: Amount,
        maximumPriceTicks: Int64, makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16, mode: Mode,
        isPerpetual: Bool = false, option: OptionTerms? = nil
    ) {
        self.id = id
        self.base = base
        self.quote = quote
        self.lotSize = lotSize
        self.tickSize = tickSize
        self.minimumSize = minimumSize
        self.maximumPriceTicks = maximumPriceTicks
        self.makerFeeBasisPoints = makerFeeBasisPoints
        self.takerFeeBasisPoints = takerFeeBasisPoints
        self.mode = mode
        self.isPerpetual = isPerpetual
        self.option = option
    }

    /// `BASE-QUOTE`, e.g. `BTC-USD`, `BASE-PERP` for a perpetual, or for an option series
    /// `BASE-YYYYMMDD-STRIKE-C|P` (e.g. `BTC-20270101-70000-C`); unique among markets.
    public var name: String {
        if let option { return option.seriesName(underlying: base) }
        return isPerpetual ? "\(base.text)-PERP" : "\(base.text)-\(quote.text)"
    }

    /// Whether orders of this market need margin instead of locking funds and its fills change
    /// margin positions instead of balances: a perpetual or an option series.
    public var isMarginMarket: Bool { isPerpetual || option != nil }

    /// The mode byte's bit that marks a perpetual (spot markets encode as before).
    static let perpetualFlag: UInt8 = 0x80
    /// The mode byte's bit that marks an option series; its ``OptionTerms`` follow the mode byte.
    static let optionFlag: UInt8 = 0x40

    /// The asset an order of `side` locks: quote for a bid, base for an ask.
    public func lockedAsset(_ side: MatchingEngine.Side) -> AssetSymbol { side == .bid ? quote : base }

    /// What one lot of an order of `side` limited at `priceTicks` locks: for a bid its price plus
    /// the taker fee on it rounded up, for an ask one lot of base. Nil when it overflows.
    ///
    /// Locking per lot makes the lock linear in the size, so every fill releases exactly
    /// `quantity × lockPerLot`, and that always covers the fill's cost: a fill of `q` lots at a
    /// price `p ≤ limit` costs `q·p + ⌈q·p·fee⌉ ≤ q·(limit + ⌈limit·fee⌉)`.
    public func lockPerLot(_ side: MatchingEngine.Side, priceTicks: Int64) -> Amount? {
        guard side == .bid else { return lotSize }
        guard let price = tickSize.multiplied(by: UInt128(priceTicks)) else { return nil }
        return price.adding(Market.fee(on: price, basisPoints: max(takerFeeBasisPoints, 0)))
    }

    /// What an order of `side` for `lots` lots at `priceTicks` locks; nil when it overflows.
    public func lock(_ side: MatchingEngine.Side, priceTicks: Int64, lots: Int64) -> Amount? {
        lockPerLot(side, priceTicks: priceTicks)?.multiplied(by: UInt128(lots))
    }

    /// `q` lots at `p` ticks in quote units; nil when it overflows.
    public func notional(priceTicks: Int64, lots: Int64) -> Amount? {
        tickSize.multiplied(by: UInt128(priceTicks))?.multiplied(by: UInt128(lots))
    }

    /// An order size in base units as whole lots, as execution counts it; clients check with it
    /// before signing, so that a mistake costs no fee.
    ///
    /// - Returns: the lots, or the rejection execution gives: `invalid_size` (zero), `size_off_lot`,
    ///   `below_minimum_size`, `amount_overflow` (beyond 2⁶³ − 1 lots).
    public func lots(inSize size: Amount) -> Result<Int64, Rejection> {
        guard !size.isZero else { return .failure(Rejection(.invalidSize)) }
        let (lots, remainder) = size.baseUnits.quotientAndRemainder(dividingBy: lotSize.baseUnits)
        guard remainder == 0 else { return .failure(Rejection(.sizeOffLot)) }
        guard size >= minimumSize else { return .failure(Rejection(.belowMinimumSize)) }
        guard lots <= UInt128(Int64.max) else { return .failure(Rejection(.amountOverflow)) }
        return .success(Int64(lots))
    }

    /// A price in quote base units per lot as ticks, as execution counts it.
    ///
    /// - Returns: the ticks, or `price_off_tick` or `price_out_of_range` (zero or above the maximum).
    public func priceTicks(ofPrice price: Amount) -> Result<Int64, Rejection> {
        let (ticks, remainder) = price.baseUnits.quotientAndRemainder(dividingBy: tickSize.baseUnits)
        guard remainder == 0 else { return .failure(Rejection(.priceOffTick)) }
        guard ticks >= 1, ticks <= UInt128(maximumPriceTicks) else { return .failure(Rejection(.priceOutOfRange)) }
        return .success(Int64(ticks))
    }

    /// A fee of `basisPoints` (≥ 0) on `notional`, rounded up, against the trader who pays it.
    static func fee(on notional: Amount, basisPoints: Int16) -> Amount {
        precondition(basisPoints >= 0)
        let (high, low) = notional.baseUnits.multipliedFullWidth(by: UInt128(basisPoints))
        let (quotient, remainder) = UInt128(10_000).dividingFullWidth((high, low))
        return Amount(baseUnits: quotient + (remainder > 0 ? 1 : 0))
    }

    /// A rebate of `basisPoints` (≥ 0) on `notional`, rounded down: the fee pool never pays more
    /// than the exact rebate.
    static func rebate(on notional: Amount, basisPoints: Int16) -> Amount {
        precondition(basisPoints >= 0)
        let (high, low) = notional.baseUnits.multipliedFullWidth(by: UInt128(basisPoints))
        return Amount(baseUnits: UInt128(10_000).dividingFullWidth((high, low)).quotient)
    }
}

extension MarketID: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        rawValue = try reader.read(UInt32.self)
    }
}

extension Market: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(base)
        writer.write(quote)
        writer.write(lotSize)
        writer.write(tickSize)
        writer.write(minimumSize)
        writer.write(UInt64(maximumPriceTicks))
        writer.write(UInt16(bitPattern: makerFeeBasisPoints))
        writer.write(UInt16(bitPattern: takerFeeBasisPoints))
        writer.write(mode.rawValue | (isPerpetual ? Market.perpetualFlag : 0) | (option != nil ? Market.optionFlag : 0))
        if let option { writer.write(option) }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(MarketID.self)
        base = try reader.read(AssetSymbol.self)
        quote = try reader.read(AssetSymbol.self)
        lotSize = try reader.read(Amount.self)
        tickSize = try reader.read(Amount.self)
        minimumSize = try reader.read(Amount.self)
        let ticks = try reader.read(UInt64.self)
        guard ticks >= 1, ticks <= UInt64(Market.priceTicksMax) else {
            throw reader.error(.invalidValue("maximum price out of range"))
        }
        maximumPriceTicks = Int64(ticks)
        makerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        takerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        let rawMode = try reader.read(UInt8.self)
        let flags = rawMode & (Market.perpetualFlag | Market.optionFlag)
        guard let mode = Mode(rawValue: rawMode & ~flags), flags != Market.perpetualFlag | Market.optionFlag else {
            throw DecodingError(reason: .unknownTag(rawMode), offset: reader.offset - 1)
        }
        self.mode = mode
        isPerpetual = rawMode & Market.perpetualFlag != 0
        option = rawMode & Market.optionFlag != 0 ? try reader.read(OptionTerms.self) : nil
    }
}
