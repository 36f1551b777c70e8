import BazaarCore
import BazaarNode
import Foundation
import Testing

@Suite struct PeerListFileTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("peers-\(UUID().uuidString).json").path
    }

    @Test func aMissingFileIsAnEmptyList() throws {
        #expect(try PeerListFile(path: temporaryPath()).load().isEmpty)
    }

    @Test func peersRoundTripThroughTheFile() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let peers = [
            PeerRecord(key: PrivateKey().publicKey, host: "127.0.0.1", port: 26_656),
            PeerRecord(key: PrivateKey().publicKey, host: "127.0.0.1", port: 26_657),
        ]
        try PeerListFile(path: path).save(peers)
        #expect(try PeerListFile(path: path).load() == peers.sorted { $0.key < $1.key })
    }

    @Test func aCorruptFileIsAnError() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"[{"id":"zz","host":"h","port":1}]"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: P2PError.peerList("")) { try PeerListFile(path: path).load() }
    }
}
