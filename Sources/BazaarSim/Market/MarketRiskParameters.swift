public import BazaarCore

/// The risk parameters a market simulation runs under, all of them sweepable.
///
/// `devnet` is the devnet's own set (`DevnetRiskDefaults`); the simulator's genesis turns these
/// values into the same genesis actions the devnet uses (collateral weights, liquidation
/// settings, the perpetual's margin fractions, the oracle's configuration, the insurance fund).
public struct MarketRiskParameters: Sendable, Equatable {
    /// The perpetual's maintenance margin, basis points of notional.
    public var maintenanceBasisPoints: UInt16
    /// The perpetual's initial margin, basis points of notional (at least the maintenance margin).
    public var initialBasisPoints: UInt16
    /// Collateral weight of each non-quote asset, basis points (the quote asset always counts in full).
    public var collateralWeights: [AssetSymbol: UInt16]
    public var closeFactorBasisPoints: UInt16
    public var liquidationPenaltyBasisPoints: UInt16
    /// The oracle's largest move per block, basis points.
    public var maximumOracleMoveBasisPoints: UInt32
    /// The insurance fund at genesis, whole quote units.
    public var insuranceFundWhole: UInt128

    public init(
        maintenanceBasisPoints: UInt16, initialBasisPoints: UInt16, collateralWeights: [AssetSymbol: UInt16],
        closeFactorBasisPoints: UInt16, liquidationPenaltyBasisPoints: UInt16, maximumOracleMoveBasisPoints: UInt32,
        insuranceFundWhole: UInt128
    ) {
        self.maintenanceBasisPoints = maintenanceBasisPoints
        self.initialBasisPoints = initialBasisPoints
        self.collateralWeights = collateralWeights
        self.closeFactorBasisPoints = closeFactorBasisPoints
        self.liquidationPenaltyBasisPoints = liquidationPenaltyBasisPoints
        self.maximumOracleMoveBasisPoints = maximumOracleMoveBasisPoints
        self.insuranceFundWhole = insuranceFundWhole
    }

    /// The devnet's parameters, read from `DevnetRiskDefaults`.
    public static let devnet = MarketRiskParameters(
        maintenanceBasisPoints: DevnetRiskDefaults.btcPerpetual.maintenanceBasisPoints,
        initialBasisPoints: DevnetRiskDefaults.btcPerpetual.initialBasisPoints,
        collateralWeights: Dictionary(
            uniqueKeysWithValues: DevnetRiskDefaults.collateralWeights.filter {
                $0.asset != DevnetRiskDefaults.quoteAsset
            }
            .map { ($0.asset, $0.basisPoints) }),
        closeFactorBasisPoints: DevnetRiskDefaults.closeFactorBasisPoints,
        liquidationPenaltyBasisPoints: DevnetRiskDefaults.liquidationPenaltyBasisPoints,
        maximumOracleMoveBasisPoints: DevnetRiskDefaults.oracleParameters.maximumMoveBasisPoints,
        insuranceFundWhole: DevnetRiskDefaults.insuranceFundWhole)

    /// The parameters as the report's header lists them.
    var reportParameters: [MarketSimulationReport.Parameter] {
        var list: [MarketSimulationReport.Parameter] = [
            .init(name: "maintenance-margin", value: Self.percent(maintenanceBasisPoints)),
            .init(name: "initial-margin", value: Self.percent(initialBasisPoints)),
        ]
        for asset in collateralWeights.keys.sorted() {
            list.append(.init(name: "collateral-weight \(asset)", value: Self.percent(collateralWeights[asset]!)))
        }
        list += [
            .init(name: "close-factor", value: Self.percent(closeFactorBasisPoints)),
            .init(name: "liquidation-penalty", value: Self.percent(liquidationPenaltyBasisPoints)),
            .init(name: "max-oracle-move", value: Self.percent(UInt16(clamping: maximumOracleMoveBasisPoints))),
            .init(name: "insurance-fund", value: "\(insuranceFundWhole)"),
        ]
        return list
    }

    static func percent(_ basisPoints: UInt16) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)%" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
