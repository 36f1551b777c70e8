public import BazaarCore

/// Which authenticated links are live, one per peer, at most `peerCountMax` of them.
///
/// A value state machine: the transport reports each link that finished its handshake and each
/// link that closed, and carries out the returned decision. When two nodes dial each other at the
/// same moment each ends up with two links; both must keep the same one without talking, so the
/// rule looks only at facts both sides share — the link dialled by the smaller key wins.
public struct PeerTable: Sendable {
    /// The most peers linked at once.
    public let peerCountMax: Int
    /// This node's key, to tell who dialled a link.
    public let localKey: PublicKey

    /// The live link of each peer.
    public private(set) var links: [PublicKey: Link] = [:]

    /// One live link.
    public struct Link: Sendable, Hashable {
        public let id: UInt64
        public let direction: LinkDirection
    }

    /// What to do with a link that finished its handshake.
    public enum Admission: Sendable, Hashable {
        /// Use the link.
        case accept
        /// Use the link and close the peer's previous one.
        case acceptReplacing(oldLinkID: UInt64)
        /// Close the link.
        case reject(Rejection)
    }

    /// Why a link was refused.
    public enum Rejection: String, Sendable, Hashable {
        /// The link leads back to this node.
        case selfLink
        /// `peerCountMax` peers are already linked.
        case tooManyPeers
        /// The peer already has a link that wins the tie-break.
        case duplicate
    }

    public init(localKey: PublicKey, peerCountMax: Int) {
        precondition(peerCountMax > 0, "a node needs room for at least one peer")
        self.localKey = localKey
        self.peerCountMax = peerCountMax
    }

    /// Number of linked peers.
    public var count: Int { links.count }

    /// Decides whether a freshly authenticated link to `peer` is used, and records it if so.
    public mutating func admit(peer: PublicKey, linkID: UInt64, direction: LinkDirection) -> Admission {
        guard peer != localKey else { return .reject(.selfLink) }
        let new = Link(id: linkID, direction: direction)
        guard let old = links[peer] else {
            guard links.count < peerCountMax else { return .reject(.tooManyPeers) }
            links[peer] = new
            return .accept
        }
        // The same dialler twice means the old link died unnoticed and was replaced; keep the new one.
        if old.direction != direction, dialler(of: old, peer: peer) < dialler(of: new, peer: peer) {
            return .reject(.duplicate)
        }
        links[peer] = new
        return .acceptReplacing(oldLinkID: old.id)
    }

    /// Forgets `linkID` if it is `peer`'s live link.
    ///
    /// - Returns: whether the peer was linked through it (and so is now unlinked).
    public mutating func closed(peer: PublicKey, linkID: UInt64) -> Bool {
        guard links[peer]?.id == linkID else { return false }
        links[peer] = nil
        return true
    }

    /// Whether `linkID` is the live link of `peer`.
    public func isLive(peer: PublicKey, linkID: UInt64) -> Bool {
        links[peer]?.id == linkID
    }

    private func dialler(of link: Link, peer: PublicKey) -> PublicKey {
        link.direction == .outbound ? localKey : peer
    }
}
