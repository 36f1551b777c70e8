/// Why the indexer stopped or refused something, with a message a person can act on.
public struct IndexerError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// A PostgreSQL URL or option that cannot be used.
        case configuration
        /// The database's schema is newer than this indexer, or a migration failed.
        case schema
        /// The database belongs to another chain than the node's.
        case chainMismatch
        /// A block that does not follow the indexed height: a gap, or another writer.
        case notNextBlock
        /// The node answered something that is not a history feed page.
        case feed
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
