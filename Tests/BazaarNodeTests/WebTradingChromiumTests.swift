import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The trading page end to end: a real `bazaar devnet` process, a real headless Chromium driven
/// over the DevTools protocol, and the CLI as the other trader. The page makes a key, takes the
/// faucet's grant, places a limit order that shows in open orders and in the book, is crossed by
/// a CLI order from the devnet's alice (the fill shows in trades, fills and balances), and
/// cancels another order; screenshots are saved along the way, and any console error, uncaught
/// exception or browser log error fails the test. Deadlines are minutes: CI machines are slow.
@Suite struct WebTradingChromiumTests {
    @Test(
        .enabled(
            if: HeadlessChromium.isAvailable,
            "chromium is not installed (apt-get install chromium); CI installs it and sets BAZAAR_REQUIRE_CHROMIUM=1"))
    func aNewUserTradesFromThePage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-web-e2e-\(UUID().uuidString)")
        let home = directory.appendingPathComponent("home")
        let profile = directory.appendingPathComponent("profile")
        let screenshots = FileManager.default.temporaryDirectory
            .appendingPathComponent("bazaar-web-screenshots-\(UUID().uuidString)")
        for folder in [home, profile, screenshots] {
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
        print("WebTradingChromiumTests: screenshots in \(screenshots.path)")

        _ = try await page.call(
            "Emulation.setDeviceMetricsOverride",
            ["width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false])
        _ = try await page.call("Page.navigate", ["url": "\(devnet.url)/#BTC-USD"])
        try await page.waitUntil(
            "the page shows the BTC-USD book and offers a key",
            "document.querySelectorAll('#bids .level').length > 0"
                + " && document.getElementById('key-summary').textContent === 'no key'")
        // The order form fits a 1366×768 screen without scrolling.
        #expect(
            try await page.text(
                "document.getElementById('order-submit').getBoundingClientRect().bottom <= innerHeight"
                    + " && document.documentElement.scrollHeight <= innerHeight") == "true")

        // A key made by the browser, then the faucet.
        _ = try await page.evaluate("document.getElementById('create-key').click()")
        try await page.waitUntil(
            "the page shows its new address", "document.getElementById('address').textContent.startsWith('bz1')")
        #expect(try await page.text("document.getElementById('backup-seed').textContent.length") == "64")
        _ = try await page.evaluate("document.getElementById('backup-done').click()")
        _ = try await page.evaluate("document.getElementById('faucet').click()")
        try await page.waitUntil("the faucet's USD arrives", Self.balance("USD", free: "10000"))
        try await page.waitUntil("the faucet's BTC arrives", Self.balance("BTC", free: "1"))

        // A limit buy one tick above the best bid: the best bid from then on, so alice's sell meets it first.
        let bestBid = try #require(Int(try await page.text(Self.marketField("bestBid"))))
        let bestAsk = try #require(Int(try await page.text(Self.marketField("bestAsk"))))
        let price = bestBid + 1
        try #require(price < bestAsk, "the devnet's BTC-USD has no room inside its spread")
        try await Self.placeOrder(on: page, price: "\(price)", size: "0.01")
        try await page.waitUntil("the order is committed", Self.notification("at \(price): committed"))
        try await page.waitUntil("the order is in open orders", Self.openOrder(price: "\(price)", size: "0.01"))
        try await page.waitUntil(
            "the order is in the book",
            "[...document.querySelectorAll('#bids .level')].some((row) => row.dataset.price === '\(price)'"
                + " && row.children[2].textContent === '0.01')")
        try await page.waitUntil("the book marks it as ours", "document.querySelector('#bids .level.own') !== null")
        try await page.screenshot(to: screenshots.appendingPathComponent("1-order-placed.png"))

        // A second order far below, to cancel later.
        try await Self.placeOrder(on: page, price: "\(price - 5000)", size: "0.001")
        try await page.waitUntil(
            "the second order is in open orders", Self.openOrder(price: "\(price - 5000)", size: "0.001"))

        // alice sells 0.004 BTC at our price from the CLI: it fills against our bid.
        let cross = try await devnet.cli([
            "order", "place", "--from", "alice", "--market", "BTC-USD", "--side", "sell", "--price", "\(price)",
            "--size", "0.004",
        ])
        #expect(cross.status == 0, "bazaar order place: \(cross.output)")
        try await page.waitUntil(
            "the print shows in trades",
            "[...document.querySelectorAll('#trades .print')].some((row) => row.children[0].textContent === '\(price)'"
                + " && row.children[1].textContent === '0.004')")
        try await page.waitUntil("the rest of the order stays open", Self.openOrder(price: "\(price)", size: "0.006"))
        _ = try await page.evaluate("document.querySelector('[data-tab=fills]').click()")
        try await page.waitUntil(
            "the fill shows in fills",
            "[...document.querySelectorAll('#fills tbody tr')].some((row) => row.cells[3].textContent === '\(price)'"
                + " && row.cells[4].textContent === '0.004' && row.cells[2].textContent === 'buy'"
                + " && row.cells[6].textContent === 'maker')")
        try await page.waitUntil("the bought BTC is in the balances", Self.balance("BTC", free: "1.004"))
        try await page.waitUntil(
            "the chart has a candle at the fill's price",
            "document.getElementById('chart-legend').textContent.includes('C \(price)')")
        try await page.screenshot(to: screenshots.appendingPathComponent("2-filled.png"))

        // Cancel the second order from open orders.
        _ = try await page.evaluate("document.querySelector('[data-tab=orders]').click()")
        _ = try await page.evaluate(
            "[...document.querySelectorAll('#orders tbody tr')].find((row) => row.cells[3].textContent === '\(price - 5000)')"
                + ".querySelector('button.cancel').click()")
        try await page.waitUntil("the cancel is committed", Self.notification("Cancel order"))
        try await page.waitUntil(
            "the cancelled order leaves open orders",
            "![...document.querySelectorAll('#orders tbody tr')].some((row) => row.cells[3].textContent === '\(price - 5000)')"
                + " && document.querySelectorAll('#orders tbody tr').length === 1")
        try await page.screenshot(to: screenshots.appendingPathComponent("3-cancelled.png"))

        try await Self.reduceOnlyOnThePerpetual(page, devnet: devnet, screenshots: screenshots)
        try await Self.swapFromThePage(page, screenshots: screenshots)
        try await Self.readTheOracleAndTheOptionChain(page, screenshots: screenshots)

        // A phone's width: one column, nothing wider than the screen.
        _ = try await page.call(
            "Emulation.setDeviceMetricsOverride",
            ["width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true])
        try await page.waitUntil(
            "the page fits a phone's width",
            "innerWidth === 390 && document.documentElement.scrollWidth <= innerWidth", timeout: .seconds(60))
        try await page.screenshot(to: screenshots.appendingPathComponent("4-phone.png"))
        for view in ["swap", "oracle", "options"] {
            _ = try await page.evaluate("document.querySelector('[data-view=\(view)]').click()")
            try await page.waitUntil(
                "the \(view) view fits a phone's width",
                "!document.getElementById('view-\(view)').hidden && document.documentElement.scrollWidth <= innerWidth",
                timeout: .seconds(60))
        }
        try await page.screenshot(to: screenshots.appendingPathComponent("9-phone-options.png"))

        let errors = await page.errors
        #expect(errors.isEmpty, "the page logged errors: \(errors)")
    }

    /// BTC-PERP: the page deposits margin and buys 0.01 from alice's ask; a reduce-only market
    /// sell of 0.05 is cut by the node to the 0.01 held and closes the position against alice's
    /// bid; a reduce-only buy with no position left is refused with the node's result code.
    static func reduceOnlyOnThePerpetual(_ page: DevToolsPage, devnet: WebDevnet, screenshots: URL) async throws {
        let index = try await page.text(
            "(async () => (await (await fetch('/v1/perpetuals')).json()).perpetuals[0].indexPrice)()")
        let price = try #require(Double(index), "BTC-PERP has no index price: \(index)")
        let ask = String(Int(price.rounded()))
        let bid = String(Int(price.rounded()) - 1_000)
        for arguments in [
            ["margin", "deposit", "--from", "alice", "--asset", "USD", "--amount", "10000"],
            [
                "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "sell", "--price", ask, "--size",
                "0.01",
            ],
            [
                "perp", "order", "--from", "alice", "--market", "BTC-PERP", "--side", "buy", "--price", bid, "--size",
                "0.01",
            ],
        ] {
            let run = try await devnet.cli(arguments)
            #expect(run.status == 0, "bazaar \(arguments.joined(separator: " ")): \(run.output)")
        }
        try await Self.selectMarket("BTC-PERP", on: page)
        try await page.waitUntil(
            "the perpetual's form offers reduce-only and its book shows alice's quotes",
            "!document.getElementById('reduce-only-row').hidden && document.querySelectorAll('#asks .level').length > 0"
                + " && document.querySelectorAll('#bids .level').length > 0")
        _ = try await page.evaluate(
            "document.getElementById('margin-amount').value = '1000';"
                + " document.getElementById('margin-form').requestSubmit()")
        try await page.waitUntil(
            "the margin deposit is committed", Self.notification("Deposit 1000 USD margin: committed"))
        try await Self.submitOrder(on: page, side: "buy", type: "market", size: "0.01")
        try await page.waitUntil("the buy is committed", Self.notification("Buy 0.01 BTC at market: committed"))
        _ = try await page.evaluate("document.querySelector('[data-tab=positions]').click()")
        try await page.waitUntil(
            "the position shows",
            "[...document.querySelectorAll('#positions tbody tr')].some((row) => row.cells[0].textContent === 'BTC-PERP'"
                + " && row.cells[1].textContent === '0.01')")
        // Ticking reduce-only turns a resting time in force into IOC.
        _ = try await page.evaluate(
            """
            (() => {
              document.getElementById('order-type').value = 'limit';
              document.getElementById('order-tif').value = 'gtc';
              const box = document.getElementById('order-reduce-only');
              box.checked = true;
              box.dispatchEvent(new Event('change'));
            })()
            """)
        #expect(try await page.text("document.getElementById('order-tif').value") == "ioc")
        try await Self.submitOrder(on: page, side: "sell", type: "market", size: "0.05", reduceOnly: true)
        try await page.waitUntil(
            "the reduce-only sell is committed", Self.notification("Sell 0.05 BTC at market (reduce only): committed"))
        try await page.waitUntil(
            "the position is closed, not flipped", "document.querySelectorAll('#positions tbody tr').length === 0")
        try await page.screenshot(to: screenshots.appendingPathComponent("3b-reduce-only.png"))
        // alice's ask is gone: the worst price is given.
        try await Self.submitOrder(on: page, side: "buy", type: "market", size: "0.01", price: ask, reduceOnly: true)
        try await page.waitUntil(
            "a reduce-only buy without a position is refused",
            "[...document.querySelectorAll('#notifications .toast.failed')].some((toast) =>"
                + " toast.textContent.includes('reduce_only_would_increase'))")
        _ = try await page.evaluate(
            "document.getElementById('order-reduce-only').checked = false; document.querySelector('[data-tab=orders]').click()"
        )
    }

    /// Picks a market in the selector, as a person would.
    static func selectMarket(_ name: String, on page: DevToolsPage) async throws {
        _ = try await page.evaluate(
            """
            (() => {
              const select = document.getElementById('market-select');
              select.value = [...select.options].find((option) => option.textContent === '\(name)').value;
              select.dispatchEvent(new Event('change'));
            })()
            """)
    }

    /// Fills in and submits the order form (without `price`, a market order's worst price is the
    /// page's default: 5% beyond the best opposite quote).
    static func submitOrder(
        on page: DevToolsPage, side: String, type: String, tif: String? = nil, size: String, price: String? = nil,
        reduceOnly: Bool = false
    ) async throws {
        _ = try await page.evaluate(
            """
            (() => {
              const set = (id, value) => {
                const input = document.getElementById(id);
                input.value = value;
                input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
              };
              document.getElementById('side-\(side)').click();
              set('order-type', '\(type)');
              \(tif.map { "set('order-tif', '\($0)');" } ?? "")
              document.getElementById('order-reduce-only').checked = \(reduceOnly);
              \(price.map { "set('order-price', '\($0)');" } ?? "")
              set('order-size', '\(size)');
              if (document.getElementById('order-check').textContent !== '') {
                throw new Error(document.getElementById('order-check').textContent);
              }
              document.getElementById('order-submit').click();
            })()
            """)
    }

    /// The swap view: the router's quote for 1000 USD of BTC with its legs, then the page signs its
    /// route with a 50 bp bound; the BTC received (the `routed` event) arrives in the balances
    /// exactly, and the USD paid is at most the 1000 asked (a book leg may leave a lot's remainder).
    static func swapFromThePage(_ page: DevToolsPage, screenshots: URL) async throws {
        _ = try await page.evaluate("document.querySelector('[data-view=swap]').click()")
        try await page.waitUntil(
            "the swap view lists the pools",
            "!document.getElementById('view-swap').hidden && document.getElementById('screen').hidden"
                + " && document.querySelector('#pools tr[data-id=\"1\"]')?.cells[1].textContent === 'BTC/USD'"
                + " && location.hash === '#swap'")
        try await page.waitUntil(
            "the swap view shows the balances", "document.getElementById('swap-balances').dataset.in !== undefined")
        let usdBefore = try #require(Decimal(string: try await page.text(Self.balanceCell("USD"))))
        let btcBefore = try #require(Decimal(string: try await page.text(Self.balanceCell("BTC"))))
        _ = try await page.evaluate(
            """
            (() => {
              const set = (id, value, type) => {
                const input = document.getElementById(id);
                input.value = value;
                input.dispatchEvent(new Event(type));
              };
              set('swap-in', 'USD', 'change');
              set('swap-out', 'BTC', 'change');
              set('swap-slippage', '50', 'input');
              set('swap-amount', '1000', 'input');
            })()
            """)
        try await page.waitUntil(
            "the quote shows its legs, price impact and minimum",
            "document.querySelectorAll('#swap-legs tbody tr').length > 0"
                + " && [...document.querySelectorAll('#swap-legs tbody tr')].every((row) => row.cells[4].textContent.endsWith(' USD'))"
                + " && document.getElementById('swap-summary').textContent.includes('Price impact')"
                + " && document.getElementById('swap-summary').textContent.includes('Minimum received')"
                + " && !document.getElementById('swap-submit').disabled")
        // The page's minimum is the quote's expected output less 50 bp, rounded up.
        let expected = try #require(
            Decimal(
                string: try await page.text(
                    "document.querySelector('#swap-summary dd').textContent.split(' ')[0]")))
        let minimum = try #require(
            Decimal(
                string: try await page.text(
                    "document.querySelectorAll('#swap-summary dd')[1].textContent.split(' ')[0]")))
        #expect(
            minimum < expected && minimum >= expected * Decimal(string: "0.995")!, "minimum \(minimum) of \(expected)")
        #expect(try await page.text(Self.fitsTheScreen) == "true", "the swap view scrolls the page at 1366×768")
        try await page.screenshot(to: screenshots.appendingPathComponent("5-swap-quote.png"))

        _ = try await page.evaluate("document.getElementById('swap-submit').click()")
        try await page.waitUntil("the swap is committed", Self.notification("Swap 1000 USD for BTC: received"))
        let result = try await page.text("document.getElementById('swap-result').textContent")
        let words = result.split(separator: " ")
        #expect(words.first == "Received" && words.count > 2 && words[2] == "BTC", "swap result: \(result)")
        let received = try #require(Decimal(string: String(words.dropFirst().first ?? "")), "swap result: \(result)")
        #expect(received >= minimum, "received \(received), minimum \(minimum)")
        let btcAfter = btcBefore + received
        try await page.waitUntil(
            "the BTC received is in the balances (\(btcAfter))",
            "document.getElementById('swap-balances').dataset.out === '\(btcAfter)'")
        let usdAfter = try #require(Decimal(string: try await page.text(Self.balanceCell("USD"))))
        #expect(usdAfter < usdBefore && usdAfter >= usdBefore - 1000, "USD \(usdBefore) → \(usdAfter)")
        try await page.screenshot(to: screenshots.appendingPathComponent("6-swapped.png"))
    }

    /// The oracle view (prices, TWAP, staleness, the reporters' reports) and the option chain
    /// (BTC's series by strike, calls and puts, at each expiry), from which a call is traded.
    static func readTheOracleAndTheOptionChain(_ page: DevToolsPage, screenshots: URL) async throws {
        _ = try await page.evaluate("document.querySelector('[data-view=oracle]').click()")
        try await page.waitUntil(
            "the oracle view shows BTC's price, TWAP and freshness",
            "(() => { const row = document.querySelector('#oracle-prices tr[data-asset=BTC]');"
                + " return row !== null && /^[0-9]+(\\.[0-9]+)?$/.test(row.cells[1].textContent)"
                + " && /^[0-9]+(\\.[0-9]+)?$/.test(row.cells[2].textContent) && row.cells[4].textContent.endsWith('ago')"
                + " && ['fresh', 'stale'].includes(row.cells[6].textContent); })()"
                + " && document.getElementById('oracle-parameters').textContent.includes('TWAP over')"
                + " && document.querySelectorAll('#oracle-observations tbody tr').length >= 2")
        #expect(try await page.text(Self.fitsTheScreen) == "true", "oracle scrolls the page at 1366×768")
        try await page.screenshot(to: screenshots.appendingPathComponent("7-oracle.png"))

        _ = try await page.evaluate("document.querySelector('[data-view=options]').click()")
        try await page.waitUntil(
            "the option chain shows BTC's strikes with marks",
            "document.getElementById('options-underlying').value === 'BTC'"
                + " && document.getElementById('options-expiry').options.length >= 1"
                + " && document.querySelectorAll('#option-chain tbody tr').length >= 2"
                + " && [...document.querySelectorAll('#option-chain tbody tr')].every((row) => Number(row.dataset.strike) > 0)"
                + " && document.getElementById('options-summary').textContent.startsWith('spot ')")
        // Another expiry: the chain is read again for it.
        let expiries = try await page.text("document.getElementById('options-expiry').options.length")
        if let count = Int(expiries), count > 1 {
            _ = try await page.evaluate(
                "(() => { const select = document.getElementById('options-expiry');"
                    + " select.value = select.options[select.options.length - 1].value;"
                    + " select.dispatchEvent(new Event('change')); })()")
            try await page.waitUntil(
                "the chain shows the last expiry",
                "document.getElementById('options-summary').textContent.includes("
                    + "new Date(Number(document.getElementById('options-expiry').value)).toISOString().slice(0, 10))")
        }
        #expect(try await page.text(Self.fitsTheScreen) == "true", "options scrolls the page at 1366×768")
        try await page.screenshot(to: screenshots.appendingPathComponent("8-options.png"))

        // A call's mark opens its series on the trading screen, where a limit bid rests and is
        // cancelled (the page holds margin from the perpetual step; the premium is reserved).
        _ = try await page.evaluate("document.querySelector('#option-chain tbody tr').cells[3].click()")
        try await page.waitUntil(
            "the call opens on the trading screen",
            "!document.getElementById('screen').hidden && /^#BTC-[0-9]{8}-[0-9]+-C$/.test(location.hash)"
                + " && document.getElementById('market-select').selectedOptions[0].textContent === location.hash.slice(1)"
                + " && document.getElementById('order-submit').textContent === 'Buy BTC'")
        try await Self.placeOrder(on: page, price: "5", size: "0.01")
        try await page.waitUntil("the option bid is committed", Self.notification("Buy 0.01 BTC at 5: committed"))
        _ = try await page.evaluate("document.querySelector('[data-tab=orders]').click()")
        try await page.waitUntil("the option bid is in open orders", Self.openOrder(price: "5", size: "0.01"))
        _ = try await page.evaluate(
            "[...document.querySelectorAll('#orders tbody tr')].find((row) => row.cells[3].textContent === '5')"
                + ".querySelector('button.cancel').click()")
        try await page.waitUntil(
            "the option bid is cancelled",
            "![...document.querySelectorAll('#orders tbody tr')].some((row) => row.cells[3].textContent === '5')")
        // Back to BTC-USD for the phone check.
        try await Self.selectMarket("BTC-USD", on: page)
        try await page.waitUntil(
            "the trading screen is back on BTC-USD",
            "!document.getElementById('screen').hidden && location.hash === '#BTC-USD'")
    }

    /// At 1366×768 the page itself never scrolls; a view's tables scroll inside their panel.
    static let fitsTheScreen =
        "document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"

    static func balanceCell(_ asset: String) -> String {
        "document.querySelector('#balances tr[data-asset=\(asset)]')?.cells[1].textContent ?? '0'"
    }

    /// Types an order into the form and presses its button.
    static func placeOrder(on page: DevToolsPage, price: String, size: String) async throws {
        try await submitOrder(on: page, side: "buy", type: "limit", tif: "gtc", size: size, price: price)
    }

    static func marketField(_ name: String) -> String {
        "(async () => (await (await fetch('/v1/markets/BTC-USD')).json()).\(name))()"
    }

    static func balance(_ asset: String, free: String) -> String {
        "document.querySelector('#balances tr[data-asset=\(asset)]')?.cells[1].textContent === '\(free)'"
    }

    static func openOrder(price: String, size: String) -> String {
        "[...document.querySelectorAll('#orders tbody tr')].some((row) => row.cells[3].textContent === '\(price)'"
            + " && row.cells[4].textContent === '\(size)')"
    }

    static func notification(_ text: String) -> String {
        "[...document.querySelectorAll('#notifications .toast.ok')].some((toast) => toast.textContent.includes('\(text)'))"
    }
}

/// A `bazaar devnet` process (the executable built beside this test bundle, or `$BAZAAR_BINARY`)
/// on a free loopback port, and its CLI.
final class WebDevnet {
    let home: URL
    let process = Process()
    private(set) var port = 0
    private let output: URL

    /// Whether the devnet serves HTTPS, with a self-signed certificate for 127.0.0.1 and localhost.
    let tls: Bool

    init(home: URL, tls: Bool = false) throws {
        self.home = home
        self.tls = tls
        output = home.appendingPathComponent("devnet.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = try Self.binary()
        process.arguments =
            ["devnet", "--home", home.path, "--port", "0", "--block-ms", "200", "--no-option-quotes"]
            + (tls ? ["--tls-self-signed"] : [])
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
    }

    var url: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }

    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["BAZAAR_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("bazaar")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw DevToolsPage.Failure(
            "no bazaar executable beside \(CommandLine.arguments[0]): build it, or set BAZAAR_BINARY")
    }

    /// Starts the devnet and waits (minutes, on a loaded machine) for the `API:` line of its banner.
    func start(timeout: Duration = .seconds(300)) async throws {
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("API:") }),
                let port = Int(line.split(separator: ":").last ?? "")
            {
                self.port = port
                return
            }
            guard process.isRunning else {
                throw DevToolsPage.Failure("bazaar devnet exited with status \(process.terminationStatus)")
            }
            guard ContinuousClock.now < deadline else { throw DevToolsPage.Failure("bazaar devnet printed no API URL") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Runs `bazaar <arguments> --home … --node …` to completion.
    func cli(_ arguments: [String], timeout: Duration = .seconds(300)) async throws -> (status: Int32, output: String) {
        let command = Process()
        command.executableURL = try Self.binary()
        command.arguments = arguments + ["--home", home.path, "--node", url]
        let outputFile = home.appendingPathComponent("cli-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        command.standardOutput = try FileHandle(forWritingTo: outputFile)
        command.standardError = command.standardOutput
        try command.run()
        let deadline = ContinuousClock.now + timeout
        while command.isRunning {
            guard ContinuousClock.now < deadline else {
                command.terminate()
                throw DevToolsPage.Failure("bazaar \(arguments.joined(separator: " ")) timed out")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (command.terminationStatus, (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
