/// The devnet's assets, markets and risk parameters: one definition that `bazaar devnet` builds
/// its genesis from and that the market stress simulator (`bazaar simulate market`) starts from.
///
/// Values only; nothing here reaches state except through the genesis actions built from it.
public enum DevnetRiskDefaults {
    /// The quote asset of the oracle, the lending pool and every perpetual.
    public static let quoteAsset: AssetSymbol = "USD"

    /// The devnet's assets: symbol, name, decimals and supply cap in whole units (nil: uncapped).
    public static let assets: [(symbol: AssetSymbol, name: String, decimals: UInt8, capWhole: UInt128?)] = [
        ("BZR", "Bazaar", 6, 1_000_000_000),
        ("USD", "US Dollar", 6, nil),
        ("BTC", "Bitcoin", 8, 21_000_000),
        ("ETH", "Ether", 18, nil),
    ]

    /// The spot markets, created at genesis by the market authority, numbered from 1.
    ///
    /// - `BTC-USD` (market 1), continuous: a lot is 0.0001 BTC and a tick $1 per BTC (0.0001 USD
    ///   per lot), prices up to $262,144; maker rebate 0.02%, taker fee 0.05%.
    /// - `ETH-USD` (market 2), batch auction: a lot is 0.001 ETH and a tick $0.01 per ETH
    ///   (0.00001 USD per lot), prices up to $10,000; maker fee 0, taker fee 0.05%.
    public static let spotMarkets: [Action.CreateMarket] = [
        Action.CreateMarket(
            base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
            minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
            takerFeeBasisPoints: 5, mode: .continuous),
        Action.CreateMarket(
            base: "ETH", quote: "USD", lotSize: Amount(baseUnits: Amount.powerOfTen(15)),
            tickSize: Amount(baseUnits: 10),
            minimumSize: Amount(baseUnits: Amount.powerOfTen(15)), maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 5, mode: .batchAuction),
    ]

    /// BTC-PERP (market 3): a perpetual on the oracle's BTC price, with the BTC-USD book's units (a
    /// lot is 0.0001 BTC, a tick $1 per BTC), maker rebate 0.02% and taker fee 0.05%; 10× maximum
    /// leverage (10% initial, 5% maintenance); funding every hour from the premium of the impact
    /// bid and ask (0.1 BTC) over the index, clamped to ±1% per 8 hours.
    public static let btcPerpetual = MarginAction.CreatePerpetual(
        base: "BTC", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
        fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 1_000)

    /// Collateral weights: USD in full, BTC at 80%, ETH at 70%.
    public static let collateralWeights: [(asset: AssetSymbol, basisPoints: UInt16)] = [
        ("USD", 10_000), ("BTC", 8_000), ("ETH", 7_000),
    ]

    /// Liquidations close half a position at a time, with a 1% penalty to the insurance fund.
    public static let closeFactorBasisPoints: UInt16 = 5_000
    public static let liquidationPenaltyBasisPoints: UInt16 = 100

    /// The insurance fund at genesis, in whole USD.
    public static let insuranceFundWhole: UInt128 = 100_000

    /// The oracle: USD-quoted, observations count for 10 s, at least 2 reporters, at most 5% move
    /// per block, a one-minute TWAP.
    public static let oracleParameters = OracleParameters(
        quoteAsset: "USD", stalenessMilliseconds: 10_000, minimumReporters: 2, maximumMoveBasisPoints: 500,
        twapWindowMilliseconds: 60_000)

    /// The USD lending pool's curve: 0% base, 4% at the 80% kink, then up to 64% at full use; 10% reserve.
    public static let usdPoolParameters = LendingPoolParameters(
        baseRateBasisPoints: 0, slope1BasisPoints: 400, slope2BasisPoints: 6_000, kinkUtilizationBasisPoints: 8_000,
        reserveFactorBasisPoints: 1_000)

    /// What is supplied to the USD lending pool at genesis, in whole USD.
    public static let usdPoolSupplyWhole: UInt128 = 1_000_000

    /// The spot mid prices the demo books and the devnet's oracle start from, whole USD per unit.
    public static let startingPricesWhole: [(asset: AssetSymbol, whole: UInt128)] = [("BTC", 65_000), ("ETH", 3_000)]

    /// The margin set-up steps (after the oracle's, which names USD the quote asset), all sent by the
    /// market authority: collateral weights, liquidation settings and the perpetual.
    public static func marginSetup(authority: AccountID) -> [Genesis.Step] {
        var steps = collateralWeights.map {
            Genesis.Step(
                sender: authority,
                action: .derivatives(.margin(.setCollateralWeight(asset: $0.asset, weightBasisPoints: $0.basisPoints))))
        }
        steps.append(
            Genesis.Step(
                sender: authority,
                action: .derivatives(
                    .margin(
                        .setLiquidationSettings(
                            closeFactorBasisPoints: closeFactorBasisPoints,
                            penaltyBasisPoints: liquidationPenaltyBasisPoints)))))
        steps.append(Genesis.Step(sender: authority, action: .derivatives(.margin(.createPerpetual(btcPerpetual)))))
        return steps
    }
}
