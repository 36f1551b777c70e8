import Crypto
public import Foundation

/// A SHA-256 digest: transaction ids, block hashes and application hashes.
public struct Hash: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let byteCount = 32
    /// The all-zero hash, used where there is no predecessor (the block before height 1).
    public static let zero = Hash(validating: [UInt8](repeating: 0, count: byteCount))!

    public let bytes: [UInt8]

    /// Wraps exactly 32 bytes, or returns `nil`.
    public init?(validating bytes: [UInt8]) {
        guard bytes.count == Hash.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hexadecimal digits.
    public init?(hex: some StringProtocol) {
        guard let bytes = [UInt8](hex: hex) else { return nil }
        self.init(validating: bytes)
    }

    /// The SHA-256 digest of `data`.
    public static func sha256(_ data: some DataProtocol) -> Hash {
        Hash(digest: SHA256.hash(data: data))
    }

    init(digest: SHA256.Digest) {
        self.bytes = Array(digest)
    }

    public var hex: String { bytes.hexString }
    public var description: String { hex }

    /// Hashes the bytes in one call rather than one call per byte, which the
    /// synthesized conformance does; these are the keys of the hottest dictionaries.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: Hash, rhs: Hash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension [UInt8] {
    /// Parses an even number of hexadecimal digits, either case; `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    /// Lowercase hexadecimal digits.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

private func hexValue(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
    default: nil
    }
}
