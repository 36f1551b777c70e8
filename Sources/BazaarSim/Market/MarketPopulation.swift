/// How many agents of each kind a market simulation runs.
///
/// The default mix for `accounts` total (`MarketPopulation(accounts:)`): 5 oracle reporters (one
/// lagging, one lying), market makers `accounts / 500` clamped to 2…20, arbitrageurs
/// `accounts / 1000` clamped to 1…10, liquidity providers 10%, borrowers 25%, and leveraged
/// traders the rest. One more account, the operator (market authority, issuer, validator,
/// insurance fund's sponsor), is counted among the total too.
public struct MarketPopulation: Sendable, Equatable {
    public var reporters: Int
    public var marketMakers: Int
    public var arbitrageurs: Int
    public var liquidityProviders: Int
    public var borrowers: Int
    public var traders: Int

    /// The smallest total the default mix fills.
    public static let accountsMin = 20

    public init(
        reporters: Int, marketMakers: Int, arbitrageurs: Int, liquidityProviders: Int, borrowers: Int, traders: Int
    ) {
        precondition(reporters >= 3 && reporters <= 100, "the oracle takes 3 to 100 reporters here")
        precondition(marketMakers >= 1 && arbitrageurs >= 0 && liquidityProviders >= 0, "population")
        precondition(borrowers >= 0 && traders >= 0, "population")
        self.reporters = reporters
        self.marketMakers = marketMakers
        self.arbitrageurs = arbitrageurs
        self.liquidityProviders = liquidityProviders
        self.borrowers = borrowers
        self.traders = traders
    }

    /// The default mix for `accounts` accounts in total (see the type's documentation).
    ///
    /// - Precondition: `accounts >= accountsMin`.
    public init(accounts: Int) {
        precondition(accounts >= Self.accountsMin, "a market simulation needs at least \(Self.accountsMin) accounts")
        let makers = min(max(accounts / 500, 2), 20)
        let arbitrageurs = min(max(accounts / 1_000, 1), 10)
        let providers = accounts / 10
        let borrowers = accounts / 4
        let traders = accounts - 1 - 5 - makers - arbitrageurs - providers - borrowers
        self.init(
            reporters: 5, marketMakers: makers, arbitrageurs: arbitrageurs, liquidityProviders: providers,
            borrowers: borrowers, traders: traders)
    }

    /// Every account, the operator included.
    public var accounts: Int { 1 + reporters + marketMakers + arbitrageurs + liquidityProviders + borrowers + traders }
}
