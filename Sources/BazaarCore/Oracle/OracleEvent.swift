/// Something the oracle did; see DerivativesEvent.
public enum OracleEvent: Sendable, Hashable {
    /// The market authority set the oracle's parameters.
    case configured(authority: AccountID, parameters: OracleParameters)
    case reporterAdded(reporter: AccountID)
    case reporterRemoved(reporter: AccountID)
    /// A reporter's observation was recorded.
    case observed(
        reporter: AccountID, asset: AssetSymbol, quoteAsset: AssetSymbol, quotePerUnit: Amount,
        timeMilliseconds: UInt64)
    /// End of block: the asset's agreed price from `reporterCount` fresh observations; stale when
    /// too few; `unclamped` is the median when the per-block move limit clamped it.
    case priceUpdated(
        asset: AssetSymbol, quoteAsset: AssetSymbol, quotePerUnit: Amount, reporterCount: UInt32, isStale: Bool,
        unclamped: Amount?)
    /// The market authority set the volatility surface's parameters.
    case volatilityConfigured(authority: AccountID, parameters: VolatilityParameters)
    /// A reporter's implied volatilities of `asset` at `expiryMilliseconds` were recorded.
    case volatilityObserved(
        reporter: AccountID, asset: AssetSymbol, expiryMilliseconds: UInt64, timeMilliseconds: UInt64)
    /// End of block: the smile of `asset` at `expiryMilliseconds` from `reporterCount` fresh
    /// reports (parts per million per moneyness point); stale when too few; `clamped` when the
    /// per-block move limit held back any point.
    case volatilityUpdated(
        asset: AssetSymbol, expiryMilliseconds: UInt64, volatilities: [UInt32], reporterCount: UInt32, isStale: Bool,
        clamped: Bool)
    /// End of block: the expiry passed; the smile and its reports were removed.
    case volatilityExpired(asset: AssetSymbol, expiryMilliseconds: UInt64)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .configured(let authority, _): [authority]
        case .reporterAdded(let reporter), .reporterRemoved(let reporter): [reporter]
        case .observed(let reporter, _, _, _, _): [reporter]
        case .priceUpdated: []
        case .volatilityConfigured(let authority, _): [authority]
        case .volatilityObserved(let reporter, _, _, _): [reporter]
        case .volatilityUpdated, .volatilityExpired: []
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case configured = "oracle_configured"
        case reporterAdded = "oracle_reporter_added"
        case reporterRemoved = "oracle_reporter_removed"
        case observed = "oracle_observed"
        case priceUpdated = "oracle_price_updated"
        case volatilityConfigured = "oracle_volatility_configured"
        case volatilityObserved = "oracle_volatility_observed"
        case volatilityUpdated = "oracle_volatility_updated"
        case volatilityExpired = "oracle_volatility_expired"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .configured: Kind.configured.rawValue
        case .reporterAdded: Kind.reporterAdded.rawValue
        case .reporterRemoved: Kind.reporterRemoved.rawValue
        case .observed: Kind.observed.rawValue
        case .priceUpdated: Kind.priceUpdated.rawValue
        case .volatilityConfigured: Kind.volatilityConfigured.rawValue
        case .volatilityObserved: Kind.volatilityObserved.rawValue
        case .volatilityUpdated: Kind.volatilityUpdated.rawValue
        case .volatilityExpired: Kind.volatilityExpired.rawValue
        }
    }
}

extension OracleEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .configured(let authority, let parameters):
            writer.write(UInt8(0))
            writer.write(authority)
            writer.write(parameters)
        case .reporterAdded(let reporter):
            writer.write(UInt8(1))
            writer.write(reporter)
        case .reporterRemoved(let reporter):
            writer.write(UInt8(2))
            writer.write(reporter)
        case .observed(let reporter, let asset, let quoteAsset, let quotePerUnit, let time):
            writer.write(UInt8(3))
            writer.write(reporter)
            writer.write(asset)
            writer.write(quoteAsset)
            writer.write(quotePerUnit)
            writer.write(time)
        case .priceUpdated(let asset, let quoteAsset, let quotePerUnit, let reporterCount, let isStale, let unclamped):
            writer.write(UInt8(4))
            writer.write(asset)
            writer.write(quoteAsset)
            writer.write(quotePerUnit)
            writer.write(reporterCount)
            writer.write(isStale)
            writer.write(unclamped)
        case .volatilityConfigured(let authority, let parameters):
            writer.write(UInt8(5))
            writer.write(authority)
            writer.write(parameters)
        case .volatilityObserved(let reporter, let asset, let expiry, let time):
            writer.write(UInt8(6))
            writer.write(reporter)
            writer.write(asset)
            writer.write(expiry)
            writer.write(time)
        case .volatilityUpdated(let asset, let expiry, let volatilities, let reporterCount, let isStale, let clamped):
            writer.write(UInt8(7))
            writer.write(asset)
            writer.write(expiry)
            writer.write(volatilities)
            writer.write(reporterCount)
            writer.write(isStale)
            writer.write(clamped)
        case .volatilityExpired(let asset, let expiry):
            writer.write(UInt8(8))
            writer.write(asset)
            writer.write(expiry)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .configured(
                authority: try reader.read(AccountID.self), parameters: try reader.read(OracleParameters.self))
        case 1: self = .reporterAdded(reporter: try reader.read(AccountID.self))
        case 2: self = .reporterRemoved(reporter: try reader.read(AccountID.self))
        case 3:
            self = .observed(
                reporter: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                quoteAsset: try reader.read(AssetSymbol.self), quotePerUnit: try reader.read(Amount.self),
                timeMilliseconds: try reader.read(UInt64.self))
        case 4:
            self = .priceUpdated(
                asset: try reader.read(AssetSymbol.self), quoteAsset: try reader.read(AssetSymbol.self),
                quotePerUnit: try reader.read(Amount.self), reporterCount: try reader.read(UInt32.self),
                isStale: try reader.read(Bool.self),
                unclamped: try reader.read(Amount?.self))
        case 5:
            self = .volatilityConfigured(
                authority: try reader.read(AccountID.self), parameters: try reader.read(VolatilityParameters.self))
        case 6:
            self = .volatilityObserved(
                reporter: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                expiryMilliseconds: try reader.read(UInt64.self), timeMilliseconds: try reader.read(UInt64.self))
        case 7:
            self = .volatilityUpdated(
                asset: try reader.read(AssetSymbol.self), expiryMilliseconds: try reader.read(UInt64.self),
                volatilities: try reader.read([UInt32].self, maxCount: VolatilityParameters.pointCount),
                reporterCount: try reader.read(UInt32.self), isStale: try reader.read(Bool.self),
                clamped: try reader.read(Bool.self))
        case 8:
            self = .volatilityExpired(
                asset: try reader.read(AssetSymbol.self), expiryMilliseconds: try reader.read(UInt64.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
