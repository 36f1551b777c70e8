/// The body of every error response: a stable machine-readable code and a sentence for people.
///
/// `code` is a result code name such as `bad_signature` for a rejected
/// transaction, or one of `bad_request`, `not_found`, `payload_too_large`,
/// `internal` for HTTP-level failures.
public struct APIError: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
