public import BazaarCore

/// One market's trading over one interval: open, high, low and close prices in ticks, volumes and
/// the number of prints.
///
/// Volumes are kept in the market's integers so that a candle needs no market to be built:
/// `volumeLots` is Σ lots (base volume = lots × `lotSize`), `volumeTickLots` is Σ ticks × lots
/// (quote volume = tick-lots × `tickSize`, exact, the same product as `Market.notional`).
public struct Candle: Sendable, Hashable {
    /// Which candle: a market, a resolution and an interval.
    public struct Key: Sendable, Hashable, Comparable {
        public var market: MarketID
        public var resolution: CandleResolution

        public init(market: MarketID, resolution: CandleResolution) {
            self.market = market
            self.resolution = resolution
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.market, lhs.resolution.code) < (rhs.market, rhs.resolution.code)
        }
    }

    public var market: MarketID
    public var resolution: CandleResolution
    /// The interval's first millisecond (UTC, epoch-aligned, see ``CandleResolution``).
    public var startMilliseconds: UInt64
    public var openTicks: Int64
    public var highTicks: Int64
    public var lowTicks: Int64
    public var closeTicks: Int64
    public var volumeLots: UInt128
    public var volumeTickLots: UInt128
    public var trades: UInt64
    /// The first and last block that printed in the interval.
    public var firstHeight: UInt64
    public var lastHeight: UInt64

    public init(
        market: MarketID, resolution: CandleResolution, startMilliseconds: UInt64, openTicks: Int64, highTicks: Int64,
        lowTicks: Int64, closeTicks: Int64, volumeLots: UInt128, volumeTickLots: UInt128, trades: UInt64,
        firstHeight: UInt64, lastHeight: UInt64
    ) {
        precondition(startMilliseconds % resolution.milliseconds == 0, "candle start is not aligned")
        precondition(lowTicks > 0 && lowTicks <= min(openTicks, closeTicks), "candle low above open or close")
        precondition(highTicks >= max(openTicks, closeTicks), "candle high below open or close")
        precondition(trades > 0 && firstHeight <= lastHeight, "candle without prints")
        self.market = market
        self.resolution = resolution
        self.startMilliseconds = startMilliseconds
        self.openTicks = openTicks
        self.highTicks = highTicks
        self.lowTicks = lowTicks
        self.closeTicks = closeTicks
        self.volumeLots = volumeLots
        self.volumeTickLots = volumeTickLots
        self.trades = trades
        self.firstHeight = firstHeight
        self.lastHeight = lastHeight
    }

    public var key: Key { Key(market: market, resolution: resolution) }

    /// The interval's end, exclusive.
    public var endMilliseconds: UInt64 { startMilliseconds + resolution.milliseconds }

    /// Whether the interval is over at `timeMilliseconds` (a block time): no later block can add to it.
    public func isClosed(at timeMilliseconds: UInt64) -> Bool { timeMilliseconds >= endMilliseconds }

    /// Adds `later`, the same interval's trading in later blocks: the open stays, the close is
    /// the later one's, volumes and counts add up.
    ///
    /// Sums that overflow stop the node rather than store a wrong candle (they need more than
    /// 2¹²⁸ tick-lots in one interval).
    public mutating func merge(_ later: Candle) {
        precondition(later.key == key && later.startMilliseconds == startMilliseconds, "merging another candle")
        precondition(later.firstHeight > lastHeight, "merging a candle out of block order")
        combine(later)
    }

    /// ``merge(_:)`` without the block order check: for prints of one block.
    mutating func combine(_ later: Candle) {
        highTicks = max(highTicks, later.highTicks)
        lowTicks = min(lowTicks, later.lowTicks)
        closeTicks = later.closeTicks
        let (lots, lotsOverflow) = volumeLots.addingReportingOverflow(later.volumeLots)
        let (tickLots, tickLotsOverflow) = volumeTickLots.addingReportingOverflow(later.volumeTickLots)
        let (count, countOverflow) = trades.addingReportingOverflow(later.trades)
        precondition(!lotsOverflow && !tickLotsOverflow && !countOverflow, "candle volume overflows")
        volumeLots = lots
        volumeTickLots = tickLots
        trades = count
        lastHeight = later.lastHeight
    }
}
