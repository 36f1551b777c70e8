/// When to try a dialled peer again: exponential backoff with jitter, reset by a successful link.
///
/// A value state machine with no clock and no random source of its own: the caller passes a
/// uniform random number in `[0, 1)` with each failure and schedules the returned delay on its
/// event loop, so tests drive it directly and deterministically.
public struct ReconnectBackoff: Sendable, Hashable {
    /// The delay after the first failure.
    public let delayMillisecondsBase: Int64
    /// The cap on the delay, so that a peer back after a long outage is found again soon.
    public let delayMillisecondsMax: Int64
    /// The fraction of each delay that is random; spreads out the reconnects of many nodes after a
    /// shared outage instead of having them all dial at the same instant.
    public let jitterFraction: Double

    /// Failures since the last successful link.
    public private(set) var failureCount: Int = 0

    public init(delayMillisecondsBase: Int64 = 100, delayMillisecondsMax: Int64 = 30_000, jitterFraction: Double = 0.5)
    {
        precondition(delayMillisecondsBase > 0 && delayMillisecondsMax >= delayMillisecondsBase, "bad backoff bounds")
        precondition((0...1).contains(jitterFraction), "jitter is a fraction")
        self.delayMillisecondsBase = delayMillisecondsBase
        self.delayMillisecondsMax = delayMillisecondsMax
        self.jitterFraction = jitterFraction
    }

    /// Records a failed attempt (or a lost link) and returns how long to wait before the next one.
    ///
    /// The ceiling doubles per failure up to the cap; the delay is drawn from
    /// `[ceiling × (1 − jitter), ceiling]`.
    /// - Parameter unitRandom: a uniform random number in `[0, 1)`.
    /// - Returns: the delay in milliseconds, at least 1.
    public mutating func failed(unitRandom: Double) -> Int64 {
        precondition((0..<1).contains(unitRandom), "unitRandom must be in [0, 1)")
        let ceiling = ceilingMilliseconds(afterFailures: failureCount)
        failureCount += 1
        let jitter = Double(ceiling) * jitterFraction * unitRandom
        return max(1, ceiling - Int64(jitter.rounded(.down)))
    }

    /// Records a successful link: the next failure starts again from the base delay.
    public mutating func succeeded() {
        failureCount = 0
    }

    private func ceilingMilliseconds(afterFailures failures: Int) -> Int64 {
        // Doubling stops at the cap; limiting the shift keeps it from overflowing.
        let shift = min(failures, 40)
        let (doubled, overflow) = delayMillisecondsBase.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? delayMillisecondsMax : min(doubled, delayMillisecondsMax)
    }
}
