/// The workload of `bazaar bench portfolio-margin` (issue 14, part 10(a)): many margin accounts
/// each holding 10 option positions and one perpetual, so that the end of block revalues every
/// account under the portfolio margin scenario grid. Built directly on a ledger state (no
/// signatures); the caller times the valuation pass and the block.
public enum PortfolioMarginBenchmark {
    public static let usd: AssetSymbol = "USD"
    public static let btc: AssetSymbol = "BTC"
    /// 60,000.00 USD per BTC in cents.
    public static let spot: UInt128 = 6_000_000
    /// Strikes of the listed series, cents; a call and a put at each: 10 series.
    public static let strikes: [UInt128] = [5_000_000, 5_500_000, 6_000_000, 6_500_000, 7_000_000]

    public struct Workload: Sendable {
        /// The application after setup, before the timed block.
        public var application: Application
        /// The empty block whose end of block values (and would liquidate) every account.
        public var block: Block
        public var accountCount: Int
        public var seriesCount: Int
    }

    /// `accountCount` (even) accounts in pairs: the first of a pair long 0.1 BTC of each call and
    /// short 0.1 BTC of each put and long 0.1 BTC-PERP, the second the opposite; each with
    /// 100,000 USD of margin (none is under maintenance: the block only values them). Series
    /// expire 30 days after genesis; the surface is a flat 60% smile.
    public static func prepare(accountCount: Int) -> Workload {
        precondition(accountCount >= 2 && accountCount % 2 == 0, "an even number of accounts")
        let authorityKey = PrivateKey(seed: [UInt8](repeating: 9, count: 32))!
        let authority = authorityKey.publicKey.accountID
        let ids = (0..<accountCount).map { index -> AccountID in
            var bytes = [UInt8](repeating: 0x22, count: AccountID.byteCount)
            withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(12..<20, with: $0) }
            return AccountID(validating: bytes)!
        }
        let perAccount: UInt128 = 10_000_000
        var balances = ids.map { Genesis.Balance(account: $0, asset: usd, amount: Amount(baseUnits: perAccount)) }
        balances.append(Genesis.Balance(account: authority, asset: "BZR", amount: Amount(baseUnits: 1_000_000)))
        let genesisMilliseconds: UInt64 = 1_700_000_000_000
        var state = MarginBenchmarkChain.state(
            authorityKey: authorityKey, chainID: "bazaar-bench-pm", timeMilliseconds: genesisMilliseconds,
            balances: balances)
        state.derivatives.oracle.quoteAsset = usd
        state.setOraclePrice(OraclePrice(quotePerUnit: spot, height: state.height), of: btc)
        func run(_ sender: AccountID, _ action: Action) { state.applyBenchmarkSetUp(action, sender: sender) }
        run(authority, .derivatives(.margin(.setCollateralWeight(asset: usd, weightBasisPoints: 10_000))))
        run(
            authority,
            .derivatives(
                .margin(
                    .createPerpetual(MarginBenchmarkChain.perpetual))))
        let perpetual = state.markets[state.markets.count - 1].market
        let expiry = genesisMilliseconds + 30 * 86_400_000
        var calls: [Market] = []
        var puts: [Market] = []
        for strike in strikes {
            for kind in [OptionKind.call, .put] {
                run(
                    authority,
                    .derivatives(
                        .margin(
                            .listOption(
                                MarginAction.ListOption(
                                    underlying: btc, quote: usd, expiryMilliseconds: expiry,
                                    strike: Amount(baseUnits: strike), strikeStep: Amount(baseUnits: 500_000),
                                    kind: kind, contractSize: Amount(baseUnits: 1_000_000),
                                    lotSize: Amount(baseUnits: 1_000_000), tickSize: Amount(baseUnits: 1),
                                    minimumSize: Amount(baseUnits: 1_000_000), maximumPriceTicks: 1_000_000,
                                    makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, impactLots: 1)))))
                let market = state.markets[state.markets.count - 1].market
                if kind == .call { calls.append(market) } else { puts.append(market) }
            }
        }
        state.derivatives.oracle.volatilitySmiles.write(
            VolatilitySmile(
                volatilities: Array(repeating: 600_000, count: VolatilityParameters.pointCount),
                height: state.height, timeMilliseconds: state.timeMilliseconds, reporterCount: 1),
            for: VolatilityKey(asset: btc, expiryMilliseconds: expiry))
        for id in ids {
            run(id, .derivatives(.margin(.deposit(asset: usd, amount: Amount(baseUnits: perAccount)))))
        }
        // 10 lots (0.1 BTC) of each; premiums of 1,000 USD per BTC (ticks of a cent per lot).
        for pair in 0..<(accountCount / 2) {
            let (first, second) = (ids[2 * pair], ids[2 * pair + 1])
            for market in calls {
                state.settlePerpetualFill(
                    market: market, priceTicks: 1_000, lots: 10, buyer: first, buyerFeeBasisPoints: 0, seller: second,
                    sellerFeeBasisPoints: 0)
            }
            for market in puts {
                state.settlePerpetualFill(
                    market: market, priceTicks: 1_000, lots: 10, buyer: second, buyerFeeBasisPoints: 0, seller: first,
                    sellerFeeBasisPoints: 0)
            }
            state.settlePerpetualFill(
                market: perpetual, priceTicks: 6_000, lots: 10, buyer: first, buyerFeeBasisPoints: 0, seller: second,
                sellerFeeBasisPoints: 0)
        }
        state.resetBlockJournal()
        let application = Application(state: state)
        let header = BlockHeader(
            chainID: state.parameters.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + 1_000, previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: []), previousAppHash: state.appHash,
            proposer: authorityKey.publicKey)
        return Workload(
            application: application, block: Block(header: header, transactions: []), accountCount: accountCount,
            seriesCount: calls.count + puts.count)
    }

    /// One valuation pass over every margin account, as the liquidation scan does it (fresh
    /// prices, so every series' scenario table is computed once): the accounts under maintenance.
    public static func scan(_ state: LedgerState) -> Int {
        state.accountsUnderMaintenance(among: nil).count
    }

    /// Accounts margined by scenarios in `state` (holding an option), for the report.
    public static func portfolioAccounts(_ state: LedgerState) -> Int {
        state.derivatives.margin.accounts.rows.values.filter { row in
            row.positions.keys.contains { state.derivatives.margin.optionSeries[$0] != nil }
        }.count
    }
}
