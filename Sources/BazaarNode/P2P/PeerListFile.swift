import Foundation

/// The persistent list of known peers: a small JSON array of `{id, host, port}` in one file.
///
/// Written whole to a temporary file and renamed over the old one, so a crash mid-write leaves
/// either the old list or the new one, never half of either.
public struct PeerListFile: Sendable {
    /// Where the list lives.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The peers in the file, sorted by key; an empty list if the file does not exist yet.
    ///
    /// - Throws: `P2PError.peerList` if the file exists but cannot be read or parsed.
    public func load() throws -> [PeerRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode([PeerRecord].self, from: data)
        } catch {
            throw P2PError.peerList("cannot read the peer list at \(path): \(error)")
        }
    }

    /// Replaces the file's contents with `peers`, sorted by key so the file is stable between writes.
    ///
    /// - Throws: `P2PError.peerList` if the file cannot be written.
    public func save(_ peers: [PeerRecord]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(peers.sorted { $0.key < $1.key })
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw P2PError.peerList("cannot write the peer list at \(path): \(error)")
        }
    }
}
