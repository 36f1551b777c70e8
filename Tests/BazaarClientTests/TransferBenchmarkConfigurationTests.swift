import Testing

@testable import BazaarClient

@Suite struct TransferBenchmarkConfigurationTests {
    func configuration(tps: Int, batch: Int) -> TransferBenchmark.Configuration {
        TransferBenchmark.Configuration(
            nodeURL: "http://127.0.0.1:9", targetPerSecond: tps, duration: .seconds(1), senderCount: 1,
            batchSize: batch)
    }

    @Test func batchTickIsTheTimeAFullBatchTakesToFallDue() {
        #expect(configuration(tps: 20_000, batch: 100).batchTick == .milliseconds(5))
    }

    @Test func batchTickIsAtMostTenMillisecondsAtLowRates() {
        #expect(configuration(tps: 500, batch: 100).batchTick == .milliseconds(10))
    }

    @Test func batchTickIsAtLeastOneMillisecondAtHighRates() {
        #expect(configuration(tps: 100_000, batch: 2).batchTick == .milliseconds(1))
    }

    @Test func inFlightMaximumHoldsSixteenFullBatches() {
        #expect(configuration(tps: 1_000, batch: 1).inFlightMax == 1_024)
        #expect(configuration(tps: 1_000, batch: 1_000).inFlightMax == 16_000)
        #expect(configuration(tps: 1_000, batch: 1_000).requestsInFlightMax == 16)
    }

    @Test(arguments: [0, 1_001])
    func batchSizeOutOfRangeIsRefused(batch: Int) {
        let error = #expect(throws: BazaarClientError.self) { try configuration(tps: 1_000, batch: batch).validate() }
        #expect(error?.code == .invalidInput)
    }

    @Test func runOfNoTransactionIsRefused() {
        var configuration = configuration(tps: 1, batch: 1)
        configuration.duration = .milliseconds(100)
        #expect(throws: BazaarClientError.self) { try configuration.validate() }
    }
}
