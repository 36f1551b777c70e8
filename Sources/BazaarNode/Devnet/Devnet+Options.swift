public import BazaarCore

/// The devnet's BTC options: 30 series listed at genesis, quoted by the market maker
/// (`OptionMarketMaker`) once the oracle has a fresh price and surface (docs/OPTIONS.md, "Greeks,
/// option chain and the command line").
extension Devnet {
    /// Five strikes around the starting price ($65,000), $2,500 apart, in whole USD.
    public static let optionStrikesWhole: [UInt128] = [60_000, 62_500, 65_000, 67_500, 70_000]
    /// The strike grid, whole USD.
    static let optionStrikeStepWhole: UInt128 = 2_500

    /// One series' terms: a lot and a contract are 0.01 BTC, a tick 0.01 USD per lot ($1 per BTC),
    /// premiums up to $32,768 per BTC (the book's price ladder is dense: a small range keeps 30
    /// books light); maker 0, taker 0.3% of the premium; the mark is
    /// clamped by the book only where 1 BTC (100 lots) rests on both sides, more than the
    /// market maker's own quotes, so that they follow the mark rather than set it.
    static func optionSpec(expiryMilliseconds: UInt64, strikeWhole: UInt128, kind: OptionKind)
        -> MarginAction.ListOption
    {
        MarginAction.ListOption(
            underlying: "BTC", quote: "USD", expiryMilliseconds: expiryMilliseconds,
            strike: Amount(baseUnits: strikeWhole * 1_000_000),
            strikeStep: Amount(baseUnits: optionStrikeStepWhole * 1_000_000), kind: kind,
            contractSize: Amount(baseUnits: 1_000_000), lotSize: Amount(baseUnits: 1_000_000),
            tickSize: Amount(baseUnits: 10_000), minimumSize: Amount(baseUnits: 1_000_000),
            maximumPriceTicks: 1 << 15, makerFeeBasisPoints: 0, takerFeeBasisPoints: 30, impactLots: 100)
    }

    /// The 30 series: for each of the reporters' expiries (`volatilityExpiries`: a day, a week and
    /// 30 days after genesis), each strike of `optionStrikesWhole`, a call and a put.
    public static func optionSpecs(genesisMilliseconds: UInt64) -> [MarginAction.ListOption] {
        volatilityExpiries(genesisMilliseconds: genesisMilliseconds).flatMap { expiry in
            optionStrikesWhole.flatMap { strike in
                [OptionKind.call, .put].map { optionSpec(expiryMilliseconds: expiry, strikeWhole: strike, kind: $0) }
            }
        }
    }

    /// What the market maker deposits as margin at genesis for its option quotes, in whole USD.
    static let optionMakerMarginWhole: UInt128 = 1_000_000

    /// The option set-up at genesis, after the margin set-up: the market authority lists the 30
    /// series and the market maker deposits margin for writing options.
    public static func optionSetup(authority: AccountID, genesisMilliseconds: UInt64) -> [Genesis.Step] {
        var steps = optionSpecs(genesisMilliseconds: genesisMilliseconds).map {
            Genesis.Step(sender: authority, action: .derivatives(.margin(.listOption($0))))
        }
        steps.append(
            Genesis.Step(
                sender: marketMakerKey.publicKey.accountID,
                action: .derivatives(
                    .margin(.deposit(asset: "USD", amount: Amount(baseUnits: optionMakerMarginWhole * 1_000_000))))))
        return steps
    }
}
