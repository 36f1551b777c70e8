import Testing

@testable import BazaarCore

/// Inside a block, cancels execute before new orders, whatever order the proposer chose, and each
/// sender's transactions keep their nonce order.
@Suite("Cancels first")
struct CancelsFirstTests {
    @Test func executionOrderPutsCancelOnlyTransactionsFirstUnlessTheirSenderWentBefore() {
        let chain = TestChain(exchange: true)
        let cancel = Action.cancelOrder(.init(market: 1, order: .id(1)))
        let transactions = [
            chain.transaction(from: 1, nonce: 0, [chain.order(.bid, 1, at: 100)]),
            chain.transaction(from: 2, nonce: 0, [cancel]),
            chain.transaction(from: 3, nonce: 0, [.transfer(1, to: chain.id(0))]),
            chain.transaction(from: 2, nonce: 1, [cancel, .cancelAllOrders(.init(market: 2))]),
            chain.transaction(from: 1, nonce: 1, [cancel]),
            chain.transaction(from: 3, nonce: 1, [cancel, .transfer(1, to: chain.id(0))]),
        ]
        #expect(Application.executionOrder(transactions) == [1, 3, 0, 2, 4, 5])
        #expect(Application.executionOrder(Array(transactions[2...2])) == [0])
        #expect(Application.executionOrder([]) == [])
    }

    @Test func aCancelRunsBeforeAnOrderThatWouldHaveFilledIt() {
        var chain = TestChain(exchange: true)
        let ask = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let bid = chain.transaction(from: 2, [chain.order(.bid, 10, at: 1_000, type: .immediateOrCancel)])
        let cancel = chain.transaction(from: 1, [.cancelOrder(.init(market: 1, order: .id(ask)))])
        // A proposer that put the bid first: execution still cancels first; results stay in block order.
        let finalized = chain.executeBlock([bid, cancel])
        #expect(finalized.results.map(\.id) == [bid.id, cancel.id])
        #expect(finalized.results.map(\.code) == [.ok, .ok])
        #expect(!finalized.results[0].events.contains { if case .trade = $0 { true } else { false } })
        #expect(chain.free(2, TestChain.btc) == 1_000_000)
        #expect(chain.locked(1, TestChain.btc) == 0)
    }

    @Test func prepareProposalPutsCancelsFirstSoTheBlockReadsAsItExecutes() {
        var chain = TestChain(exchange: true)
        let ask = chain.nextOrderID
        chain.run(1, [chain.order(.ask, 10, at: 1_000)])
        let bid = chain.transaction(from: 2, [chain.order(.bid, 10, at: 1_000)])
        let cancel = chain.transaction(from: 1, [.cancelOrder(.init(market: 1, order: .id(ask)))])
        let finalized = chain.produceBlock([bid, cancel])
        #expect(finalized.block.transactions == [cancel.signed, bid.signed])
        #expect(chain.queue(.bid).count == 1)
    }

    @Test func aSendersCancelAfterItsOwnOrderKeepsNonceOrder() {
        var chain = TestChain(exchange: true)
        let order = chain.nextOrderID
        let place = chain.transaction(from: 1, nonce: 0, [chain.order(.bid, 10, at: 900)])
        let cancel = chain.transaction(from: 1, nonce: 1, [.cancelOrder(.init(market: 1, order: .id(order)))])
        let finalized = chain.executeBlock([place, cancel])
        #expect(finalized.results.map(\.code) == [.ok, .ok])
        #expect(chain.queue(.bid).isEmpty)
        #expect(chain.locked(1, TestChain.usd) == 0)
    }
}
