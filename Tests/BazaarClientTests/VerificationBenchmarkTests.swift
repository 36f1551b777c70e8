import Testing

@testable import BazaarClient

@Suite struct VerificationBenchmarkTests {
    @Test func reportsOneRatePerWorkerAndTheirSum() async {
        let result = await VerificationBenchmark(duration: .milliseconds(50), workerCount: 2).run()
        #expect(result.perWorkerPerSecond.count == 2)
        #expect(result.perWorkerPerSecond.allSatisfy { $0 > 0 })
        #expect(result.totalPerSecond == result.perWorkerPerSecond.reduce(0, +))
    }

    @Test func transferBenchmarkRefusesARunTooLargeToSign() {
        let configuration = TransferBenchmark.Configuration(
            nodeURL: "http://127.0.0.1:8080", targetPerSecond: 1_000_000, duration: .seconds(10), senderCount: 10)
        #expect(throws: BazaarClientError.self) { try configuration.validate() }
    }
}
