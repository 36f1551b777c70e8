import BazaarAPI
import BazaarHistory
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import PostgresNIO
public import ServiceLifecycle

/// The indexer's HTTP side: `GET /v1/status` (how far it has indexed and how far the node is) and
/// the node's history read routes from PostgreSQL, with the node's JSON, cursors and errors
/// (`HistoryReads` serves both).
public enum IndexerServer {
    /// `/v1/status`'s body.
    public struct Status: Codable, Sendable, Equatable {
        public var indexedHeight: UInt64?
        public var nodeHeight: UInt64?
        public var lagBlocks: UInt64?
    }

    /// The connection pool the read routes use and the HTTP application on `host:port`, to run
    /// together in a service group beside `service`.
    public static func makeServices(
        service: IndexerService, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> [any Service] {
        let pool = PostgresClient(
            configuration: service.configuration.postgres.clientConfiguration, backgroundLogger: logger)
        let reads = PostgresHistorySource(
            client: pool, directory: NodeDirectory(node: service.configuration.node), logger: logger)
        return [
            pool,
            makeApplication(
                service: service, reads: reads, host: host, port: port, logger: logger, onServerRunning: onServerRunning
            ),
        ]
    }

    public static func makeApplication(
        service: IndexerService, reads: PostgresHistorySource, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(progress: { service.progress }, reads: reads),
            configuration: .init(address: .hostname(host, port: port), serverName: "bazaar-indexer"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The routes, over `reads`, with `progress` for the status.
    public static func makeRouter(
        progress: @escaping @Sendable () -> IndexerService.Progress, reads: PostgresHistorySource
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        let v1 = router.group("v1")
        v1.get("status") { _, _ in
            let progress = progress()
            let lag = progress.nodeHeight.map { node in node - min(node, progress.indexedHeight ?? 0) }
            return try json(
                Status(indexedHeight: progress.indexedHeight, nodeHeight: progress.nodeHeight, lagBlocks: lag))
        }
        for route in HistoryReads.routes(reads) {
            v1.get(RouterPath(route.path)) { request, context in
                try json(try await route.respond(context.parameters.require(route.pathParameter), parameters(request)))
            }
        }
        return router
    }

    static func parameters(_ request: Request) -> HistoryReads.Parameters {
        { request.uri.queryParameters[Substring($0)].map(String.init) }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try APIJSON.makeEncoder().encode(value))))
    }

    /// Every failure as the API's `{code, message}`: a refused read as the node answers it, no
    /// route as 404, the node unreachable (for market names) as 503, anything else as 500.
    struct ErrorMiddleware: RouterMiddleware {
        func handle(
            _ request: Request, context: BasicRequestContext,
            next: (Request, BasicRequestContext) async throws -> Response
        ) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let refusal as HistoryReadError {
                return try json(refusal.body, status: refusal.status == .notFound ? .notFound : .badRequest)
            } catch let error as HTTPError where error.status == .notFound {
                return try json(
                    APIError(
                        code: "not_found", message: "no route \(request.method) \(EchoedInput.quoted(request.uri.path))"
                    ),
                    status: .notFound)
            } catch let error as IndexerError where error.code == .feed {
                return try json(APIError(code: "node_unavailable", message: error.message), status: .serviceUnavailable)
            } catch {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
                return try json(APIError(code: "internal", message: "internal error"), status: .internalServerError)
            }
        }
    }
}
