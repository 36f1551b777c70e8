/// The ledger state of the oracle: its parameters, the reporter registry, each reporter's latest
/// observation per asset, the agreed prices, and each asset's history and TWAP.
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

    public init() {
        self.init(
            configuration: LedgerTable(), reporters: LedgerTable(), observations: LedgerTable(), prices: LedgerTable(),
            feeds: LedgerTable())
    }

    init(
        configuration: LedgerTable<UInt8, OracleParameters>, reporters: LedgerTable<AccountID, OracleReporter>,
        observations: LedgerTable<ObservationKey, OracleObservation>, prices: LedgerTable<AssetSymbol, OraclePrice>,
        feeds: LedgerTable<AssetSymbol, PriceFeed>
    ) {
        self.configuration = configuration
        self.reporters = reporters
        self.observations = observations
        self.prices = prices
        self.feeds = feeds
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
    }

    mutating func commitTransaction() {
        configuration.commitTransaction()
        reporters.commitTransaction()
        observations.commitTransaction()
        prices.commitTransaction()
        feeds.commitTransaction()
    }

    mutating func rollBackTransaction() {
        configuration.rollBackTransaction()
        reporters.rollBackTransaction()
        observations.rollBackTransaction()
        prices.rollBackTransaction()
        feeds.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        configuration.resetBlockJournal()
        reporters.resetBlockJournal()
        observations.resetBlockJournal()
        prices.resetBlockJournal()
        feeds.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        configuration.writeBlockChanges(to: &writer)
        reporters.writeBlockChanges(to: &writer)
        observations.writeBlockChanges(to: &writer)
        prices.writeBlockChanges(to: &writer)
        feeds.writeBlockChanges(to: &writer)
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
    }
}

extension OracleState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(configuration)
        writer.write(reporters)
        writer.write(observations)
        writer.write(prices)
        writer.write(feeds)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            configuration: try reader.read(LedgerTable.self), reporters: try reader.read(LedgerTable.self),
            observations: try reader.read(LedgerTable.self), prices: try reader.read(LedgerTable.self),
            feeds: try reader.read(LedgerTable.self))
    }
}
