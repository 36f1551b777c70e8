import BazaarCore

/// The genesis of a ledger simulation: what every action kind needs to be able to succeed.
///
/// Accounts by index: 0 is the validator, the market authority and the issuer of `BZR` and `USD`
/// (and the deep-pocketed liquidity provider); 1 issues `GOLD`; 0 and 1 report prices to the
/// oracle; 2 is a registered mediator and 3 an arbitrator. Everyone else trades.
///
/// - Markets: 1 = `GOLD-USD` (continuous; a lot is 0.01 GOLD, a tick 0.01 USD per lot, prices
///   up to 8,192 USD per GOLD: narrow ladders keep the full invariant check of every book cheap),
///   2 = `BZR-USD` (batch auction; a lot is 1 BZR, a tick 0.01 USD), 3 = `GOLD-PERP`.
/// - Pools: 1 = `GOLD/USD` constant product, 2 = `GOLD/USD` concentrated, 3 = `BZR/USD` constant
///   product; all at 0.3%.
/// - Oracle: quoted in `USD`, with the two reporters' genesis observations of `GOLD` at 2,000 USD.
/// - Margin: `USD` and `GOLD` are collateral; the insurance fund holds 100,000 USD.
/// - Lending: `USD` and `GOLD` pools, supplied by account 0.
extension LedgerSimulation {
    static let usd: AssetSymbol = "USD"
    static let gold: AssetSymbol = "GOLD"
    /// 2,000.00 USD per GOLD, in cents per whole GOLD (the oracle's unit).
    static let goldStartPrice: UInt128 = 200_000
    static let spotMarket: MarketID = 1
    static let batchMarket: MarketID = 2
    static let perpetualMarket: MarketID = 3
    /// The fewest accounts that can fill every role (two trade parties besides the resolvers).
    public static let accountCountMin = 4

    static let oracleParameters = OracleParameters(
        quoteAsset: usd, stalenessMilliseconds: 60_000, minimumReporters: 1, maximumMoveBasisPoints: 500,
        twapWindowMilliseconds: 60_000)

    static let goldPerpetual = MarginAction.CreatePerpetual(
        base: gold, lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 1),
        minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 8_192, makerFeeBasisPoints: 0,
        takerFeeBasisPoints: 5, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
        fundingIntervalMilliseconds: 60_000, fundingClampPPM: 10_000, impactLots: 10)

    static let markets: [Action.CreateMarket] = [
        Action.CreateMarket(
            base: gold, quote: usd, lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 1),
            minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 8_192, makerFeeBasisPoints: -1,
            takerFeeBasisPoints: 10, mode: .continuous),
        Action.CreateMarket(
            base: feeAsset, quote: usd, lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 1),
            minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 10_000, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 10, mode: .batchAuction),
    ]

    /// Three assets: the fee asset and a capped `USD` issued by account 0, an uncapped `GOLD` by
    /// account 1. Account 0 holds plenty of each; of the others most start with all three, a few
    /// (never a resolver or reporter) with nothing.
    func makeGenesis(keys: [PrivateKey], random: inout SimulationRandom) -> Genesis {
        let ids = keys.map(\.publicKey.accountID)
        let assets = [
            Genesis.Asset(symbol: Self.feeAsset, name: "Bazaar", decimals: 6, issuer: ids[0], maxSupply: nil),
            Genesis.Asset(
                symbol: Self.usd, name: "US Dollar", decimals: 2, issuer: ids[0],
                maxSupply: Amount(baseUnits: 1_000_000_000_000)),
            Genesis.Asset(symbol: Self.gold, name: "Gold", decimals: 8, issuer: ids[1], maxSupply: nil),
        ]
        var balances: [Genesis.Balance] = [
            Genesis.Balance(account: ids[0], asset: Self.feeAsset, amount: Amount(baseUnits: 1_000_000_000_000)),
            Genesis.Balance(account: ids[0], asset: Self.usd, amount: Amount(baseUnits: 10_000_000_000)),
            Genesis.Balance(account: ids[0], asset: Self.gold, amount: Amount(baseUnits: 1_000_000_000_000)),
        ]
        for (index, id) in ids.enumerated().dropFirst()
        where index < Self.accountCountMin || !random.chance(percent: 10) {
            let ranges: [(AssetSymbol, ClosedRange<UInt128>)] = [
                (Self.feeAsset, 1_000_000...10_000_000), (Self.usd, 1_000...10_000_000),
                (Self.gold, 1_000_000...10_000_000_000),
            ]
            for (symbol, range) in ranges {
                balances.append(
                    Genesis.Balance(account: id, asset: symbol, amount: Amount(baseUnits: random.uint128(in: range))))
            }
        }
        let parameters = ChainParameters(
            chainID: Self.chainID, feeAsset: Self.feeAsset, minimumFee: Self.minimumFee, marketAuthority: ids[0])
        return Genesis(
            parameters: parameters, timeMilliseconds: Self.genesisTimeMilliseconds, assets: assets, balances: balances,
            validators: [keys[0].publicKey], markets: Self.markets, orders: genesisOrders(owner: ids[0]),
            setup: genesisSetup(ids: ids))
    }

    /// Account 0's resting liquidity: five bids and five asks on the continuous market around
    /// 2,000 USD per GOLD, three of each on the batch market around 1 USD per BZR.
    private func genesisOrders(owner: AccountID) -> [Genesis.OpenOrder] {
        var orders = [Genesis.OpenOrder]()
        let books: [(market: MarketID, midTicks: UInt128, levels: UInt128, type: OrderType)] = [
            (Self.spotMarket, 2_000, 5, .postOnly), (Self.batchMarket, 100, 3, .limit),
        ]
        for book in books {
            for level in 1...book.levels {
                for side in [MatchingEngine.Side.bid, .ask] {
                    let ticks = side == .bid ? book.midTicks - level * 5 : book.midTicks + level * 5
                    let order = Action.PlaceOrder(
                        market: book.market, side: side, type: book.type, price: Amount(baseUnits: ticks),
                        size: Amount(baseUnits: 10 * 1_000_000))
                    orders.append(Genesis.OpenOrder(owner: owner, order: order))
                }
            }
        }
        return orders
    }

    private func genesisSetup(ids: [AccountID]) -> [Genesis.Step] {
        let authority = ids[0]
        var steps = [(AccountID, Action)]()
        func derivatives(_ sender: AccountID, _ action: DerivativesAction) {
            steps.append((sender, .derivatives(action)))
        }
        derivatives(authority, .oracle(.configure(Self.oracleParameters)))
        for reporter in ids[0...1] {
            derivatives(authority, .oracle(.addReporter(reporter)))
            let report = OracleAction.Report(
                asset: Self.gold, quotePerUnit: Amount(baseUnits: Self.goldStartPrice),
                timeMilliseconds: Self.genesisTimeMilliseconds)
            derivatives(reporter, .oracle(.report(report)))
        }
        derivatives(authority, .margin(.setCollateralWeight(asset: Self.usd, weightBasisPoints: 10_000)))
        derivatives(authority, .margin(.setCollateralWeight(asset: Self.gold, weightBasisPoints: 8_000)))
        derivatives(authority, .margin(.setLiquidationSettings(closeFactorBasisPoints: 5_000, penaltyBasisPoints: 100)))
        derivatives(authority, .margin(.createPerpetual(Self.goldPerpetual)))
        derivatives(authority, .margin(.fundInsurance(amount: Amount(baseUnits: 10_000_000))))
        for asset in [Self.usd, Self.gold] {
            derivatives(authority, .lending(.configurePool(asset: asset, parameters: LendingPoolParameters())))
        }
        derivatives(authority, .lending(.supply(asset: Self.usd, amount: Amount(baseUnits: 100_000_000))))
        derivatives(authority, .lending(.supply(asset: Self.gold, amount: Amount(baseUnits: 10_000_000_000))))
        steps.append(
            (
                authority,
                .escrow(.registerResolver(account: ids[2], roles: Resolver(isMediator: true, isArbitrator: false)))
            ))
        steps.append(
            (
                authority,
                .escrow(.registerResolver(account: ids[3], roles: Resolver(isMediator: false, isArbitrator: true)))
            ))
        for action in Self.genesisPoolActions {
            steps.append((authority, .amm(action)))
        }
        return steps.map { Genesis.Step(sender: $0.0, action: $0.1) }
    }

    /// √(price · 2¹⁹²) for a price of `cents` USD base units per whole GOLD: pools count asset1
    /// (`USD`) base units per asset0 (`GOLD`) base unit.
    static func goldSqrtPriceX96(centsPerGold: UInt128) -> UInt256 {
        ConstantProductMath.squareRoot((UInt256(1) << 192) * UInt256(centsPerGold) / UInt256(UInt128(100_000_000)))
    }

    /// 100 GOLD against 200,000 USD in the constant-product GOLD pool, a range position in the
    /// concentrated one, 100,000 BZR against 100,000 USD.
    private static var genesisPoolActions: [AMMAction] {
        [
            .createPool(AMMAction.CreatePool(assetA: gold, assetB: usd, feePips: 3000)),
            .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: 1, amount0Desired: Amount(baseUnits: 10_000_000_000),
                    amount1Desired: Amount(baseUnits: 20_000_000))),
            .createPool(
                AMMAction.CreatePool(
                    assetA: gold, assetB: usd, feePips: 3000,
                    initialSqrtPriceX96: goldSqrtPriceX96(centsPerGold: goldStartPrice))),
            // Liquidity of 10^10 between ticks −66,000 and −58,020 (about 1,360 to 3,000 USD per
            // GOLD): some 420 GOLD and 780,000 USD.
            .mintPosition(
                AMMAction.MintPosition(
                    pool: 2, tickLower: -66_000, tickUpper: -58_020, liquidity: 10_000_000_000,
                    amount0Max: Amount(baseUnits: 100_000_000_000), amount1Max: Amount(baseUnits: 1_000_000_000))),
            .createPool(AMMAction.CreatePool(assetA: feeAsset, assetB: usd, feePips: 3000)),
            .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: 3, amount0Desired: Amount(baseUnits: 100_000_000_000),
                    amount1Desired: Amount(baseUnits: 10_000_000))),
        ]
    }
}
