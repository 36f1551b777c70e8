public import BazaarCore

extension Devnet {
    /// BTC-PERP (market 3); see `DevnetRiskDefaults.btcPerpetual`.
    public static let btcPerpetual = DevnetRiskDefaults.btcPerpetual

    /// Collateral weights on the devnet; see `DevnetRiskDefaults.collateralWeights`.
    public static let collateralWeights = DevnetRiskDefaults.collateralWeights

    /// What the market maker gives the insurance fund at genesis, in whole USD.
    static let insuranceFundSupply = DevnetRiskDefaults.insuranceFundWhole

    /// The margin set-up at genesis, after the oracle's (which names USD the quote asset): the
    /// market authority sets collateral weights and the liquidation settings (50% close factor,
    /// 1% penalty) and creates BTC-PERP (market 3); the market maker funds the insurance fund.
    public static func marginSetup(authority: AccountID) -> [Genesis.Step] {
        var steps = DevnetRiskDefaults.marginSetup(authority: authority)
        steps.append(
            Genesis.Step(
                sender: marketMakerKey.publicKey.accountID,
                action: .derivatives(
                    .margin(.fundInsurance(amount: Amount(baseUnits: insuranceFundSupply * 1_000_000))))))
        return steps
    }
}
