public import BazaarCore

extension Devnet {
    /// BTC-PERP: a perpetual on the oracle's BTC price, with the BTC-USD book's units (a lot is
    /// 0.0001 BTC, a tick $1 per BTC), maker rebate 0.02% and taker fee 0.05%; 10× maximum
    /// leverage (10% initial, 5% maintenance); funding every hour from the premium of the impact
    /// bid and ask (0.1 BTC) over the index, clamped to ±1% per 8 hours.
    public static let btcPerpetual = MarginAction.CreatePerpetual(
        base: "BTC", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
        fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 1_000)

    /// Collateral weights on the devnet: USD in full, BTC at 80%, ETH at 70%.
    public static let collateralWeights: [(asset: AssetSymbol, basisPoints: UInt16)] = [
        ("USD", 10_000), ("BTC", 8_000), ("ETH", 7_000),
    ]

    /// What the market maker gives the insurance fund at genesis, in whole USD.
    static let insuranceFundSupply: UInt128 = 100_000

    /// The margin set-up at genesis, after the oracle's (which names USD the quote asset): the
    /// market authority sets collateral weights and the liquidation settings (50% close factor,
    /// 1% penalty) and creates BTC-PERP (market 3); the market maker funds the insurance fund.
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
                    .margin(.setLiquidationSettings(closeFactorBasisPoints: 5_000, penaltyBasisPoints: 100)))))
        steps.append(Genesis.Step(sender: authority, action: .derivatives(.margin(.createPerpetual(btcPerpetual)))))
        steps.append(
            Genesis.Step(
                sender: marketMakerKey.publicKey.accountID,
                action: .derivatives(
                    .margin(.fundInsurance(amount: Amount(baseUnits: insuranceFundSupply * 1_000_000))))))
        return steps
    }
}
