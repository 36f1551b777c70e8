public import BazaarCore
public import Foundation

/// The one-command local network: a genesis with demo assets and funded demo accounts,
/// and a validator key, kept under `<home>/devnet`.
public enum Devnet {
    public static let chainID = "bazaar-devnet"
    public static let feeAsset: AssetSymbol = "BZR"
    /// 0.001 BZR.
    public static let minimumFee = Amount(baseUnits: 1_000)

    /// What a prepared devnet directory holds.
    public struct Prepared: Sendable {
        public let genesis: Genesis
        public let validatorKey: PrivateKey
        public let dataDirectory: URL
        /// Whether this call created the chain (first start or `--reset`).
        public let isNew: Bool
    }

    /// What each demo account receives of each asset, in whole units.
    static let demoFundsPerAccount: [AssetSymbol: UInt128] = [
        "BZR": 10_000, "USD": 1_000_000, "BTC": 100, "ETH": 1_000,
    ]

    /// Demo assets (`DevnetRiskDefaults.assets`), their decimals and what each demo account receives, in whole units.
    static let demoAssets: [(symbol: AssetSymbol, name: String, decimals: UInt8, cap: UInt128?, perAccount: UInt128)] =
        DevnetRiskDefaults.assets.map {
            ($0.symbol, $0.name, $0.decimals, $0.capWhole, demoFundsPerAccount[$0.symbol]!)
        }

    /// The devnet genesis: the validator issues every demo asset, is the market authority of the
    /// demo markets (`demoMarkets`), and each demo account is funded; the market maker
    /// (`marketMakerKey`) is funded and has demo liquidity resting on both markets.
    public static func makeGenesis(
        demoAccounts: [AccountID], validator: PublicKey, timeMilliseconds: UInt64, chainID: String = Devnet.chainID
    ) -> Genesis {
        let issuer = validator.accountID
        let assets = demoAssets.map { asset in
            let scale = Amount.powerOfTen(Int(asset.decimals))
            return Genesis.Asset(
                symbol: asset.symbol, name: asset.name, decimals: asset.decimals, issuer: issuer,
                maxSupply: asset.cap.map { Amount(baseUnits: $0 * scale) })
        }
        var balances = [Genesis.Balance]()
        for account in demoAccounts {
            for asset in demoAssets {
                let amount = Amount(baseUnits: asset.perAccount * Amount.powerOfTen(Int(asset.decimals)))
                balances.append(Genesis.Balance(account: account, asset: asset.symbol, amount: amount))
            }
        }
        // The validator keeps a treasury of the fee asset.
        balances.append(
            Genesis.Balance(account: issuer, asset: feeAsset, amount: Amount(baseUnits: 1_000_000 * 1_000_000)))
        let maker = marketMakerKey.publicKey.accountID
        for (symbol, whole) in marketMakerFunds {
            let decimals = demoAssets.first { $0.symbol == symbol }!.decimals
            balances.append(
                Genesis.Balance(
                    account: maker, asset: symbol, amount: Amount(baseUnits: whole * Amount.powerOfTen(Int(decimals)))))
        }
        // The faucet (`POST /v1/faucet`) gives from its own account.
        for (symbol, whole) in faucetFunds {
            let decimals = demoAssets.first { $0.symbol == symbol }!.decimals
            balances.append(
                Genesis.Balance(
                    account: faucetKey.publicKey.accountID, asset: symbol,
                    amount: Amount(baseUnits: whole * Amount.powerOfTen(Int(decimals)))))
        }
        // The oracle reporters other than the validator pay their reports' fees.
        for key in reporterKeys {
            balances.append(
                Genesis.Balance(
                    account: key.publicKey.accountID, asset: feeAsset, amount: Amount(baseUnits: 100_000 * 1_000_000)))
        }
        // The first demo account (alice) may create markets, so that a user can try it from the keystore.
        let authority = demoAccounts.first ?? issuer
        return Genesis(
            parameters: ChainParameters(
                chainID: chainID, feeAsset: feeAsset, minimumFee: minimumFee,
                marketAuthority: authority),
            timeMilliseconds: timeMilliseconds, assets: assets, balances: balances, validators: [validator],
            markets: demoMarkets, orders: demoOrders(owner: maker),
            setup: oracleAndLendingSetup(
                authority: authority, reporters: [issuer] + reporterKeys.map(\.publicKey.accountID))
                + marginSetup(authority: authority) + demoPoolSteps(maker: maker)
                + optionSetup(authority: authority, genesisMilliseconds: timeMilliseconds))
    }

    /// The demo pools, funded by the market maker at genesis, so that a route across the books and
    /// pools shows from the CLI: pool 1 = BTC/USD constant product, 0.3%, 10 BTC and 650,000 USD
    /// ($65,000); pool 2 = ETH/USD concentrated, 0.3%, at $3,000 with liquidity 10^17 between ticks
    /// −197,280 and −195,240 (about $2,700 to $3,300; some 100 ETH and 300,000 USD).
    static func demoPoolSteps(maker: AccountID) -> [Genesis.Step] {
        // √(3000·10^6 / 10^18) · 2^96: USD base units per ETH base unit.
        let ethSqrtPrice = UInt256(decimal: "4339505179874779489431521")!
        let actions: [AMMAction] = [
            .createPool(AMMAction.CreatePool(assetA: "BTC", assetB: "USD", feePips: 3000)),
            .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: 1, amount0Desired: Amount(baseUnits: 10 * 100_000_000),
                    amount1Desired: Amount(baseUnits: 650_000 * 1_000_000))),
            .createPool(
                AMMAction.CreatePool(assetA: "ETH", assetB: "USD", feePips: 3000, initialSqrtPriceX96: ethSqrtPrice)),
            .mintPosition(
                AMMAction.MintPosition(
                    pool: 2, tickLower: -197_280, tickUpper: -195_240, liquidity: 100_000_000_000_000_000,
                    amount0Max: Amount(baseUnits: 200 * Amount.powerOfTen(18)),
                    amount1Max: Amount(baseUnits: 600_000 * 1_000_000))),
        ]
        return actions.map { Genesis.Step(sender: maker, action: .amm($0)) }
    }

    /// The devnet's oracle reporters besides the validator. Devnet only: seeds from public phrases.
    public static let reporterKeys: [PrivateKey] = (2...3).map {
        PrivateKey(seed: Hash.sha256(Array("bazaar/devnet/reporter-\($0)".utf8)).bytes)!
    }

    /// The expiries the devnet's reporters post BTC volatility smiles for: a day, a week and 30
    /// days after genesis.
    public static func volatilityExpiries(genesisMilliseconds: UInt64) -> [UInt64] {
        [1, 7, 30].map { genesisMilliseconds + $0 * 86_400_000 }
    }

    /// The devnet oracle; see `DevnetRiskDefaults.oracleParameters`.
    public static let oracleParameters = DevnetRiskDefaults.oracleParameters

    /// The USD lending pool's curve; see `DevnetRiskDefaults.usdPoolParameters`.
    public static let usdPoolParameters = DevnetRiskDefaults.usdPoolParameters

    /// What the market maker supplies to the USD pool at genesis, in whole USD.
    static let usdPoolSupply = DevnetRiskDefaults.usdPoolSupplyWhole

    /// The oracle and lending set-up at genesis: the market authority configures the oracle,
    /// registers the reporters and opens the USD pool; the market maker supplies it.
    static func oracleAndLendingSetup(authority: AccountID, reporters: [AccountID]) -> [Genesis.Step] {
        var steps = [Genesis.Step(sender: authority, action: .derivatives(.oracle(.configure(oracleParameters))))]
        steps += reporters.map { Genesis.Step(sender: authority, action: .derivatives(.oracle(.addReporter($0)))) }
        steps.append(
            Genesis.Step(
                sender: authority,
                action: .derivatives(.lending(.configurePool(asset: "USD", parameters: usdPoolParameters)))))
        steps.append(
            Genesis.Step(
                sender: marketMakerKey.publicKey.accountID,
                action: .derivatives(
                    .lending(.supply(asset: "USD", amount: Amount(baseUnits: usdPoolSupply * 1_000_000))))))
        return steps
    }

    /// Where the devnet's random walk starts: the demo books' mid prices, in USD base units.
    public static let startingPrices: PricePath.Step = [
        ("BTC", 65_000 * 1_000_000), ("ETH", 3_000 * 1_000_000),
    ]

    /// The demo market maker's key. Devnet only: the seed is SHA-256 of a public phrase, so anyone
    /// can run a market-making bot against a devnet with it.
    public static let marketMakerKey = PrivateKey(seed: Hash.sha256(Array("bazaar/devnet/market-maker".utf8)).bytes)!

    /// The devnet faucet's key. Devnet only: the seed is SHA-256 of a public phrase, like the market maker's.
    public static let faucetKey = PrivateKey(seed: Hash.sha256(Array("bazaar/devnet/faucet".utf8)).bytes)!

    /// What the faucet holds at genesis, in whole units: 10,000 grants of `faucetGrant`.
    static let faucetFunds: [(symbol: AssetSymbol, whole: UInt128)] = [
        ("BZR", 1_000_000), ("USD", 100_000_000), ("BTC", 10_000), ("ETH", 100_000),
    ]

    /// What one faucet grant transfers, in whole units: fees, and enough to trade every demo market.
    static let faucetGrantWhole: [(symbol: AssetSymbol, whole: UInt128)] = [
        ("BZR", 100), ("USD", 10_000), ("BTC", 1), ("ETH", 10),
    ]

    /// The devnet faucet: `faucetGrantWhole` from `faucetKey`, once per address per hour, at most
    /// 30 grants a minute in all.
    public static var faucetSettings: FaucetSettings {
        FaucetSettings(
            key: faucetKey,
            grant: faucetGrantWhole.map { symbol, whole in
                let decimals = demoAssets.first { $0.symbol == symbol }!.decimals
                return (symbol, Amount(baseUnits: whole * Amount.powerOfTen(Int(decimals))))
            })
    }

    /// What the market maker holds at genesis, in whole units, before its orders lock part of it.
    static let marketMakerFunds: [(symbol: AssetSymbol, whole: UInt128)] = [
        ("BZR", 10_000), ("USD", 10_000_000), ("BTC", 100), ("ETH", 1_000),
    ]

    /// The demo markets, created at genesis by the validator as market authority; see
    /// `DevnetRiskDefaults.spotMarkets`.
    public static let demoMarkets: [Action.CreateMarket] = DevnetRiskDefaults.spotMarkets

    /// Five bids and five asks on each market around a mid price ($65,000 per BTC in steps of $10,
    /// 0.01 BTC each; $3,000 per ETH in steps of $1, 1 ETH each), post-only (limit on the batch market).
    static func demoOrders(owner: AccountID) -> [Genesis.OpenOrder] {
        var orders: [Genesis.OpenOrder] = []
        let books: [(market: MarketID, midTicks: UInt128, stepTicks: UInt128, lots: UInt128, type: OrderType)] = [
            (1, 65_000, 10, 100, .postOnly),
            (2, 300_000, 100, 1_000, .limit),
        ]
        for book in books {
            let market = demoMarkets[Int(book.market.rawValue) - 1]
            for level in UInt128(1)...5 {
                for side in [MatchingEngine.Side.bid, .ask] {
                    let ticks =
                        side == .bid ? book.midTicks - level * book.stepTicks : book.midTicks + level * book.stepTicks
                    let order = Action.PlaceOrder(
                        market: book.market, side: side, type: book.type,
                        price: Amount(baseUnits: ticks * market.tickSize.baseUnits),
                        size: Amount(baseUnits: book.lots * market.lotSize.baseUnits))
                    orders.append(Genesis.OpenOrder(owner: owner, order: order))
                }
            }
        }
        return orders
    }

    /// Creates the devnet directory on first use (or after `reset`), else loads it.
    ///
    /// - Parameters:
    ///   - directory: `<home>/devnet`.
    ///   - demoAccounts: the accounts to fund when creating the chain.
    ///   - clockMilliseconds: genesis time for a new chain.
    ///   - chainID: the chain id of a new chain (an existing one keeps its own).
    public static func prepare(
        directory: URL, demoAccounts: [AccountID], reset: Bool, clockMilliseconds: UInt64,
        chainID: String = Devnet.chainID
    ) throws -> Prepared {
        let files = FileManager.default
        let genesisURL = directory.appendingPathComponent("genesis.json")
        let keyURL = directory.appendingPathComponent("validator-key.json")
        let dataDirectory = directory.appendingPathComponent("data")
        if reset, files.fileExists(atPath: directory.path) {
            try files.removeItem(at: directory)
        }
        if files.fileExists(atPath: genesisURL.path) {
            let genesis = try GenesisFile.load(from: genesisURL).genesis()
            let key = try ValidatorKeyFile.load(from: keyURL)
            try files.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            return Prepared(genesis: genesis, validatorKey: key, dataDirectory: dataDirectory, isNew: false)
        }
        try files.createDirectory(
            at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = PrivateKey()
        try ValidatorKeyFile.save(key, to: keyURL)
        let genesis = makeGenesis(
            demoAccounts: demoAccounts, validator: key.publicKey, timeMilliseconds: clockMilliseconds, chainID: chainID)
        try GenesisFile(genesis).save(to: genesisURL)
        return Prepared(genesis: genesis, validatorKey: key, dataDirectory: dataDirectory, isNew: true)
    }
}

/// The validator's signing key on disk, readable by its owner only.
public enum ValidatorKeyFile {
    private struct Contents: Codable {
        var publicKey: String
        var privateKey: String
    }

    public static func save(_ key: PrivateKey, to url: URL) throws {
        let contents = Contents(publicKey: key.publicKey.hex, privateKey: key.seed.hexString)
        let data = try JSONEncoder().encode(contents)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw NodeError(.configuration, "cannot write the validator key to \(url.path)")
        }
    }

    public static func load(from url: URL) throws -> PrivateKey {
        guard let data = FileManager.default.contents(atPath: url.path),
            let contents = try? JSONDecoder().decode(Contents.self, from: data),
            let seed = [UInt8](hex: contents.privateKey), let key = PrivateKey(seed: seed)
        else {
            throw NodeError(.configuration, "cannot read the validator key at \(url.path)")
        }
        return key
    }
}
