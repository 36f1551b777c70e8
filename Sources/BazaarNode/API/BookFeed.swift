public import BazaarCore

/// One market's aggregated book as the stream serves it: every level of both sides, and a
/// sequence number that counts the committed blocks that changed them.
///
/// A value type without I/O: `StreamHub` keeps one per market, feeds it the book after each block
/// that touched the market, and turns what changed into `book_update` messages. Subscribers see
/// only their best `depth` levels a side, so ``changes(depth:from:)`` diffs those views: a level
/// that changed, appeared or moved into the top `depth` comes with its new aggregate, and one that
/// left the view with quantity 0.
public struct BookFeed: Sendable, Hashable {
    /// Increases by one with each change of the book; 0 at the node's start.
    public private(set) var sequence: UInt64 = 0
    /// Best first.
    public private(set) var bids: [MatchingEngine.Level]
    public private(set) var asks: [MatchingEngine.Level]

    public init(_ depth: BookDepth) {
        bids = depth.bids
        asks = depth.asks
    }

    /// Replaces the book with `depth` (every level of both sides, best first).
    ///
    /// - Returns: the previous book when anything changed (the sequence then grew by one); nil
    ///   when the book is the same.
    /// - Complexity: O(levels).
    public mutating func update(to depth: BookDepth) -> BookDepth? {
        guard depth.bids != bids || depth.asks != asks else { return nil }
        let previous = BookDepth(bids: bids, asks: asks)
        bids = depth.bids
        asks = depth.asks
        sequence += 1
        return previous
    }

    /// The best `depth` levels of each side.
    public func top(_ depth: Int) -> BookDepth {
        BookDepth(bids: Array(bids.prefix(depth)), asks: Array(asks.prefix(depth)))
    }

    /// What a view of the best `depth` levels a side must apply to go from `previous` to this book:
    /// changed or new levels with their aggregate, removed ones with quantity and order count 0,
    /// each side best first.
    ///
    /// - Complexity: O(depth log depth).
    public func changes(depth: Int, from previous: BookDepth) -> BookDepth {
        BookDepth(
            bids: Self.changes(from: previous.bids.prefix(depth), to: bids.prefix(depth), side: .bid),
            asks: Self.changes(from: previous.asks.prefix(depth), to: asks.prefix(depth), side: .ask))
    }

    static func changes(
        from old: ArraySlice<MatchingEngine.Level>, to new: ArraySlice<MatchingEngine.Level>, side: MatchingEngine.Side
    ) -> [MatchingEngine.Level] {
        let before = Dictionary(old.map { ($0.price, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.map(\.price))
        var changed = new.filter { before[$0.price] != $0 }
        for level in old where !after.contains(level.price) {
            changed.append(MatchingEngine.Level(price: level.price, quantity: 0, orderCount: 0))
        }
        return changed.sorted { side == .bid ? $0.price > $1.price : $0.price < $1.price }
    }

    /// Applies `changes` (as from ``changes(depth:from:)``) to a view of one side, keeping at most
    /// `depth` levels; what a subscriber does with each update.
    public static func apply(
        _ changes: [MatchingEngine.Level], to levels: [MatchingEngine.Level], side: MatchingEngine.Side, depth: Int
    ) -> [MatchingEngine.Level] {
        var byPrice = Dictionary(levels.map { ($0.price, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes { byPrice[change.price] = change.quantity == 0 ? nil : change }
        let sorted = byPrice.values.sorted { side == .bid ? $0.price > $1.price : $0.price < $1.price }
        return Array(sorted.prefix(depth))
    }
}
