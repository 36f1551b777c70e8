/// The ledger state of the oracle: its parameters, the reporter registry, each reporter's latest
/// observation per asset, the agreed prices, and each asset's history and TWAP; and the volatility
/// surface: its parameters, each reporter's latest implied volatilities per underlying and expiry,
/// and the agreed smile per underlying and expiry.
public struct OracleState: LedgerModule {
    /// The single row of `configuration` (a table so that it is journaled and hashed like the rest).
    static let configurationKey: UInt8 = 0

    /// The oracle's parameters; `nil` until the market authority configures it.
    public internal(set) var configuration: LedgerTable<UInt8, OracleParameters>
    /// Registered reporters.
    public internal(set) var reporters: LedgerTable<AccountID, OracleReporter>
    /// Each reporter's latest observation of each asset.
    public internal(set) var observations: LedgerTable<ObservationKey, OracleObservation>
    /// The latest agreed price of each asset.
    public internal(set) var prices: LedgerTable<AssetSymbol, OraclePrice>
    /// Each reported asset's history and TWAP.
    public internal(set) var feeds: LedgerTable<AssetSymbol, PriceFeed>
    /// The volatility surface's parameters (one row, key 0); the defaults until configured.
    public internal(set) var volatilityConfiguration: LedgerTable<UInt8, VolatilityParameters>
    /// Each reporter's latest implied volatilities of each underlying at each expiry.
    public internal(set) var volatilityObservations: LedgerTable<VolatilityObservationKey, VolatilityObservation>
    /// Each reported underlying and expiry's agreed smile (created by its first report, removed
    /// at expiry).
    public internal(set) var volatilitySmiles: LedgerTable<VolatilityKey, VolatilitySmile>

    public init() {
        self.init(
            configuration: LedgerTable(), reporters: LedgerTable(), observations: LedgerTable(), prices: LedgerTable(),
            feeds: LedgerTable(), volatilityConfiguration: LedgerTable(), volatilityObservations: LedgerTable(),
            volatilitySmiles: LedgerTable())
    }

    init(
        configuration: LedgerTable<UInt8, OracleParameters>, reporters: LedgerTable<AccountID, OracleReporter>,
        observations: LedgerTable<ObservationKey, OracleObservation>, prices: LedgerTable<AssetSymbol, OraclePrice>,
        feeds: LedgerTable<AssetSymbol, PriceFeed>,
        volatilityConfiguration: LedgerTable<UInt8, VolatilityParameters>,
        volatilityObservations: LedgerTable<VolatilityObservationKey, VolatilityObservation>,
        volatilitySmiles: LedgerTable<VolatilityKey, VolatilitySmile>
    ) {
        self.configuration = configuration
        self.reporters = reporters
        self.observations = observations
        self.prices = prices
        self.feeds = feeds
        self.volatilityConfiguration = volatilityConfiguration
        self.volatilityObservations = volatilityObservations
        self.volatilitySmiles = volatilitySmiles
    }

    /// The volatility surface's parameters: the configured ones, else the defaults.
    public var volatilityParameters: VolatilityParameters {
        volatilityConfiguration[Self.configurationKey] ?? VolatilityParameters()
    }

    /// The smiles of `asset`, in expiry order.
    public func smiles(of asset: AssetSymbol) -> [(expiryMilliseconds: UInt64, smile: VolatilitySmile)] {
        volatilitySmiles.sortedKeys.filter { $0.asset == asset }.map { ($0.expiryMilliseconds, volatilitySmiles[$0]!) }
    }

    /// The volatility observations of `asset` at `expiryMilliseconds` by registered reporters, in
    /// reporter order.
    public func volatilityObservations(of key: VolatilityKey) -> [(
        reporter: AccountID, observation: VolatilityObservation
    )] {
        reporters.sortedKeys.compactMap { reporter in
            volatilityObservations[VolatilityObservationKey(smile: key, reporter: reporter)].map { (reporter, $0) }
        }
    }

    /// The oracle's parameters; `nil` until configured.
    public var parameters: OracleParameters? { configuration[Self.configurationKey] }

    /// The asset every oracle price is quoted in; margin values everything in it. `nil` until configured.
    /// Setting it (tests) configures the oracle with default parameters if it was not.
    public internal(set) var quoteAsset: AssetSymbol? {
        get { parameters?.quoteAsset }
        set {
            guard let newValue else { return configuration.write(nil, for: Self.configurationKey) }
            var parameters = self.parameters ?? OracleParameters(quoteAsset: newValue)
            parameters.quoteAsset = newValue
            configuration.write(parameters, for: Self.configurationKey)
        }
    }

    /// The observations of `asset` by registered reporters, in reporter order.
    public func observations(of asset: AssetSymbol) -> [(reporter: AccountID, observation: OracleObservation)] {
        reporters.sortedKeys.compactMap { reporter in
            observations[ObservationKey(asset: asset, reporter: reporter)].map { (reporter, $0) }
        }
    }

    mutating func beginTransaction() {
        configuration.beginTransaction()
        reporters.beginTransaction()
        observations.beginTransaction()
        prices.beginTransaction()
        feeds.beginTransaction()
        volatilityConfiguration.beginTransaction()
        volatilityObservations.beginTransaction()
        volatilitySmiles.beginTransaction()
    }

    mutating func commitTransaction() {
        configuration.commitTransaction()
        reporters.commitTransaction()
        observations.commitTransaction()
        prices.commitTransaction()
        feeds.commitTransaction()
        volatilityConfiguration.commitTransaction()
        volatilityObservations.commitTransaction()
        volatilitySmiles.commitTransaction()
    }

    mutating func rollBackTransaction() {
        configuration.rollBackTransaction()
        reporters.rollBackTransaction()
        observations.rollBackTransaction()
        prices.rollBackTransaction()
        feeds.rollBackTransaction()
        volatilityConfiguration.rollBackTransaction()
        volatilityObservations.rollBackTransaction()
        volatilitySmiles.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        configuration.resetBlockJournal()
        reporters.resetBlockJournal()
        observations.resetBlockJournal()
        prices.resetBlockJournal()
        feeds.resetBlockJournal()
        volatilityConfiguration.resetBlockJournal()
        volatilityObservations.resetBlockJournal()
        volatilitySmiles.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        configuration.writeBlockChanges(to: &writer)
        reporters.writeBlockChanges(to: &writer)
        observations.writeBlockChanges(to: &writer)
        prices.writeBlockChanges(to: &writer)
        feeds.writeBlockChanges(to: &writer)
        volatilityConfiguration.writeBlockChanges(to: &writer)
        volatilityObservations.writeBlockChanges(to: &writer)
        volatilitySmiles.writeBlockChanges(to: &writer)
    }

    // The oracle holds no funds.
    func addHoldings(to held: inout [AssetSymbol: UInt128]) {}
    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {}

    /// Every observation's reporter is registered, every price and feed is of a known asset other
    /// than the quote asset, histories are bounded and in time order.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        guard reporters.count <= OracleParameters.reporterCountMax else {
            throw InvariantViolation(description: "more than \(OracleParameters.reporterCountMax) oracle reporters")
        }
        for key in observations.sortedKeys where reporters[key.reporter] == nil {
            throw InvariantViolation(description: "observation of \(key.asset) by an unregistered reporter")
        }
        for asset in prices.sortedKeys + feeds.sortedKeys where state.assets[asset] == nil || asset == quoteAsset {
            throw InvariantViolation(description: "oracle price of \(asset), which is unknown or the quote asset")
        }
        for asset in feeds.sortedKeys {
            let history = feeds[asset]!.history
            guard history.count <= OracleParameters.historyCountMax,
                zip(history, history.dropFirst()).allSatisfy({ $0.timeMilliseconds <= $1.timeMilliseconds })
            else { throw InvariantViolation(description: "oracle history of \(asset) too long or out of order") }
        }
        try checkVolatilityInvariants(in: state)
    }
}

extension OracleState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(configuration)
        writer.write(reporters)
        writer.write(observations)
        writer.write(prices)
        writer.write(feeds)
        writer.write(volatilityConfiguration)
        writer.write(volatilityObservations)
        writer.write(volatilitySmiles)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            configuration: try reader.read(LedgerTable.self), reporters: try reader.read(LedgerTable.self),
            observations: try reader.read(LedgerTable.self), prices: try reader.read(LedgerTable.self),
            feeds: try reader.read(LedgerTable.self), volatilityConfiguration: try reader.read(LedgerTable.self),
            volatilityObservations: try reader.read(LedgerTable.self),
            volatilitySmiles: try reader.read(LedgerTable.self))
    }
}
