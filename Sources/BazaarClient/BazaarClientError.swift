/// An operational failure of the SDK: the node cannot be reached, answered
/// something unexpected, a wait ran out, or user input is not valid.
///
/// The code is a struct over a private enum so that codes can be added
/// without breaking callers that switch on them.
public struct BazaarClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in a form a program can compare.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case nodeUnreachable = "node_unreachable"
            case unexpectedResponse = "unexpected_response"
            case timeout
            case invalidInput = "invalid_input"
            case tlsCertificateMismatch = "tls_certificate_mismatch"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The node did not accept a connection or did not answer in time.
        public static let nodeUnreachable = Code(.nodeUnreachable)
        /// The node answered with a body this SDK cannot read.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// A wait, such as for a transaction to commit, ran out.
        public static let timeout = Code(.timeout)
        /// An address, symbol, amount or other user input is not valid.
        public static let invalidInput = Code(.invalidInput)
        /// The node presented a TLS certificate other than the pinned one.
        public static let tlsCertificateMismatch = Code(.tlsCertificateMismatch)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// A sentence a person can act on.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
