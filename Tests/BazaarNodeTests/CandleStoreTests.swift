import BazaarCore
import BazaarHistory
import Foundation
import GRDB
import Testing

@testable import BazaarNode

/// Candles in the block store: written with each block, kept across a restart, and backfilled
/// from the stored prints of a store made before candles existed. Real SQLite files throughout.
@Suite struct CandleStoreTests {
    static func allCandles(_ store: BlockStore) throws -> [CandleResolution: [Candle]] {
        var all: [CandleResolution: [Candle]] = [:]
        for resolution in CandleResolution.allCases {
            all[resolution] =
                try store.candles(of: 1, resolution: resolution, from: nil, to: nil, before: nil, limit: 1_500).candles
        }
        return all
    }

    @Test func candlesAreWrittenWithTheBlockThatPrinted() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.tradeThreeBlocks()
        let page = try chain.node.store.candles(
            of: 1, resolution: .oneMinute, from: nil, to: nil, before: nil, limit: 10)
        #expect(page.height == 3 && page.timeMilliseconds == 60_000)
        #expect(page.candles.map(\.startMilliseconds) == [60_000, 0])
        let (current, previous) = (page.candles[0], page.candles[1])
        #expect(previous.openTicks == 64_990 && previous.highTicks == 64_990 && previous.lowTicks == 64_980)
        #expect(previous.closeTicks == 64_980 && previous.volumeLots == 151 && previous.trades == 3)
        #expect(previous.volumeTickLots == 64_990 * 100 + 64_980 * 51)
        #expect(previous.firstHeight == 1 && previous.lastHeight == 2)
        #expect(previous.isClosed(at: page.timeMilliseconds) && !current.isClosed(at: page.timeMilliseconds))
        #expect(current.openTicks == 65_010 && current.closeTicks == 65_010 && current.trades == 1)
        let hour = try chain.node.store.candles(of: 1, resolution: .oneHour, from: nil, to: nil, before: nil, limit: 10)
        #expect(hour.candles.count == 1)
        #expect(hour.candles.first?.trades == 4 && hour.candles.first?.highTicks == 65_010)
        #expect(hour.candles.first?.lowTicks == 64_980 && hour.candles.first?.closeTicks == 65_010)
        // ETH-USD (market 2) traded nothing: no candles.
        #expect(
            try chain.node.store.candles(of: 2, resolution: .oneDay, from: nil, to: nil, before: nil, limit: 5).candles
                .isEmpty)
    }

    @Test func candlesSurviveAReopenAndTheOpenCandleKeepsGrowing() async throws {
        let network = try TestNetwork(snapshotInterval: 2, markets: true)
        defer { network.remove() }
        let before: [CandleResolution: [Candle]]
        let nonces: (UInt64, UInt64)
        do {
            var chain = try CandleTestChain(network: network)
            try await chain.tradeThreeBlocks()
            before = try Self.allCandles(chain.node.store)
            nonces = (chain.aliceNonce, chain.bobNonce)
        }
        var reopened = try CandleTestChain(network: network, aliceNonce: nonces.0, bobNonce: nonces.1)
        #expect(try Self.allCandles(reopened.node.store) == before)
        try await reopened.bobBuys(2)
        try await reopened.block(at: 61_000)
        let minute = try reopened.node.store.candles(
            of: 1, resolution: .oneMinute, from: nil, to: nil, before: nil, limit: 1
        ).candles
        #expect(minute.first?.startMilliseconds == 60_000 && minute.first?.trades == 2)
        #expect(minute.first?.volumeLots == 3 && minute.first?.firstHeight == 3 && minute.first?.lastHeight == 4)
    }

    /// A store made by a node before migration `v4` has prints and no candle table; opening it
    /// adds the table and fills it from the prints, equal to the candles a new node wrote.
    @Test func anOldStoreGetsItsCandlesFromItsPrintsOnFirstOpen() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        try await chain.tradeThreeBlocks()
        for time: UInt64 in [3_600_000, 3_600_001, 14_400_000, 86_400_000] {
            try await chain.aliceSells([3, 1])
            try await chain.bobBuys(2)
            try await chain.block(at: time)
        }
        let expected = try Self.allCandles(chain.node.store)
        #expect(expected[.oneMinute]?.count == 5 && expected[.oneDay]?.count == 2)
        let source = chain.network.configuration.storePath
        let oldPath = chain.network.directory.appendingPathComponent("old.sqlite").path
        // The old node's store: migrated up to v3 only, then its rows copied in.
        do {
            _ = try BlockStore(path: oldPath, migratingUpTo: "v3: end-of-block events and trades")
            let queue = try DatabaseQueue(path: oldPath)
            try await queue.writeWithoutTransaction { db in
                #expect(try !db.tableExists("candle"))
                try db.execute(sql: "ATTACH DATABASE ? AS new", arguments: [source])
                for table in ["block", "tx", "trade", "snapshot"] {
                    try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM new.\(table)")
                }
                try db.execute(sql: "INSERT INTO main.meta SELECT * FROM new.meta WHERE key = 'genesis'")
                try db.execute(sql: "DETACH DATABASE new")
            }
        }
        let opened = try BlockStore(path: oldPath)
        #expect(try Self.allCandles(opened) == expected)
        #expect(try opened.latestCandles(of: [1, 2]).timeMilliseconds == 86_400_000)
        #expect(try opened.latestCandles(of: [1, 2]).candles.count == 6)
        // A second open does not add them again.
        let again = try BlockStore(path: oldPath)
        #expect(try Self.allCandles(again) == expected)
    }

    @Test func pagesOfCandlesAreBoundedAndFollowTheCursorKey() async throws {
        var chain = try CandleTestChain()
        defer { chain.network.remove() }
        for minute: UInt64 in 1...5 {
            try await chain.bobBuys(1)
            try await chain.block(at: minute * 60_000 + 7)
        }
        let store = chain.node.store
        let first = try store.candles(of: 1, resolution: .oneMinute, from: nil, to: nil, before: nil, limit: 2)
        #expect(first.candles.map(\.startMilliseconds) == [300_000, 240_000] && first.nextBefore == 240_000)
        let second = try store.candles(
            of: 1, resolution: .oneMinute, from: nil, to: nil, before: first.nextBefore, limit: 2)
        #expect(second.candles.map(\.startMilliseconds) == [180_000, 120_000] && second.nextBefore == 120_000)
        let last = try store.candles(
            of: 1, resolution: .oneMinute, from: nil, to: nil, before: second.nextBefore, limit: 2)
        #expect(last.candles.map(\.startMilliseconds) == [60_000] && last.nextBefore == nil)
        let window = try store.candles(
            of: 1, resolution: .oneMinute, from: 120_000, to: 240_000, before: nil, limit: 10)
        #expect(window.candles.map(\.startMilliseconds) == [240_000, 180_000, 120_000] && window.nextBefore == nil)
        #expect(
            try store.candles(of: 1, resolution: .oneMinute, from: nil, to: nil, before: 0, limit: 10).candles.isEmpty)
    }
}
