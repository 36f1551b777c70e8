import BazaarAPI
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import NIOCore
import Testing

/// The page's JavaScript encodes and signs transactions byte for byte as the Swift SDK does: a
/// real headless Chromium loads the node's own modules (`/js/encoding.js`, `/js/keys.js`,
/// `/js/address.js`) under the page's Content-Security-Policy, imports a fixed key with WebCrypto,
/// keeps it in IndexedDB, builds each transaction of `vectors` from the same user inputs the SDK
/// takes, and posts back its encodings and signatures, which must equal the SDK's.
@Suite struct WebEncodingChromiumTests {
    /// One action as a user would give it: the text the SDK's `TransactionBuilder` parses.
    struct ActionInput: Codable {
        var kind: String
        var recipient: String? = nil
        var asset: String? = nil
        var amount: String? = nil
        var decimals: UInt8? = nil
        var market: UInt32? = nil
        var side: String? = nil
        var type: String? = nil
        var price: String? = nil
        var size: String? = nil
        var clientOrderID: String? = nil
        var expiresAtMilliseconds: String? = nil
        var selfTradePrevention: String? = nil
        var reduceOnly: Bool? = nil
        var id: String? = nil
        var clientID: String? = nil
        /// A `GET /v1/quote` answer and the slippage bound the route is built with.
        var quote: QuoteResponse? = nil
        var slippageBasisPoints: UInt32? = nil
    }

    struct TransactionInput: Codable {
        var name: String
        var chainID: String
        var nonce: String
        var fee: String
        var expiryHeight: String
        var actions: [ActionInput]
    }

    struct Vectors: Codable {
        var seed: String
        var transactions: [TransactionInput]
    }

    struct PageResult: Codable {
        var name: String
        var transaction: String
        var signature: String
        var id: String
    }

    struct PageReport: Codable {
        var error: String?
        var secure: Bool?
        var publicKey: String?
        var address: String?
        var results: [PageResult]?
    }

    /// The devnet's BTC-USD: lots of 10,000 satoshi, ticks of 100 USD base units per lot.
    static let btcUSD = Market(
        id: 1, base: "BTC", quote: "USD", lotSize: Amount(baseUnits: 10_000), tickSize: Amount(baseUnits: 100),
        minimumSize: Amount(baseUnits: 10_000), maximumPriceTicks: 1 << 18, makerFeeBasisPoints: -2,
        takerFeeBasisPoints: 5, mode: .continuous)

    /// docs/ENCODING.md's worked example first (seed 00…1f), then every order action and option, and routes built from quotes.
    static let vectors = Vectors(
        seed: (0..<32).map { String(format: "%02x", $0) }.joined(),
        transactions: [
            TransactionInput(
                name: "worked example", chainID: "bazaar-doc", nonce: "0", fee: "10", expiryHeight: "100",
                actions: [
                    ActionInput(
                        kind: "transfer", recipient: "bz1ynmw66ktlcgqnsps6l99vlpnefyrpyg5a723pg", asset: "USD",
                        amount: "2.50", decimals: 2)
                ]),
            TransactionInput(
                name: "orders", chainID: "bazaar-devnet", nonce: "7", fee: "1000", expiryHeight: "123456",
                actions: [
                    order(side: "buy", type: "limit", price: "65000", size: "0.0001", clientOrderID: "7"),
                    order(
                        side: "sell", type: "postOnly", price: "65010.5", size: "0.25",
                        expiresAtMilliseconds: "1700000000000", selfTradePrevention: "cancelBoth"),
                    order(side: "buy", type: "immediateOrCancel", price: "64000", size: "1.5"),
                    order(
                        side: "sell", type: "fillOrKill", price: "70000", size: "0.0002",
                        selfTradePrevention: "cancelIncoming"),
                    order(side: "sell", type: "market", price: "60000", size: "0.5", reduceOnly: true),
                    order(side: "buy", type: "immediateOrCancel", price: "66000", size: "2", reduceOnly: true),
                    order(
                        side: "buy", type: "market", price: "99999", size: "3", clientOrderID: "18446744073709551615"),
                    ActionInput(kind: "cancelOrder", market: 1, id: "42"),
                    ActionInput(kind: "cancelOrder", market: 2, clientID: "7"),
                    ActionInput(kind: "cancelAllOrders", market: 3),
                    ActionInput(kind: "amendOrder", market: 1, price: "65001", size: "0.5", id: "42"),
                    ActionInput(kind: "amendOrder", market: 1, size: "0.0003", clientID: "9"),
                ]),
            TransactionInput(
                name: "transfers, margin and extreme fields", chainID: "bazaar-dévnet ✓", nonce: "18446744073709551615",
                fee: "340282366920938463463374607431768211455", expiryHeight: "18446744073709551615",
                actions: [
                    ActionInput(
                        kind: "transfer", recipient: "bz12er44f65vdr5cq59mawm7272ku76v5f4nz87ws", asset: "ETH",
                        amount: "0.000000000000000001", decimals: 18),
                    ActionInput(
                        kind: "transfer", recipient: "BZ1YNMW66KTLCGQNSPS6L99VLPNEFYRPYG5A723PG", asset: "BTC2X",
                        amount: "21000000", decimals: 8),
                    ActionInput(kind: "marginDeposit", asset: "USD", amount: "250.5", decimals: 6),
                    ActionInput(kind: "marginWithdraw", asset: "BTC", amount: "0.00000001", decimals: 8),
                ]),
            TransactionInput(
                name: "routes", chainID: "bazaar-devnet", nonce: "3", fee: "1000", expiryHeight: "500",
                actions: [
                    // The devnet's own quote of 1000 USD for BTC: pool 1 and the BTC-USD book.
                    ActionInput(
                        kind: "route",
                        quote: quote(
                            "USD", "BTC", expectedOut: "1537357",
                            legs: [([("pool", 1)], "4796640"), ([("book", 1)], "995203360")]),
                        slippageBasisPoints: 50),
                    // Two hops in a leg, eight legs, no slippage, and an output near the u128 limit.
                    ActionInput(
                        kind: "route",
                        quote: quote(
                            "ETH", "BTC", expectedOut: "34028236692093846346337460743176821145",
                            legs: (1...8).map { (index: Int) -> ([(String, UInt64)], String) in
                                index.isMultiple(of: 2)
                                    ? ([("pool", 2), ("book", 4_294_967_295)], "\(index)000000000000000000")
                                    : ([("pool", 18_446_744_073), ("pool", 1)], "\(index)")
                            }),
                        slippageBasisPoints: 0),
                    // All slippage allowed: a minimum of zero; an odd expected output.
                    ActionInput(
                        kind: "route",
                        quote: quote("BTC", "USD", expectedOut: "9999", legs: [([("pool", 1)], "100000")]),
                        slippageBasisPoints: 10_000),
                    // 1 bp of 19,999: the allowance 1.9999 rounds down to 1, so the minimum is 19,998.
                    ActionInput(
                        kind: "route",
                        quote: quote("BTC", "USD", expectedOut: "19999", legs: [([("book", 1)], "7")]),
                        slippageBasisPoints: 1),
                ]),
        ])

    /// A quote as the node answers it, with only the fields a route is built from filled in.
    static func quote(
        _ assetIn: String, _ assetOut: String, expectedOut: String, legs: [([(String, UInt64)], String)]
    ) -> QuoteResponse {
        QuoteResponse(
            assetIn: assetIn, assetOut: assetOut, amountIn: "?", amountInBaseUnits: "0", expectedOut: "?",
            expectedOutBaseUnits: expectedOut, priceImpactBasisPoints: 0,
            legs: legs.map { (venues, amount) in
                QuoteLegJSON(
                    venues: venues.map { QuoteVenueJSON(kind: $0.0, id: $0.1) }, path: [], amountIn: "?",
                    amountInBaseUnits: amount, amountOut: "?", amountOutBaseUnits: "0", fees: [])
            })
    }

    static func order(
        side: String, type: String, price: String, size: String, clientOrderID: String? = nil,
        expiresAtMilliseconds: String? = nil, selfTradePrevention: String? = nil, reduceOnly: Bool? = nil
    ) -> ActionInput {
        ActionInput(
            kind: "placeOrder", market: 1, side: side, type: type, price: price, size: size,
            clientOrderID: clientOrderID, expiresAtMilliseconds: expiresAtMilliseconds,
            selfTradePrevention: selfTradePrevention, reduceOnly: reduceOnly)
    }

    /// The SDK's action for the same input.
    static func action(_ input: ActionInput) throws -> Action {
        switch input.kind {
        case "transfer":
            return try TransactionBuilder.transfer(
                to: try #require(input.recipient), asset: try #require(input.asset), amount: try #require(input.amount),
                decimals: try #require(input.decimals))
        case "placeOrder":
            let sides: [String: MatchingEngine.Side] = ["buy": .bid, "sell": .ask]
            let types: [String: OrderType] = [
                "limit": .limit, "immediateOrCancel": .immediateOrCancel, "fillOrKill": .fillOrKill,
                "postOnly": .postOnly, "market": .market,
            ]
            let preventions: [String: SelfTradePrevention] = [
                "cancelResting": .cancelResting, "cancelIncoming": .cancelIncoming, "cancelBoth": .cancelBoth,
            ]
            let sideName = try #require(input.side)
            let typeName = try #require(input.type)
            return try TransactionBuilder.placeOrder(
                on: btcUSD, baseDecimals: 8, quoteDecimals: 6, side: try #require(sides[sideName]),
                type: try #require(types[typeName]), price: try #require(input.price),
                size: try #require(input.size), clientOrderID: input.clientOrderID.flatMap { UInt64($0) },
                expiresAtMilliseconds: input.expiresAtMilliseconds.flatMap { UInt64($0) },
                selfTradePrevention: try #require(preventions[input.selfTradePrevention ?? "cancelResting"]),
                reduceOnly: input.reduceOnly ?? false)
        case "cancelOrder":
            return .cancelOrder(
                Action.CancelOrder(market: MarketID(try #require(input.market)), order: try reference(input)))
        case "cancelAllOrders":
            return .cancelAllOrders(Action.CancelAllOrders(market: MarketID(try #require(input.market))))
        case "amendOrder":
            return .amendOrder(
                Action.AmendOrder(
                    market: MarketID(try #require(input.market)), order: try reference(input),
                    price: try input.price.map {
                        try TransactionBuilder.pricePerLot($0, on: btcUSD, baseDecimals: 8, quoteDecimals: 6)
                    },
                    size: try input.size.map { try TransactionBuilder.positiveAmount($0, decimals: 8) }))
        case "marginDeposit":
            return try TransactionBuilder.marginDeposit(
                asset: try #require(input.asset), amount: try #require(input.amount),
                decimals: try #require(input.decimals))
        case "marginWithdraw":
            return try TransactionBuilder.marginWithdraw(
                asset: try #require(input.asset), amount: try #require(input.amount),
                decimals: try #require(input.decimals))
        case "route":
            return try TransactionBuilder.route(
                try #require(input.quote), slippageBasisPoints: try #require(input.slippageBasisPoints))
        default:
            Issue.record("unknown kind \(input.kind)")
            throw CancellationError()
        }
    }

    static func reference(_ input: ActionInput) throws -> OrderReference {
        if let id = input.id { return .id(try #require(UInt64(id))) }
        let clientID = try #require(input.clientID)
        return .clientID(try #require(UInt64(clientID)))
    }

    /// The SDK's signed transaction for the same input.
    static func signed(_ input: TransactionInput, key: PrivateKey) throws -> SignedTransaction {
        let builder = TransactionBuilder(
            key: key, chainID: input.chainID, nonce: try #require(UInt64(input.nonce)),
            fee: Amount(baseUnits: try #require(UInt128(input.fee))),
            expiryHeight: try #require(UInt64(input.expiryHeight)))
        return try builder.sign(actions: try input.actions.map(action))
    }

    @Test(
        .enabled(
            if: HeadlessChromium.isAvailable,
            "chromium is not installed (apt-get install chromium); CI installs it and sets BAZAAR_REQUIRE_CHROMIUM=1"))
    func thePageEncodesAndSignsExactlyAsTheSwiftSDK() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let reports = ReportBox()
        let router = APIRoutes.makeRouter(node: try network.makeNode())
        try Self.addTestPage(to: router, reports: reports)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("bazaar-web-chromium-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let browser = try HeadlessChromium.open("http://127.0.0.1:\(port)/test/encoding.html", directory: directory)
            defer { HeadlessChromium.stop(browser) }
            let deadline = Date().addingTimeInterval(120)
            var report: PageReport?
            while report == nil && Date() < deadline && browser.isRunning {
                report = await reports.first
                if report == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let page = try #require(report, "the page posted no result within 120 s")
            #expect(page.error == nil, "the page failed: \(page.error ?? "")")
            #expect(page.secure == true, "http://127.0.0.1 is a secure context")
            let seed = try #require([UInt8](hex: Self.vectors.seed))
            let key = try #require(PrivateKey(seed: seed))
            #expect(page.publicKey == key.publicKey.hex)
            #expect(page.address == key.publicKey.accountID.address)
            let results = try #require(page.results)
            #expect(results.map(\.name) == Self.vectors.transactions.map(\.name))
            for (input, result) in zip(Self.vectors.transactions, results) {
                let expected = try Self.signed(input, key: key)
                #expect(result.transaction == expected.transaction.canonicalBytes.hexString, "\(input.name): bytes")
                #expect(result.signature == expected.signature.bytes.hexString, "\(input.name): signature")
                #expect(result.id == expected.id.hex, "\(input.name): id")
            }
            // docs/ENCODING.md's worked example, from the document's own figures.
            #expect(
                results.first?.id == "90dc56acf4c60705c8416a40cbbfba081a54202809e5d65ccba90fda7515c11d")
        }
    }

    /// The test page and its script, the vectors, and where the page posts its report; served
    /// with the page's own headers, so the modules run under the real Content-Security-Policy.
    static func addTestPage(to router: Router<BasicWebSocketRequestContext>, reports: ReportBox) throws {
        let vectors = try JSONEncoder().encode(Self.vectors)
        let files: [(path: String, type: String, bytes: [UInt8])] = [
            ("test/encoding.html", "text/html; charset=utf-8", Array(testPage.utf8)),
            ("test/encoding-test.js", "text/javascript; charset=utf-8", Array(testScript.utf8)),
            ("test/vectors.json", "application/json; charset=utf-8", [UInt8](vectors)),
        ]
        for file in files {
            router.get(RouterPath(file.path)) { _, _ in
                Response(
                    status: .ok, headers: WebAssets.headers(contentType: file.type),
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
        router.post("test/results") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            await reports.add(try JSONDecoder().decode(PageReport.self, from: Data(buffer: body)))
            return Response(status: .noContent)
        }
    }

    static let testPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>encoding test</title><link rel="icon" href="data:,">
        <script type="module" src="/test/encoding-test.js"></script></head><body>running</body></html>

        """

    static let testScript = #"""
        import { fromHex, parsePositiveAmount, pricePerLot, routeFromQuote, signTransaction, toHex } from "/js/encoding.js";
        import { decodeAddress } from "/js/address.js";
        import { importSeed, loadKey, saveKey } from "/js/keys.js";

        const report = (body) => fetch("/test/results", { method: "POST", body: JSON.stringify(body) });
        window.addEventListener("error", (event) => report({ error: String(event.message) }));
        const market = { lotSize: 10000n, baseDecimals: 8, quoteDecimals: 6 };
        const optionalBig = (text) => (text === undefined || text === null ? null : BigInt(text));
        const reference = (input) => (input.id != null ? { id: BigInt(input.id) } : { clientID: BigInt(input.clientID) });

        function action(input) {
          switch (input.kind) {
            case "transfer":
              return { kind: "transfer", recipient: decodeAddress(input.recipient), asset: input.asset,
                amount: parsePositiveAmount(input.amount, input.decimals) };
            case "placeOrder":
              return { kind: "placeOrder", market: input.market, side: input.side, type: input.type,
                price: pricePerLot(input.price, market), size: parsePositiveAmount(input.size, market.baseDecimals),
                clientOrderID: optionalBig(input.clientOrderID),
                expiresAtMilliseconds: optionalBig(input.expiresAtMilliseconds),
                selfTradePrevention: input.selfTradePrevention ?? "cancelResting", reduceOnly: input.reduceOnly === true };
            case "cancelOrder":
              return { kind: "cancelOrder", market: input.market, order: reference(input) };
            case "cancelAllOrders":
              return { kind: "cancelAllOrders", market: input.market };
            case "amendOrder":
              return { kind: "amendOrder", market: input.market, order: reference(input),
                price: input.price == null ? null : pricePerLot(input.price, market),
                size: input.size == null ? null : parsePositiveAmount(input.size, market.baseDecimals) };
            case "route":
              return routeFromQuote(input.quote, input.slippageBasisPoints);
            default:
              return { kind: input.kind, asset: input.asset, amount: parsePositiveAmount(input.amount, input.decimals) };
          }
        }

        try {
          const vectors = await (await fetch("/test/vectors.json")).json();
          await saveKey(await importSeed(fromHex(vectors.seed)), "test");
          const key = await loadKey("test");
          const results = [];
          for (const input of vectors.transactions) {
            const transaction = { chainID: input.chainID, sender: key.publicKey, nonce: BigInt(input.nonce),
              fee: BigInt(input.fee), expiryHeight: BigInt(input.expiryHeight), actions: input.actions.map(action) };
            const signed = await signTransaction(transaction, key.privateKey);
            results.push({ name: input.name, transaction: toHex(signed.transaction),
              signature: toHex(signed.signature), id: signed.id });
          }
          await report({ secure: isSecureContext, publicKey: toHex(key.publicKey), address: key.address, results });
        } catch (error) {
          await report({ error: String(error?.stack ?? error) });
        }

        """#
}

/// What the test page posted.
actor ReportBox {
    private var reports: [WebEncodingChromiumTests.PageReport] = []

    var first: WebEncodingChromiumTests.PageReport? { reports.first }

    func add(_ report: WebEncodingChromiumTests.PageReport) { reports.append(report) }
}
