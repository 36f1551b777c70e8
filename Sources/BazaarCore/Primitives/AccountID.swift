/// An account: the first 20 bytes of the SHA-256 of its Ed25519 public key.
///
/// People see it as a bech32 address with the `bz` prefix (`bz1…`), whose
/// checksum catches any single mistyped character.
public struct AccountID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let byteCount = 20  // `<` reads it as 8 + 8 + 4 bytes
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

    /// Byte order, compared as two big-endian 64-bit words and a 32-bit one: the scans of
    /// every margin account sort by account, and the generic byte loop showed in their profile.
    public static func < (lhs: AccountID, rhs: AccountID) -> Bool {
        lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
                    UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                }
                let (left0, right0) = (word(left, 0), word(right, 0))
                if left0 != right0 { return left0 < right0 }
                let (left8, right8) = (word(left, 8), word(right, 8))
                if left8 != right8 { return left8 < right8 }
                let left16 = UInt32(bigEndian: left.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
                let right16 = UInt32(bigEndian: right.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
                return left16 < right16
            }
        }
    }
}
