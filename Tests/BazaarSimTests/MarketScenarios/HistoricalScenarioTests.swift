import Foundation
import Testing

@testable import BazaarSim

/// The built-in crash scenarios against the real candles in `../shared/scenarios/`.
@Suite struct HistoricalScenarioTests {
    /// `<package root>/../shared/scenarios`.
    static let scenariosDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/scenarios")

    struct Row: Equatable {
        var openUnixSeconds: UInt64
        var open, high, low, close: Double
    }

    /// A shared candle file's rows: time (`YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss`, UTC), open, high, low, close.
    static func rows(_ file: String) throws -> [Row] {
        let url = scenariosDirectory.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        return try text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",").map(String.init)
            formatter.dateFormat = fields[0].contains(" ") ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
            let date = try #require(formatter.date(from: fields[0]), "a time in \(file): \(fields[0])")
            let numbers = try fields[1...4].map { try #require(Double($0)) }
            return Row(
                openUnixSeconds: UInt64(date.timeIntervalSince1970), open: numbers[0], high: numbers[1],
                low: numbers[2], close: numbers[3])
        }
    }

    static let embedded: [HistoricalCandles] = [
        .blackThursdayETHHourly, .blackThursdayBTCDaily, .lunaETHHourly, .lunaBTCDaily, .ftxBTCDaily,
    ]

    @Test(arguments: embedded.map(\.file))
    func embeddedCandlesAreTheSharedFile(file: String) throws {
        let candles = try #require(Self.embedded.first { $0.file == file })
        let rows = try Self.rows(file)
        #expect(rows.count == candles.count)
        for (index, row) in rows.enumerated() {
            let embedded = Row(
                openUnixSeconds: candles.firstOpenUnixSeconds + UInt64(index) * candles.intervalSeconds,
                open: candles.open(index), high: candles.high(index), low: candles.low(index),
                close: candles.close(index))
            #expect(embedded == row, "\(file) row \(index + 2)")
        }
    }

    /// Each replayed asset's path, at the step of every candle close inside the window, is that close.
    @Test(arguments: ["black-thursday", "luna", "ftx"], [60_000, 3_600_000] as [UInt64])
    func pathPassesThroughEveryCloseInTheWindow(name: String, blockMilliseconds: UInt64) throws {
        let scenario = try MarketScenario.builtIn(named: name, seed: 0, blockMilliseconds: blockMilliseconds)
        let historical = try #require(HistoricalScenario.all.first { $0.name == name })
        let windowStart = historical.startUnixSeconds * 1_000
        let windowEnd = historical.endUnixSeconds * 1_000
        for (assetIndex, asset) in historical.assets.enumerated() {
            guard let candles = asset.candles else { continue }
            #expect(scenario.assets[assetIndex] == asset.name)
            var checked = 0
            for row in try Self.rows(candles.file) {
                let close = (row.openUnixSeconds + candles.intervalSeconds) * 1_000
                guard close >= windowStart && close <= windowEnd else { continue }
                let step = Int((close - windowStart) / blockMilliseconds)
                let price = scenario.prices[step][assetIndex]
                #expect(abs(price - row.close) <= row.close * 1e-12, "\(name) \(asset.name) close at step \(step)")
                if close > windowStart { checked += 1 }  // A close at the start belongs to the candle before.
            }
            let expected = (windowEnd - windowStart) / (candles.intervalSeconds * 1_000)
            #expect(checked == Int(expected), "\(name) \(asset.name): every candle of the window checked")
        }
    }

    @Test(arguments: [("black-thursday", 10_081), ("luna", 15_841), ("ftx", 27_361), ("random", 1_441)])
    func resamplesToTheDocumentedStepCount(name: String, steps: Int) throws {
        let scenario = try MarketScenario.builtIn(named: name, seed: 3, blockMilliseconds: 60_000)
        #expect(scenario.name == name)
        #expect(scenario.stepCount == steps)
        #expect(scenario.liquidity.count == steps)
        #expect(scenario.stepMilliseconds == 60_000)
        #expect(scenario.assets == ["BTC", "ETH"])
    }

    @Test(arguments: MarketScenario.builtInNames)
    func pricesAndLiquidityArePositive(name: String) throws {
        let scenario = try MarketScenario.builtIn(named: name, seed: 9, blockMilliseconds: 60_000)
        #expect(scenario.prices.allSatisfy { $0.allSatisfy { $0 > 0 && $0.isFinite } })
        #expect(scenario.liquidity.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    /// 2020-03-12 closed down (7,938 → 4,857): the bridge meets its high at 08:00, its low at 16:00.
    @Test func bridgeVisitsTheHighThenTheLowOfADownCandle() throws {
        let scenario = try MarketScenario.builtIn(named: "black-thursday", seed: 0, blockMilliseconds: 60_000)
        let candles = HistoricalCandles.blackThursdayBTCDaily
        let march12 = 7  // Row 7 of the file (from 03-05).
        #expect(candles.close(march12) < candles.open(march12))
        let dayStart = 2 * 1_440  // 03-12 00:00 is two days after the window's start.
        #expect(scenario.prices[dayStart + 480][0] == candles.high(march12))
        #expect(scenario.prices[dayStart + 960][0] == candles.low(march12))
        let day = scenario.prices[dayStart...(dayStart + 1_440)].map { $0[0] }
        #expect(day.max() == candles.high(march12))
        #expect(day.min() == candles.low(march12))
    }

    @Test func ftxEtherFollowsBitcoinWithItsDocumentedBeta() throws {
        let scenario = try MarketScenario.builtIn(named: "ftx", seed: 0, blockMilliseconds: 3_600_000)
        let btcStart = scenario.prices[0][0]
        #expect(scenario.prices[0][1] == 1_570)
        for step in scenario.prices.indices {
            let btcLogReturn = log(scenario.prices[step][0] / btcStart)
            let ethLogReturn = log(scenario.prices[step][1] / 1_570)
            #expect(abs(ethLogReturn - 1.3 * btcLogReturn) < 1e-9)
        }
    }

    @Test func liquidityFollowsTheDocumentedShapes() throws {
        let blackThursday = try MarketScenario.builtIn(named: "black-thursday", seed: 0, blockMilliseconds: 60_000)
        #expect(blackThursday.liquidity[0] == 1)
        #expect(blackThursday.liquidity.min() == 0.15)
        #expect(blackThursday.liquidity.firstIndex(of: 0.15) == 3 * 1_440 + 120)  // 2020-03-13 02:00
        let luna = try MarketScenario.builtIn(named: "luna", seed: 0, blockMilliseconds: 60_000)
        #expect(luna.liquidity.min() == 0.2)
        #expect(luna.liquidity.firstIndex(of: 0.2) == 7 * 1_440)  // 2022-05-12 00:00
        let ftx = try MarketScenario.builtIn(named: "ftx", seed: 0, blockMilliseconds: 60_000)
        #expect(ftx.liquidity.min() == 0.25)
        #expect(ftx.liquidity.last == 0.3)  // Withdrawn, not recovered.
        #expect(ftx.liquidity[5 * 1_440] == 1)  // 2022-11-06 00:00, before the run.
    }

    @Test func unknownNamesAndBadBlockTimesAreErrors() throws {
        #expect(throws: MarketScenarioError.self) {
            try MarketScenario.builtIn(named: "tulips", seed: 0, blockMilliseconds: 60_000)
        }
        do {
            _ = try MarketScenario.builtIn(named: "tulips", seed: 0, blockMilliseconds: 60_000)
        } catch {
            #expect("\(error)".contains("black-thursday, luna, ftx, random"))
        }
        #expect(throws: MarketScenarioError.self) {
            try MarketScenario.builtIn(named: "luna", seed: 0, blockMilliseconds: 0)
        }
        #expect(throws: MarketScenarioError.self) {  // 950,401 steps at one block a second.
            try MarketScenario.builtIn(named: "luna", seed: 0, blockMilliseconds: 1_000)
        }
        let daily = try MarketScenario.builtIn(named: "ftx", seed: 0, blockMilliseconds: 86_400_000)
        #expect(daily.stepCount == 20)
    }
}
