import Testing

@testable import BazaarCore

extension TestChain {
    static let btc: AssetSymbol = "BTC"
    static let eth: AssetSymbol = "ETH"
    /// BTC-USD: continuous; a lot is 10 BTC units, a tick 1 USD unit per lot; maker rebate 0.10%,
    /// taker fee 0.30%.
    static let btcUSD: MarketID = 1
    /// ETH-USD: batch auction; a lot is 100 ETH units, a tick 2 USD units per lot; maker fee 0,
    /// taker fee 0.10%.
    static let ethUSD: MarketID = 2

    static let markets: [Action.CreateMarket] = [
        Action.CreateMarket(
            base: btc, quote: usd, lotSize: Amount(baseUnits: 10), tickSize: Amount(baseUnits: 1),
            minimumSize: Amount(baseUnits: 10), maximumPriceTicks: 10_000, makerFeeBasisPoints: -10,
            takerFeeBasisPoints: 30, mode: .continuous),
        Action.CreateMarket(
            base: eth, quote: usd, lotSize: Amount(baseUnits: 100), tickSize: Amount(baseUnits: 2),
            minimumSize: Amount(baseUnits: 100), maximumPriceTicks: 5_000, makerFeeBasisPoints: 0,
            takerFeeBasisPoints: 10, mode: .batchAuction),
    ]

    func market(_ id: MarketID) -> Market { state.market(id)!.market }

    /// An order of `lots` lots at `ticks` in market terms (the action carries base and quote units).
    func order(
        _ side: MatchingEngine.Side, _ lots: Int64, at ticks: Int64, in id: MarketID = TestChain.btcUSD,
        type: OrderType = .limit, clientOrderID: UInt64? = nil, expiresAt: UInt64? = nil,
        selfTradePrevention: SelfTradePrevention = .cancelResting
    ) -> Action {
        let market = market(id)
        return .placeOrder(
            Action.PlaceOrder(
                market: id, side: side, type: type, price: market.tickSize.multiplied(by: UInt128(ticks))!,
                size: market.lotSize.multiplied(by: UInt128(lots))!, clientOrderID: clientOrderID,
                expiresAtMilliseconds: expiresAt, selfTradePrevention: selfTradePrevention))
    }

    /// Executes `actions` from `sender` in a block of its own and expects `code`.
    @discardableResult
    mutating func run(
        _ sender: Int, _ actions: [Action], expect code: ResultCode = .ok,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> TransactionResult {
        let result = execute(transaction(from: sender, actions))
        #expect(result.code == code, sourceLocation: sourceLocation)
        return result
    }

    /// The id the next order will get.
    var nextOrderID: UInt64 { state.nextOrderID }

    func free(_ account: Int, _ asset: AssetSymbol) -> UInt128 {
        state.balance(of: id(account), asset: asset).baseUnits
    }

    func locked(_ account: Int, _ asset: AssetSymbol) -> UInt128 {
        state.locked(of: id(account), asset: asset).baseUnits
    }

    func queue(_ side: MatchingEngine.Side, in market: MarketID = TestChain.btcUSD) -> [UInt64] {
        state.queue(of: market, side: side).map(\.id)
    }
}

/// Everything a transaction can change, including each book's queues in fill order.
struct StateDump: Equatable {
    var accounts: [AccountID: Account]
    var assets: [AssetSymbol: AssetInfo]
    var feePool: Amount
    var tradingFeePools: [AssetSymbol: Amount]
    var markets: [Market]
    var orders: [[UInt64: Order]]
    var lastPrices: [Int64?]
    var queues: [[[UInt64]]]
    var nextOrderID: UInt64
    var nextPriority: UInt64

    init(_ state: LedgerState) {
        accounts = state.accounts
        assets = state.assets
        feePool = state.feePool
        tradingFeePools = state.tradingFeePools
        markets = state.marketList
        orders = state.markets.map(\.orders)
        lastPrices = state.markets.map(\.lastPriceTicks)
        queues = state.marketList.map { market in
            MatchingEngine.Side.allCases.map { side in state.queue(of: market.id, side: side).map(\.id) }
        }
        nextOrderID = state.nextOrderID
        nextPriority = state.nextPriority
    }

    /// This dump after `sender` paid `fee` and used a nonce.
    func payingFee(_ fee: Amount, sender: AccountID) -> StateDump {
        var dump = self
        var account = dump.accounts[sender] ?? Account()
        account.nonce += 1
        let feeBalance = account.balance(of: TestChain.feeAsset).subtracting(fee)!
        account.balances[TestChain.feeAsset] = feeBalance.isZero ? nil : feeBalance
        dump.accounts[sender] = account
        dump.feePool = dump.feePool.adding(fee)!
        return dump
    }
}

extension TestChain {
    /// Executes a transaction of `actions` from `sender` that must fail with `code` at action
    /// `index`, and checks that the whole state is as before except the sender's nonce and fee.
    mutating func expectFailure(
        _ code: ResultCode, at index: UInt32 = 0, from sender: Int, _ actions: [Action],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = StateDump(state)
        let result = execute(transaction(from: sender, actions))
        #expect(result.code == code, sourceLocation: sourceLocation)
        #expect(result.failedActionIndex == index, sourceLocation: sourceLocation)
        #expect(
            result.events == [.feePaid(payer: id(sender), asset: TestChain.feeAsset, amount: TestChain.minimumFee)],
            sourceLocation: sourceLocation)
        #expect(
            StateDump(state) == before.payingFee(TestChain.minimumFee, sender: id(sender)),
            sourceLocation: sourceLocation)
    }
}
