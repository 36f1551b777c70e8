public import BazaarCore

/// One print of a market as the history feed ships it: a continuous trade, or a batch auction's
/// whole volume at its uniform price (the node's `trade` table row).
public struct HistoryPrint: Sendable, Hashable {
    public var market: MarketID
    public var height: UInt64
    /// The print's place among all prints of its block, from 0.
    public var position: UInt32
    public var timeMilliseconds: UInt64
    public var priceTicks: Int64
    public var lots: Int64
    /// The incoming order's side; nil for an auction.
    public var takerSide: MatchingEngine.Side?
    public var makerOrder: UInt64?
    public var takerOrder: UInt64?
    public var maker: AccountID?
    public var taker: AccountID?

    public init(
        market: MarketID, height: UInt64, position: UInt32, timeMilliseconds: UInt64, priceTicks: Int64, lots: Int64,
        takerSide: MatchingEngine.Side?, makerOrder: UInt64?, takerOrder: UInt64?, maker: AccountID?,
        taker: AccountID?
    ) {
        self.market = market
        self.height = height
        self.position = position
        self.timeMilliseconds = timeMilliseconds
        self.priceTicks = priceTicks
        self.lots = lots
        self.takerSide = takerSide
        self.makerOrder = makerOrder
        self.takerOrder = takerOrder
        self.maker = maker
        self.taker = taker
    }

    /// What a candle needs of the print.
    public var candlePrint: CandleAccumulator.Print {
        CandleAccumulator.Print(market: market, priceTicks: priceTicks, lots: lots)
    }
}

/// One block's history as the feed ships it: its account history rows and its prints. Candles
/// are not shipped; a reader recomputes them from the prints with ``CandleAccumulator``.
public struct HistoryBatch: Sendable, Equatable {
    public var rows: HistoryRows
    /// The block's prints in position order.
    public var prints: [HistoryPrint]

    public init(rows: HistoryRows, prints: [HistoryPrint]) {
        self.rows = rows
        self.prints = prints
    }

    public var height: UInt64 { rows.height }
}

/// A page of the history feed, `GET /v1/history/blocks`: consecutive blocks' batches read in one
/// read transaction, with the chain they belong to.
public struct HistoryFeedPage: Sendable, Equatable {
    /// The encoding's version, the first byte of the body.
    public static let version: UInt8 = 1
    /// The most blocks one page holds.
    public static let limitMax = 100

    public var chainID: String
    public var genesisHash: Hash
    /// The node's history height when the page was read (nil: it keeps no history).
    public var historyHeight: UInt64?
    /// Consecutive heights, oldest first.
    public var batches: [HistoryBatch]

    public init(chainID: String, genesisHash: Hash, historyHeight: UInt64?, batches: [HistoryBatch]) {
        precondition(
            zip(batches, batches.dropFirst()).allSatisfy { $0.height + 1 == $1.height },
            "a feed page of heights that do not follow each other")
        self.chainID = chainID
        self.genesisHash = genesisHash
        self.historyHeight = historyHeight
        self.batches = batches
    }
}
