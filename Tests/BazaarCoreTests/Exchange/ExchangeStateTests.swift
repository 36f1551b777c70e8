import Testing

@testable import BazaarCore

/// Markets and orders in the state commitment, snapshots and genesis.
@Suite("Exchange state")
struct ExchangeStateTests {
    @Test func appHashCoversTheOrdersMarketsAndPoolsABlockWrote() {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 5, at: 1_001)])
        let before = chain.state
        let transaction = chain.transaction(from: 2, [chain.order(.bid, 12, at: 1_001)])
        let finalized = chain.executeBlock([transaction])
        let state = chain.state
        var writer = CanonicalWriter()
        writer.write("bazaar/app/v1")
        writer.write(before.appHash)
        writer.write(state.height)
        writer.write(state.timeMilliseconds)
        writer.write(finalized.block.hash)
        let touched = [chain.id(1), chain.id(2)].sorted()
        writer.write(UInt32(touched.count))
        for id in touched {
            writer.write(id)
            writer.write(state.accounts[id])
        }
        writer.write(UInt32(0))
        writer.write(state.feePool)
        writer.write(UInt32(1))
        writer.write(TestChain.usd)
        writer.write(state.tradingFeePools[TestChain.usd])
        writer.write(UInt32(1))  // BTC-USD: its last price changed
        writer.write(state.market(1)!.market)
        writer.write(UInt64?(1_001))
        // The two makers, one filled and gone, one partly filled; the taker filled completely and
        // never had a record.
        let keys = [before.nextOrderID - 2, before.nextOrderID - 1].map { OrderKey(market: 1, id: $0) }
        writer.write(UInt32(keys.count))
        for key in keys {
            writer.write(key.market)
            writer.write(key.id)
            writer.write(state.order(key))
        }
        #expect(state.order(keys[1])?.lots == 3)
        writer.write(state.nextOrderID)
        writer.write(state.nextPriority)
        // The modules' tables (none written here).
        state.amm.writeBlockChanges(to: &writer)
        state.escrow.writeBlockChanges(to: &writer)
        state.derivatives.writeBlockChanges(to: &writer)
        var results = CanonicalWriter()
        results.write(finalized.results)
        writer.write(Hash.sha256(results.bytes))
        writer.write(Hash.sha256([0, 0, 0, 0]))
        #expect(state.appHash == Hash.sha256(writer.bytes))
    }

    @Test func aRestoredSnapshotGivesTheSameAppHashAfterTheNextBlock() throws {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_000)])
        chain.run(2, [chain.order(.bid, 10, at: 990, clientOrderID: 3), chain.order(.bid, 1, at: 10, in: 2)])
        var restored = Application(state: try LedgerState(canonicalBytes: chain.state.canonicalBytes))
        restored.checksFullInvariantsEveryBlock = true
        let next = [
            chain.transaction(from: 3, [chain.order(.bid, 15, at: 1_000)]),
            chain.transaction(from: 2, [.cancelOrder(.init(market: 1, order: .clientID(3)))]),
        ]
        let block = chain.makeBlock(next)
        let original = chain.executeBlock(next)
        #expect(restored.processProposal(block, verified: next) == .accept)
        let replayed = restored.finalizeBlock(block, verified: next)
        #expect(replayed.appHash == original.appHash)
        #expect(replayed.results == original.results)
        #expect(StateDump(restored.state) == StateDump(chain.state))
    }

    @Test func genesisOrdersRestWithTheirFundsLocked() {
        let maker = TestChain.key(1).publicKey.accountID
        let orders = [
            Genesis.OpenOrder(owner: maker, order: Self.placement(.ask, lots: 10, ticks: 1_010)),
            Genesis.OpenOrder(owner: maker, order: Self.placement(.bid, lots: 10, ticks: 990)),
        ]
        let chain = TestChain(exchange: true, genesisOrders: orders)
        #expect(chain.queue(.ask) == [1])
        #expect(chain.queue(.bid) == [2])
        #expect(chain.locked(1, TestChain.btc) == 100)
        #expect(chain.locked(1, TestChain.usd) == 10 * (990 + 3))
        #expect(throws: Never.self) { try chain.state.checkFullConservation() }
    }

    @Test func genesisRefusesOrdersThatTradeOrAreNotRestingTypes() {
        let maker = TestChain.key(1).publicKey.accountID
        let valid = TestChain(exchange: true).genesis
        var crossing = valid
        crossing.orders = [
            Genesis.OpenOrder(owner: maker, order: Self.placement(.ask, lots: 10, ticks: 1_000)),
            Genesis.OpenOrder(
                owner: TestChain.key(2).publicKey.accountID, order: Self.placement(.bid, lots: 10, ticks: 1_000)),
        ]
        // Its own crossing order would cancel the first by self-trade prevention.
        var selfCrossing = valid
        selfCrossing.orders = [
            Genesis.OpenOrder(owner: maker, order: Self.placement(.ask, lots: 10, ticks: 1_000)),
            Genesis.OpenOrder(owner: maker, order: Self.placement(.bid, lots: 10, ticks: 1_000)),
        ]
        var immediate = valid
        var order = Self.placement(.bid, lots: 1, ticks: 10)
        order.type = .immediateOrCancel
        immediate.orders = [Genesis.OpenOrder(owner: maker, order: order)]
        var broke = valid
        broke.orders = [Genesis.OpenOrder(owner: maker, order: Self.placement(.bid, lots: 10_000, ticks: 1_000))]
        var noAuthority = valid
        noAuthority.parameters.marketAuthority = nil
        var badMarket = valid
        badMarket.markets[1].lotSize = .zero
        var crossingBatch = valid
        crossingBatch.orders = [.ask, .bid].map { side in
            Genesis.OpenOrder(
                owner: maker,
                order: Action.PlaceOrder(
                    market: TestChain.ethUSD, side: side, type: .limit, price: Amount(baseUnits: 200),
                    size: Amount(baseUnits: 100)))
        }
        for genesis in [crossing, selfCrossing, immediate, broke, noAuthority, badMarket, crossingBatch] {
            #expect(throws: GenesisError.self) { try genesis.makeState() }
        }
    }

    /// A BTC-USD placement in the test market's units (lot 10, tick 1).
    static func placement(_ side: MatchingEngine.Side, lots: UInt128, ticks: UInt128) -> Action.PlaceOrder {
        Action.PlaceOrder(
            market: TestChain.btcUSD, side: side, type: .limit, price: Amount(baseUnits: ticks),
            size: Amount(baseUnits: lots * 10))
    }
}

extension ExchangeStateTests {
    /// A node keeps one state and mutates it in place: executing orders, cancels, amends and
    /// trades must not copy the engine (a copy per transaction would cost a whole book).
    @Test func executingBlocksOnAnUnsharedStateNeverCopiesTheEngine() {
        var chain = TestChain(exchange: true)
        let engine = chain.application.state.markets[0].engineIdentity
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_001)])
        chain.run(2, [chain.order(.bid, 15, at: 1_001), chain.order(.bid, 5, at: 900)])
        chain.run(1, [.cancelOrder(.init(market: 1, order: .id(first + 1)))])
        chain.run(2, [.amendOrder(.init(market: 1, order: .id(first + 3), price: Amount(baseUnits: 901)))])
        chain.expectFailure(.insufficientBalance, at: 1, from: 2, [chain.order(.bid, 1, at: 905), .burn(5_000_000)])
        #expect(chain.application.state.markets[0].engineIdentity == engine)
        // A state that is shared is copied on its first mutation, leaving the other untouched.
        let kept = chain.state
        chain.run(3, [chain.order(.ask, 1, at: 901)])
        #expect(chain.application.state.markets[0].engineIdentity != engine)
        #expect(kept.markets[0].engineIdentity == engine)
        #expect(kept.queue(of: 1, side: .bid).map(\.lots) == [5])
    }
}
