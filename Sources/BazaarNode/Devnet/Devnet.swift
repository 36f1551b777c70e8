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

    /// Demo assets, their decimals and what each demo account receives, in whole units.
    static let demoAssets: [(symbol: AssetSymbol, name: String, decimals: UInt8, cap: UInt128?, perAccount: UInt128)] =
        [
            ("BZR", "Bazaar", 6, 1_000_000_000, 10_000),
            ("USD", "US Dollar", 6, nil, 1_000_000),
            ("BTC", "Bitcoin", 8, 21_000_000, 100),
            ("ETH", "Ether", 18, nil, 1_000),
        ]

    /// The devnet genesis: the validator issues every demo asset and each demo account is funded.
    public static func makeGenesis(demoAccounts: [AccountID], validator: PublicKey, timeMilliseconds: UInt64) -> Genesis
    {
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
        return Genesis(
            parameters: ChainParameters(chainID: chainID, feeAsset: feeAsset, minimumFee: minimumFee),
            timeMilliseconds: timeMilliseconds, assets: assets, balances: balances, validators: [validator])
    }

    /// Creates the devnet directory on first use (or after `reset`), else loads it.
    ///
    /// - Parameters:
    ///   - directory: `<home>/devnet`.
    ///   - demoAccounts: the accounts to fund when creating the chain.
    ///   - clockMilliseconds: genesis time for a new chain.
    public static func prepare(directory: URL, demoAccounts: [AccountID], reset: Bool, clockMilliseconds: UInt64) throws
        -> Prepared
    {
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
            demoAccounts: demoAccounts, validator: key.publicKey, timeMilliseconds: clockMilliseconds)
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
