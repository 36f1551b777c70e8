/// A failure of the peer-to-peer link layer, with a code callers can switch on.
///
/// The code enum is private so that codes can be added without breaking callers
/// (the swift-nio error style); callers compare against the static members.
public struct P2PError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case frameTooLarge
        case emptyFrame
        case notRunning
        case identity
        case peerList
        case queueFull
    }

    private let code: Code
    /// What happened, for logs and operators.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// Equal when the codes match; the message is only for people.
    public static func == (lhs: P2PError, rhs: P2PError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A peer announced a frame longer than the limit.
    public static func frameTooLarge(_ length: Int, limit: Int) -> P2PError {
        P2PError(.frameTooLarge, "frame of \(length) bytes exceeds the limit of \(limit) bytes")
    }
    /// A peer sent a frame with no payload, which no canonical message encodes to.
    public static let emptyFrame = P2PError(.emptyFrame, "zero-length frame")
    /// A peer's outbound queue was full and the frame was dropped (and counted).
    public static let queueFull = P2PError(.queueFull, "the peer's outbound queue is full")
    /// The transport is not listening or has been closed.
    public static let notRunning = P2PError(.notRunning, "the transport is not running")
    /// The node key could not be turned into a TLS certificate or key.
    public static func identity(_ message: String) -> P2PError { P2PError(.identity, message) }
    /// The peer list file could not be read or written.
    public static func peerList(_ message: String) -> P2PError { P2PError(.peerList, message) }
}
