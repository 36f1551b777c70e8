public import BazaarCore
public import BazaarHistory
import Foundation
import GRDB

/// One print of a market, as the block store indexes it: a continuous trade, or a batch auction's
/// whole volume at its uniform price.
///
/// Prints are derived from a block's events (`trade` in the transaction results, and
/// `auctionCleared` among the end-of-block events), never part of the ledger state, and stored
/// with their block in the same SQLite transaction; so the index is exactly as durable as the
/// blocks, survives restarts, and needs no rebuilding.
public struct StoredTrade: Sendable, Hashable {
    public var market: MarketID
    public var height: UInt64
    /// The print's place among all prints of its block, from 0 (results in block order, then the
    /// end of the block). `height` and `position` name a print on every node alike.
    public var position: Int
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
        market: MarketID, height: UInt64, position: Int, timeMilliseconds: UInt64, priceTicks: Int64, lots: Int64,
        takerSide: MatchingEngine.Side? = nil, makerOrder: UInt64? = nil, takerOrder: UInt64? = nil,
        maker: AccountID? = nil, taker: AccountID? = nil
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

    /// An auction print has no taker.
    public var isAuction: Bool { takerSide == nil }

    /// The print as the history feed and the history routes carry it; nil when `position` does
    /// not fit 32 bits (a block holds far fewer prints, so only a damaged store has one).
    public var historyPrint: HistoryPrint? {
        guard let position = UInt32(exactly: position) else { return nil }
        return HistoryPrint(
            market: market, height: height, position: position, timeMilliseconds: timeMilliseconds,
            priceTicks: priceTicks, lots: lots, takerSide: takerSide, makerOrder: makerOrder, takerOrder: takerOrder,
            maker: maker, taker: taker)
    }

    /// The prints of a finalized block, in the order they happened.
    ///
    /// - Complexity: O(events in the block).
    public static func prints(of finalized: FinalizedBlock) -> [StoredTrade] {
        let header = finalized.block.header
        var prints: [StoredTrade] = []
        func append(_ event: Event) {
            switch event {
            case .trade(
                let market, let price, let lots, let takerSide, let maker, let taker, let makerOwner, let takerOwner):
                prints.append(
                    StoredTrade(
                        market: market, height: header.height, position: prints.count,
                        timeMilliseconds: header.timeMilliseconds, priceTicks: price, lots: lots, takerSide: takerSide,
                        makerOrder: maker, takerOrder: taker, maker: makerOwner, taker: takerOwner))
            case .auctionCleared(let market, let price, let lots):
                prints.append(
                    StoredTrade(
                        market: market, height: header.height, position: prints.count,
                        timeMilliseconds: header.timeMilliseconds, priceTicks: price, lots: lots))
            default:
                break
            }
        }
        for result in finalized.results { result.events.forEach(append) }
        finalized.endBlockEvents.forEach(append)
        return prints
    }
}

extension BlockStore {
    /// The most prints one query returns.
    public static let tradeQueryLimitMax = 1_000

    /// The latest prints of `market`, newest first, at most `limit` (capped at `tradeQueryLimitMax`).
    ///
    /// Blocks stored before the store indexed prints (migration `v3`) have none.
    /// - Complexity: one index range scan of `limit` rows.
    public func trades(of market: MarketID, limit: Int) throws -> [StoredTrade] {
        let count = min(max(limit, 0), Self.tradeQueryLimitMax)
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT market, height, position, timeMs, priceTicks, lots, takerSide, makerOrder, takerOrder, maker, taker
                    FROM trade WHERE market = ? ORDER BY height DESC, position DESC LIMIT ?
                    """,
                arguments: [Int64(market.rawValue), count])
        }
        return try rows.map(Self.trade(from:))
    }

    static func insert(_ trades: [StoredTrade], into db: Database) throws {
        guard !trades.isEmpty else { return }
        let statement = try db.makeStatement(
            sql: """
                INSERT OR IGNORE INTO trade
                (market, height, position, timeMs, priceTicks, lots, takerSide, makerOrder, takerOrder, maker, taker)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for trade in trades {
            try statement.execute(arguments: [
                Int64(trade.market.rawValue), Int64(trade.height), trade.position, Int64(trade.timeMilliseconds),
                trade.priceTicks, trade.lots, trade.takerSide.map { Int64($0.rawValue) },
                trade.makerOrder.map { Int64(bitPattern: $0) }, trade.takerOrder.map { Int64(bitPattern: $0) },
                trade.maker.map { Data($0.bytes) }, trade.taker.map { Data($0.bytes) },
            ])
        }
    }

    static func trade(from row: Row) throws -> StoredTrade {
        let height = UInt64(row["height"] as Int64)
        func account(_ column: String) throws -> AccountID? {
            guard let data = row[column] as Data? else { return nil }
            guard let id = AccountID(validating: [UInt8](data)) else {
                throw NodeError(.corruptStore, "stored trade in block \(height) has a malformed \(column)")
            }
            return id
        }
        let side = (row["takerSide"] as Int64?).map { UInt8(truncatingIfNeeded: $0) }
        return StoredTrade(
            market: MarketID(UInt32(truncatingIfNeeded: row["market"] as Int64)), height: height,
            position: row["position"], timeMilliseconds: UInt64(row["timeMs"] as Int64),
            priceTicks: row["priceTicks"], lots: row["lots"],
            takerSide: side.flatMap(MatchingEngine.Side.init(rawValue:)),
            makerOrder: (row["makerOrder"] as Int64?).map { UInt64(bitPattern: $0) },
            takerOrder: (row["takerOrder"] as Int64?).map { UInt64(bitPattern: $0) }, maker: try account("maker"),
            taker: try account("taker"))
    }
}
