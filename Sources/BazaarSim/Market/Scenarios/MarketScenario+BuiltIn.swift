internal import Foundation

extension MarketScenario {
    /// The names `builtIn(named:seed:blockMilliseconds:)` takes.
    public static let builtInNames = ["black-thursday", "luna", "ftx", "random"]

    /// The longest block time a scenario is resampled to: one day.
    public static let blockMillisecondsMax: UInt64 = 86_400_000
    /// The most steps a scenario may have (about 69 days at one block a minute).
    public static let stepCountMax = 100_000

    /// A built-in scenario resampled to one step per block (`stepMilliseconds == blockMilliseconds`).
    ///
    /// Every built-in prices `BTC` and `ETH` against USD, the devnet's assets:
    /// - `black-thursday`: 2020-03-10 00:00 to 03-17 00:00 UTC, ETH hourly and BTC daily candles
    ///   replayed (10,081 steps at 60 s), liquidity falling to 15% at the 03-13 bottom.
    /// - `luna`: 2022-05-05 00:00 to 05-16 00:00 UTC, ETH hourly and BTC daily replayed
    ///   (15,841 steps), liquidity collapsing to 20% as UST and LUNA spiral on 05-09..05-12.
    /// - `ftx`: 2022-11-01 00:00 to 11-20 00:00 UTC, BTC daily replayed and ETH calibrated on it
    ///   (27,361 steps), liquidity withdrawn from 11-06 and not returning.
    /// - `random`: one day (1,441 steps) of correlated jump diffusion with clustered volatility
    ///   from `seed` (`RandomMarketPath`); the historical scenarios ignore `seed`.
    ///
    /// Step `i` is `i · blockMilliseconds` after the window's start; the last step is the last
    /// block time within the window, so a window of `D` ms has `D / blockMilliseconds + 1` steps.
    /// docs/STRESS.md, "Scenarios", describes each path and its liquidity shape.
    ///
    /// - Throws: `MarketScenarioError` for an unknown name, a block time outside
    ///   `1...blockMillisecondsMax`, or more than `stepCountMax` steps.
    public static func builtIn(named name: String, seed: UInt64, blockMilliseconds: UInt64) throws -> MarketScenario {
        guard (1...blockMillisecondsMax).contains(blockMilliseconds) else {
            throw MarketScenarioError(.blockTimeOutOfRange(milliseconds: blockMilliseconds), source: name)
        }
        if name == "random" {
            let path = RandomMarketPath(parameters: .standard)
            let count = try stepCount(
                durationMilliseconds: path.parameters.durationMilliseconds,
                blockMilliseconds: blockMilliseconds, source: name)
            return path.generate(seed: seed, stepMilliseconds: blockMilliseconds, stepCount: count).scenario
        }
        guard let historical = HistoricalScenario.all.first(where: { $0.name == name }) else {
            throw MarketScenarioError(.unknownScenario(name: name), source: name)
        }
        return try historical.resampled(blockMilliseconds: blockMilliseconds)
    }

    /// `durationMilliseconds / blockMilliseconds + 1`, or an error beyond `stepCountMax`.
    static func stepCount(durationMilliseconds: UInt64, blockMilliseconds: UInt64, source: String) throws -> Int {
        precondition(blockMilliseconds > 0)
        let count = durationMilliseconds / blockMilliseconds + 1  // Rounds down: the last step is within the window.
        guard count <= UInt64(stepCountMax) else {
            throw MarketScenarioError(.tooManySteps(count: count), source: source)
        }
        return Int(count)
    }
}

/// A built-in scenario replaying a crash window: a bridged path per asset and a liquidity schedule.
struct HistoricalScenario: Sendable {
    struct Asset: Sendable {
        let name: String
        /// The candles replayed, or nil for an asset calibrated on another's path (see `path`).
        let candles: HistoricalCandles?
        let path: PiecewiseLogLinearPath
    }

    let name: String
    let startUnixSeconds: UInt64
    let endUnixSeconds: UInt64
    let assets: [Asset]
    /// The liquidity multiplier at a few times (Unix milliseconds), log-linear between them.
    let liquidity: PiecewiseLogLinearPath

    var startUnixMilliseconds: UInt64 { startUnixSeconds * 1_000 }

    func resampled(blockMilliseconds: UInt64) throws -> MarketScenario {
        let count = try MarketScenario.stepCount(
            durationMilliseconds: (endUnixSeconds - startUnixSeconds) * 1_000, blockMilliseconds: blockMilliseconds,
            source: name)
        let columns = assets.map {
            $0.path.sample(fromMilliseconds: startUnixMilliseconds, stepMilliseconds: blockMilliseconds, count: count)
        }
        let prices = (0..<count).map { step in columns.map { $0[step] } }
        let liquidity = self.liquidity.sample(
            fromMilliseconds: startUnixMilliseconds, stepMilliseconds: blockMilliseconds, count: count)
        return MarketScenario(
            name: name, assets: assets.map(\.name), prices: prices, liquidity: liquidity,
            stepMilliseconds: blockMilliseconds)
    }

    static let all = [blackThursday, luna, ftx]

    /// A liquidity schedule from `(Unix seconds, multiplier)` knots.
    private static func schedule(_ knots: [(UInt64, Double)]) -> PiecewiseLogLinearPath {
        PiecewiseLogLinearPath(timesMilliseconds: knots.map { $0.0 * 1_000 }, values: knots.map(\.1))
    }

    private static func replayed(_ name: String, _ candles: HistoricalCandles) -> Asset {
        Asset(name: name, candles: candles, path: candles.bridge)
    }

    /// March 2020: ETH fell from about 200 to 85 in a day as every market sold at once; the
    /// liquidity shape (calibrated, not data) is normal until 03-12 00:00, 30% by 12:00 as books
    /// thinned and Ethereum congested, 15% at 03-13 02:00 (the bottom, with BitMEX offline), then
    /// back to 40% by 03-14 and 70% by the window's end.
    static let blackThursday = HistoricalScenario(
        name: "black-thursday", startUnixSeconds: 1_583_798_400, endUnixSeconds: 1_584_403_200,
        assets: [replayed("BTC", .blackThursdayBTCDaily), replayed("ETH", .blackThursdayETHHourly)],
        liquidity: schedule([
            (1_583_798_400, 1.0),  // 2020-03-10 00:00
            (1_583_971_200, 1.0),  // 2020-03-12 00:00
            (1_584_014_400, 0.3),  // 2020-03-12 12:00
            (1_584_064_800, 0.15),  // 2020-03-13 02:00
            (1_584_144_000, 0.4),  // 2020-03-14 00:00
            (1_584_403_200, 0.7),  // 2020-03-17 00:00
        ]))

    /// May 2022: UST lost its peg on 05-07 and LUNA, its collateral, was minted into worthlessness
    /// by 05-12, with ETH and BTC sold down beside it. No LUNA file exists, so the death spiral is
    /// the collateral (ETH, BTC) falling together while liquidity collapses (calibrated, not data):
    /// normal until 05-07 12:00, 60% by 05-09, 35% by 05-10 12:00, 20% at 05-12 (Terra halted),
    /// 30% by 05-13 12:00 and 50% at the window's end.
    static let luna = HistoricalScenario(
        name: "luna", startUnixSeconds: 1_651_708_800, endUnixSeconds: 1_652_659_200,
        assets: [replayed("BTC", .lunaBTCDaily), replayed("ETH", .lunaETHHourly)],
        liquidity: schedule([
            (1_651_708_800, 1.0),  // 2022-05-05 00:00
            (1_651_924_800, 1.0),  // 2022-05-07 12:00
            (1_652_054_400, 0.6),  // 2022-05-09 00:00
            (1_652_184_000, 0.35),  // 2022-05-10 12:00
            (1_652_313_600, 0.2),  // 2022-05-12 00:00
            (1_652_443_200, 0.3),  // 2022-05-13 12:00
            (1_652_659_200, 0.5),  // 2022-05-16 00:00
        ]))

    /// November 2022: FTX, a large exchange, halted withdrawals on 11-08 and filed for bankruptcy
    /// on 11-11; its liquidity left the market for good. Liquidity (calibrated, not data) is
    /// normal until 11-06 (the first public doubts), 70% on 11-08, 35% on 11-09 (the rescue
    /// withdrawn), 25% on 11-11 and only 30% at the window's end: withdrawn, not recovered.
    /// No ETH file exists for the window: ETH is calibrated on BTC's path with a beta of 1.3
    /// (`ETH = 1,570 · (BTC / BTC₀)^1.3`, 1,570 being about ETH's price on 2022-11-01), which
    /// matches ETH's larger fall that month (about −32% to its low against BTC's −24%).
    static let ftx: HistoricalScenario = {
        let btc = HistoricalCandles.ftxBTCDaily.bridge
        let start = btc.values[0]
        let eth = PiecewiseLogLinearPath(
            timesMilliseconds: btc.timesMilliseconds,
            values: btc.values.map { 1_570 * pow($0 / start, 1.3) })
        return HistoricalScenario(
            name: "ftx", startUnixSeconds: 1_667_260_800, endUnixSeconds: 1_668_902_400,
            assets: [replayed("BTC", .ftxBTCDaily), Asset(name: "ETH", candles: nil, path: eth)],
            liquidity: schedule([
                (1_667_260_800, 1.0),  // 2022-11-01 00:00
                (1_667_692_800, 1.0),  // 2022-11-06 00:00
                (1_667_865_600, 0.7),  // 2022-11-08 00:00
                (1_667_952_000, 0.35),  // 2022-11-09 00:00
                (1_668_124_800, 0.25),  // 2022-11-11 00:00
                (1_668_902_400, 0.3),  // 2022-11-20 00:00
            ]))
    }()
}
