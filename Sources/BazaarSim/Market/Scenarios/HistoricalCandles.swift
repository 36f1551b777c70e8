/// One asset's consecutive candles from a crash window, and the intraday path bridged through them.
///
/// The data is in `HistoricalCandles+Data.swift`, copied from `../shared/scenarios/`.
struct HistoricalCandles: Sendable {
    /// The shared file the candles come from, e.g. `black-thursday-2020-eth-1h.csv`.
    let file: String
    /// The first candle's open time, seconds since 1970-01-01 UTC.
    let firstOpenUnixSeconds: UInt64
    /// Each candle's length; the candles are consecutive, without gaps.
    let intervalSeconds: UInt64
    /// Four values per candle: open, high, low, close (quote units per whole base unit).
    let openHighLowClose: [Double]

    init(file: String, firstOpenUnixSeconds: UInt64, intervalSeconds: UInt64, openHighLowClose: [Double]) {
        precondition(intervalSeconds > 0, "a candle lasts")
        precondition(!openHighLowClose.isEmpty && openHighLowClose.count % 4 == 0, "four values per candle")
        precondition(openHighLowClose.allSatisfy { $0 > 0 && $0.isFinite }, "prices are positive")
        self.file = file
        self.firstOpenUnixSeconds = firstOpenUnixSeconds
        self.intervalSeconds = intervalSeconds
        self.openHighLowClose = openHighLowClose
    }

    var count: Int { openHighLowClose.count / 4 }

    func open(_ candle: Int) -> Double { openHighLowClose[4 * candle] }
    func high(_ candle: Int) -> Double { openHighLowClose[4 * candle + 1] }
    func low(_ candle: Int) -> Double { openHighLowClose[4 * candle + 2] }
    func close(_ candle: Int) -> Double { openHighLowClose[4 * candle + 3] }

    /// When `candle` closes, milliseconds since 1970-01-01 UTC.
    func closeUnixMilliseconds(_ candle: Int) -> UInt64 {
        (firstOpenUnixSeconds + UInt64(candle + 1) * intervalSeconds) * 1_000
    }

    /// The knots of the deterministic bridge through every candle, piecewise linear in log price.
    ///
    /// Each candle contributes three knots after its start: its first extreme a third of the way
    /// through, its second extreme two thirds through, and its close at its end. A candle that
    /// closed at or above its open visits its low first (open → low → high → close); one that
    /// closed below visits its high first (open → high → low → close), the usual reading of a
    /// candle. The path is continuous: a candle starts from the previous candle's close (exchange
    /// candles open within about 1% of the previous close in these files), and only the first
    /// candle starts at its own open. So the path passes through every close exactly at the
    /// candle's close time and touches every high and low, at a documented time within the
    /// candle, which the real market did at some unknown time.
    var bridge: PiecewiseLogLinearPath {
        let intervalMilliseconds = intervalSeconds * 1_000
        var times = [firstOpenUnixSeconds * 1_000]
        var values = [open(0)]
        times.reserveCapacity(1 + 3 * count)
        values.reserveCapacity(1 + 3 * count)
        for candle in 0..<count {
            let start = firstOpenUnixSeconds * 1_000 + UInt64(candle) * intervalMilliseconds
            let closedUp = close(candle) >= open(candle)
            times.append(start + intervalMilliseconds / 3)
            values.append(closedUp ? low(candle) : high(candle))
            times.append(start + 2 * intervalMilliseconds / 3)
            values.append(closedUp ? high(candle) : low(candle))
            times.append(start + intervalMilliseconds)
            values.append(close(candle))
        }
        return PiecewiseLogLinearPath(timesMilliseconds: times, values: values)
    }
}
