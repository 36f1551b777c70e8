import Testing

@testable import BazaarCore

/// Every refusal of an order action has its own result code and leaves the whole state (balances,
/// locks, pools, every order and every queue position) as it was, except the sender's nonce and fee.
@Suite("Bad order input")
struct BadOrderInputTests {
    /// A chain with orders on both sides of BTC-USD, so that failures have a book to disturb.
    private func chainWithBook() -> TestChain {
        var chain = TestChain(exchange: true)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_005)])
        chain.run(2, [chain.order(.bid, 10, at: 990, clientOrderID: 5), chain.order(.bid, 10, at: 980)])
        return chain
    }

    private func place(
        _ side: MatchingEngine.Side = .bid, price: UInt128, size: UInt128, market: MarketID = TestChain.btcUSD,
        type: OrderType = .limit
    ) -> Action {
        .placeOrder(
            Action.PlaceOrder(
                market: market, side: side, type: type, price: Amount(baseUnits: price), size: Amount(baseUnits: size)))
    }

    @Test func zeroSize() {
        var chain = chainWithBook()
        chain.expectFailure(.invalidSize, from: 3, [place(price: 900, size: 0)])
    }

    @Test func sizeOffLot() {
        var chain = chainWithBook()
        chain.expectFailure(.sizeOffLot, from: 3, [place(price: 900, size: 15)])
    }

    @Test func sizeBelowTheMinimum() {
        var chain = chainWithBook()
        let create = Action.CreateMarket(
            base: TestChain.eth, quote: TestChain.btc, lotSize: Amount(baseUnits: 1), tickSize: Amount(baseUnits: 1),
            minimumSize: Amount(baseUnits: 3), maximumPriceTicks: 100, makerFeeBasisPoints: 0, takerFeeBasisPoints: 0,
            mode: .continuous)
        chain.run(0, [.createMarket(create)])
        chain.expectFailure(.belowMinimumSize, from: 3, [place(price: 10, size: 2, market: 3)])
        chain.run(3, [place(price: 10, size: 3, market: 3)])
    }

    @Test func priceOffTick() {
        var chain = chainWithBook()
        chain.expectFailure(.priceOffTick, from: 3, [place(price: 21, size: 100, market: TestChain.ethUSD)])
    }

    @Test func zeroPriceAndPriceAboveTheMaximum() {
        var chain = chainWithBook()
        chain.expectFailure(.priceOutOfRange, from: 3, [place(price: 0, size: 10)])
        chain.expectFailure(.priceOutOfRange, from: 3, [place(price: 10_001, size: 10)])
    }

    @Test func unknownMarket() {
        var chain = chainWithBook()
        chain.expectFailure(.unknownMarket, from: 3, [place(price: 900, size: 10, market: 3)])
        chain.expectFailure(.unknownMarket, from: 3, [place(price: 900, size: 10, market: 0)])
        chain.expectFailure(.unknownMarket, from: 2, [.cancelAllOrders(.init(market: 9))])
        chain.expectFailure(.unknownMarket, from: 2, [.cancelOrder(.init(market: 9, order: .id(1)))])
    }

    @Test func insufficientBalance() {
        var chain = chainWithBook()
        // 1,000 lots of BTC is 10,000 units: fine; 100,001 lots is more than the account holds.
        chain.expectFailure(.insufficientBalance, from: 3, [place(.ask, price: 2_000, size: 1_000_010)])
        // 1,000 lots at 1,000 lock 1,003,000 USD; the account has 1,000,000 less the fee.
        chain.expectFailure(.insufficientBalance, from: 3, [place(price: 1_000, size: 10_000)])
    }

    @Test func postOnlyThatWouldCross() {
        var chain = chainWithBook()
        chain.expectFailure(.wouldCross, from: 3, [place(price: 1_000, size: 10, type: .postOnly)])
    }

    @Test func fillOrKillThatCannotFill() {
        var chain = chainWithBook()
        chain.expectFailure(.cannotFill, from: 3, [place(price: 1_005, size: 210, type: .fillOrKill)])
    }

    @Test func cancellingAnotherAccountsOrder() {
        var chain = chainWithBook()
        let asks = chain.queue(.ask)
        chain.expectFailure(.notOrderOwner, from: 3, [.cancelOrder(.init(market: 1, order: .id(asks[0])))])
        chain.expectFailure(
            .notOrderOwner, from: 3,
            [.amendOrder(.init(market: 1, order: .id(asks[0]), size: Amount(baseUnits: 10)))])
        // Another account's client id names none of the sender's orders.
        chain.expectFailure(.unknownOrder, from: 3, [.cancelOrder(.init(market: 1, order: .clientID(5)))])
    }

    @Test func unknownOrder() {
        var chain = chainWithBook()
        chain.expectFailure(.unknownOrder, from: 2, [.cancelOrder(.init(market: 1, order: .id(999)))])
        // An order of market 1 named in market 2.
        let bid = chain.queue(.bid)[0]
        chain.expectFailure(.unknownOrder, from: 2, [.cancelOrder(.init(market: 2, order: .id(bid)))])
        chain.expectFailure(.unknownOrder, from: 2, [.cancelOrder(.init(market: 2, order: .clientID(5)))])
    }

    @Test func tooManyOpenOrders() {
        var chain = TestChain(exchange: true, openOrderCountMax: 2)
        chain.run(1, [chain.order(.ask, 10, at: 1_000), chain.order(.ask, 10, at: 1_005)])
        chain.expectFailure(.tooManyOpenOrders, from: 1, [place(.ask, price: 1_010, size: 10)])
    }

    @Test func duplicateClientOrderID() {
        var chain = chainWithBook()
        chain.expectFailure(.duplicateClientOrderID, from: 2, [place(price: 900, size: 10).withClientID(5)])
        // Also within one transaction.
        chain.expectFailure(
            .duplicateClientOrderID, at: 1, from: 3,
            [place(price: 900, size: 10).withClientID(8), place(price: 901, size: 10).withClientID(8)])
    }

    @Test func expiryNotAfterTheBlockTime() {
        var chain = chainWithBook()
        var order = Action.PlaceOrder(
            market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 900), size: Amount(baseUnits: 10))
        order.expiresAtMilliseconds = chain.state.timeMilliseconds + TestChain.blockIntervalMilliseconds
        chain.expectFailure(.invalidExpiry, from: 3, [.placeOrder(order)])
    }

    @Test func orderTypesABatchMarketDoesNotTake() {
        var chain = chainWithBook()
        chain.expectFailure(.unsupportedOrderType, from: 3, [place(price: 20, size: 100, market: 2, type: .postOnly)])
        chain.expectFailure(.unsupportedOrderType, from: 3, [place(price: 20, size: 100, market: 2, type: .fillOrKill)])
    }

    @Test func anAmendmentThatChangesNothing() {
        var chain = chainWithBook()
        let bid = chain.queue(.bid)[0]
        chain.expectFailure(.invalidAmendment, from: 2, [.amendOrder(.init(market: 1, order: .id(bid)))])
        chain.expectFailure(
            .invalidAmendment, from: 2,
            [
                .amendOrder(
                    .init(market: 1, order: .id(bid), price: Amount(baseUnits: 990), size: Amount(baseUnits: 100)))
            ])
    }

    @Test func amendmentsAreValidatedLikeNewOrders() {
        var chain = chainWithBook()
        let bid = chain.queue(.bid)[0]
        chain.expectFailure(
            .sizeOffLot, from: 2, [.amendOrder(.init(market: 1, order: .id(bid), size: Amount(baseUnits: 11)))])
        chain.expectFailure(.invalidSize, from: 2, [.amendOrder(.init(market: 1, order: .id(bid), size: .zero))])
        chain.expectFailure(.priceOutOfRange, from: 2, [.amendOrder(.init(market: 1, order: .id(bid), price: .zero))])
        chain.expectFailure(
            .insufficientBalance, from: 2,
            [.amendOrder(.init(market: 1, order: .id(bid), size: Amount(baseUnits: 100_000)))])
    }

    @Test func sizesBeyondSixtyFourBitsOfLots() {
        var chain = chainWithBook()
        chain.expectFailure(.amountOverflow, from: 3, [place(price: 900, size: UInt128(Int64.max) * 10 + 10)])
    }
}

extension Action {
    func withClientID(_ id: UInt64) -> Action {
        guard case .placeOrder(var order) = self else { return self }
        order.clientOrderID = id
        return .placeOrder(order)
    }
}
