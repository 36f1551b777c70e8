extension MarketScenario {
    /// The largest scenario file read: 64 MiB.
    public static let fileBytesMax = 64 << 20
    /// The most assets a scenario file prices.
    public static let fileAssetsMax = 16

    /// A user's scenario file (CSV or JSON), given as its text, resampled to one step per block.
    /// Reading the file is the caller's (BazaarSim touches no disk: DESIGN.md); `source` names
    /// it in errors.
    ///
    /// CSV: a header `time_ms,<asset>,...[,liquidity]`, then one row per step: milliseconds
    /// (any origin; strictly increasing), each asset's price in quote units (> 0) and, if the
    /// column exists, the liquidity multiplier (> 0; 1 when absent). Blank lines and lines
    /// starting with `#` are skipped.
    ///
    ///     time_ms,BTC,ETH,liquidity
    ///     0,65000,3000,1
    ///     3600000,61000,2700,0.4
    ///
    /// JSON: `{"stepMilliseconds": 60000, "assets": ["BTC", "ETH"], "steps": [{"prices":
    /// [65000, 3000], "liquidity": 1.0}, ...]}`, steps `stepMilliseconds` apart (`liquidity`
    /// optional, 1 when absent). The format is told by the first character: `{` is JSON.
    ///
    /// Between rows the path is linear in log price (and in log liquidity), sampled every
    /// `blockMilliseconds` from the first row: `(last time − first time) / blockMilliseconds + 1`
    /// steps, rounding down.
    ///
    /// - Throws: `MarketScenarioError` naming the file and the line and column (CSV) or field
    ///   (JSON) at fault: an empty or oversized text, a missing column, a ragged row,
    ///   a non-number, a non-positive price or liquidity, times out of order, more than
    ///   `stepCountMax` rows or steps.
    public static func parse(_ text: String, source: String, blockMilliseconds: UInt64) throws -> MarketScenario {
        guard (1...blockMillisecondsMax).contains(blockMilliseconds) else {
            throw MarketScenarioError(.blockTimeOutOfRange(milliseconds: blockMilliseconds), source: source)
        }
        guard text.utf8.count <= fileBytesMax else {
            throw MarketScenarioError(.tooLarge(bytes: text.utf8.count), source: source)
        }
        guard let first = text.first(where: { !$0.isWhitespace }) else {
            throw MarketScenarioError(.emptyFile, source: source)
        }
        let table =
            try first == "{"
            ? ScenarioTable(json: text, source: source) : ScenarioTable(csv: text, source: source)
        return try table.resampled(name: source, blockMilliseconds: blockMilliseconds)
    }
}

/// A scenario file's rows before resampling: times, prices per asset, liquidity.
struct ScenarioTable {
    var assets: [String]
    var timesMilliseconds: [UInt64] = []
    /// `prices[asset][row]`.
    var prices: [[Double]]
    var liquidity: [Double] = []
    let source: String

    init(assets: [String], source: String) {
        self.assets = assets
        self.prices = Array(repeating: [], count: assets.count)
        self.source = source
    }

    func error(_ code: MarketScenarioError.Code) -> MarketScenarioError {
        MarketScenarioError(code, source: source)
    }

    /// Checks a row's numbers and appends it.
    mutating func append(
        timeMilliseconds: UInt64, prices row: [Double], liquidity multiplier: Double, location: (Int) -> String,
        liquidityLocation: String
    ) throws {
        precondition(timesMilliseconds.last.map { $0 < timeMilliseconds } ?? true, "the caller orders rows")
        for (asset, price) in row.enumerated() where !(price > 0 && price.isFinite) {
            throw error(.nonPositivePrice(location: location(asset), value: price))
        }
        guard multiplier > 0 && multiplier.isFinite else {
            throw error(.nonPositiveLiquidity(location: liquidityLocation, value: multiplier))
        }
        guard timesMilliseconds.count < MarketScenario.stepCountMax else {
            throw error(.tooManySteps(count: UInt64(timesMilliseconds.count + 1)))
        }
        timesMilliseconds.append(timeMilliseconds)
        for (asset, price) in row.enumerated() { prices[asset].append(price) }
        liquidity.append(multiplier)
    }

    func resampled(name: String, blockMilliseconds: UInt64) throws -> MarketScenario {
        guard let first = timesMilliseconds.first, let last = timesMilliseconds.last else { throw error(.noSteps) }
        let count = try MarketScenario.stepCount(
            durationMilliseconds: last - first, blockMilliseconds: blockMilliseconds, source: source)
        let columns = prices.map {
            PiecewiseLogLinearPath(timesMilliseconds: timesMilliseconds, values: $0)
                .sample(fromMilliseconds: first, stepMilliseconds: blockMilliseconds, count: count)
        }
        let liquidity = PiecewiseLogLinearPath(timesMilliseconds: timesMilliseconds, values: self.liquidity)
            .sample(fromMilliseconds: first, stepMilliseconds: blockMilliseconds, count: count)
        return MarketScenario(
            name: name, assets: assets, prices: (0..<count).map { step in columns.map { $0[step] } },
            liquidity: liquidity, stepMilliseconds: blockMilliseconds)
    }

    /// Checks asset names: present, distinct, not too many.
    static func checkAssets(_ assets: [String], source: String, field: (String) -> MarketScenarioError.Code) throws {
        guard !assets.isEmpty else { throw MarketScenarioError(field("no asset is priced"), source: source) }
        guard assets.count <= MarketScenario.fileAssetsMax else {
            throw MarketScenarioError(
                field("\(assets.count) assets; at most \(MarketScenario.fileAssetsMax)"),
                source: source)
        }
        if let empty = assets.firstIndex(where: { $0.isEmpty }) {
            throw MarketScenarioError(field("asset \(empty + 1) has no name"), source: source)
        }
        if let repeated = assets.enumerated().first(where: { assets[..<$0.offset].contains($0.element) }) {
            throw MarketScenarioError(field("asset '\(repeated.element)' appears twice"), source: source)
        }
    }
}
