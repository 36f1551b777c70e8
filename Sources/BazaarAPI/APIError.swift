public import Foundation

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

/// The API's JSON encoding: keys sorted, slashes unescaped, so that every server of the API (a
/// node, an indexer) writes the same value as the same bytes.
public enum APIJSON {
    /// A new encoder with the API's settings.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
