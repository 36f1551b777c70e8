import BazaarNode
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The page the node serves at `/`: the embedded files are exactly `Web/`, and every one comes
/// over real HTTP with its content type and the strict Content-Security-Policy.
@Suite struct WebPageTests {
    static let webDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Web")

    /// Each file under `Web/` by its path there.
    static func webFiles() throws -> [String: [UInt8]] {
        let root = webDirectory.standardizedFileURL.path
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var files = [String: [UInt8]]()
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[relative] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return files
    }

    @Test func theEmbeddedFilesAreExactlyTheWebDirectory() throws {
        let files = try Self.webFiles()
        #expect(files.keys.contains("index.html") && files.keys.contains("js/encoding.js"))
        let embedded = WebAssets.assets.filter { $0.urlPath != "/" }
        #expect(
            Set(embedded.map(\.urlPath)) == Set(files.keys.map { "/" + $0 }),
            "run python3 Scripts/embed-web-assets.py after changing Web/")
        for asset in embedded {
            #expect(
                asset.bytes == files[String(asset.urlPath.dropFirst())],
                "\(asset.urlPath) differs from Web/: run python3 Scripts/embed-web-assets.py")
        }
        #expect(WebAssets.assets.first { $0.urlPath == "/" }?.bytes == files["index.html"])
    }

    @Test func nothingIsFetchedFromOutsideTheNodeAndNoScriptIsInline() throws {
        for asset in WebAssets.assets {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "url(//", "@import"] {
                #expect(!text.contains(external), "\(asset.urlPath) refers outside the node: \(external)")
            }
            #expect(!text.contains("from \"http") && !text.contains("import(\"http"), "\(asset.urlPath)")
        }
        let index = String(decoding: try #require(WebAssets.assets.first { $0.urlPath == "/" }).bytes, as: UTF8.self)
        // Every script element loads a file: an inline one would be refused by the policy anyway.
        #expect(
            index.components(separatedBy: "<script").count
                == index.components(separatedBy: "<script type=\"module\" src=\"/").count)
        #expect(!index.contains(" style=") && !index.contains(" onclick=") && !index.contains(" onload="))
    }

    @Test func everyAssetIsServedOverHTTPWithItsTypeAndTheStrictPolicy() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let app = Application(
            router: APIRoutes.makeRouter(node: try network.makeNode()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let expectedTypes = [
            "/": "text/html; charset=utf-8", "/index.html": "text/html; charset=utf-8",
            "/app.css": "text/css; charset=utf-8", "/js/app.js": "text/javascript; charset=utf-8",
            "/js/encoding.js": "text/javascript; charset=utf-8", "/js/keys.js": "text/javascript; charset=utf-8",
            "/js/views.js": "text/javascript; charset=utf-8",
            "/js/address.js": "text/javascript; charset=utf-8", "/js/api.js": "text/javascript; charset=utf-8",
            "/js/book.js": "text/javascript; charset=utf-8", "/js/chart.js": "text/javascript; charset=utf-8",
            "/js/decimal.js": "text/javascript; charset=utf-8", "/js/order.js": "text/javascript; charset=utf-8",
        ]
        #expect(Set(WebAssets.assets.map(\.urlPath)) == Set(expectedTypes.keys))
        try await app.test(.live) { client in
            for asset in WebAssets.assets {
                let response = try await client.execute(uri: asset.urlPath, method: .get)
                #expect(response.status == .ok, "\(asset.urlPath)")
                #expect(response.headers[.contentType] == expectedTypes[asset.urlPath], "\(asset.urlPath)")
                #expect(Array(response.body.readableBytesView) == asset.bytes)
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(asset.urlPath) has no CSP")
                let directives = Set(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
                for directive in [
                    "default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                    "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
                ] {
                    #expect(directives.contains(directive), "\(asset.urlPath): \(directive)")
                }
                #expect(!policy.contains("unsafe"), "no 'unsafe-inline' or 'unsafe-eval'")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPFields.Element.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer")
            }
            // The API keeps its JSON errors beside the page.
            let missing = try await client.execute(uri: "/js/missing.js", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/json; charset=utf-8")
            let status = try await client.execute(uri: "/v1/status", method: .get)
            #expect(status.status == .ok)
        }
    }
}
