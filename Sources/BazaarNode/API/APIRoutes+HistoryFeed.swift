import BazaarAPI
import BazaarCore
import BazaarHistory
import Hummingbird
import NIOCore

/// The history feed an indexer follows: consecutive blocks' history rows and prints in the
/// canonical binary encoding of ``HistoryFeedPage`` (decoded by the same code in BazaarHistory).
extension APIRoutes {
    /// `GET /v1/history/blocks?after=H&limit=N`: heights H+1… (from the genesis, height 0, when
    /// `after` is absent), at most N from 1 to 100 (default 100), read in one read transaction.
    static func historyFeed(_ request: Request, node: Node) async throws -> Response {
        let limit = try integer(
            request, "limit", default: HistoryFeedPage.limitMax, range: 1...HistoryFeedPage.limitMax)
        var after: UInt64?
        if let text = request.uri.queryParameters["after"] {
            guard let value = UInt64(text), value < UInt64(Int64.max) else {
                throw APIFailure.badRequest(
                    "after must be a block height from 0 to \(Int64.max - 1), not \(EchoedInput.quoted(String(text)))")
            }
            after = value
        }
        let page = try node.store.historyFeed(after: after, limit: limit, chainID: node.chainID)
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.canonicalBytes)))
    }
}
