/// Why the keystore could not do what was asked, with a message a person can act on.
public struct KeystoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, comparable by programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidName = "invalid_name"
            case notFound = "not_found"
            case alreadyExists = "already_exists"
            case corrupt
            case io
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The key name breaks the naming rule.
        public static let invalidName = Code(.invalidName)
        /// No key has this name.
        public static let notFound = Code(.notFound)
        /// A key with this name exists; keys are never overwritten.
        public static let alreadyExists = Code(.alreadyExists)
        /// A key file cannot be read as a key.
        public static let corrupt = Code(.corrupt)
        /// The file system refused a read or write.
        public static let io = Code(.io)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
