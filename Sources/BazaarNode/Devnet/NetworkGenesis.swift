public import BazaarCore

/// The genesis of a network with one or more validators of equal voting power, for
/// `bazaar genesis create` and `bazaar testnet`.
///
/// It reuses the devnet's fee asset and, with demo accounts, the devnet's demo assets and balances
/// (`Devnet.makeGenesis`), so whatever the devnet genesis gains, a demo network gains too.
public enum NetworkGenesis {
    /// The most validators a genesis made here may name.
    public static let validatorCountMax = 100

    /// Makes and checks a genesis.
    ///
    /// - Parameters:
    ///   - validators: the validator keys, in the order the genesis lists them; at least one, no repeats.
    ///   - demoAccounts: `nil` for only the fee asset `BZR`; otherwise the devnet's demo assets
    ///     (`BZR`, `USD`, `BTC`, `ETH`) with these accounts funded as on the devnet.
    ///   - treasury: issues the assets and holds the `BZR` treasury; the first validator's account by default.
    /// - Throws: `NodeError.configuration` for no, too many or repeated validators, or a genesis that
    ///   cannot start a chain (for example a chain id longer than 64 bytes).
    public static func make(
        chainID: String, validators: [PublicKey], demoAccounts: [AccountID]?, treasury: AccountID? = nil,
        timeMilliseconds: UInt64
    ) throws -> Genesis {
        guard let first = validators.first else { throw NodeError(.configuration, "a genesis needs a validator") }
        guard validators.count <= validatorCountMax else {
            throw NodeError(.configuration, "\(validators.count) validators; at most \(validatorCountMax)")
        }
        guard Set(validators).count == validators.count else {
            throw NodeError(.configuration, "a validator is listed twice")
        }
        let devnet = Devnet.makeGenesis(
            demoAccounts: demoAccounts ?? [], validator: first, timeMilliseconds: timeMilliseconds)
        var genesis: Genesis
        if demoAccounts == nil {
            let feeAsset = devnet.parameters.feeAsset
            genesis = Genesis(
                parameters: devnet.parameters, timeMilliseconds: timeMilliseconds,
                assets: devnet.assets.filter { $0.symbol == feeAsset },
                // Only the issuer's treasury: the devnet's market maker has no market here.
                balances: devnet.balances.filter { $0.asset == feeAsset && $0.account == first.accountID },
                validators: validators)
        } else {
            genesis = devnet
            genesis.validators = validators
            // Every validator may report to the oracle (the first already does), as on dYdX and
            // Hyperliquid: `bazaar node start --oracle-source` reports with the validator key.
            if let authority = genesis.parameters.marketAuthority {
                genesis.setup += validators.dropFirst().map {
                    Genesis.Step(sender: authority, action: .derivatives(.oracle(.addReporter($0.accountID))))
                }
            }
            // They pay their reports' fees, as the devnet's other reporters do.
            genesis.balances += validators.dropFirst().map {
                Genesis.Balance(
                    account: $0.accountID, asset: devnet.parameters.feeAsset,
                    amount: Amount(baseUnits: 100_000 * 1_000_000))
            }
        }
        genesis.parameters.chainID = chainID
        if let treasury {
            let issuer = first.accountID
            for index in genesis.assets.indices where genesis.assets[index].issuer == issuer {
                genesis.assets[index].issuer = treasury
            }
            for index in genesis.balances.indices where genesis.balances[index].account == issuer {
                genesis.balances[index].account = treasury
            }
        }
        do {
            _ = try genesis.makeState()
        } catch {
            throw NodeError(.configuration, "invalid genesis: \(error)")
        }
        return genesis
    }
}
