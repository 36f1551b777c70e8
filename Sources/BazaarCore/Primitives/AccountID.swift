/// An account: the first 20 bytes of the SHA-256 of its Ed25519 public key.
///
/// People see it as a bech32 address with the `bz` prefix (`bz1…`), whose
/// checksum catches any single mistyped character.
public struct AccountID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let byteCount = 20
    public static let addressPrefix = "bz"

    public let bytes: [UInt8]

    public init?(validating bytes: [UInt8]) {
        guard bytes.count == AccountID.byteCount else { return nil }
        self.bytes = bytes
    }

    public init(publicKey: PublicKey) {
        self.init(publicKeyBytes: publicKey.bytes)
    }

    private init(publicKeyBytes: [UInt8]) {
        bytes = Array(Hash.sha256(publicKeyBytes).bytes.prefix(AccountID.byteCount))
    }

    /// Whether this is the account of a weak key (`PublicKey.weakEncodings`): funds there can be
    /// moved by no one, since transactions from such a key are refused, so genesis refuses it.
    public var isAccountOfWeakKey: Bool { AccountID.weakKeyAccounts.contains(self) }

    private static let weakKeyAccounts = Set(PublicKey.weakEncodings.map(AccountID.init(publicKeyBytes:)))

    /// Parses a `bz1…` address; `nil` for a wrong prefix, length, character or checksum.
    public init?(address: String) {
        guard let (prefix, data) = Bech32.decode(address), prefix == AccountID.addressPrefix,
            let bytes = Bech32.convertBits(data, from: 5, to: 8, pad: false)
        else { return nil }
        self.init(validating: bytes)
    }

    public var address: String {
        Bech32.encode(prefix: AccountID.addressPrefix, data: Bech32.convertBits(bytes, from: 8, to: 5, pad: true)!)
    }

    public var description: String { address }

    /// Hashes the bytes in one call rather than one call per byte, which the
    /// synthesized conformance does; these are the keys of the hottest dictionaries.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
