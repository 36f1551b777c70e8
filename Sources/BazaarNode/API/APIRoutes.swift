import BazaarAPI
import BazaarCore
import BazaarHistory
import Foundation
public import Hummingbird
public import HummingbirdWebSocket
import NIOCore

/// The REST and WebSocket API of DESIGN.md (Node, API), on one router.
public enum APIRoutes {
    /// Bodies above this are refused with 413 before being read further.
    public static let requestBodyBytesMax = 64 * 1024
    /// The same for `POST /v1/txs`, which carries up to 1,000 transactions.
    public static let batchBodyBytesMax = 1024 * 1024
    /// Largest WebSocket frame a client may send.
    public static let streamFrameBytesMax = 4096

    ///
    /// - Parameter faucet: the devnet's faucet behind `/v1/faucet`; `nil` (every other chain) refuses it.
    public static func makeRouter(node: Node, faucet: Faucet? = nil) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.middlewares.add(APIErrorMiddleware())
        registerWebRoutes(on: router)
        let v1 = router.group("v1")
        registerFaucetRoutes(on: v1, faucet: faucet, node: node)
        v1.get("status") { _, _ in try await status(node) }
        v1.post("tx") { request, _ in try await submit(request, node: node) }
        v1.post("txs") { request, _ in try await submitBatch(request, node: node) }
        v1.get("tx/{id}") { _, context in try await transaction(context.parameters.require("id"), node: node) }
        v1.get("accounts/{address}") { _, context in
            try await account(context.parameters.require("address"), node: node)
        }
        v1.get("accounts/{address}/orders") { request, context in
            try await accountOrders(context.parameters.require("address"), request, node: node)
        }
        registerHistory(on: v1, node: node)
        v1.get("accounts/{address}/margin") { _, context in
            try await margin(context.parameters.require("address"), node: node)
        }
        v1.get("accounts/{address}/margin/scenarios") { _, context in
            try await marginScenarios(context.parameters.require("address"), node: node)
        }
        v1.post("margin/simulate") { request, _ in try await simulateMargin(request, node: node) }
        v1.get("markets/{market}/funding") { _, context in
            try await funding(context.parameters.require("market"), node: node)
        }
        v1.get("perpetuals") { _, _ in try await perpetuals(node: node) }
        v1.get("options") { _, _ in try await options(node: node) }
        v1.get("options/chain") { request, _ in try await optionChain(request, node: node) }
        v1.get("assets") { _, _ in try await assets(node) }
        v1.get("markets") { _, _ in try await markets(node) }
        v1.get("markets/{market}") { _, context in try await market(context.parameters.require("market"), node: node) }
        v1.get("markets/{market}/book") { request, context in
            try await book(context.parameters.require("market"), request, node: node)
        }
        registerOracleAndLending(v1, node: node)
        v1.get("pools") { _, _ in try await pools(node) }
        v1.get("pools/{id}") { _, context in try await pool(context.parameters.require("id"), node: node) }
        v1.get("quote") { request, _ in try await quote(request, node: node) }
        v1.get("blocks/{height}") { _, context in try await block(context.parameters.require("height"), node: node) }
        v1.get("blocks/{height}/results") { _, context in
            try await blockResults(context.parameters.require("height"), node: node)
        }
        registerEscrowRoutes(on: v1, node: node)
        v1.get("history/blocks") { request, _ in try await historyFeed(request, node: node) }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("metrics") { _, _ in
            node.metrics.streamSubscribers.set(Int64(node.hub.connectionCount))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: node.metrics.exposition())))
        }
        // A WebSocket upgrade of /v1/stream goes to `makeWebSocketRouter`; a plain GET lands here.
        v1.get("stream") { _, _ -> Response in
            var response = try JSONResponse.make(
                APIError(
                    code: "upgrade_required",
                    message: "/v1/stream is a WebSocket: send GET with Connection: Upgrade and Upgrade: websocket"),
                status: .upgradeRequired)
            response.headers[.upgrade] = "websocket"
            return response
        }
        return router
    }

    /// The router that decides WebSocket upgrades (`APIServer`): `/v1/stream` only.
    public static func makeWebSocketRouter(node: Node) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("v1/stream") { _, _ in
            node.hub.connectionCount < StreamHub.connectionsMax ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, _ in
            try await StreamSession.run(inbound: inbound, outbound: outbound, hub: node.hub)
        }
        return router
    }

    private static func assets(_ node: Node) async throws -> Response {
        try JSONResponse.make(AssetsResponse(assets: await node.assets.map(Rendering.asset)))
    }

    private static func status(_ node: Node) async throws -> Response {
        let status = await node.status
        let decimals = await node.asset(status.feeAsset)?.decimals ?? 0
        return try JSONResponse.make(Rendering.status(status, feeDecimals: decimals))
    }

    private static func submit(_ request: Request, node: Node) async throws -> Response {
        let submission = try await decodeBody(SubmitTransactionRequest.self, request, byteCountMax: requestBodyBytesMax)
        guard let bytes = Data(base64Encoded: submission.tx) else {
            throw APIFailure.badRequest("tx is not valid base64")
        }
        // Verification runs here, on the request's thread, outside the node actor.
        let verified: VerifiedTransaction
        switch Application.admit([UInt8](bytes), chainID: node.chainID) {
        case .success(let transaction): verified = transaction
        case .failure(let rejection):
            node.metrics.transactionsRejected.increment()
            throw APIFailure(rejection)
        }
        let code = await node.submit(verified)
        guard code == .ok else { throw APIFailure(Rejection(code)) }
        return try JSONResponse.make(
            SubmitTransactionResponse(id: verified.id.hex, status: .pending), status: .accepted)
    }

    /// `POST /v1/txs`: each transaction admitted as if posted alone, in order, with one result each.
    private static func submitBatch(_ request: Request, node: Node) async throws -> Response {
        let batch = try await decodeBody(SubmitTransactionsRequest.self, request, byteCountMax: batchBodyBytesMax)
        guard batch.txs.count <= SubmitTransactionsRequest.countMax else {
            throw APIFailure.badRequest("a batch holds at most \(SubmitTransactionsRequest.countMax) transactions")
        }
        let admitted = await BatchVerifier.admit(batch.txs, chainID: node.chainID)
        let codes = await node.submit(admitted.compactMap { try? $0.get() })
        var nextCode = codes.makeIterator()
        var results = [SubmissionResult]()
        results.reserveCapacity(admitted.count)
        for outcome in admitted {
            switch outcome {
            case .success(let verified):
                let code = nextCode.next() ?? .malformed
                results.append(
                    code == .ok
                        ? SubmissionResult(id: verified.id.hex, status: .pending)
                        : SubmissionResult(id: verified.id.hex, code: code.name, message: code.message))
            case .failure(let rejection):
                node.metrics.transactionsRejected.increment()
                results.append(SubmissionResult(id: nil, code: rejection.code.name, message: rejection.description))
            }
        }
        return try JSONResponse.make(SubmitTransactionsResponse(results: results))
    }

    private static func decodeBody<Body: Decodable>(_ type: Body.Type, _ request: Request, byteCountMax: Int)
        async throws -> Body
    {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: byteCountMax)
        } catch is NIOTooManyBytesError {
            throw APIFailure(
                .contentTooLarge, code: "payload_too_large", message: "request body exceeds \(byteCountMax) bytes")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw APIFailure.badRequest(
                type == SubmitTransactionsRequest.self
                    ? "body must be JSON {\"txs\": [\"<base64 of a signed transaction>\", ...]}"
                    : "body must be JSON {\"tx\": \"<base64 of the signed transaction>\"}")
        }
    }

    private static func transaction(_ text: String, node: Node) async throws -> Response {
        guard let id = Hash(hex: text) else { throw APIFailure.badRequest("transaction id must be 64 hex digits") }
        // Pending first: a block is stored before its transactions leave the mempool,
        // so a transaction is always found in one place or the other.
        if await node.isPending(id) {
            return try JSONResponse.make(TransactionResponse(id: id.hex, status: .pending))
        }
        guard let committed = try node.store.committedTransaction(id) else {
            return try JSONResponse.make(TransactionResponse(id: id.hex, status: .unknown))
        }
        let result = committed.result
        return try JSONResponse.make(
            TransactionResponse(
                id: id.hex, status: .committed, height: committed.height, index: committed.index,
                code: result.code.name,
                message: result.code.message, failedActionIndex: result.failedActionIndex,
                events: Rendering.events(result.events, context: await node.renderingContext)))
    }

    private static func account(_ address: String, node: Node) async throws -> Response {
        let id = try accountID(address)
        let (account, openOrders, context) = await node.accountView(id)
        return try JSONResponse.make(Rendering.account(id, account, openOrders: openOrders, context: context))
    }

    static func accountID(_ address: String) throws -> AccountID {
        do {
            return try HistoryReads.account(address)
        } catch {
            throw APIFailure(error)
        }
    }

    private static func block(_ text: String, node: Node) async throws -> Response {
        guard let height = UInt64(text) else { throw APIFailure.badRequest("height must be a whole number") }
        guard let stored = try node.store.block(at: height) else {
            throw APIFailure.notFound("no block at height \(height)")
        }
        let status = await node.status
        return try JSONResponse.make(
            Rendering.block(stored, context: await node.renderingContext, feeAsset: status.feeAsset))
    }

    private static func blockResults(_ text: String, node: Node) async throws -> Response {
        guard let height = UInt64(text) else { throw APIFailure.badRequest("height must be a whole number") }
        guard let stored = try node.store.block(at: height) else {
            throw APIFailure.notFound("no block at height \(height)")
        }
        // Most blocks end with no events: only then is the rendering context worth fetching.
        let endBlockEvents =
            stored.endBlockEvents.isEmpty
            ? [] : Rendering.events(stored.endBlockEvents, context: await node.renderingContext)
        return try JSONResponse.make(
            BlockResultsResponse(
                height: height, timeMs: stored.block.header.timeMilliseconds, appHash: stored.appHash.hex,
                results: stored.results.map { TransactionCodeJSON(id: $0.id.hex, code: $0.code.name) },
                endBlockEvents: endBlockEvents))
    }
}
