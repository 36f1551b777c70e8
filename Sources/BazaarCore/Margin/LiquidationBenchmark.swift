/// The crash workload of `bazaar bench liquidations`: many margin accounts holding BTC-PERP
/// positions, then an oracle move that puts a share of them under maintenance, so that one
/// block's end has every liquidation to do. Built directly on a ledger state (no signatures); the
/// caller times the block.
public enum LiquidationBenchmark {
    public static let usd: AssetSymbol = "USD"
    public static let btc: AssetSymbol = "BTC"
    /// 60,000.00 USD per BTC in cents.
    public static let startPrice: UInt128 = 6_000_000

    public struct Workload: Sendable {
        /// The application after setup, before the crash block; the crash price is already set.
        public var application: Application
        /// The empty block whose end of block does the liquidations.
        public var block: Block
        public var market: MarketID
        public var accountCount: Int
        /// Accounts under maintenance at the crash price, before the block.
        public var underMaintenance: Int
    }

    /// Half the accounts long at 5× leverage, half short at 2×, paired trade by trade; a market
    /// maker's bids within the liquidation bound for `bookLots` lots; an insurance fund of
    /// `fund` cents; then the oracle price moves by `moveBasisPoints` (−3,000 is −30%).
    public static func prepare(
        accountCount: Int, moveBasisPoints: Int = -3_000, bookLots: Int = 2_000, fund: UInt128 = 1_000_000_00
    ) -> Workload {
        precondition(accountCount >= 2 && accountCount % 2 == 0, "an even number of accounts")
        let authorityKey = PrivateKey(seed: [UInt8](repeating: 7, count: 32))!
        let authority = authorityKey.publicKey.accountID
        let maker = AccountID(validating: [UInt8](repeating: 0xAB, count: AccountID.byteCount))!
        let ids = (0..<accountCount).map { index -> AccountID in
            var bytes = [UInt8](repeating: 0x11, count: AccountID.byteCount)
            withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(12..<20, with: $0) }
            return AccountID(validating: bytes)!
        }
        // Each account holds 10,000 USD; the maker and the authority much more.
        let perAccount: UInt128 = 1_000_000
        var balances = ids.map { Genesis.Balance(account: $0, asset: usd, amount: Amount(baseUnits: perAccount)) }
        balances.append(Genesis.Balance(account: maker, asset: usd, amount: Amount(baseUnits: 10_000_000_000)))
        balances.append(Genesis.Balance(account: authority, asset: usd, amount: Amount(baseUnits: 10_000_000_000)))
        balances.append(Genesis.Balance(account: authority, asset: btc, amount: Amount(baseUnits: 100_000_000)))
        balances.append(Genesis.Balance(account: authority, asset: "BZR", amount: Amount(baseUnits: 1_000_000)))
        var state = MarginBenchmarkChain.state(
            authorityKey: authorityKey, chainID: "bazaar-bench", timeMilliseconds: 1_700_000_000_000,
            balances: balances, openOrderCountMax: 100_000)
        state.derivatives.oracle.quoteAsset = usd
        state.setOraclePrice(OraclePrice(quotePerUnit: startPrice, height: state.height), of: btc)
        func run(_ sender: AccountID, _ action: Action) { state.applyBenchmarkSetUp(action, sender: sender) }
        run(authority, .derivatives(.margin(.setCollateralWeight(asset: usd, weightBasisPoints: 10_000))))
        run(
            authority,
            .derivatives(
                .margin(
                    .createPerpetual(MarginBenchmarkChain.perpetual))))
        let market = MarketID(UInt32(state.markets.count))
        let spec = state.markets[market.index].market
        run(authority, .derivatives(.margin(.fundInsurance(amount: Amount(baseUnits: fund)))))
        // Longs put 2,400 USD behind a 12,000 USD position (5×), shorts 6,000 (2×).
        let lots: Int64 = 20  // 0.2 BTC = 12,000 USD at 60,000
        let priceTicks: Int64 = 6_000
        let half = accountCount / 2
        for (index, id) in ids.enumerated() {
            let deposit: UInt128 = index < half ? 240_000 : 600_000
            run(id, .derivatives(.margin(.deposit(asset: usd, amount: Amount(baseUnits: deposit)))))
        }
        for index in 0..<half {
            state.settlePerpetualFill(
                market: spec, priceTicks: priceTicks, lots: lots, buyer: ids[index], buyerFeeBasisPoints: 0,
                seller: ids[half + index], sellerFeeBasisPoints: 0)
        }
        // The maker's bids, one lot each, just inside the bound of the crash price.
        run(maker, .derivatives(.margin(.deposit(asset: usd, amount: Amount(baseUnits: 5_000_000_000)))))
        let crash = UInt128(Int128(startPrice) * Int128(10_000 + moveBasisPoints) / 10_000)
        let crashTicks = Int64(crash / 1_000)  // per lot of 0.01 BTC, in 10-cent ticks
        for index in 0..<bookLots {
            run(
                maker,
                .placeOrder(
                    Action.PlaceOrder(
                        market: market, side: .bid, type: .limit,
                        price: Amount(baseUnits: UInt128(crashTicks - Int64(index % 20)) * 10),
                        size: Amount(baseUnits: 1_000_000), clientOrderID: nil, expiresAtMilliseconds: nil,
                        selfTradePrevention: .cancelResting)))
        }
        state.resetBlockJournal()
        state.setOraclePrice(OraclePrice(quotePerUnit: crash, height: state.height), of: btc)
        let under = state.accountsUnderMaintenance(among: nil).count
        let application = Application(state: state)
        let header = BlockHeader(
            chainID: state.parameters.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + 1_000, previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: []), previousAppHash: state.appHash,
            proposer: authorityKey.publicKey)
        return Workload(
            application: application, block: Block(header: header, transactions: []), market: market,
            accountCount: accountCount, underMaintenance: under)
    }

    /// What the crash block left: accounts still under maintenance (0 is the invariant), and the
    /// liquidation events by kind.
    public static func outcome(of state: LedgerState, events: [Event]) -> (underMaintenance: Int, kinds: [String: Int])
    {
        var kinds: [String: Int] = [:]
        for event in events {
            if case .derivatives(.margin(let margin)) = event { kinds[margin.kind, default: 0] += 1 }
        }
        return (state.accountsUnderMaintenance(among: nil).count, kinds)
    }

    /// The number of accounts that were liquidated in some way by these events.
    public static func liquidatedAccounts(_ events: [Event]) -> Int {
        var accounts = Set<AccountID>()
        for event in events {
            guard case .derivatives(.margin(let margin)) = event else { continue }
            switch margin {
            case .liquidated(let account, _, _, _, _), .takenOver(let account, _, _, _),
                .deleveraged(let account, _, _, _, _), .collateralSeized(let account, _, _, _),
                .deficitCovered(let account, _, _), .badDebt(let account, _, _), .debtRepaid(let account, _, _),
                .debtTakenOver(let account, _, _, _):
                accounts.insert(account)
            default: continue
            }
        }
        return accounts.count
    }
}
