import Foundation

/// A node URL's scheme, host and port, as connections need them.
struct NodeEndpoint: Sendable, Equatable {
    let isSecure: Bool
    /// A name or an address; an IPv6 address without its brackets.
    let host: String
    let port: Int

    /// - Parameters:
    ///   - text: an `http://` or `https://` URL; without a port, 80 or 443.
    ///   - given: the URL as the user gave it, for the error.
    /// - Throws: `BazaarClientError.Code.invalidInput` for anything else.
    init(parsing text: String, given: String) throws(BazaarClientError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", var host = url.host, !host.isEmpty
        else {
            throw BazaarClientError(
                .invalidInput,
                "'\(given)' is not a node URL: expected e.g. http://127.0.0.1:8080 or https://node.example.com:8080")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        isSecure = scheme == "https"
        self.host = host
        port = url.port ?? (isSecure ? 443 : 80)
    }
}
