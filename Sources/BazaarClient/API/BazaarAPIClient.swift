public import AsyncHTTPClient
public import BazaarAPI
public import BazaarCore
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOSSL

/// A typed client of a node's REST API under `/v1`.
///
/// Every method throws `APIError` when the node answers with an error body,
/// and `BazaarClientError` when it cannot be reached or answers something
/// this SDK cannot read.
public struct BazaarAPIClient: Sendable {
    public static let defaultNodeURL = "http://127.0.0.1:8080"
    /// Responses larger than this are refused rather than buffered.
    static let responseByteCountMax = 8 * 1024 * 1024
    /// The largest `POST /v1/txs` body a node reads, as it documents; larger batches are refused before sending.
    public static let batchRequestByteCountMax = 1024 * 1024

    /// A process-wide client that fails at once when nothing listens, instead of
    /// retrying the connection until the request times out: a CLI user who forgot
    /// to start the node should hear so immediately.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The node's base URL without a trailing slash, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    public let requestTimeout: Duration
    /// The SHA-256 fingerprint of the node's TLS certificate, trusted instead of the system's
    /// certificate authorities; `nil` to verify as usual.
    public let pinnedCertificate: CertificateFingerprint?
    private let httpClient: HTTPClient
    let endpoint: NodeEndpoint

    /// - Parameters:
    ///   - baseURL: an `http://` or `https://` URL of the node.
    ///   - httpClient: `BazaarAPIClient.sharedHTTPClient` by default; pass your own to control connection pooling.
    ///   - pinnedCertificate: the fingerprint of a node's self-signed certificate (it prints it at
    ///     start); every connection then trusts that certificate alone (`PinnedCertificateTrust`).
    /// - Throws: `BazaarClientError.Code.invalidInput` when `baseURL` is not an HTTP URL, or is
    ///   not `https://` with a pinned certificate.
    public init(
        baseURL: String = BazaarAPIClient.defaultNodeURL, httpClient: HTTPClient = BazaarAPIClient.sharedHTTPClient,
        requestTimeout: Duration = .seconds(10), pinnedCertificate: CertificateFingerprint? = nil
    ) throws(BazaarClientError) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        endpoint = try NodeEndpoint(parsing: trimmed, given: baseURL)
        if pinnedCertificate != nil, !endpoint.isSecure {
            throw BazaarClientError(
                .invalidInput,
                "a pinned TLS certificate (--tls-fingerprint or BAZAAR_TLS_FINGERPRINT) needs an https:// node URL, "
                    + "not \(baseURL)")
        }
        self.baseURL = trimmed
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
        self.pinnedCertificate = pinnedCertificate
    }

    /// The TLS settings of a pinned certificate, checked the first time; `nil` without a pin.
    func pinnedTLSConfiguration() async throws -> TLSConfiguration? {
        guard let pinnedCertificate else { return nil }
        return try await PinnedCertificateTrust.configuration(
            pin: pinnedCertificate, host: endpoint.host, port: endpoint.port, nodeURL: baseURL)
    }

    /// `GET /v1/status`: chain id, height, fee asset and minimum fee.
    public func status() async throws -> StatusResponse {
        try await get("/v1/status")
    }

    /// `GET /v1/accounts/{address}`: nonce and balances; an unused address has nonce 0 and no balances.
    public func account(address: String) async throws -> AccountResponse {
        try await get("/v1/accounts/\(try pathComponent(address))")
    }

    /// `GET /v1/assets`: every asset with its decimals and supply.
    public func assets() async throws -> AssetsResponse {
        try await get("/v1/assets")
    }

    /// `GET /v1/tx/{id}`: pending, committed (with height and result) or unknown.
    public func transaction(id: String) async throws -> TransactionResponse {
        try await get("/v1/tx/\(try pathComponent(id))")
    }

    /// `GET /v1/blocks/{height}`, or `nil` when the node has no block at that height yet.
    public func block(height: UInt64) async throws -> BlockResponse? {
        do {
            return try await get("/v1/blocks/\(height)")
        } catch let error as APIError where error.code == "not_found" {
            return nil
        }
    }

    /// `GET /v1/blocks/{height}/results`: only the transaction ids and result codes, or `nil` when
    /// there is no block at that height yet.
    public func blockResults(height: UInt64) async throws -> BlockResultsResponse? {
        do {
            return try await get("/v1/blocks/\(height)/results")
        } catch let error as APIError where error.code == "not_found" {
            return nil
        }
    }

    /// `GET /v1/markets`: every market's rules, last price and best bid and ask.
    public func markets() async throws -> MarketsResponse {
        try await get("/v1/markets")
    }

    /// `GET /v1/markets/{market}`: one market, named `BASE-QUOTE` or by its id.
    ///
    /// - Throws: `APIError` with code `unknown_market` (its message lists the markets).
    public func market(_ market: String) async throws -> MarketJSON {
        try await get("/v1/markets/\(try marketComponent(market))")
    }

    /// `GET /v1/markets/{market}/book`: the best `depth` levels a side (the node's default when nil).
    public func book(market: String, depth: Int? = nil) async throws -> BookResponse {
        try await get("/v1/markets/\(try marketComponent(market))/book" + (depth.map { "?depth=\($0)" } ?? ""))
    }

    /// `GET /v1/accounts/{address}/orders`: the account's open orders, of one market if given.
    public func orders(address: String, market: String? = nil) async throws -> OrdersResponse {
        let filter = try market.map { "?market=\(try marketComponent($0))" } ?? ""
        return try await get("/v1/accounts/\(try pathComponent(address))/orders" + filter)
    }

    /// `POST /v1/tx`: hands a signed transaction to the node's mempool.
    ///
    /// - Returns: the id and `pending` once the node accepted it; rejections throw `APIError`
    ///   with a result code name such as `nonce_too_low`.
    public func submit(_ signed: SignedTransaction) async throws -> SubmitTransactionResponse {
        let body = SubmitTransactionRequest(tx: Data(signed.canonicalBytes).base64EncodedString())
        return try await perform(path: "/v1/tx", body: try JSONEncoder().encode(body))
    }

    /// `POST /v1/txs`: hands up to `SubmitTransactionsRequest.countMax` signed transactions to the node's mempool.
    ///
    /// The node admits each as if posted alone to `/v1/tx`, in order; one's rejection does not affect the others.
    /// An empty batch returns `[]` without a request.
    /// - Returns: one result per transaction, in order: `status` `pending` when admitted, else `code` and `message`.
    /// - Throws: `BazaarClientError.Code.invalidInput` for more than `SubmitTransactionsRequest.countMax`
    ///   transactions or a body above `batchRequestByteCountMax`; `APIError` when the node refuses the whole
    ///   request; `BazaarClientError.Code.unexpectedResponse` when the results do not match the batch.
    public func submit(batch: [SignedTransaction]) async throws -> [SubmissionResult] {
        guard !batch.isEmpty else { return [] }
        let body = try BazaarAPIClient.batchRequestBody(batch)
        let response: SubmitTransactionsResponse = try await perform(path: "/v1/txs", body: body)
        try BazaarAPIClient.checkBatchResults(response.results, of: batch, nodeURL: baseURL)
        return response.results
    }

    /// The JSON body of `POST /v1/txs`; separate from I/O so tests reach it.
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` for too many transactions or too many bytes.
    static func batchRequestBody(_ batch: [SignedTransaction]) throws -> Data {
        guard batch.count <= SubmitTransactionsRequest.countMax else {
            throw BazaarClientError(
                .invalidInput,
                "a batch holds at most \(SubmitTransactionsRequest.countMax) transactions, not \(batch.count)")
        }
        let request = SubmitTransactionsRequest(txs: batch.map { Data($0.canonicalBytes).base64EncodedString() })
        let body = try JSONEncoder().encode(request)
        guard body.count <= BazaarAPIClient.batchRequestByteCountMax else {
            throw BazaarClientError(
                .invalidInput,
                "a batch body is at most \(BazaarAPIClient.batchRequestByteCountMax) bytes, not \(body.count): split the batch"
            )
        }
        return body
    }

    /// Refuses results that cannot belong to `batch`: another count, or an id out of place.
    static func checkBatchResults(
        _ results: [SubmissionResult], of batch: [SignedTransaction], nodeURL: String
    ) throws(BazaarClientError) {
        guard results.count == batch.count else {
            throw BazaarClientError(
                .unexpectedResponse,
                "node at \(nodeURL) answered \(results.count) results for a batch of \(batch.count)")
        }
        for (result, signed) in zip(results, batch) {
            // The id is absent when the node could not decode the bytes, so only a present one is compared.
            if let id = result.id, id != signed.id.hex {
                throw BazaarClientError(
                    .unexpectedResponse, "node at \(nodeURL) answered results out of order: \(id) for \(signed.id.hex)")
            }
            guard (result.status == .pending) != (result.code != nil) else {
                throw BazaarClientError(
                    .unexpectedResponse, "node at \(nodeURL) answered a result with neither or both a status and a code"
                )
            }
        }
    }

    /// Polls `GET /v1/tx/{id}` until the transaction is committed.
    ///
    /// Polling starts every 25 ms and backs off to every 250 ms, so a quick
    /// block is noticed quickly without hammering a slow node.
    /// - Throws: `BazaarClientError.Code.timeout` when `timeout` passes first.
    public func waitForCommit(id: String, timeout: Duration = .seconds(30)) async throws -> TransactionResponse {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var interval = Duration.milliseconds(25)
        var last: TransactionResponse?
        while clock.now < deadline {
            let response = try await transaction(id: id)
            if response.status == .committed { return response }
            last = response
            try await Task.sleep(for: min(interval, deadline - clock.now))
            interval = min(interval * 2, .milliseconds(250))
        }
        let state = last.map { "still \($0.status.rawValue)" } ?? "never answered"
        throw BazaarClientError(.timeout, "transaction \(id) was not committed within \(timeout): \(state)")
    }

    func get<Response: Decodable>(_ path: String) async throws -> Response {
        try await perform(path: path, body: nil)
    }

    /// A `GET`, or a `POST` of `body` when there is one.
    private func perform<Response: Decodable>(path: String, body: Data?) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.tlsConfiguration = try await pinnedTLSConfiguration()
        request.method = body == nil ? .GET : .POST
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let status: UInt
        let bytes: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .init(requestTimeout))
            status = response.status.code
            bytes = try await response.body.collect(upTo: BazaarAPIClient.responseByteCountMax)
        } catch let error as NIOTooManyBytesError {
            throw BazaarClientError(
                .unexpectedResponse,
                "node at \(baseURL) sent more than \(BazaarAPIClient.responseByteCountMax) bytes: \(error)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw BazaarAPIClient.unreachable(baseURL, error)
        }
        return try BazaarAPIClient.decode(Response.self, status: status, body: Data(buffer: bytes), nodeURL: baseURL)
    }

    /// Turns a response into a value, an `APIError` or a `BazaarClientError`; separate from I/O so tests reach it.
    static func decode<Response: Decodable>(
        _ type: Response.Type, status: UInt, body: Data, nodeURL: String
    ) throws -> Response {
        let decoder = JSONDecoder()
        guard (200..<300).contains(status) else {
            if let apiError = try? decoder.decode(APIError.self, from: body) { throw apiError }
            let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
            throw BazaarClientError(
                .unexpectedResponse, "node at \(nodeURL) answered HTTP \(status) without an API error body: \(excerpt)")
        }
        do {
            return try decoder.decode(Response.self, from: body)
        } catch {
            throw BazaarClientError(
                .unexpectedResponse, "node at \(nodeURL) sent a \(Response.self) this client cannot read: \(error)")
        }
    }

    static func unreachable(_ nodeURL: String, _ error: any Error) -> BazaarClientError {
        if let httpError = error as? HTTPClientError, httpError == .deadlineExceeded {
            return BazaarClientError(.nodeUnreachable, "node at \(nodeURL) did not answer in time")
        }
        if let httpError = error as? HTTPClientError, httpError == .remoteConnectionClosed,
            nodeURL.lowercased().hasPrefix("http://")
        {
            return BazaarClientError(
                .nodeUnreachable,
                "cannot reach node at \(nodeURL): it closed the connection without an answer; a node started "
                    + "with a --tls option answers only https:// URLs")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return BazaarClientError(
                .nodeUnreachable,
                "the TLS handshake with node at \(nodeURL) failed (\(error)): a node with a self-signed certificate "
                    + "needs its fingerprint, which it prints at start, in --tls-fingerprint or BAZAAR_TLS_FINGERPRINT")
        }
        return BazaarClientError(
            .nodeUnreachable, "cannot reach node at \(nodeURL): is `bazaar devnet` running? (\(error))")
    }

    /// A market name (`BTC-USD`) or id, refusing anything else that would change the request path.
    func marketComponent(_ text: String) throws(BazaarClientError) -> String {
        let allowed = text.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "-") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard allowed, !text.isEmpty, text.utf8.count <= 64 else {
            throw BazaarClientError(
                .invalidInput, "'\(text)' is not a market: expected BASE-QUOTE (e.g. BTC-USD) or an id")
        }
        return text
    }

    /// Refuses text that would change the request path, such as `../` or `?`.
    func pathComponent(_ text: String) throws(BazaarClientError) -> String {
        let allowed = text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard allowed, !text.isEmpty, text.utf8.count <= 128 else {
            throw BazaarClientError(.invalidInput, "'\(text)' is not an address or transaction id")
        }
        return text
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
