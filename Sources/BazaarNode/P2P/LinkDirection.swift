/// Which side opened a link.
public enum LinkDirection: String, Sendable, Hashable {
    /// This node dialled the peer.
    case outbound
    /// The peer dialled this node.
    case inbound
}
