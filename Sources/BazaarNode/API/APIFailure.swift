public import BazaarAPI
public import BazaarCore
public import BazaarHistory
import Foundation
public import Hummingbird
import NIOCore

/// An error response with the API's JSON body `{code, message}`.
public struct APIFailure: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let body: APIError

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        body = APIError(code: code, message: message)
    }

    /// The response for a transaction turned away at admission.
    ///
    /// Problems with the transaction itself are 400; ones with its place in the
    /// sender's sequence or balance are 422; a duplicate, or a second transaction for a pending
    /// nonce, is 409; a full mempool 503.
    public init(_ rejection: Rejection) {
        let status: HTTPResponse.Status =
            switch rejection.code {
            case .duplicate, .noncePending: .conflict
            case .mempoolFull: .serviceUnavailable
            case .nonceTooLow, .nonceTooHigh, .expired, .insufficientFee, .feeBelowMinimum: .unprocessableContent
            default: .badRequest
            }
        self.init(status, code: rejection.code.name, message: rejection.description)
    }

    /// A refused history read: 400 or 404 with its code and message.
    public init(_ refusal: HistoryReadError) {
        status = refusal.status == .notFound ? .notFound : .badRequest
        body = refusal.body
    }

    public static func badRequest(_ message: String) -> APIFailure {
        APIFailure(.badRequest, code: "bad_request", message: message)
    }

    public static func notFound(_ message: String) -> APIFailure {
        APIFailure(.notFound, code: "not_found", message: message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(body, status: status)
    }
}

/// Turns every error into the API's JSON error shape, so clients parse one format.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let failure as APIFailure {
            throw failure
        } catch is NIOTooManyBytesError {
            throw APIFailure(
                .contentTooLarge, code: "payload_too_large",
                message: "request body exceeds \(APIRoutes.requestBodyBytesMax) bytes")
        } catch let error as HTTPError where error.status == .notFound {
            // No route matched: a path the API has, asked with a method it does not take, is 405.
            guard let methods = OpenAPIDocument.methods(at: request.uri.path) else {
                throw APIFailure.notFound("no route \(request.method) \(EchoedInput.quoted(request.uri.path))")
            }
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            var response = try JSONResponse.make(
                APIError(code: "method_not_allowed", message: "\(EchoedInput.quoted(request.uri.path)) takes \(allow)"),
                status: .methodNotAllowed)
            response.headers[.allow] = allow
            return response
        } catch let error as HTTPError {
            let code =
                switch error.status {
                case .notFound: "not_found"
                case .contentTooLarge: "payload_too_large"
                case .methodNotAllowed: "method_not_allowed"
                default: error.status.code < 500 ? "bad_request" : "internal"
                }
            throw APIFailure(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw APIFailure(.internalServerError, code: "internal", message: "internal error")
        }
    }
}

/// JSON bodies with a stable key order.
enum JSONResponse {
    static let encoder = APIJSON.makeEncoder()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
