import BazaarCore
import BazaarNode
import Testing

@Suite struct PeerTableTests {
    private let keys = (0..<3).map { _ in PrivateKey().publicKey }.sorted()

    @Test func aLinkToItselfIsRefused() {
        var table = PeerTable(localKey: keys[0], peerCountMax: 4)
        #expect(table.admit(peer: keys[0], linkID: 1, direction: .inbound) == .reject(.selfLink))
    }

    @Test func peersBeyondTheMaximumAreRefused() {
        var table = PeerTable(localKey: keys[0], peerCountMax: 1)
        #expect(table.admit(peer: keys[1], linkID: 1, direction: .outbound) == .accept)
        #expect(table.admit(peer: keys[2], linkID: 2, direction: .inbound) == .reject(.tooManyPeers))
    }

    @Test func bothEndsOfACrossedDialKeepTheLinkDialledByTheSmallerKey() {
        // keys[0] < keys[1]: the link keys[0] dialled survives on both nodes.
        var small = PeerTable(localKey: keys[0], peerCountMax: 4)
        var large = PeerTable(localKey: keys[1], peerCountMax: 4)
        #expect(small.admit(peer: keys[1], linkID: 1, direction: .outbound) == .accept)
        #expect(small.admit(peer: keys[1], linkID: 2, direction: .inbound) == .reject(.duplicate))
        #expect(large.admit(peer: keys[0], linkID: 1, direction: .outbound) == .accept)
        #expect(large.admit(peer: keys[0], linkID: 2, direction: .inbound) == .acceptReplacing(oldLinkID: 1))
        #expect(small.links[keys[1]]?.direction == .outbound)
        #expect(large.links[keys[0]]?.direction == .inbound)
    }

    @Test func aReconnectFromTheSameSideReplacesTheStaleLink() {
        var table = PeerTable(localKey: keys[0], peerCountMax: 4)
        _ = table.admit(peer: keys[1], linkID: 1, direction: .inbound)
        #expect(table.admit(peer: keys[1], linkID: 2, direction: .inbound) == .acceptReplacing(oldLinkID: 1))
        let closedStale = table.closed(peer: keys[1], linkID: 1)
        #expect(!closedStale)
        let closedLive = table.closed(peer: keys[1], linkID: 2)
        #expect(closedLive)
        #expect(table.count == 0)
    }
}
