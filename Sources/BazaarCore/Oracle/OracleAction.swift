/// An action of the oracle: configuration and the reporter registry (by the chain's market
/// authority) and reporters' observations; see DerivativesAction.
public enum OracleAction: Sendable, Hashable {
    /// Sets the oracle's parameters (market authority only; the quote asset is fixed once set).
    case configure(OracleParameters)
    /// Registers a reporter (market authority only).
    case addReporter(AccountID)
    /// Removes a reporter and its observations (market authority only).
    case removeReporter(AccountID)
    /// A registered reporter's observation: one whole unit of `asset` is worth `quotePerUnit` base
    /// units of the quote asset at `timeMilliseconds` (the reporter's clock).
    case report(Report)
    /// A registered reporter's implied volatilities of one underlying at one expiry, one per
    /// moneyness point (`VolatilityParameters.moneynessBasisPoints`).
    case reportVolatility(VolatilityReport)
    /// Sets the volatility surface's parameters (market authority only).
    case configureVolatility(VolatilityParameters)

    public struct Report: Sendable, Hashable {
        public var asset: AssetSymbol
        public var quotePerUnit: Amount
        public var timeMilliseconds: UInt64

        public init(asset: AssetSymbol, quotePerUnit: Amount, timeMilliseconds: UInt64) {
            self.asset = asset
            self.quotePerUnit = quotePerUnit
            self.timeMilliseconds = timeMilliseconds
        }
    }

    public struct VolatilityReport: Sendable, Hashable {
        /// The underlying.
        public var asset: AssetSymbol
        /// The expiry the volatilities are for, milliseconds since the epoch.
        public var expiryMilliseconds: UInt64
        /// Annualized implied volatility in parts per million at each moneyness point, in the
        /// points' order; exactly one per point, each within `VolatilityParameters.volatilityRange`.
        public var volatilities: [UInt32]
        /// When the reporter observed them, by its own clock.
        public var timeMilliseconds: UInt64

        public init(asset: AssetSymbol, expiryMilliseconds: UInt64, volatilities: [UInt32], timeMilliseconds: UInt64) {
            self.asset = asset
            self.expiryMilliseconds = expiryMilliseconds
            self.volatilities = volatilities
            self.timeMilliseconds = timeMilliseconds
        }
    }
}

extension OracleAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .configure(let parameters):
            writer.write(UInt8(0))
            writer.write(parameters)
        case .addReporter(let reporter):
            writer.write(UInt8(1))
            writer.write(reporter)
        case .removeReporter(let reporter):
            writer.write(UInt8(2))
            writer.write(reporter)
        case .report(let report):
            writer.write(UInt8(3))
            writer.write(report.asset)
            writer.write(report.quotePerUnit)
            writer.write(report.timeMilliseconds)
        case .reportVolatility(let report):
            writer.write(UInt8(4))
            writer.write(report.asset)
            writer.write(report.expiryMilliseconds)
            writer.write(report.volatilities)
            writer.write(report.timeMilliseconds)
        case .configureVolatility(let parameters):
            writer.write(UInt8(5))
            writer.write(parameters)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .configure(try reader.read(OracleParameters.self))
        case 1: self = .addReporter(try reader.read(AccountID.self))
        case 2: self = .removeReporter(try reader.read(AccountID.self))
        case 3:
            self = .report(
                Report(
                    asset: try reader.read(AssetSymbol.self), quotePerUnit: try reader.read(Amount.self),
                    timeMilliseconds: try reader.read(UInt64.self)))
        case 4:
            self = .reportVolatility(
                VolatilityReport(
                    asset: try reader.read(AssetSymbol.self), expiryMilliseconds: try reader.read(UInt64.self),
                    volatilities: try reader.read([UInt32].self, maxCount: VolatilityParameters.pointCount),
                    timeMilliseconds: try reader.read(UInt64.self)))
        case 5: self = .configureVolatility(try reader.read(VolatilityParameters.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
