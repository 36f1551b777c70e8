/// A European option's right: to buy (call) or to sell (put) the underlying at the strike.
public enum OptionKind: UInt8, Sendable, Hashable, CaseIterable {
    case call = 0
    case put = 1

    /// `C` or `P`, as in a series' name.
    public var letter: String { self == .call ? "C" : "P" }
}

/// The fixed terms of an option series, part of its ``Market`` (docs/OPTIONS.md, "Series,
/// trading and settlement"). The underlying is the market's base asset; the premium, the strike
/// and the settlement are in the market's quote asset, the oracle's quote asset.
public struct OptionTerms: Sendable, Hashable {
    /// Block time (milliseconds since the Unix epoch) at which the series expires and settles.
    public var expiryMilliseconds: UInt64
    /// Quote base units per whole unit (10^decimals base units) of the underlying.
    public var strike: Amount
    public var kind: OptionKind
    /// Underlying base units one contract covers (a whole number of the market's lots).
    public var contractSize: Amount
    /// The quote asset's decimals, for the strike in the series' name.
    public var strikeDecimals: UInt8

    public init(
        expiryMilliseconds: UInt64, strike: Amount, kind: OptionKind, contractSize: Amount, strikeDecimals: UInt8
    ) {
        self.expiryMilliseconds = expiryMilliseconds
        self.strike = strike
        self.kind = kind
        self.contractSize = contractSize
        self.strikeDecimals = strikeDecimals
    }

    /// `UNDERLYING-YYYYMMDD-STRIKE-C|P`: the expiry's UTC date, the strike in whole quote units.
    public func seriesName(underlying: AssetSymbol) -> String {
        "\(underlying.text)-\(Self.dateText(milliseconds: expiryMilliseconds))-\(strike.formatted(decimals: strikeDecimals))-\(kind.letter)"
    }

    /// The intrinsic value per whole unit of the underlying at `underlying` (quote base units per
    /// whole unit): `max(0, S − K)` for a call, `max(0, K − S)` for a put. Exact.
    public func intrinsicValue(underlying: UInt128) -> UInt128 {
        let strike = strike.baseUnits
        switch kind {
        case .call: return underlying > strike ? underlying - strike : 0
        case .put: return strike > underlying ? strike - underlying : 0
        }
    }

    /// How far the option is out of the money per whole unit: `max(0, K − S)` for a call,
    /// `max(0, S − K)` for a put. Exact.
    public func outOfTheMoneyAmount(underlying: UInt128) -> UInt128 {
        let strike = strike.baseUnits
        switch kind {
        case .call: return strike > underlying ? strike - underlying : 0
        case .put: return underlying > strike ? underlying - strike : 0
        }
    }

    /// `YYYYMMDD` of a time in milliseconds since the epoch (UTC), by Howard Hinnant's
    /// `civil_from_days` in integers.
    static func dateText(milliseconds: UInt64) -> String {
        let days = Int64(milliseconds / 86_400_000) + 719_468
        let era = days / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + padded(month, 2) + padded(day, 2)
    }
}

/// How a series settled: the settlement price of the underlying and the block that settled it.
public struct OptionSettlement: Sendable, Hashable {
    /// The oracle's time-weighted average of the underlying before expiry, quote base units per
    /// whole unit.
    public var priceQuotePerUnit: UInt128
    public var height: UInt64

    public init(priceQuotePerUnit: UInt128, height: UInt64) {
        self.priceQuotePerUnit = priceQuotePerUnit
        self.height = height
    }
}

/// An option series' margin-side record; its book is the continuous market with the same id
/// (base = the underlying, quote = the oracle's quote asset, flagged by ``Market/option``).
public struct OptionSeries: Sendable, Hashable {
    public var market: MarketID
    public var underlying: AssetSymbol
    public var quote: AssetSymbol
    public var terms: OptionTerms
    /// The strike grid of the underlying: every series' strike is a positive multiple of it, and
    /// every series of one underlying has the same step.
    public var strikeStep: Amount
    /// The size, in lots, whose average execution price is the book's impact bid or ask.
    public var impactLots: Int64
    /// Total long size in base units of the underlying (= total short size).
    public var openInterest: Int128
    /// Set in the block that crosses the expiry time; the series is closed from then on.
    public var settlement: OptionSettlement?

    /// Whether the series takes orders at block time `now`: before its expiry and not settled.
    public func isTrading(at now: UInt64) -> Bool { settlement == nil && now < terms.expiryMilliseconds }
}

// MARK: - Encoding

extension OptionTerms: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(expiryMilliseconds)
        writer.write(strike)
        writer.write(kind.rawValue)
        writer.write(contractSize)
        writer.write(strikeDecimals)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        expiryMilliseconds = try reader.read(UInt64.self)
        strike = try reader.read(Amount.self)
        kind = try reader.readTag(OptionKind.self)
        contractSize = try reader.read(Amount.self)
        strikeDecimals = try reader.read(UInt8.self)
        guard strikeDecimals <= Amount.decimalsMax else {
            throw reader.error(.invalidValue("strike decimals out of range"))
        }
    }
}

extension OptionSettlement: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(priceQuotePerUnit)
        writer.write(height)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        priceQuotePerUnit = try reader.read(UInt128.self)
        height = try reader.read(UInt64.self)
    }
}

extension OptionSeries: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(market)
        writer.write(underlying)
        writer.write(quote)
        writer.write(terms)
        writer.write(strikeStep)
        writer.write(UInt64(bitPattern: impactLots))
        writer.write(openInterest)
        writer.write(settlement)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        market = try reader.read(MarketID.self)
        underlying = try reader.read(AssetSymbol.self)
        quote = try reader.read(AssetSymbol.self)
        terms = try reader.read(OptionTerms.self)
        strikeStep = try reader.read(Amount.self)
        impactLots = Int64(bitPattern: try reader.read(UInt64.self))
        openInterest = try reader.read(Int128.self)
        settlement = try reader.read(OptionSettlement?.self)
    }
}
