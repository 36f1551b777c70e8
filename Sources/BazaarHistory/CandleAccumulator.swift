public import BazaarCore

/// Turns the prints of blocks into candles, and keeps the newest candle of every market and
/// resolution it has seen.
///
/// A value type without I/O or clock: the time is each block's. The node's store uses
/// ``deltas(of:height:timeMilliseconds:)`` to add each block to its `candle` rows, and the stream
/// keeps an accumulator of the open candles.
public struct CandleAccumulator: Sendable, Hashable {
    /// What a candle needs of one print: its market, price and size.
    public struct Print: Sendable, Hashable {
        public var market: MarketID
        public var priceTicks: Int64
        public var lots: Int64

        public init(market: MarketID, priceTicks: Int64, lots: Int64) {
            precondition(priceTicks > 0 && lots > 0, "a print has a positive price and size")
            self.market = market
            self.priceTicks = priceTicks
            self.lots = lots
        }
    }

    /// The newest candle of each market and resolution.
    public private(set) var latest: [Candle.Key: Candle] = [:]

    public init(latest candles: [Candle] = []) {
        for candle in candles {
            precondition(latest[candle.key] == nil, "two newest candles for one key")
            latest[candle.key] = candle
        }
    }

    /// One block's candles: for every market with a print in `prints` and every resolution, the
    /// trading of the block alone in the interval holding `timeMilliseconds`.
    ///
    /// - Parameter prints: the block's prints in the order they happened.
    /// - Returns: the candles by market, then resolution (shortest first).
    /// - Complexity: O(prints × resolutions).
    public static func deltas(of prints: [Print], height: UInt64, timeMilliseconds: UInt64) -> [Candle] {
        var byMarket: [MarketID: Candle] = [:]
        for print in prints {
            let (tickLots, overflow) = UInt128(print.priceTicks).multipliedReportingOverflow(by: UInt128(print.lots))
            precondition(!overflow, "ticks × lots of one print overflows 128 bits")
            let delta = Candle(
                market: print.market, resolution: .oneMinute,
                startMilliseconds: CandleResolution.oneMinute.start(of: timeMilliseconds), openTicks: print.priceTicks,
                highTicks: print.priceTicks, lowTicks: print.priceTicks, closeTicks: print.priceTicks,
                volumeLots: UInt128(print.lots), volumeTickLots: tickLots, trades: 1, firstHeight: height,
                lastHeight: height)
            if var candle = byMarket[print.market] {
                candle.combine(delta)
                byMarket[print.market] = candle
            } else {
                byMarket[print.market] = delta
            }
        }
        return byMarket.keys.sorted().flatMap { market in
            let candle = byMarket[market]!
            return CandleResolution.allCases.map { resolution in
                var copy = candle
                copy.resolution = resolution
                copy.startMilliseconds = resolution.start(of: timeMilliseconds)
                return copy
            }
        }
    }

    /// Adds one block: each delta becomes the newest candle of its key, merged into the previous
    /// newest when both cover the same interval.
    ///
    /// - Returns: the newest candles the block changed, in the order of `deltas`.
    @discardableResult
    public mutating func add(_ deltas: [Candle]) -> [Candle] {
        deltas.map { delta in
            guard var previous = latest[delta.key], previous.startMilliseconds >= delta.startMilliseconds else {
                latest[delta.key] = delta
                return delta
            }
            // Block times never go back (BlockSchedule), so an older interval is only a defensive case:
            // the newest candle stays.
            guard previous.startMilliseconds == delta.startMilliseconds else { return delta }
            previous.merge(delta)
            latest[delta.key] = previous
            return previous
        }
    }
}
