import Testing

@testable import BazaarCore

@Suite struct TradeTapeTests {
    @Test func theTapeKeepsTheNewestTradesOfEachMarketFromEvents() {
        var chain = TestChain(exchange: true)
        var tape = TradeTape(printCountMax: 2)
        tape.record(chain.executeBlock([chain.transaction(from: 1, [chain.order(.ask, 30, at: 1_000)])]))
        for ticks in [1_000, 1_000, 1_000] as [Int64] {
            tape.record(chain.executeBlock([chain.transaction(from: 2, [chain.order(.bid, 10, at: ticks)])]))
        }
        tape.record(chain.executeBlock([chain.transaction(from: 1, [chain.order(.ask, 1, at: 500, in: 2)])]))
        tape.record(chain.executeBlock([chain.transaction(from: 2, [chain.order(.bid, 1, at: 500, in: 2)])]))
        #expect(
            tape.recent(1, limit: 5) == [
                TradeTape.Print(height: 4, market: 1, priceTicks: 1_000, lots: 10, takerSide: .bid),
                TradeTape.Print(height: 3, market: 1, priceTicks: 1_000, lots: 10, takerSide: .bid),
            ])
        #expect(tape.recent(1, limit: 1).map(\.height) == [4])
        #expect(
            tape.recent(2, limit: 5) == [
                TradeTape.Print(height: 6, market: 2, priceTicks: 500, lots: 1, takerSide: nil)
            ])
        #expect(tape.recent(3, limit: 5).isEmpty)
    }
}
