import BazaarCore
import BazaarHistory
import Testing

/// Candles from hand-made prints: interval boundaries, UTC alignment, and the aggregates over blocks.
@Suite struct CandleAccumulatorTests {
    static func print(_ market: MarketID = 1, ticks: Int64, lots: Int64) -> CandleAccumulator.Print {
        CandleAccumulator.Print(market: market, priceTicks: ticks, lots: lots)
    }

    static func delta(
        _ resolution: CandleResolution, _ prints: [CandleAccumulator.Print], height: UInt64, time: UInt64
    ) -> Candle {
        let deltas = CandleAccumulator.deltas(of: prints, height: height, timeMilliseconds: time)
        return deltas.first { $0.resolution == resolution && $0.market == prints[0].market }!
    }

    @Test func aPrintOneMillisecondBeforeAStartBelongsToThePreviousInterval() {
        let start: UInt64 = 1_700_000_040_000  // a whole minute
        #expect(start % 60_000 == 0)
        let before = Self.delta(.oneMinute, [Self.print(ticks: 10, lots: 1)], height: 1, time: start - 1)
        let at = Self.delta(.oneMinute, [Self.print(ticks: 10, lots: 1)], height: 2, time: start)
        let last = Self.delta(.oneMinute, [Self.print(ticks: 10, lots: 1)], height: 3, time: start + 59_999)
        #expect(before.startMilliseconds == start - 60_000)
        #expect(at.startMilliseconds == start && last.startMilliseconds == start)
        #expect(!at.isClosed(at: start + 59_999) && at.isClosed(at: start + 60_000))
    }

    @Test func fourHourAndDayCandlesStartOnUTCBoundaries() {
        // 2023-11-14T22:13:20.123Z
        let time: UInt64 = 1_700_000_000_123
        let deltas = CandleAccumulator.deltas(of: [Self.print(ticks: 5, lots: 2)], height: 7, timeMilliseconds: time)
        let starts = Dictionary(uniqueKeysWithValues: deltas.map { ($0.resolution, $0.startMilliseconds) })
        #expect(starts[.oneDay] == 1_699_920_000_000)  // 2023-11-14T00:00:00Z
        #expect(starts[.fourHours] == 1_699_992_000_000)  // 2023-11-14T20:00:00Z
        #expect(starts[.oneHour] == 1_699_999_200_000)  // 22:00
        #expect(starts[.fifteenMinutes] == 1_699_999_200_000)  // 22:00 (22:13 → 22:00)
        #expect(starts[.fiveMinutes] == 1_699_999_800_000)  // 22:10
        #expect(starts[.oneMinute] == 1_699_999_980_000)  // 22:13
        #expect(deltas.count == 6 && Set(deltas.map(\.resolution)) == Set(CandleResolution.allCases))
    }

    @Test func oneBlockGivesOpenHighLowCloseAndVolumesInPrintOrder() {
        let prints = [
            Self.print(ticks: 100, lots: 3), Self.print(2, ticks: 7, lots: 1), Self.print(ticks: 120, lots: 1),
            Self.print(ticks: 90, lots: 2), Self.print(ticks: 95, lots: 4),
        ]
        let candle = Self.delta(.oneHour, prints, height: 5, time: 3_600_000 * 10 + 5)
        #expect(candle.openTicks == 100 && candle.highTicks == 120 && candle.lowTicks == 90)
        #expect(candle.closeTicks == 95)
        #expect(candle.volumeLots == 10)
        #expect(candle.volumeTickLots == 300 + 120 + 180 + 380)
        #expect(candle.trades == 4 && candle.firstHeight == 5 && candle.lastHeight == 5)
        let other = Self.delta(.oneHour, [prints[1]], height: 5, time: 3_600_000 * 10 + 5)
        #expect(other.market == 2 && other.trades == 1 && other.volumeTickLots == 7)
    }

    @Test func theAccumulatorMergesBlocksOfOneIntervalAndStartsAnewInTheNext() {
        var accumulator = CandleAccumulator()
        let minute: UInt64 = 60_000 * 1_000
        func add(_ prints: [CandleAccumulator.Print], height: UInt64, time: UInt64) -> Candle {
            accumulator.add(CandleAccumulator.deltas(of: prints, height: height, timeMilliseconds: time))
                .first { $0.resolution == .oneMinute }!
        }
        _ = add([Self.print(ticks: 50, lots: 1)], height: 1, time: minute + 1)
        _ = add([Self.print(ticks: 70, lots: 2), Self.print(ticks: 40, lots: 1)], height: 2, time: minute + 30_000)
        let third = add([Self.print(ticks: 60, lots: 5)], height: 4, time: minute + 59_999)
        #expect(third.openTicks == 50 && third.highTicks == 70 && third.lowTicks == 40 && third.closeTicks == 60)
        #expect(third.volumeLots == 9 && third.volumeTickLots == 50 + 140 + 40 + 300 && third.trades == 4)
        #expect(third.firstHeight == 1 && third.lastHeight == 4)
        let next = add([Self.print(ticks: 65, lots: 1)], height: 5, time: minute + 60_000)
        #expect(next.startMilliseconds == minute + 60_000 && next.openTicks == 65 && next.trades == 1)
        #expect(accumulator.latest[Candle.Key(market: 1, resolution: .oneMinute)] == next)
        // The hour candle still holds all five prints.
        let hour = accumulator.latest[Candle.Key(market: 1, resolution: .oneHour)]!
        #expect(hour.trades == 5 && hour.closeTicks == 65 && hour.highTicks == 70 && hour.openTicks == 50)
    }

    @Test func aBlockWithoutPrintsGivesNoCandle() {
        #expect(CandleAccumulator.deltas(of: [], height: 3, timeMilliseconds: 1_000).isEmpty)
    }
}
