import Testing

@testable import BazaarCore

/// The conservation checkers fed deliberately broken states: one unit that appears from nowhere
/// in any place funds are held, of the fee asset or another, is found by both the full check
/// and the per-block check; the same unit moved there out of a free balance is not. A checker
/// that skipped a place or an asset would pass the first or fail the second.
@Suite("Conservation checks")
struct ConservationCheckTests {
    /// Everywhere the ledger keeps funds outside free balances, and free balances themselves.
    enum Place: String, CaseIterable, CustomTestStringConvertible {
        case freeBalance, lockedByOrders, tradingFeePool, feePool, ammPool, htlc, tradeEscrow, swapOffer
        case lendingPool, marginVault

        var testDescription: String { rawValue }

        /// Puts one unit of `asset` into this place, with no change of supply.
        func addUnit(of asset: AssetSymbol, to state: inout LedgerState, owner: AccountID, time: UInt64) {
            let one = Amount(baseUnits: 1)
            switch self {
            case .freeBalance:
                state.updateAccount(owner) { $0.credit(one, asset) }
            case .lockedByOrders:
                state.updateAccount(owner) { $0.locked[asset] = $0.lockedAmount(of: asset).adding(one)! }
            case .tradingFeePool:
                state.addTradingFee(one, asset: asset)
            case .feePool:
                precondition(asset == state.parameters.feeAsset, "the fee pool holds the fee asset only")
                state.setFeePool(state.feePool.adding(one)!)
            case .ammPool:
                let other: AssetSymbol = asset == TestChain.usd ? TestChain.feeAsset : TestChain.usd
                let (asset0, asset1) = asset < other ? (asset, other) : (other, asset)
                let pool = Pool(
                    id: 99, asset0: asset0, asset1: asset1, feePips: 3_000,
                    reserve0: asset0 == asset ? one : .zero, reserve1: asset1 == asset ? one : .zero,
                    curve: .constantProduct(lpSupply: 0))
                state.amm.pools.write(pool, for: pool.id)
            case .htlc:
                let htlc = HTLC(
                    id: 99, sender: owner, recipient: owner, asset: asset, amount: one, hashlock: TestChain.hashlock,
                    timeoutMilliseconds: time + 60_000, lockedAtMilliseconds: time)
                state.escrow.htlcs.write(htlc, for: htlc.id)
            case .tradeEscrow:
                let terms = TradeEscrow.Terms(
                    asset: asset, amount: one, depositAsset: asset, sellerDeposit: .zero, buyerDeposit: .zero,
                    paymentTerms: "test", mediator: owner, arbitrator: owner, expiresAtMilliseconds: time + 60_000,
                    paymentWindowMilliseconds: 60_000, disputeWindowMilliseconds: 60_000)
                state.escrow.trades.write(TradeEscrow(id: 99, seller: owner, terms: terms), for: 99)
            case .swapOffer:
                let terms = SwapOffer.Terms(
                    giveAsset: asset, giveAmount: one, wantChainID: "elsewhere", wantAsset: asset, wantAmount: one,
                    makerWantAddress: owner, hashlock: TestChain.hashlock, takerLockMilliseconds: 60_000,
                    expiresAtMilliseconds: time + 60_000)
                state.escrow.writeSwapOffer(SwapOffer(id: 99, maker: owner, terms: terms))
            case .lendingPool:
                var pool =
                    state.derivatives.lending.pools[asset]
                    ?? LendingPool(asset: asset, parameters: LendingPoolParameters(), timeMilliseconds: time)
                pool.cash = pool.cash.adding(one)!
                state.derivatives.lending.pools.write(pool, for: asset)
            case .marginVault:
                var balance = state.derivatives.margin.vault[asset] ?? VaultBalance(asset: asset, amount: .zero)
                balance.amount = balance.amount.adding(one)!
                state.derivatives.margin.vault.write(balance, for: asset)
            }
        }

        func holds(_ asset: AssetSymbol, feeAsset: AssetSymbol) -> Bool { self != .feePool || asset == feeAsset }
    }

    static let cases: [(Place, AssetSymbol)] = Place.allCases.flatMap { place in
        [TestChain.feeAsset, TestChain.usd].filter { place.holds($0, feeAsset: TestChain.feeAsset) }.map {
            (place, $0)
        }
    }

    /// A chain a few blocks in, with fees paid and transfers made: a valid state between blocks.
    static func committedState() -> (state: LedgerState, owner: AccountID) {
        var chain = TestChain()
        chain.run(1, [.transfer(500, to: chain.id(2))])
        chain.run(2, [.transfer(7, of: TestChain.feeAsset, to: chain.id(3))])
        return (chain.state, chain.id(1))
    }

    static func conservationError(_ check: () throws(InvariantViolation) -> Void) -> String? {
        do {
            try check()
            return nil
        } catch { return error.description }
    }

    @Test(arguments: cases)
    func aUnitFromNowhereBreaksFullConservation(place: Place, asset: AssetSymbol) throws {
        var (state, owner) = Self.committedState()
        try state.checkFullConservation()
        place.addUnit(of: asset, to: &state, owner: owner, time: state.timeMilliseconds)
        let error = Self.conservationError { () throws(InvariantViolation) in try state.checkFullConservation() }
        #expect(error?.hasPrefix("conservation of \(asset)") == true, "\(error ?? "no violation")")
    }

    @Test(arguments: cases)
    func aUnitFromNowhereBreaksTheBlocksConservation(place: Place, asset: AssetSymbol) throws {
        var (state, owner) = Self.committedState()
        try state.checkBlockConservation()
        place.addUnit(of: asset, to: &state, owner: owner, time: state.timeMilliseconds)
        let error = Self.conservationError { () throws(InvariantViolation) in try state.checkBlockConservation() }
        #expect(error?.hasPrefix("conservation of \(asset)") == true, "\(error ?? "no violation")")
    }

    @Test(arguments: cases)
    func aUnitMovedFromAFreeBalanceKeepsConservation(place: Place, asset: AssetSymbol) throws {
        var (state, owner) = Self.committedState()
        let payer = state.accounts.keys.sorted().first { $0 != owner }!
        state.updateAccount(payer) { $0.balances[asset] = $0.balance(of: asset).subtracting(Amount(baseUnits: 1))! }
        place.addUnit(of: asset, to: &state, owner: owner, time: state.timeMilliseconds)
        try state.checkBlockConservation()
        // Other invariants of a place may object to a row made by hand; conservation must not.
        let error = Self.conservationError { () throws(InvariantViolation) in try state.checkFullConservation() }
        #expect(error?.hasPrefix("conservation") != true, "\(error ?? "")")
    }

    @Test func aSupplyChangeWithoutHoldingsIsFound() throws {
        let (state, _) = Self.committedState()
        for symbol in [TestChain.feeAsset, TestChain.usd] {
            var broken = state
            var asset = broken.assets[symbol]!
            asset.supply = asset.supply.adding(Amount(baseUnits: 1))!
            broken.writeAsset(asset)
            #expect(
                Self.conservationError { () throws(InvariantViolation) in try broken.checkFullConservation() }?
                    .hasPrefix("conservation of \(symbol)") == true)
            #expect(
                Self.conservationError { () throws(InvariantViolation) in try broken.checkBlockConservation() }
                    == "conservation of \(symbol) broken in block \(broken.height)")
        }
        try state.checkFullConservation()
    }
}

@Suite("Conservation checks on real blocks")
struct ConservationBlockTests {
    /// A new pool holds nothing of either asset; a block that creates one and touches neither
    /// asset anywhere else (the fee is paid in BZR) must still pass the per-block check.
    @Test(arguments: [false, true])
    func aBlockThatOnlyCreatesAnEmptyPoolKeepsConservation(concentrated: Bool) throws {
        var chain = TestChain(exchange: true)
        // Account 3 gives away all but its BZR, so the block below touches no BTC or ETH balance.
        let all = TestChain.startingBalance.baseUnits
        chain.run(
            3, [TestChain.usd, TestChain.btc, TestChain.eth].map { .transfer(all, of: $0, to: chain.id(2)) })
        let create = AMMAction.CreatePool(
            assetA: TestChain.btc, assetB: TestChain.eth, feePips: 3_000,
            initialSqrtPriceX96: concentrated ? UInt256(1) << 96 : nil)
        chain.run(3, [.amm(.createPool(create))])
        #expect(chain.state.amm.pools.count == 1)
        try chain.state.checkFullConservation()
    }
}
