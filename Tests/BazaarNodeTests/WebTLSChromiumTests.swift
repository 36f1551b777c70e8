import Foundation
import Testing

@testable import BazaarNode

/// The page over HTTPS (issue 18, part 2): a real `bazaar devnet --tls-self-signed` process and a
/// headless Chromium that trusts the devnet's certificate by its public key
/// (`--ignore-certificate-errors-spki-list`, as docs/WEB.md tells an operator's users), opening
/// the page at `https://localhost:PORT`, a name other than 127.0.0.1. There the page is a secure
/// context: WebCrypto makes a key, the book arrives over WSS, and an order signed in the browser
/// commits. Any console error (a refused Content-Security-Policy among them) fails the test.
@Suite struct WebTLSChromiumTests {
    @Test(
        .enabled(
            if: HeadlessChromium.isAvailable,
            "chromium is not installed (apt-get install chromium); CI installs it and sets BAZAAR_REQUIRE_CHROMIUM=1"))
    func thePageOverHTTPSIsASecureContextThatSignsInTheBrowser() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-web-tls-\(UUID().uuidString)")
        let home = directory.appendingPathComponent("home")
        let profile = directory.appendingPathComponent("profile")
        for folder in [home, profile] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let devnet = try WebDevnet(home: home, tls: true)
        defer { devnet.stop() }
        try await devnet.start()
        let devnetDirectory = home.appendingPathComponent("devnet")
        let identity = try TLSIdentity.load(
            certificateFile: devnetDirectory.appendingPathComponent(SelfSignedCertificate.certificateFileName),
            keyFile: devnetDirectory.appendingPathComponent(SelfSignedCertificate.keyFileName))
        let browser = try HeadlessChromium.launchForDevTools(
            profile: profile, arguments: ["--ignore-certificate-errors-spki-list=\(identity.publicKeySHA256Base64)"])
        defer { HeadlessChromium.stop(browser) }
        let page = try await DevToolsPage.open(profile: profile)
        defer { Task { await page.disconnect() } }

        _ = try await page.call(
            "Emulation.setDeviceMetricsOverride",
            ["width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false])
        _ = try await page.call("Page.navigate", ["url": "https://localhost:\(devnet.port)/#BTC-USD"])
        try await page.waitUntil(
            "the page shows the BTC-USD book (over WSS) and offers a key",
            "document.querySelectorAll('#bids .level').length > 0"
                + " && document.getElementById('key-summary').textContent === 'no key'")
        #expect(try await page.text("location.protocol + '//' + location.hostname") == "https://localhost")
        #expect(try await page.text("String(window.isSecureContext)") == "true")
        #expect(try await page.text("typeof crypto.subtle") == "object")

        _ = try await page.evaluate("document.getElementById('create-key').click()")
        try await page.waitUntil(
            "the page shows its new address", "document.getElementById('address').textContent.startsWith('bz1')")
        _ = try await page.evaluate("document.getElementById('backup-done').click()")
        _ = try await page.evaluate("document.getElementById('faucet').click()")
        try await page.waitUntil(
            "the faucet's USD arrives", WebTradingChromiumTests.balance("USD", free: "10000"))

        // An order far below the book, signed with the browser's key and committed.
        let bestBid = try #require(Int(try await page.text(WebTradingChromiumTests.marketField("bestBid"))))
        let price = "\(bestBid - 5000)"
        try await WebTradingChromiumTests.placeOrder(on: page, price: price, size: "0.001")
        try await page.waitUntil(
            "the order is committed", WebTradingChromiumTests.notification("at \(price): committed"))
        try await page.waitUntil(
            "the order is in open orders", WebTradingChromiumTests.openOrder(price: price, size: "0.001"))

        let errors = await page.errors
        #expect(errors.isEmpty, "the page logged errors: \(errors)")
    }
}
