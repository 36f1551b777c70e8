/// The storm of `bazaar bench option-storm` (issue 14, part 10(b)): many margin accounts each
/// short ten BTC puts (five strikes at two expiries) and long BTC-PERP, a market maker's resting
/// liquidity near the post-storm prices and an insurance fund; then one block whose reporter
/// transaction moves the oracle price by −30% and the volatility surface by +50% through the
/// oracle's own aggregation, which puts every one of those accounts under maintenance. The
/// caller times that block; its end of block must handle every account.
///
/// Set-up is built directly on a ledger state (positions are written as fills, without
/// signatures); only the storm block goes through `finalizeBlock`.
public enum OptionStormBenchmark {
    public static let usd: AssetSymbol = "USD"
    public static let btc: AssetSymbol = "BTC"
    /// 60,000.00 USD per BTC in cents.
    public static let startPrice: UInt128 = 6_000_000
    /// The volatility before the storm (60%) and after it (+50%: 90%), parts per million.
    public static let startVolatility: UInt32 = 600_000
    public static let stormVolatility: UInt32 = 900_000
    /// Put strikes, cents per BTC, at each of the two expiries (7 and 30 days after genesis).
    public static let strikes: [UInt128] = [5_000_000, 5_500_000, 6_000_000, 6_500_000, 7_000_000]
    /// Each account's margin deposit, cents: it covers the portfolio before the storm and is
    /// less than its loss in the storm.
    public static let deposit: UInt128 = 130_000

    public struct Workload: Sendable {
        /// The application after set-up, before the storm block.
        public var application: Application
        /// The storm block: one reporter transaction (price and both smiles).
        public var block: Block
        public var verified: [VerifiedTransaction]
        public var accountCount: Int
        /// Accounts under maintenance before the storm (0 expected).
        public var underMaintenanceBefore: Int
        /// Accounts under maintenance at the storm's prices, before its liquidations.
        public var underMaintenanceAtStorm: Int
    }

    /// Builds the state and the storm block for `accountCount` accounts; the maker rests as
    /// many lots as the accounts hold on every book, and the fund holds `fund` cents.
    public static func prepare(accountCount: Int, fund: UInt128 = 1_000_000_000) -> Workload {
        precondition(accountCount >= 1, "at least one account")
        let authorityKey = PrivateKey(seed: [UInt8](repeating: 9, count: 32))!
        let authority = authorityKey.publicKey.accountID
        let maker = AccountID(validating: [UInt8](repeating: 0xAC, count: AccountID.byteCount))!
        let ids = (0..<accountCount).map { index -> AccountID in
            var bytes = [UInt8](repeating: 0x12, count: AccountID.byteCount)
            withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(12..<20, with: $0) }
            return AccountID(validating: bytes)!
        }
        var balances = ids.map { Genesis.Balance(account: $0, asset: usd, amount: Amount(baseUnits: deposit)) }
        balances.append(Genesis.Balance(account: maker, asset: usd, amount: Amount(baseUnits: 100_000_000_000)))
        balances.append(Genesis.Balance(account: authority, asset: usd, amount: Amount(baseUnits: 100_000_000_000)))
        balances.append(Genesis.Balance(account: authority, asset: "BZR", amount: Amount(baseUnits: 1_000_000)))
        let start: UInt64 = 1_700_000_000_000
        var state = MarginBenchmarkChain.state(
            authorityKey: authorityKey, chainID: "bazaar-bench", timeMilliseconds: start, balances: balances,
            openOrderCountMax: 100_000)
        func run(_ sender: AccountID, _ action: Action) { state.applyBenchmarkSetUp(action, sender: sender) }
        func oracle(_ action: OracleAction) -> Action { .derivatives(.oracle(action)) }
        func margin(_ action: MarginAction) -> Action { .derivatives(.margin(action)) }
        // The oracle with the authority as its reporter; moves of up to 50% (price) and 100%
        // (volatility) per block pass unclamped.
        run(authority, oracle(.configure(OracleParameters(quoteAsset: usd, maximumMoveBasisPoints: 5_000))))
        run(authority, oracle(.configureVolatility(VolatilityParameters(maximumMoveBasisPoints: 10_000))))
        run(authority, oracle(.addReporter(authority)))
        let expiries = [start + 7 * 86_400_000, start + 30 * 86_400_000]
        for action in reports(expiries: expiries, price: startPrice, volatility: startVolatility, time: start) {
            run(authority, action)
        }
        _ = state.runOracleEndOfBlock()
        run(authority, margin(.setCollateralWeight(asset: usd, weightBasisPoints: 10_000)))
        run(
            authority,
            margin(
                .createPerpetual(MarginBenchmarkChain.perpetual)))
        let perpetual = MarketID(UInt32(state.markets.count))
        var series: [MarketID] = []
        for expiry in expiries {
            for strike in strikes {
                run(
                    authority,
                    margin(
                        .listOption(
                            MarginAction.ListOption(
                                underlying: btc, quote: usd, expiryMilliseconds: expiry,
                                strike: Amount(baseUnits: strike), strikeStep: Amount(baseUnits: 500_000), kind: .put,
                                contractSize: Amount(baseUnits: 1_000_000), lotSize: Amount(baseUnits: 1_000_000),
                                tickSize: Amount(baseUnits: 10), minimumSize: Amount(baseUnits: 1_000_000),
                                maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0, takerFeeBasisPoints: 3,
                                impactLots: 10))))
                series.append(MarketID(UInt32(state.markets.count)))
            }
        }
        run(authority, margin(.fundInsurance(amount: Amount(baseUnits: fund))))
        run(maker, margin(.deposit(asset: usd, amount: Amount(baseUnits: 50_000_000_000))))
        // Every account: 1 lot (0.01 BTC) short of each put at its mark, 1 lot long BTC-PERP at
        // 60,000, the maker on the other side of each.
        let putTicks = series.map { Int64(state.optionMark(of: state.derivatives.margin.optionSeries[$0]!)! / 1_000) }
        for id in ids {
            run(id, margin(.deposit(asset: usd, amount: Amount(baseUnits: deposit))))
            for (index, market) in series.enumerated() {
                state.settlePerpetualFill(
                    market: state.markets[market.index].market, priceTicks: max(putTicks[index], 1), lots: 1,
                    buyer: maker, buyerFeeBasisPoints: 0, seller: id, sellerFeeBasisPoints: 0)
            }
            state.settlePerpetualFill(
                market: state.markets[perpetual.index].market, priceTicks: 6_000, lots: 1, buyer: id,
                buyerFeeBasisPoints: 0, seller: maker, sellerFeeBasisPoints: 0)
        }
        let before = state.accountsUnderMaintenance(among: nil).count
        // The storm's prices on a copy: each put's mark after it, for the maker's asks.
        let blockTime = start + 1_000
        let crash = startPrice * 7 / 10
        var storm = state
        storm.timeMilliseconds = blockTime
        storm.setOraclePrice(OraclePrice(quotePerUnit: crash, height: storm.height), of: btc)
        for expiry in expiries {
            storm.derivatives.oracle.volatilitySmiles.write(
                VolatilitySmile(
                    volatilities: Array(repeating: stormVolatility, count: VolatilityParameters.pointCount),
                    height: storm.height, timeMilliseconds: blockTime, reporterCount: 1),
                for: VolatilityKey(asset: btc, expiryMilliseconds: expiry))
        }
        let atStorm = storm.accountsUnderMaintenance(among: nil).count
        // The maker's liquidity: on each put an ask for every account's lot half a band (0.5%)
        // above the storm's mark; on the perpetual bids for every lot 0.5% below the crash price.
        let lots = Amount(baseUnits: UInt128(accountCount) * 1_000_000)
        for market in series {
            let mark = storm.optionMark(of: storm.derivatives.margin.optionSeries[market]!)!
            run(
                maker,
                .placeOrder(
                    Action.PlaceOrder(
                        market: market, side: .ask, type: .limit,
                        price: Amount(baseUnits: (mark + mark / 200) / 1_000 * 10),
                        size: lots, clientOrderID: nil, expiresAtMilliseconds: nil,
                        selfTradePrevention: .cancelResting)))
        }
        run(
            maker,
            .placeOrder(
                Action.PlaceOrder(
                    market: perpetual, side: .bid, type: .limit,
                    price: Amount(baseUnits: crash * 995 / 10_000 / 100 * 10),
                    size: lots, clientOrderID: nil, expiresAtMilliseconds: nil, selfTradePrevention: .cancelResting)))
        state.resetBlockJournal()
        let application = Application(state: state)
        let transaction = Transaction(
            chainID: state.parameters.chainID, sender: authorityKey.publicKey, nonce: state.nextNonce(of: authority),
            fee: Amount(baseUnits: 1), expiryHeight: state.height + 10,
            actions: reports(expiries: expiries, price: crash, volatility: stormVolatility, time: blockTime)
        ).signed(with: authorityKey)
        let verified = VerifiedTransaction(verifying: transaction)!
        let header = BlockHeader(
            chainID: state.parameters.chainID, height: state.height + 1, timeMilliseconds: blockTime,
            previousBlockHash: state.lastBlockHash, transactionsHash: Block.transactionsHash(ids: [verified.id]),
            previousAppHash: state.appHash, proposer: authorityKey.publicKey)
        return Workload(
            application: application, block: Block(header: header, transactions: [transaction]), verified: [verified],
            accountCount: accountCount, underMaintenanceBefore: before, underMaintenanceAtStorm: atStorm)
    }

    /// A reporter's observations: the BTC price and a flat smile at each expiry.
    static func reports(expiries: [UInt64], price: UInt128, volatility: UInt32, time: UInt64) -> [Action] {
        var actions: [Action] = [
            .derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(asset: btc, quotePerUnit: Amount(baseUnits: price), timeMilliseconds: time))
                ))
        ]
        for expiry in expiries {
            actions.append(
                .derivatives(
                    .oracle(
                        .reportVolatility(
                            OracleAction.VolatilityReport(
                                asset: btc, expiryMilliseconds: expiry,
                                volatilities: Array(repeating: volatility, count: VolatilityParameters.pointCount),
                                timeMilliseconds: time)))))
        }
        return actions
    }

    /// The accounts the liquidation engine handled at the end of the state's last block (its
    /// ``LiquidationRecord``); 0 when it has none for that block.
    public static func handledAccounts(_ state: LedgerState) -> Int {
        guard let record = state.liquidationRecord, record.height == state.height else { return 0 }
        return record.accounts.count
    }
}
