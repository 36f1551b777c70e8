import Foundation
import Testing

@testable import BazaarCore

/// Random actions of every mechanism, with edge values (zero, one, the balance and one more, the
/// largest integers, ticks at and past their range, ids that do and do not exist), from accounts
/// that hold every asset and from one that holds only the fee asset, through real blocks with every
/// invariant checked. Whatever a client can sign must end in a result code: a crash here is a
/// transaction that would stop every validator at the same height.
@Suite("Action fuzz")
struct ActionFuzzTests {
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let blocks = onCI ? 150 : 400

    @Test(arguments: [UInt64(1), 2, 3, 20_261_207])
    func randomActionsOfEveryMechanismEndInResultCodes(seed: UInt64) {
        var fuzz = ActionFuzz(seed: seed)
        for _ in 0..<Self.blocks { fuzz.runBlock() }
        let state = fuzz.chain.state
        let reached =
            "seed \(seed): \(fuzz.okCount) transactions ok; pools \(state.amm.pools.count), "
            + "HTLCs \(state.escrow.htlcs.count), margin accounts \(state.derivatives.margin.accounts.count), "
            + "lending positions \(state.derivatives.lending.positions.count)"
        #expect(fuzz.okCount > Self.blocks / 4, "\(reached): too few succeeded to reach deep states")
        do { try fuzz.chain.state.checkFullConservation() } catch {
            Issue.record("seed \(seed): \(error.description)")
        }
    }
}

/// The chain and generator of `ActionFuzzTests`: the oracle (quote USD, account 1 reports BTC and
/// ETH), collateral weights, lending pools for USD and BTC, a BTC perpetual, and account 6
/// holding nothing but BZR.
struct ActionFuzz {
    static let assets: [AssetSymbol] = [TestChain.feeAsset, TestChain.usd, TestChain.btc, TestChain.eth, "NOPE"]
    static let amounts: [UInt128] = [
        0, 1, 2, 7, 10, 99, 100, 1_000, 10_000, 123_457, 999_999, 1_000_000, 1_000_001, 1_000_000_000_000,
        UInt128(UInt64.max), .max,
    ]
    static let ticks: [Int32] = [-887_273, -887_272, -600, -60, -1, 0, 1, 60, 600, 887_272, 887_273, .min, .max]
    static let sqrtPrices: [UInt256?] = [
        nil, UInt256(1) << 96, UInt256(1) << 100, UInt256(1) << 90, UInt256(4_295_128_739), .zero, .one, .max,
    ]
    static let times: [UInt64] = [0, 1, 999, 1_000, 60_000, 86_400_000, 10 * 365 * 86_400_000, .max]

    var chain: TestChain
    var random: TestRandom
    var okCount = 0
    private var btcPrice: UInt128 = 6_000_000
    private var ethPrice: UInt128 = 300_000

    init(seed: UInt64) {
        random = TestRandom(seed: seed)
        chain = TestChain.withOracle(reporterCount: 1, accountCount: 7, staleness: 60_000)
        let usd = TestChain.usd
        let btc = TestChain.btc
        chain.run(
            0,
            [
                LendingMarginTests.margin(.setCollateralWeight(asset: usd, weightBasisPoints: 10_000)),
                LendingMarginTests.margin(.setCollateralWeight(asset: btc, weightBasisPoints: 8_000)),
                .lending(.configurePool(asset: btc, parameters: LendingPoolParameters())),
                .lending(.configurePool(asset: usd, parameters: LendingPoolParameters())),
                LendingMarginTests.margin(.createPerpetual(MarginFixture.perpetualSpec)),
            ])
        let all = TestChain.startingBalance.baseUnits
        chain.run(6, [usd, btc, TestChain.eth].map { .transfer(all, of: $0, to: chain.id(5)) })
        chain.reportBlock(btc, [(1, btcPrice)])
    }

    /// One block: now and then a price report, then a transaction from each of a random half of the
    /// accounts; one block in four carries a single transaction, so that what one action touches
    /// is all that the block's checks see.
    mutating func runBlock() {
        var transactions: [VerifiedTransaction] = []
        if random.next() % 4 == 0 {
            // Half of them from account 6, whose balances hold no asset but BZR.
            let sender = flag() ? 6 : Int(random.next() % UInt64(chain.keys.count))
            transactions.append(chain.transaction(from: sender, [action()]))
        } else {
            if random.next() % 3 == 0 { transactions.append(priceReport()) }
            for sender in 0..<chain.keys.count where random.next() % 2 == 0 && !(sender == 1 && !transactions.isEmpty) {
                let actions = (0...(random.next() % 4 == 0 ? 2 : 0)).map { _ in action() }
                transactions.append(chain.transaction(from: sender, actions))
            }
        }
        let block = chain.produceBlock(transactions)
        okCount += block.results.filter { $0.code == .ok }.count
    }

    /// Account 1's report of BTC or ETH, a step of up to ±20% from the last.
    private mutating func priceReport() -> VerifiedTransaction {
        let isBTC = random.next() % 2 == 0
        let step = UInt128(random.next() % 401)
        if isBTC {
            btcPrice = max(1, btcPrice * (800 + step) / 1_000)
        } else {
            ethPrice = max(1, ethPrice * (800 + step) / 1_000)
        }
        return chain.report(1, isBTC ? TestChain.btc : TestChain.eth, isBTC ? btcPrice : ethPrice)
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    /// An edge value one time in three, else an ordinary one that most actions accept, so that
    /// the fuzz also reaches deep states (pools with liquidity, open escrows, positions).
    private mutating func amount() -> Amount {
        random.next() % 3 == 0
            ? Amount(baseUnits: pick(Self.amounts)) : Amount(baseUnits: UInt128(10 + random.next() % 20_000))
    }
    private mutating func asset() -> AssetSymbol { pick(Self.assets) }
    private mutating func id() -> UInt64 { pick([0, 1, 1, 2, 2, 3, 4, 99]) }
    /// Any account but 6, which keeps holding nothing but BZR.
    private mutating func account() -> AccountID { chain.id(Int(random.next() % UInt64(chain.keys.count - 1))) }
    private mutating func flag() -> Bool { random.next() % 2 == 0 }
    private mutating func time() -> UInt64 {
        let offset = pick(Self.times)
        return flag() ? chain.state.timeMilliseconds &+ offset : offset
    }

    mutating func action() -> Action {
        switch random.next() % 5 {
        case 0: orderAction()
        case 1: .amm(ammAction())
        case 2: .escrow(escrowAction())
        case 3: derivativesAction()
        default: .transfer(Action.Transfer(recipient: account(), asset: asset(), amount: amount()))
        }
    }

    private mutating func orderAction() -> Action {
        let market = MarketID(UInt32(random.next() % 4))
        let price = Amount(
            baseUnits: flag()
                ? pick([0, 1, 3, 10_001, .max]) : 2 * UInt128(1 + random.next() % 4_999) * (market == 2 ? 5 : 1))
        switch random.next() % 4 {
        case 0:
            return .cancelOrder(Action.CancelOrder(market: market, order: flag() ? .id(id()) : .clientID(id())))
        case 1:
            return .amendOrder(
                Action.AmendOrder(
                    market: market, order: .id(id()), price: flag() ? price : nil, size: flag() ? amount() : nil))
        default:
            return .placeOrder(
                Action.PlaceOrder(
                    market: market, side: flag() ? .bid : .ask, type: pick(OrderType.allCases), price: price,
                    size: flag() ? Amount(baseUnits: pick([10, 100, 1_000_000, 10_000_000])) : amount(),
                    clientOrderID: flag() ? id() : nil, expiresAtMilliseconds: flag() ? time() : nil,
                    selfTradePrevention: pick(SelfTradePrevention.allCases)))
        }
    }

    private mutating func ammAction() -> AMMAction {
        switch random.next() % 8 {
        case 0:
            return .createPool(
                AMMAction.CreatePool(
                    assetA: asset(), assetB: asset(), feePips: pick([0, 100, 500, 3_000, 10_000, 1_000_000]),
                    initialSqrtPriceX96: pick(Self.sqrtPrices)))
        case 1:
            return .addLiquidity(
                AMMAction.AddLiquidity(
                    pool: id(), amount0Desired: amount(), amount1Desired: amount(), amount0Min: amount(),
                    amount1Min: .zero))
        case 2: return .removeLiquidity(AMMAction.RemoveLiquidity(pool: id(), shares: amount()))
        case 3:
            return .swap(
                AMMAction.Swap(pool: id(), assetIn: asset(), amount: amount(), exactInput: flag(), limit: amount()))
        case 4:
            let lower = pick(Self.ticks)
            return .mintPosition(
                AMMAction.MintPosition(
                    pool: id(), tickLower: lower, tickUpper: flag() ? pick(Self.ticks) : lower &+ 600,
                    liquidity: pick([0, 1, 1_000, 1_000_000_000, UInt128(UInt64.max), .max]), amount0Max: amount(),
                    amount1Max: amount()))
        case 5:
            return .burnPosition(
                AMMAction.BurnPosition(position: id(), liquidity: pick([0, 1, 1_000, 1_000_000_000, .max])))
        case 6: return .collect(position: id())
        default:
            let hops: [AMMAction.RouteHop] = (0...(random.next() % 2)).map { _ in
                flag() ? .pool(id()) : .book(MarketID(UInt32(random.next() % 4)))
            }
            return .route(
                AMMAction.Route(
                    assetIn: asset(), assetOut: asset(), legs: [AMMAction.RouteLeg(amountIn: amount(), hops: hops)],
                    minimumOut: amount()))
        }
    }

    private mutating func escrowAction() -> EscrowAction {
        switch random.next() % 10 {
        case 0:
            return .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: account(), asset: asset(), amount: amount(), hashlock: TestChain.hashlock,
                    timeoutMilliseconds: time()))
        case 1: return .claimHTLC(id: id(), preimage: flag() ? TestChain.secret : [])
        case 2: return .refundHTLC(id: id())
        case 3:
            return .postSwapOffer(
                SwapOffer.Terms(
                    giveAsset: asset(), giveAmount: amount(), wantChainID: flag() ? "other-chain" : TestChain.chainID,
                    wantAsset: asset(), wantAmount: amount(), makerWantAddress: account(),
                    hashlock: TestChain.hashlock, takerLockMilliseconds: pick(Self.times), expiresAtMilliseconds: time()
                ))
        case 4: return flag() ? .takeSwapOffer(id: id()) : .cancelSwapOffer(id: id())
        case 5: return .registerResolver(account: account(), roles: Resolver(isMediator: flag(), isArbitrator: flag()))
        case 6:
            return .offerTrade(
                TradeEscrow.Terms(
                    asset: asset(), amount: amount(), depositAsset: asset(), sellerDeposit: amount(),
                    buyerDeposit: amount(), paymentTerms: "fuzz", mediator: account(), arbitrator: account(),
                    expiresAtMilliseconds: time(), paymentWindowMilliseconds: pick(Self.times),
                    disputeWindowMilliseconds: pick(Self.times)))
        case 7:
            let trade = id()
            return pick([
                .takeTrade(id: trade), .cancelTradeOffer(id: trade), .markPaymentSent(id: trade),
                .confirmPaymentReceived(id: trade), .openDispute(id: trade), .acceptSplit(id: trade),
            ])
        default:
            let split = TradeEscrow.Split(buyerAmount: amount(), buyerDeposits: amount())
            return flag() ? .proposeSplit(id: id(), split: split) : .decideSplit(id: id(), split: split)
        }
    }

    private mutating func derivativesAction() -> Action {
        switch random.next() % 10 {
        case 0: return LendingMarginTests.margin(.deposit(asset: asset(), amount: amount()))
        case 1: return LendingMarginTests.margin(.withdraw(asset: asset(), amount: amount()))
        case 2: return LendingMarginTests.margin(.fundInsurance(amount: amount()))
        case 3: return .lending(.supply(asset: asset(), amount: amount()))
        case 4: return .lending(.withdraw(asset: asset(), amount: flag() ? amount() : nil))
        case 5: return .lending(.borrow(asset: asset(), amount: amount()))
        case 6: return .lending(.repay(asset: asset(), amount: flag() ? amount() : nil, fromMargin: flag()))
        case 7:
            return .oracle(
                .report(OracleAction.Report(asset: asset(), quotePerUnit: amount(), timeMilliseconds: time())))
        case 8:
            let count = pick([0, 1, VolatilityParameters.pointCount, VolatilityParameters.pointCount])
            let volatilities = (0..<count).map { _ in pick([0, 9_999, 10_000, 600_000, 10_000_000, .max] as [UInt32]) }
            return .oracle(
                .reportVolatility(
                    OracleAction.VolatilityReport(
                        asset: asset(), expiryMilliseconds: time(), volatilities: volatilities,
                        timeMilliseconds: time())))
        default:
            return LendingMarginTests.margin(
                .setLiquidationSettings(
                    closeFactorBasisPoints: pick([0, 1, 5_000, 10_000, 10_001, .max]),
                    penaltyBasisPoints: pick([0, 1, 100, 10_000, .max])))
        }
    }
}
