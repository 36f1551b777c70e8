import Foundation
import Testing

/// `bazaar bench orders --store compare` as a user runs it: the same order stream stored as a
/// node without history stores it, then with history, ending on the same application hash.
@Suite struct BenchOrdersEndToEndTests {
    struct Report: Decodable {
        var store: String
        var ordersPerSecond: Double
        var trades: Int
        var failedTransactions: Int
        var appHash: String
    }

    struct Comparison: Decodable {
        var withoutHistory: Report
        var withHistory: Report
        var ratio: Double
        var fillsPerSecondWithHistory: Double
    }

    @Test func compareStoresTheStreamWithAndWithoutHistory() async throws {
        let run = try await CommandLineRun.run(
            [
                "bench", "orders", "--commands", "4000", "--runs", "1", "--block-transactions", "500", "--store",
                "compare", "--json",
            ], timeout: .seconds(600))
        #expect(run.status == 0, "\(run.error)")
        let comparison = try JSONDecoder().decode(Comparison.self, from: Data(run.output.utf8))
        #expect(comparison.withoutHistory.store == "blocks" && comparison.withHistory.store == "history")
        #expect(comparison.withoutHistory.appHash == comparison.withHistory.appHash)
        #expect(comparison.withHistory.trades > 0 && comparison.withHistory.trades == comparison.withoutHistory.trades)
        #expect(comparison.withHistory.failedTransactions == comparison.withoutHistory.failedTransactions)
        #expect(comparison.ratio > 0 && comparison.fillsPerSecondWithHistory > 0)
    }
}
