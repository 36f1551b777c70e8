public import BazaarCore

/// A peer this node knows how to reach: its node key and listening address.
public struct PeerRecord: Sendable, Hashable, Codable {
    /// The peer's node key, hex-encoded in the file.
    public var key: PublicKey
    public var host: String
    public var port: Int

    public init(key: PublicKey, host: String, port: Int) {
        self.key = key
        self.host = host
        self.port = port
    }

    private enum CodingKeys: String, CodingKey {
        case id, host, port
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let hex = try container.decode(String.self, forKey: .id)
        guard let bytes = [UInt8](hex: hex), let key = PublicKey(validating: bytes) else {
            throw Swift.DecodingError.dataCorruptedError(
                forKey: .id, in: container, debugDescription: "not a 32-byte hex Ed25519 key")
        }
        self.key = key
        host = try container.decode(String.self, forKey: .host)
        port = try container.decode(Int.self, forKey: .port)
        guard (1...65_535).contains(port) else {
            throw Swift.DecodingError.dataCorruptedError(
                forKey: .port, in: container, debugDescription: "port out of range")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.hex, forKey: .id)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
    }
}
