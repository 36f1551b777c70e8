internal import Foundation

/// A positive series known at a few times (knots), interpolated linearly in log value between them.
///
/// Prices move in proportions, so a straight line in log price is a constant rate of return; the
/// same interpolation serves the candle bridge, a scenario file's rows and liquidity schedules.
/// At a knot's time the value is the knot's value exactly (no `exp(log(x))` round trip).
struct PiecewiseLogLinearPath: Sendable {
    /// Strictly increasing.
    let timesMilliseconds: [UInt64]
    /// Each > 0 and finite.
    let values: [Double]

    init(timesMilliseconds: [UInt64], values: [Double]) {
        precondition(!timesMilliseconds.isEmpty, "a path has a knot")
        precondition(timesMilliseconds.count == values.count, "one value per knot")
        precondition(zip(timesMilliseconds, timesMilliseconds.dropFirst()).allSatisfy { $0 < $1 }, "knots in order")
        precondition(values.allSatisfy { $0 > 0 && $0.isFinite }, "values are positive")
        self.timesMilliseconds = timesMilliseconds
        self.values = values
    }

    var startMilliseconds: UInt64 { timesMilliseconds[0] }
    var endMilliseconds: UInt64 { timesMilliseconds[timesMilliseconds.count - 1] }

    /// The path at `count` evenly spaced times from `startMilliseconds`, `stepMilliseconds` apart.
    ///
    /// - Precondition: every sampled time lies within the knots.
    /// - Complexity: O(`count` + knots): one walk along the knots.
    func sample(fromMilliseconds start: UInt64, stepMilliseconds: UInt64, count: Int) -> [Double] {
        precondition(stepMilliseconds > 0 && count > 0, "at least one sample, steps take time")
        precondition(start >= startMilliseconds, "sampling starts within the path")
        precondition(start + UInt64(count - 1) * stepMilliseconds <= endMilliseconds, "sampling ends within the path")
        var samples = [Double]()
        samples.reserveCapacity(count)
        var knot = 0
        for step in 0..<count {
            let time = start + UInt64(step) * stepMilliseconds
            while knot + 1 < timesMilliseconds.count && timesMilliseconds[knot + 1] <= time { knot += 1 }
            samples.append(value(at: time, fromKnot: knot))
        }
        return samples
    }

    /// The value at `time`, where `timesMilliseconds[knot] <= time` and the next knot is later.
    private func value(at time: UInt64, fromKnot knot: Int) -> Double {
        assert(timesMilliseconds[knot] <= time)
        if time == timesMilliseconds[knot] || knot + 1 == timesMilliseconds.count { return values[knot] }
        let span = Double(timesMilliseconds[knot + 1] - timesMilliseconds[knot])
        let fraction = Double(time - timesMilliseconds[knot]) / span
        return exp(log(values[knot]) + fraction * (log(values[knot + 1]) - log(values[knot])))
    }
}
