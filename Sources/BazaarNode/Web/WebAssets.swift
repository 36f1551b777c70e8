public import Hummingbird
import NIOCore

/// The web page's files, built into the binary (`WebAssets+Files.swift`, generated from `Web/` by
/// `Scripts/embed-web-assets.py`), and the headers every one of them is served with.
///
/// Swift string literals rather than SwiftPM resources: a resource bundle is a directory beside the
/// executable that `swift build` makes but a copied binary leaves behind, so a node installed by
/// copying `bazaar` would serve no page. A literal is part of the binary itself. See docs/WEB.md.
public enum WebAssets {
    /// One file as served: its URL path, content type and bytes.
    public struct Asset: Sendable {
        public let urlPath: String
        public let contentType: String
        public let bytes: [UInt8]
    }

    /// The policy of every page response: nothing but this node's own files, no inline script or
    /// style, no plugins, no framing, no `<base>` rewrites, forms only to this node.
    public static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The served files by URL path: `index.html` also at `/`.
    public static let assets: [Asset] = {
        var assets = [Asset]()
        for file in files {
            let asset = Asset(
                urlPath: "/" + file.path, contentType: contentType(of: file.path), bytes: Array(file.text.utf8))
            assets.append(asset)
            if file.path == "index.html" {
                assets.append(Asset(urlPath: "/", contentType: asset.contentType, bytes: asset.bytes))
            }
        }
        precondition(assets.contains { $0.urlPath == "/" }, "Web/index.html is missing from the embedded files")
        return assets
    }()

    /// The content type of a file under `Web/`, by its extension.
    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        default: preconditionFailure("Web/\(path): no content type for this extension; add one here")
        }
    }

    /// The headers of a page response: its type, the policy, and the hardening headers a browser honours.
    public static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            HTTPFields.Element.Name("X-Frame-Options")!: "DENY",
            HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
            HTTPFields.Element.Name("Cross-Origin-Opener-Policy")!: "same-origin",
            .crossOriginResourcePolicy: "same-origin",
            .cacheControl: "no-cache",
        ]
    }

    /// The response serving `asset`.
    public static func response(_ asset: Asset) -> Response {
        Response(
            status: .ok, headers: headers(contentType: asset.contentType),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
