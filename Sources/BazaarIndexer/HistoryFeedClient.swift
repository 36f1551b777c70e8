public import AsyncHTTPClient
public import BazaarHistory
import Foundation
import NIOCore
import NIOFoundationCompat

/// Reads the node's history feed, `GET /v1/history/blocks?after=H&limit=N`.
public struct HistoryFeedClient: Sendable {
    /// The most bytes one page may take: 100 blocks of a busy chain, with room to spare.
    public static let pageBytesMax = 256 << 20

    public let node: String
    let http: HTTPClient

    /// - Parameter node: the node's base URL, e.g. `http://127.0.0.1:8080`.
    public init(node: String, http: HTTPClient = .shared) {
        self.node = node.hasSuffix("/") ? String(node.dropLast()) : node
        self.http = http
    }

    /// The blocks after `after` (from the genesis when nil), at most `limit`.
    ///
    /// - Throws: `IndexerError.feed` on an HTTP status other than 200 or a body that does not
    ///   decode; the transport's error when the node cannot be reached.
    public func page(after: UInt64?, limit: Int) async throws -> HistoryFeedPage {
        var url = "\(node)/v1/history/blocks?limit=\(limit)"
        if let after { url += "&after=\(after)" }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/octet-stream")
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: Self.pageBytesMax)
        guard response.status == .ok else {
            throw IndexerError(
                .feed, "the node answered \(response.status.code) to \(url): \(String(buffer: body).prefix(200))")
        }
        do {
            return try HistoryFeedPage(canonicalBytes: Array(buffer: body))
        } catch {
            throw IndexerError(.feed, "the node's history feed does not decode: \(error)")
        }
    }
}
