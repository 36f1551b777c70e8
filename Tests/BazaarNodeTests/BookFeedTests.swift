import BazaarCore
import BazaarNode
import Testing

/// The stream's book diffs, without sockets: a view of the best `depth` levels kept by applying
/// each block's changes is always the book's best `depth` levels.
@Suite struct BookFeedTests {
    typealias Level = MatchingEngine.Level

    static func level(_ price: Int64, _ quantity: Int64, _ orders: Int = 1) -> Level {
        Level(price: price, quantity: quantity, orderCount: orders)
    }

    @Test func anUnchangedBookIsNoUpdate() {
        var feed = BookFeed(BookDepth(bids: [Self.level(99, 5)], asks: [Self.level(101, 5)]))
        #expect(feed.update(to: BookDepth(bids: [Self.level(99, 5)], asks: [Self.level(101, 5)])) == nil)
        #expect(feed.sequence == 0)
    }

    @Test func changesListNewSizesRemovalsAsZeroAndLevelsMovingIntoView() throws {
        var feed = BookFeed(
            BookDepth(bids: [Self.level(99, 5), Self.level(98, 1), Self.level(97, 2)], asks: [Self.level(101, 5)]))
        let updated = feed.update(
            to: BookDepth(
                bids: [Self.level(98, 4, 2), Self.level(97, 2), Self.level(96, 7)], asks: [Self.level(101, 5)]))
        let previous = try #require(updated)
        #expect(feed.sequence == 1)
        let changes = feed.changes(depth: 2, from: previous)
        // In a view of two levels: 99 left, 98 changed, and 97 moved into view.
        #expect(changes.bids == [Self.level(99, 0, 0), Self.level(98, 4, 2), Self.level(97, 2)])
        #expect(changes.asks == [])
    }

    /// Random books from fixed seeds: after every update, the view rebuilt from the snapshot and
    /// the changes equals the book's top, and the sequence counts exactly the changed books.
    @Test(arguments: [1, 2, 3, 5, 8] as [UInt64])
    func applyingEveryUpdateToTheSnapshotGivesTheTopOfTheBook(seed: UInt64) {
        var random = TestSplitMix(seed: seed)
        func randomSide(_ side: MatchingEngine.Side) -> [Level] {
            let prices = Set((0..<random.below(8)).map { _ in 90 + Int64(random.below(20)) })
            let levels = prices.map { Self.level($0, 1 + Int64(random.below(3)), 1 + Int(random.below(2))) }
            return levels.sorted { side == .bid ? $0.price > $1.price : $0.price < $1.price }
        }
        let depth = 1 + Int(random.below(4))
        var feed = BookFeed(BookDepth(bids: randomSide(.bid), asks: randomSide(.ask)))
        var view = feed.top(depth)
        var changed: UInt64 = 0
        for _ in 0..<200 {
            let next =
                random.below(3) == 0
                ? BookDepth(bids: feed.bids, asks: feed.asks)
                : BookDepth(bids: randomSide(.bid), asks: randomSide(.ask))
            guard let previous = feed.update(to: next) else { continue }
            changed += 1
            let changes = feed.changes(depth: depth, from: previous)
            view = BookDepth(
                bids: BookFeed.apply(changes.bids, to: view.bids, side: .bid, depth: depth),
                asks: BookFeed.apply(changes.asks, to: view.asks, side: .ask, depth: depth))
            #expect(view == feed.top(depth), "seed \(seed)")
        }
        #expect(feed.sequence == changed)
    }
}

/// SplitMix64, for seeded books.
struct TestSplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
}
