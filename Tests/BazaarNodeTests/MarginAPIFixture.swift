import Testing

@testable import BazaarCore

/// The margin API tests' chain: an authority (also issuer and validator), a trader and another
/// account with 10,000 USD each; USD (2 decimals) is the oracle's quote asset at full collateral
/// weight, BTC (8 decimals) is at 60,000 USD.
struct MarginAPIFixture {
    let issuer: AccountID
    let trader: AccountID
    let other: AccountID
    var state: LedgerState

    init(chainID: String) throws {
        let authority = PrivateKey(seed: [UInt8](repeating: 3, count: 32))!
        trader = PrivateKey(seed: [UInt8](repeating: 4, count: 32))!.publicKey.accountID
        other = PrivateKey(seed: [UInt8](repeating: 5, count: 32))!.publicKey.accountID
        issuer = authority.publicKey.accountID
        let genesis = Genesis(
            parameters: ChainParameters(
                chainID: chainID, feeAsset: "BZR", minimumFee: Amount(baseUnits: 1), marketAuthority: issuer),
            timeMilliseconds: 1_000,
            assets: [
                Genesis.Asset(symbol: "BZR", name: "Bazaar", decimals: 6, issuer: issuer, maxSupply: nil),
                Genesis.Asset(symbol: "USD", name: "US Dollar", decimals: 2, issuer: issuer, maxSupply: nil),
                Genesis.Asset(symbol: "BTC", name: "Bitcoin", decimals: 8, issuer: issuer, maxSupply: nil),
            ],
            balances: [trader, other].map {
                Genesis.Balance(account: $0, asset: "USD", amount: Amount(baseUnits: 1_000_000))
            },
            validators: [authority.publicKey])
        state = try BazaarCore.Application(genesis: genesis).state
        state.derivatives.oracle.quoteAsset = "USD"
        state.setOraclePrice(OraclePrice(quotePerUnit: 6_000_000, height: 0), of: "BTC")
        run(issuer, .setCollateralWeight(asset: "USD", weightBasisPoints: 10_000))
    }

    /// Applies one margin action as a transaction of its own; a failure is a test issue.
    mutating func run(_ sender: AccountID, _ action: MarginAction, sourceLocation: SourceLocation = #_sourceLocation) {
        state.beginTransaction()
        do {
            _ = try state.apply(action, sender: sender)
            state.commitTransaction()
        } catch {
            state.rollBackTransaction()
            Issue.record("\(error.code)", sourceLocation: sourceLocation)
        }
    }
}
