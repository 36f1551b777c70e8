/// An operational failure of the node: disk, configuration, start-up.
///
/// Business rejections are `ResultCode`s; this is for everything that stops the node
/// or one of its operations, with a message an operator can act on.
public struct NodeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case storage
        case corruptStore
        case configuration
        case genesisMismatch
        case network
        /// Consensus cannot go on safely (the signer state refused a signature).
        case consensus
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
