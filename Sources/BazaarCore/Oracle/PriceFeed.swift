/// One asset's aggregation record: the recent fresh prices and their time-weighted average.
public struct PriceFeed: Sendable, Hashable {
    /// One aggregated price.
    public struct Point: Sendable, Hashable {
        public var height: UInt64
        public var timeMilliseconds: UInt64
        public var quotePerUnit: UInt128

        public init(height: UInt64, timeMilliseconds: UInt64, quotePerUnit: UInt128) {
            self.height = height
            self.timeMilliseconds = timeMilliseconds
            self.quotePerUnit = quotePerUnit
        }
    }

    /// Fresh prices, oldest first, at most `OracleParameters.historyCountMax`.
    public var history: [Point]
    /// The time-weighted average over the TWAP window (or the part of it the history covers).
    public var twapQuotePerUnit: UInt128
    /// How many fresh observations the latest aggregation used.
    public var reporterCount: UInt32
    /// The median before the per-block move limit clamped it, when it did.
    public var unclampedQuotePerUnit: UInt128?

    public init(
        history: [Point] = [], twapQuotePerUnit: UInt128 = 0, reporterCount: UInt32 = 0,
        unclampedQuotePerUnit: UInt128? = nil
    ) {
        self.history = history
        self.twapQuotePerUnit = twapQuotePerUnit
        self.reporterCount = reporterCount
        self.unclampedQuotePerUnit = unclampedQuotePerUnit
    }

    /// The time-weighted average of `history` over `[now - window, now]`: each point holds from its
    /// time until the next point's (the last until `now`); a point before the window counts from
    /// the window's start. Rounds down. With no span to weigh (one point at `now`), the last price.
    ///
    /// - Complexity: O(history).
    static func twap(of history: [Point], now: UInt64, window: UInt64) -> UInt128 {
        guard let last = history.last else { return 0 }
        let start = now >= window ? now - window : 0
        var weighted: UInt128 = 0
        var span: UInt128 = 0
        for (index, point) in history.enumerated() {
            let end = index + 1 < history.count ? history[index + 1].timeMilliseconds : now
            let from = max(point.timeMilliseconds, start)
            guard end > from else { continue }
            let duration = UInt128(end - from)
            let (product, overflow) = point.quotePerUnit.multipliedReportingOverflow(by: duration)
            let (sum, sumOverflow) = weighted.addingReportingOverflow(product)
            // Beyond 128 bits (prices above ~10^30 over a day), the last price stands in.
            guard !overflow, !sumOverflow else { return last.quotePerUnit }
            weighted = sum
            span += duration
        }
        return span == 0 ? last.quotePerUnit : weighted / span
    }
}

extension PriceFeed.Point: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(timeMilliseconds)
        writer.write(quotePerUnit)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        height = try reader.read(UInt64.self)
        timeMilliseconds = try reader.read(UInt64.self)
        quotePerUnit = try reader.read(UInt128.self)
    }
}

extension PriceFeed: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(history)
        writer.write(twapQuotePerUnit)
        writer.write(reporterCount)
        writer.write(unclampedQuotePerUnit.map { Amount(baseUnits: $0) })
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        history = try reader.read([Point].self, maxCount: OracleParameters.historyCountMax)
        twapQuotePerUnit = try reader.read(UInt128.self)
        reporterCount = try reader.read(UInt32.self)
        unclampedQuotePerUnit = try reader.read(Amount?.self)?.baseUnits
    }
}
