/// An action of margin accounts, perpetual markets and positions, and the insurance fund; see DerivativesAction.
///
/// Orders of perpetual markets are ordinary `placeOrder` actions on the perpetual's market id.
public enum MarginAction: Sendable, Hashable {
    /// Moves `amount` of the sender's free balance into its margin account.
    case deposit(asset: AssetSymbol, amount: Amount)
    /// Moves collateral back to the free balance; only while equity still covers the initial requirement.
    case withdraw(asset: AssetSymbol, amount: Amount)
    /// Accepts an asset as collateral with a weight, or changes it (market authority).
    case setCollateralWeight(asset: AssetSymbol, weightBasisPoints: UInt16)
    /// Sets the close factor and the liquidation penalty (market authority).
    case setLiquidationSettings(closeFactorBasisPoints: UInt16, penaltyBasisPoints: UInt16)
    /// Creates a perpetual market (market authority).
    case createPerpetual(CreatePerpetual)
    /// Gives `amount` of the sender's free balance of the oracle's quote asset to the insurance fund.
    case fundInsurance(amount: Amount)
    /// Lists a European, cash-settled option series as a continuous market (market authority;
    /// docs/OPTIONS.md).
    case listOption(ListOption)

    /// A perpetual market's book (as a continuous market of `base` against the oracle's quote
    /// asset), its leverage limits and its funding rules.
    public struct CreatePerpetual: Sendable, Hashable {
        public var base: AssetSymbol
        public var lotSize: Amount
        public var tickSize: Amount
        public var minimumSize: Amount
        public var maximumPriceTicks: UInt64
        public var makerFeeBasisPoints: Int16
        public var takerFeeBasisPoints: Int16
        /// Initial margin in basis points of notional: 1,000 is at most 10× leverage.
        public var initialBasisPoints: UInt16
        /// Maintenance margin in basis points, positive and at most the initial margin.
        public var maintenanceBasisPoints: UInt16
        public var fundingIntervalMilliseconds: UInt64
        /// The funding rate per 8 hours is clamped to ± this, in parts per million.
        public var fundingClampPPM: UInt32
        /// The impact size in lots (impact bid and ask are the average prices to fill it).
        public var impactLots: Int64

        public init(
            base: AssetSymbol, lotSize: Amount, tickSize: Amount, minimumSize: Amount, maximumPriceTicks: UInt64,
            makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16, initialBasisPoints: UInt16,
            maintenanceBasisPoints: UInt16, fundingIntervalMilliseconds: UInt64, fundingClampPPM: UInt32,
            impactLots: Int64
        ) {
            self.base = base
            self.lotSize = lotSize
            self.tickSize = tickSize
            self.minimumSize = minimumSize
            self.maximumPriceTicks = maximumPriceTicks
            self.makerFeeBasisPoints = makerFeeBasisPoints
            self.takerFeeBasisPoints = takerFeeBasisPoints
            self.initialBasisPoints = initialBasisPoints
            self.maintenanceBasisPoints = maintenanceBasisPoints
            self.fundingIntervalMilliseconds = fundingIntervalMilliseconds
            self.fundingClampPPM = fundingClampPPM
            self.impactLots = impactLots
        }
    }
}

extension MarginAction {
    /// An option series: its terms, its strike grid and its book (a continuous market of the
    /// underlying against the oracle's quote asset; prices are premiums per lot).
    public struct ListOption: Sendable, Hashable {
        public var underlying: AssetSymbol
        /// Must be the oracle's quote asset (`wrong_quote_asset`).
        public var quote: AssetSymbol
        /// Block time in milliseconds; must be after the listing block's time (`expiry_passed`).
        public var expiryMilliseconds: UInt64
        /// Quote base units per whole unit of the underlying: a positive multiple of `strikeStep`.
        public var strike: Amount
        /// The underlying's strike grid (`invalid_strike` when it differs from a listed series').
        public var strikeStep: Amount
        public var kind: OptionKind
        /// Underlying base units per contract, a whole number of lots.
        public var contractSize: Amount
        public var lotSize: Amount
        public var tickSize: Amount
        public var minimumSize: Amount
        public var maximumPriceTicks: UInt64
        public var makerFeeBasisPoints: Int16
        public var takerFeeBasisPoints: Int16
        /// The impact size in lots (the mark is clamped between the impact bid and ask).
        public var impactLots: Int64

        public init(
            underlying: AssetSymbol, quote: AssetSymbol, expiryMilliseconds: UInt64, strike: Amount,
            strikeStep: Amount, kind: OptionKind, contractSize: Amount, lotSize: Amount, tickSize: Amount,
            minimumSize: Amount, maximumPriceTicks: UInt64, makerFeeBasisPoints: Int16, takerFeeBasisPoints: Int16,
            impactLots: Int64
        ) {
            self.underlying = underlying
            self.quote = quote
            self.expiryMilliseconds = expiryMilliseconds
            self.strike = strike
            self.strikeStep = strikeStep
            self.kind = kind
            self.contractSize = contractSize
            self.lotSize = lotSize
            self.tickSize = tickSize
            self.minimumSize = minimumSize
            self.maximumPriceTicks = maximumPriceTicks
            self.makerFeeBasisPoints = makerFeeBasisPoints
            self.takerFeeBasisPoints = takerFeeBasisPoints
            self.impactLots = impactLots
        }
    }
}

extension MarginAction.ListOption: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(underlying)
        writer.write(quote)
        writer.write(expiryMilliseconds)
        writer.write(strike)
        writer.write(strikeStep)
        writer.write(kind.rawValue)
        writer.write(contractSize)
        writer.write(lotSize)
        writer.write(tickSize)
        writer.write(minimumSize)
        writer.write(maximumPriceTicks)
        writer.write(UInt16(bitPattern: makerFeeBasisPoints))
        writer.write(UInt16(bitPattern: takerFeeBasisPoints))
        writer.write(UInt64(bitPattern: impactLots))
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        underlying = try reader.read(AssetSymbol.self)
        quote = try reader.read(AssetSymbol.self)
        expiryMilliseconds = try reader.read(UInt64.self)
        strike = try reader.read(Amount.self)
        strikeStep = try reader.read(Amount.self)
        kind = try reader.readTag(OptionKind.self)
        contractSize = try reader.read(Amount.self)
        lotSize = try reader.read(Amount.self)
        tickSize = try reader.read(Amount.self)
        minimumSize = try reader.read(Amount.self)
        maximumPriceTicks = try reader.read(UInt64.self)
        makerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        takerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        impactLots = Int64(bitPattern: try reader.read(UInt64.self))
    }
}

extension MarginAction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .deposit(let asset, let amount):
            writer.write(UInt8(0))
            writer.write(asset)
            writer.write(amount)
        case .withdraw(let asset, let amount):
            writer.write(UInt8(1))
            writer.write(asset)
            writer.write(amount)
        case .setCollateralWeight(let asset, let weight):
            writer.write(UInt8(2))
            writer.write(asset)
            writer.write(weight)
        case .setLiquidationSettings(let closeFactor, let penalty):
            writer.write(UInt8(3))
            writer.write(closeFactor)
            writer.write(penalty)
        case .createPerpetual(let create):
            writer.write(UInt8(4))
            writer.write(create)
        case .fundInsurance(let amount):
            writer.write(UInt8(5))
            writer.write(amount)
        case .listOption(let list):
            writer.write(UInt8(6))
            writer.write(list)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .deposit(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self))
        case 1: self = .withdraw(asset: try reader.read(AssetSymbol.self), amount: try reader.read(Amount.self))
        case 2:
            self = .setCollateralWeight(
                asset: try reader.read(AssetSymbol.self), weightBasisPoints: try reader.read(UInt16.self))
        case 3:
            self = .setLiquidationSettings(
                closeFactorBasisPoints: try reader.read(UInt16.self), penaltyBasisPoints: try reader.read(UInt16.self))
        case 4: self = .createPerpetual(try reader.read(CreatePerpetual.self))
        case 5: self = .fundInsurance(amount: try reader.read(Amount.self))
        case 6: self = .listOption(try reader.read(ListOption.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}

extension MarginAction.CreatePerpetual: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(base)
        writer.write(lotSize)
        writer.write(tickSize)
        writer.write(minimumSize)
        writer.write(maximumPriceTicks)
        writer.write(UInt16(bitPattern: makerFeeBasisPoints))
        writer.write(UInt16(bitPattern: takerFeeBasisPoints))
        writer.write(initialBasisPoints)
        writer.write(maintenanceBasisPoints)
        writer.write(fundingIntervalMilliseconds)
        writer.write(fundingClampPPM)
        writer.write(UInt64(bitPattern: impactLots))
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        base = try reader.read(AssetSymbol.self)
        lotSize = try reader.read(Amount.self)
        tickSize = try reader.read(Amount.self)
        minimumSize = try reader.read(Amount.self)
        maximumPriceTicks = try reader.read(UInt64.self)
        makerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        takerFeeBasisPoints = Int16(bitPattern: try reader.read(UInt16.self))
        initialBasisPoints = try reader.read(UInt16.self)
        maintenanceBasisPoints = try reader.read(UInt16.self)
        fundingIntervalMilliseconds = try reader.read(UInt64.self)
        fundingClampPPM = try reader.read(UInt32.self)
        impactLots = Int64(bitPattern: try reader.read(UInt64.self))
    }
}
