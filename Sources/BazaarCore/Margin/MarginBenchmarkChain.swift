// The chain the margin benchmarks start from (`LiquidationBenchmark`, `PortfolioMarginBenchmark`,
// `OptionStormBenchmark`): BZR pays fees, USD (2 decimals) and BTC (8 decimals) are issued by the
// market authority, and set-up actions are applied directly to the state.

enum MarginBenchmarkChain {
    /// The genesis state: `balances`, the authority as issuer, market authority and only validator.
    static func state(
        authorityKey: PrivateKey, chainID: String, timeMilliseconds: UInt64, balances: [Genesis.Balance],
        openOrderCountMax: UInt32 = 1_000
    ) -> LedgerState {
        let authority = authorityKey.publicKey.accountID
        let genesis = Genesis(
            parameters: ChainParameters(
                chainID: chainID, feeAsset: "BZR", minimumFee: Amount(baseUnits: 1), marketAuthority: authority,
                openOrderCountMax: openOrderCountMax),
            timeMilliseconds: timeMilliseconds,
            assets: [
                Genesis.Asset(symbol: "BZR", name: "Bazaar", decimals: 6, issuer: authority, maxSupply: nil),
                Genesis.Asset(symbol: "USD", name: "US Dollar", decimals: 2, issuer: authority, maxSupply: nil),
                Genesis.Asset(symbol: "BTC", name: "Bitcoin", decimals: 8, issuer: authority, maxSupply: nil),
            ],
            balances: balances, validators: [authorityKey.publicKey], markets: [], orders: [])
        do {
            return try Application(genesis: genesis).state
        } catch {
            preconditionFailure("benchmark genesis refused: \(error)")
        }
    }

    /// BTC-PERP: lot 0.01 BTC, tick 0.10 USD, taker fee 5 bp, 10% initial and 5% maintenance,
    /// hourly funding, impact size 10 lots.
    static let perpetual = MarginAction.CreatePerpetual(
        base: "BTC", lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 10),
        minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 100_000, makerFeeBasisPoints: 0,
        takerFeeBasisPoints: 5, initialBasisPoints: 1_000, maintenanceBasisPoints: 500,
        fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 10)
}

extension LedgerState {
    /// Applies one set-up action of a benchmark as a transaction of its own; it must succeed.
    mutating func applyBenchmarkSetUp(_ action: Action, sender: AccountID) {
        beginTransaction()
        do {
            _ = try apply(action, sender: sender)
            commitTransaction()
        } catch {
            preconditionFailure("benchmark setup failed: \(error.code)")
        }
    }
}
