import BazaarCore
import BazaarSim
import Testing

/// The state-machine order benchmark runs the stream to the end and reproduces itself; its speed
/// is measured by `bazaar bench`, never asserted here.
@Suite struct OrderFlowBenchmarkTests {
    static let configuration = OrderFlowBenchmark.Configuration(
        commandCount: 2_000, seed: 3, accountCount: 50, transactionsPerBlock: 500)

    @Test func aRunExecutesEveryCommandInBlocksAndTrades() {
        let figures = OrderFlowBenchmark.run(Self.configuration)
        #expect(figures.commandCount == 2_000)
        #expect(figures.blockCount == 4)
        #expect(figures.tradeCount > 0)
        #expect(figures.restingOrderCount > 0)
        // Most commands map onto orders the state machine still has.
        #expect(figures.failedTransactionCount < figures.commandCount / 10, "\(figures.failures)")
        #expect(figures.blockMedian <= figures.blockP99 && figures.blockP99 <= figures.blockMax)
    }

    @Test func equalConfigurationsGiveEqualStates() {
        let first = OrderFlowBenchmark.run(Self.configuration)
        let second = OrderFlowBenchmark.run(Self.configuration)
        #expect(first.appHash == second.appHash)
        #expect(first.tradeCount == second.tradeCount)
        var other = Self.configuration
        other.seed = 4
        #expect(OrderFlowBenchmark.run(other).appHash != first.appHash)
    }
}
