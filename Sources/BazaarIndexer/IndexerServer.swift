import Foundation
public import Hummingbird
public import Logging
import NIOCore
import NIOFoundationCompat

/// The indexer's HTTP side: `GET /v1/status` with how far it has indexed and how far the node is.
///
/// The history read routes are not served from PostgreSQL yet (docs/INDEXER.md).
public enum IndexerServer {
    /// `/v1/status`'s body.
    public struct Status: Codable, Sendable, Equatable {
        public var indexedHeight: UInt64?
        public var nodeHeight: UInt64?
        public var lagBlocks: UInt64?
    }

    public static func makeApplication(
        service: IndexerService, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("v1/status") { _, _ in
            let progress = service.progress
            let lag = progress.nodeHeight.map { node in node - min(node, progress.indexedHeight ?? 0) }
            let status = Status(indexedHeight: progress.indexedHeight, nodeHeight: progress.nodeHeight, lagBlocks: lag)
            let body = try JSONEncoder().encode(status)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(data: body)))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "bazaar-indexer"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
