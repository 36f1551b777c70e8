import NIOHTTP1

/// A request the server answers itself, with a JSON error, and then closes the connection.
struct HTTPRejection: Equatable, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String

    /// The answer to a request the HTTP parser refused.
    ///
    /// - Parameter requestLineComplete: whether the request line had ended; an overflow before
    ///   it is an over-long URI (414), after it over-long headers (431).
    static func parserError(_ error: HTTPParserError, requestLineComplete: Bool) -> HTTPRejection {
        switch error {
        case .headerOverflow where !requestLineComplete:
            HTTPRejection(status: .uriTooLong, code: "uri_too_long", message: "the request line is too long")
        case .headerOverflow:
            HTTPRejection(
                status: .requestHeaderFieldsTooLarge, code: "headers_too_large",
                message: "a header field, or the headers together, are too long")
        default:
            HTTPRejection(status: .badRequest, code: "bad_request", message: "malformed HTTP/1.1 request (\(error))")
        }
    }

    static let headTimeout = HTTPRejection(
        status: .requestTimeout, code: "request_timeout", message: "the request head did not arrive in time")
}

/// What `HTTPRequestGuard` knows of its connection: events in, one action out; no I/O.
///
/// A connection is open with some requests in flight (head read, response not yet ended), or
/// rejecting (its error response is being written; nothing more is read), or closed.
struct HTTPRequestGuardStateMachine {
    enum State: Equatable {
        case open(requestsInFlight: Int)
        case rejecting
        case closed
    }

    enum HeadAction: Equatable {
        /// Pass the head on and stop the head deadline.
        case forward
        case reject(HTTPRejection)
        case drop
    }

    enum FailureAction: Equatable {
        case reject(HTTPRejection)
        /// A response is being written for an earlier request: no room for another, just close.
        case close
        case ignore
    }

    let bodyBytesMax: Int
    private(set) var state = State.open(requestsInFlight: 0)

    init(bodyBytesMax: Int) {
        self.bodyBytesMax = bodyBytesMax
    }

    mutating func headReceived(_ head: HTTPRequestHead) -> HeadAction {
        guard case .open(let inFlight) = state else { return .drop }
        if let rejection = Self.check(head, bodyBytesMax: bodyBytesMax) {
            return inFlight == 0 ? reject(rejection) : closeNow()
        }
        state = .open(requestsInFlight: inFlight + 1)
        return .forward
    }

    /// Whether to pass on a body part or the end of a request.
    var forwardsRequestParts: Bool {
        if case .open = state { return true }
        return false
    }

    /// A response ended; true when no request is left in flight, so the head deadline restarts.
    mutating func responseEnded() -> Bool {
        guard case .open(let inFlight) = state else { return false }
        // A refused WebSocket upgrade is answered without its head ever passing here.
        state = .open(requestsInFlight: max(0, inFlight - 1))
        return inFlight <= 1
    }

    mutating func parserFailed(_ error: HTTPParserError, requestLineComplete: Bool) -> FailureAction {
        guard case .open(let inFlight) = state else { return .ignore }
        guard inFlight == 0 else {
            state = .closed
            return .close
        }
        let rejection = HTTPRejection.parserError(error, requestLineComplete: requestLineComplete)
        state = .rejecting
        return .reject(rejection)
    }

    /// The head deadline passed: answer a half-sent request with 408, close an idle connection.
    mutating func headDeadlinePassed(partialRequest: Bool) -> FailureAction {
        guard case .open(0) = state else { return .ignore }
        guard partialRequest else {
            state = .closed
            return .close
        }
        state = .rejecting
        return .reject(.headTimeout)
    }

    mutating func closed() {
        state = .closed
    }

    private mutating func reject(_ rejection: HTTPRejection) -> HeadAction {
        state = .rejecting
        return .reject(rejection)
    }

    private mutating func closeNow() -> HeadAction {
        state = .closed
        return .drop
    }

    /// What is wrong with a head the parser accepted, if anything.
    static func check(_ head: HTTPRequestHead, bodyBytesMax: Int) -> HTTPRejection? {
        guard head.version.major == 1, head.version.minor <= 1 else {
            return HTTPRejection(
                status: .httpVersionNotSupported, code: "http_version_not_supported",
                message: "only HTTP/1.0 and HTTP/1.1 are served")
        }
        let lengths = head.headers["content-length"]
        if !lengths.isEmpty, head.headers.contains(name: "transfer-encoding") {
            return HTTPRejection(
                status: .badRequest, code: "bad_request",
                message: "a request may not carry both Content-Length and Transfer-Encoding")
        }
        guard lengths.count <= 1 else {
            return HTTPRejection(status: .badRequest, code: "bad_request", message: "more than one Content-Length")
        }
        guard let text = lengths.first else { return nil }
        guard let length = UInt64(text) else {
            return HTTPRejection(
                status: .badRequest, code: "bad_request", message: "Content-Length is not a whole number")
        }
        guard length <= UInt64(bodyBytesMax) else {
            return HTTPRejection(
                status: .payloadTooLarge, code: "payload_too_large",
                message: "Content-Length exceeds \(bodyBytesMax) bytes, the most any route takes")
        }
        return nil
    }
}
