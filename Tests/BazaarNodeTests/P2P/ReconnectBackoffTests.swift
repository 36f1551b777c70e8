import BazaarNode
import Testing

@Suite struct ReconnectBackoffTests {
    @Test func withoutJitterTheDelayDoublesUpToTheCap() {
        var backoff = ReconnectBackoff(delayMillisecondsBase: 100, delayMillisecondsMax: 1_000, jitterFraction: 0)
        let delays = (0..<6).map { _ in backoff.failed(unitRandom: 0.5) }
        #expect(delays == [100, 200, 400, 800, 1_000, 1_000])
    }

    @Test func jitterTakesUpToItsFractionOffTheCeiling() {
        var low = ReconnectBackoff(delayMillisecondsBase: 1_000, delayMillisecondsMax: 10_000, jitterFraction: 0.5)
        var high = low
        #expect(low.failed(unitRandom: 0) == 1_000)
        #expect(high.failed(unitRandom: 0.999_999) == 501)
    }

    @Test func aSuccessResetsTheDelayToTheBase() {
        var backoff = ReconnectBackoff(delayMillisecondsBase: 50, delayMillisecondsMax: 5_000, jitterFraction: 0)
        _ = backoff.failed(unitRandom: 0)
        _ = backoff.failed(unitRandom: 0)
        backoff.succeeded()
        #expect(backoff.failureCount == 0)
        #expect(backoff.failed(unitRandom: 0) == 50)
    }

    @Test func manyFailuresNeitherOverflowNorExceedTheCap() {
        var backoff = ReconnectBackoff(delayMillisecondsBase: 1, delayMillisecondsMax: 30_000, jitterFraction: 0)
        for _ in 0..<200 { _ = backoff.failed(unitRandom: 0) }
        #expect(backoff.failed(unitRandom: 0) == 30_000)
    }
}
