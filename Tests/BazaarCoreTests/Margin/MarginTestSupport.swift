import Testing

@testable import BazaarCore

/// A ledger state for margin tests: the exchange test chain (account 0 is the market authority;
/// USD has 2 decimals, BTC 8), USD as the oracle's quote asset, USD accepted at full weight and
/// BTC at 80%, and BTC at 60,000 USD.
struct MarginFixture {
    static let usd = TestChain.usd
    static let btc = TestChain.btc
    /// 60,000.00 USD per BTC, in cents.
    static let btcPrice: UInt128 = 6_000_000

    var chain: TestChain
    var state: LedgerState

    init(accountCount: Int = 6) {
        chain = TestChain(accountCount: accountCount, exchange: true)
        state = chain.state
        state.derivatives.oracle.quoteAsset = Self.usd
        setPrice(Self.btcPrice, of: Self.btc)
        expectOK(0, .setCollateralWeight(asset: Self.usd, weightBasisPoints: 10_000))
        expectOK(0, .setCollateralWeight(asset: Self.btc, weightBasisPoints: 8_000))
    }

    func id(_ index: Int) -> AccountID { chain.id(index) }

    mutating func setPrice(_ price: UInt128, of asset: AssetSymbol, isStale: Bool = false) {
        state.setOraclePrice(OraclePrice(quotePerUnit: price, height: state.height, isStale: isStale), of: asset)
    }

    /// Applies one action as a transaction of its own: all or nothing.
    @discardableResult
    mutating func apply(_ sender: Int, _ action: Action) -> (events: [Event], code: ResultCode) {
        state.beginTransaction()
        do {
            let events = try state.apply(action, sender: id(sender))
            state.commitTransaction()
            return (events, .ok)
        } catch {
            state.rollBackTransaction()
            return ([], error.code)
        }
    }

    @discardableResult
    mutating func expectOK(
        _ sender: Int, _ action: MarginAction, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Event] {
        expectOK(sender, .derivatives(.margin(action)), sourceLocation: sourceLocation)
    }

    @discardableResult
    mutating func expectOK(_ sender: Int, _ action: Action, sourceLocation: SourceLocation = #_sourceLocation)
        -> [Event]
    {
        let (events, code) = apply(sender, action)
        if code != .ok { Issue.record("expected ok, got \(code.name)", sourceLocation: sourceLocation) }
        return events
    }

    /// Applies the action and expects it to fail with `code`, changing nothing.
    mutating func expectFailure(
        _ sender: Int, _ action: Action, _ code: ResultCode, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = state.derivatives.margin.canonicalBytes
        let balances = state.account(id(sender))
        #expect(apply(sender, action).code == code, sourceLocation: sourceLocation)
        #expect(state.derivatives.margin.canonicalBytes == before, sourceLocation: sourceLocation)
        #expect(state.account(id(sender)) == balances, sourceLocation: sourceLocation)
    }

    /// Executes `action` as a signed transaction of `sender` in a block of its own, which must
    /// fail with `code`; the whole state after that block — balances, books, margin, oracle,
    /// option series — must equal the state after an empty block, but for the sender's nonce and
    /// fee. The fixture goes on from the failed block's state.
    mutating func expectTransactionFailure(
        _ sender: Int, _ action: Action, _ code: ResultCode, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        chain.replaceState(with: state)
        var empty = chain
        empty.executeBlock([])
        let result = chain.execute(chain.transaction(from: sender, [action]))
        #expect(result.code == code, sourceLocation: sourceLocation)
        #expect(
            StateDump(chain.state) == StateDump(empty.state).payingFee(TestChain.minimumFee, sender: id(sender)),
            sourceLocation: sourceLocation)
        #expect(
            chain.state.derivatives.canonicalBytes == empty.state.derivatives.canonicalBytes,
            sourceLocation: sourceLocation)
        state = chain.state
    }

    mutating func expectFailure(
        _ sender: Int, _ action: MarginAction, _ code: ResultCode, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectFailure(sender, .derivatives(.margin(action)), code, sourceLocation: sourceLocation)
    }

    /// Runs the derivatives' end of block as a block would.
    mutating func endBlock() -> [MarginEvent] {
        state.runDerivativesEndOfBlock().compactMap {
            if case .derivatives(.margin(let event)) = $0 { event } else { nil }
        }
    }

    /// The account's margin summary; a valuation error fails the test where it was asked for.
    func summary(_ index: Int, sourceLocation: SourceLocation = #_sourceLocation) -> MarginSummary {
        do {
            return try state.marginSummary(of: id(index))
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return MarginSummary(equity: 0, initialRequirement: 0, maintenanceRequirement: 0)
        }
    }

    func claim(_ index: Int, _ asset: AssetSymbol) -> Int128 {
        state.derivatives.margin.accounts[id(index)]?.claim(asset) ?? 0
    }

    func checkInvariants(sourceLocation: SourceLocation = #_sourceLocation) {
        do { try state.checkFullConservation() } catch {
            Issue.record(Comment(rawValue: "invariant: \(error.description)"), sourceLocation: sourceLocation)
        }
    }
}

extension Amount {
    init(_ units: UInt128) { self.init(baseUnits: units) }
}

extension MarginFixture {
    /// BTC-PERP: a lot is 0.01 BTC, a tick 10 cents per lot (so 6,000 ticks is 60,000 USD per
    /// BTC); 10× leverage (initial 10%, maintenance 5%); funding every hour, clamped at 1% per 8
    /// hours, impact size 2 lots.
    static let perpetualSpec = MarginAction.CreatePerpetual(
        base: btc, lotSize: Amount(1_000_000), tickSize: Amount(10), minimumSize: Amount(1_000_000),
        maximumPriceTicks: 20_000, makerFeeBasisPoints: 0, takerFeeBasisPoints: 0, initialBasisPoints: 1_000,
        maintenanceBasisPoints: 500, fundingIntervalMilliseconds: 3_600_000, fundingClampPPM: 10_000, impactLots: 2)

    /// Creates the perpetual and returns its market id.
    @discardableResult
    mutating func createPerpetual(_ spec: MarginAction.CreatePerpetual = MarginFixture.perpetualSpec) -> MarketID {
        let events = expectOK(0, .createPerpetual(spec))
        guard case .marketCreated(let id, _, _) = events.first else {
            Issue.record("no market created")
            return 0
        }
        return id
    }

    /// A perpetual order of `lots` lots at `ticks`.
    func perpOrder(
        _ market: MarketID, _ side: MatchingEngine.Side, _ lots: Int64, at ticks: Int64,
        type: OrderType = .limit, reduceOnly: Bool = false
    ) -> Action {
        let spec = state.market(market)!.market
        return .placeOrder(
            Action.PlaceOrder(
                market: market, side: side, type: type, price: spec.tickSize.multiplied(by: UInt128(ticks))!,
                size: spec.lotSize.multiplied(by: UInt128(lots))!, clientOrderID: nil, expiresAtMilliseconds: nil,
                selfTradePrevention: .cancelResting, reduceOnly: reduceOnly))
    }

    func position(_ index: Int, _ market: MarketID) -> Position? {
        state.derivatives.margin.accounts[id(index)]?.positions[market]
    }

    /// Sum over all accounts (the fund included) of quote claims and positions' cash, and of sizes.
    func perpetualTotals(_ market: MarketID) -> (size: Int128, quote: Int128) {
        var size: Int128 = 0
        var quote: Int128 = 0
        for row in state.derivatives.margin.accounts.rows.values {
            quote += row.claim(MarginFixture.usd)
            if let position = row.positions[market] {
                size += position.size
                quote += position.cash
            }
        }
        return (size, quote)
    }

    /// Advances block time.
    mutating func advance(milliseconds: UInt64) {
        state.timeMilliseconds += milliseconds
    }
}
