import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Testing

/// Issue 18's part 6. The first load's size is asserted (a size, not a speed): every file the
/// page loads, uncompressed, under 300 KB. With `BAZAAR_WEB_BENCHMARK=1` a benchmark also runs:
/// a real devnet, the page open in headless Chromium at 1366×768, and a load of crossing orders
/// (about 100 trades a second, the book changing every block) from two devnet accounts through
/// the Swift SDK, while the browser records its long tasks (`PerformanceObserver` "longtask") and
/// frame times (`requestAnimationFrame` deltas); it prints the figures and asserts no speed.
/// docs/PERFORMANCE.md records them.
@Suite struct WebPerformanceTests {
    static let firstLoadByteCountMax = 300_000

    static let benchmarkEnabled = ProcessInfo.processInfo.environment["BAZAAR_WEB_BENCHMARK"] == "1"

    /// Seconds of load, `BAZAAR_WEB_BENCHMARK_SECONDS` (default 30, at most 600).
    static let benchmarkSeconds = min(
        600, max(5, Int(ProcessInfo.processInfo.environment["BAZAAR_WEB_BENCHMARK_SECONDS"] ?? "") ?? 30))

    /// Trades each round (5 rounds a second), `BAZAAR_WEB_BENCHMARK_TRADES` (default 20: 100 a
    /// second); 0 submits nothing, for a baseline of the page on an idle chain.
    static let benchmarkTradesPerRound = min(
        30, max(0, Int(ProcessInfo.processInfo.environment["BAZAAR_WEB_BENCHMARK_TRADES"] ?? "") ?? 20))

    /// `index.html` loads `app.css` and `js/app.js`, which imports every other module statically:
    /// the first load is every file the node serves for the page.
    @Test func theFirstLoadIsUnder300KB() {
        let files = WebAssets.assets.filter { $0.urlPath != "/" }
        let byteCount = files.reduce(0) { $0 + $1.bytes.count }
        print("WebPerformanceTests: the page is \(files.count) files, \(byteCount) bytes uncompressed")
        #expect(byteCount < Self.firstLoadByteCountMax, "the page's files are \(byteCount) bytes")
    }

    /// Installed before the page's own script: counts stream messages, records long tasks and
    /// frame deltas between `start()` and `report()`.
    static let probe = """
        (() => {
          const bench = { trades: 0, bookUpdates: 0, longTasks: [], frames: [], recording: false };
          window.__bench = bench;
          const Original = window.WebSocket;
          window.WebSocket = class extends Original {
            constructor(...parameters) {
              super(...parameters);
              this.addEventListener('message', (event) => {
                if (!bench.recording || typeof event.data !== 'string') return;
                if (/"type"\\s*:\\s*"trade"/.test(event.data)) bench.trades += 1;
                else if (/"type"\\s*:\\s*"book_update"/.test(event.data)) bench.bookUpdates += 1;
              });
            }
          };
          new PerformanceObserver((list) => {
            if (bench.recording) for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
          }).observe({ type: 'longtask' });
          let last = null;
          const frame = (time) => {
            if (bench.recording && last !== null) bench.frames.push(time - last);
            last = time;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          bench.start = () => {
            Object.assign(bench, { trades: 0, bookUpdates: 0, longTasks: [], frames: [], recording: true });
            bench.startedAt = performance.now();
          };
          bench.report = () => {
            bench.recording = false;
            const sorted = [...bench.frames].sort((a, b) => a - b);
            const at = (q) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
            return {
              seconds: (performance.now() - bench.startedAt) / 1000,
              trades: bench.trades, bookUpdates: bench.bookUpdates,
              frames: sorted.length, frameP50: at(0.5), frameP95: at(0.95), frameP99: at(0.99),
              frameMax: sorted.length === 0 ? 0 : sorted[sorted.length - 1],
              framesOver50: sorted.filter((delta) => delta > 50).length,
              longTasks: bench.longTasks.length,
              longTaskTotal: bench.longTasks.reduce((sum, duration) => sum + duration, 0),
              longTaskMax: Math.max(0, ...bench.longTasks),
              printsShown: document.querySelectorAll('#trades .print').length,
            };
          };
        })();
        """

    /// The first load as the browser saw it: the document and every resource, with their bytes
    /// on the wire (headers included) and their bodies.
    static let firstLoad = """
        (() => {
          const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .filter((entry) => !entry.name.includes('/v1/'));
          return { files: entries.length,
            transferred: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
            bodies: entries.reduce((sum, entry) => sum + entry.decodedBodySize, 0) };
        })()
        """

    /// Chromium's `Performance.getMetrics`, by name.
    static func metrics(_ page: DevToolsPage) async throws -> [String: Double] {
        let result = try DevToolsPage.object(await page.call("Performance.getMetrics"))
        let list = result["metrics"] as? [[String: Any]] ?? []
        var metrics: [String: Double] = [:]
        for metric in list {
            if let name = metric["name"] as? String, let value = metric["value"] as? Double { metrics[name] = value }
        }
        return metrics
    }

    struct FirstLoad: Decodable {
        var files: Int
        var transferred: Int
        var bodies: Int
    }

    struct PageReport: Decodable {
        var seconds: Double
        var trades: Int
        var bookUpdates: Int
        var frames: Int
        var frameP50: Double
        var frameP95: Double
        var frameP99: Double
        var frameMax: Double
        var framesOver50: Int
        var longTasks: Int
        var longTaskTotal: Double
        var longTaskMax: Double
        var printsShown: Int
    }

    @Test(
        .enabled(
            if: benchmarkEnabled && HeadlessChromium.isAvailable,
            "a benchmark: set BAZAAR_WEB_BENCHMARK=1 (and install chromium) to run it"))
    func thePageUnderLoad() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-web-bench-\(UUID().uuidString)")
        let home = directory.appendingPathComponent("home")
        let profile = directory.appendingPathComponent("profile")
        for folder in [home, profile] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let devnet = try WebDevnet(home: home)
        defer { devnet.stop() }
        try await devnet.start()
        let browser = try HeadlessChromium.launchForDevTools(profile: profile)
        defer { HeadlessChromium.stop(browser) }
        let page = try await DevToolsPage.open(profile: profile)
        defer { Task { await page.disconnect() } }

        _ = try await page.call(
            "Emulation.setDeviceMetricsOverride",
            ["width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false])
        _ = try await page.call("Page.addScriptToEvaluateOnNewDocument", ["source": Self.probe])
        _ = try await page.call("Page.navigate", ["url": "\(devnet.url)/#BTC-USD"])
        try await page.waitUntil(
            "the page shows the live BTC-USD book",
            "document.querySelectorAll('#bids .level').length > 0"
                + " && document.getElementById('stream-state').textContent === 'live'")

        let load = try JSONDecoder().decode(FirstLoad.self, from: try await page.evaluate(Self.firstLoad))
        let embedded = WebAssets.assets.filter { $0.urlPath != "/" }
        print(
            "WebPerformanceTests: first load \(load.files) files, \(load.transferred) bytes transferred"
                + " (headers included), \(load.bodies) bytes of bodies (uncompressed)")
        #expect(load.files == embedded.count, "the first load fetched \(load.files) of \(embedded.count) files")
        #expect(load.transferred < Self.firstLoadByteCountMax)

        let api = try BazaarAPIClient(baseURL: devnet.url)
        let keystore = Keystore(home: home)
        var load100 = try await TradeLoad(
            api: api, seller: try keystore.load(name: "alice"), buyer: try keystore.load(name: "bob"),
            market: try await api.market("BTC-USD"))
        load100.tradesPerRound = Self.benchmarkTradesPerRound
        _ = try await page.call("Performance.enable")
        let before = try await Self.metrics(page)
        _ = try await page.evaluate("window.__bench.start()")
        let driven = try await load100.run(for: .seconds(Self.benchmarkSeconds))
        let report = try JSONDecoder().decode(PageReport.self, from: try await page.evaluate("window.__bench.report()"))
        let after = try await Self.metrics(page)
        // Where the renderer's main thread spent its time meanwhile (Chromium's own counters, seconds).
        let spent = ["TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"].map { name in
            "\(name.replacingOccurrences(of: "Duration", with: "")) \(Int((((after[name] ?? 0) - (before[name] ?? 0)) * 1000).rounded())) ms"
        }

        let heights = "\(driven.startHeight) → \(driven.endHeight)"
        print(
            """
            WebPerformanceTests: \(Self.benchmarkSeconds) s of load, \(Self.benchmarkTradesPerRound) trades a round: \(driven.rounds) rounds submitted \
            (\(driven.orders) orders, \(driven.refused) refused, \(driven.skipped) rounds skipped while the chain \
            caught up), blocks \(heights)
            WebPerformanceTests: the page received \(report.trades) trades \
            (\(String(format: "%.1f", Double(report.trades) / report.seconds))/s) and \(report.bookUpdates) book \
            updates (\(String(format: "%.1f", Double(report.bookUpdates) / report.seconds))/s) in \
            \(String(format: "%.1f", report.seconds)) s; \(report.printsShown) prints shown
            WebPerformanceTests: frames \(report.frames): p50 \(String(format: "%.1f", report.frameP50)) ms, \
            p95 \(String(format: "%.1f", report.frameP95)) ms, p99 \(String(format: "%.1f", report.frameP99)) ms, \
            max \(String(format: "%.1f", report.frameMax)) ms, \(report.framesOver50) over 50 ms
            WebPerformanceTests: long tasks \(report.longTasks), \(String(format: "%.0f", report.longTaskTotal)) ms \
            in all, longest \(String(format: "%.0f", report.longTaskMax)) ms
            WebPerformanceTests: main thread busy: \(spent.joined(separator: ", "))
            """)
        // Not speed: that the load reached the page at all, so the figures mean something.
        if Self.benchmarkTradesPerRound > 0 {
            #expect(report.trades > 0 && report.bookUpdates > 0, "the page saw no load")
        }
        let errors = await page.errors
        #expect(errors.isEmpty, "the page logged errors: \(errors)")
    }
}

/// Crossing orders on one market from two accounts, each round one transaction per account:
/// the seller cancels its orders, offers `tradesPerRound` lots at a price inside the spread
/// and one more lot at a level that moves every round (so the book changes each block); the
/// buyer cancels its own and bids for the same lots at the same price. Both are good till
/// cancelled, so they cross whichever the block orders first. Rounds are paced at
/// `roundInterval`; nonces run ahead of the chain, at most `aheadMax` rounds.
struct TradeLoad {
    let api: BazaarAPIClient
    let seller: PrivateKey
    let buyer: PrivateKey
    let market: MarketJSON
    let context: ChainContext
    let price: Int
    var tradesPerRound = 20
    var roundInterval = Duration.milliseconds(200)
    var aheadMax: UInt64 = 10

    struct Result {
        var rounds = 0
        var orders = 0
        var refused = 0
        var skipped = 0
        var startHeight: UInt64 = 0
        var endHeight: UInt64 = 0
    }

    init(api: BazaarAPIClient, seller: PrivateKey, buyer: PrivateKey, market: MarketJSON) async throws {
        self.api = api
        self.seller = seller
        self.buyer = buyer
        self.market = market
        context = try await api.chainContext()
        let bid = try #require(market.bestBid.flatMap { Double($0) })
        let ask = try #require(market.bestAsk.flatMap { Double($0) })
        // Whole dollars (BTC-USD's tick) strictly inside the spread.
        price = Int(((bid + ask) / 2).rounded(.down))
        try #require(Double(price) > bid && Double(price) < ask, "BTC-USD's spread \(bid)–\(ask) is too narrow")
    }

    func order(_ side: String, price: Int) throws -> Action {
        try TransactionBuilder.placeOrder(
            on: market, OrderInput(side: side, price: "\(price)", size: market.minimumSize))
    }

    func run(for duration: Duration) async throws -> Result {
        var result = Result()
        let status = try await api.status()
        result.startHeight = status.height
        var sellerNonce = try await api.account(address: seller.publicKey.accountID.address).nonce
        var buyerNonce = try await api.account(address: buyer.publicKey.accountID.address).nonce
        let ask = try #require(market.bestAsk.flatMap { Double($0) })
        let cancel = Action.cancelAllOrders(Action.CancelAllOrders(market: MarketID(market.id)))
        let clock = ContinuousClock()
        let end = clock.now + duration
        var next = clock.now
        while clock.now < end {
            next = next + roundInterval
            if tradesPerRound == 0 {
                // The baseline: the page on an idle chain.
                try await Task.sleep(until: next)
                continue
            }
            let committed = try await api.account(address: seller.publicKey.accountID.address).nonce
            if sellerNonce > committed + aheadMax {
                result.skipped += 1
            } else {
                let height = try await api.status().height
                let far = Int(ask) + 5 + result.rounds % 20
                let sells =
                    try [cancel] + (0..<tradesPerRound).map { _ in try order("sell", price: price) }
                    + [try order("sell", price: far)]
                let buys = try [cancel] + (0..<tradesPerRound).map { _ in try order("buy", price: price) }
                let fee = try context.minimumFee()
                let transactions = [
                    try TransactionBuilder(
                        key: seller, chainID: status.chainId, nonce: sellerNonce, fee: fee, expiryHeight: height + 100
                    ).sign(actions: sells),
                    try TransactionBuilder(
                        key: buyer, chainID: status.chainId, nonce: buyerNonce, fee: fee, expiryHeight: height + 100
                    ).sign(actions: buys),
                ]
                let answers = try await api.submit(batch: transactions)
                result.rounds += 1
                result.orders += sells.count + buys.count - 2
                if answers.contains(where: { $0.code != nil }) {
                    // Start again from the chain's nonces once what is pending has committed.
                    result.refused += answers.filter { $0.code != nil }.count
                    sellerNonce = try await api.account(address: seller.publicKey.accountID.address).nonce
                    buyerNonce = try await api.account(address: buyer.publicKey.accountID.address).nonce
                } else {
                    sellerNonce += 1
                    buyerNonce += 1
                }
            }
            let wait = next - clock.now
            if wait > .zero { try await Task.sleep(for: wait) }
        }
        result.endHeight = try await api.status().height
        return result
    }
}
