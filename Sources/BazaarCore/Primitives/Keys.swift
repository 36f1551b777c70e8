import CSodium
import Crypto
import Foundation

/// An Ed25519 public key in its 32-byte raw form, never a weak one.
///
/// A small-order point (there are eight) or a non-canonical encoding is refused, as libsodium's
/// verification refuses it: under the identity key `01 00…00`, the signature R = identity,
/// s = 0 verifies for every message, so anyone could spend from that key's account.
public struct PublicKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let byteCount = 32
    public let bytes: [UInt8]

    /// Wraps exactly 32 bytes that are not a weak key (`weakness(of:)`), or returns `nil`.
    /// Whether they are a point of the curve at all shows at verification, which fails for
    /// any signature under such bytes.
    public init?(validating bytes: [UInt8]) {
        guard bytes.count == PublicKey.byteCount, PublicKey.weakness(of: bytes) == nil else { return nil }
        self.bytes = bytes
    }

    /// Why 32 bytes cannot be a key anyone relies on.
    public enum Weakness: Sendable, Hashable, CustomStringConvertible {
        /// A point of order 1, 2, 4 or 8, in any encoding: signatures under it can be forged.
        case smallOrder
        /// The y coordinate is not below the field prime: the same point has a shorter encoding.
        case nonCanonical

        public var description: String {
            switch self {
            case .smallOrder: "a small-order point, under which anyone can sign"
            case .nonCanonical: "a non-canonical encoding (y is not below 2^255 - 19)"
            }
        }
    }

    /// The weakness of a 32-byte key encoding, or `nil` for one that verification may use.
    ///
    /// Exactly the checks libsodium 1.0.18's `crypto_sign_verify_detached` makes of a public key
    /// (and of R) before verifying: `ge25519_has_small_order`, a list of the small-order
    /// encodings compared without the sign bit, and `ge25519_is_canonical`. Refusing these when
    /// a key is decoded turns away a weak key at the boundary with its cause, rather than as a
    /// failed signature later.
    ///
    /// - Precondition: `bytes.count == 32`.
    /// - Complexity: O(1): a comparison with seven 32-byte encodings.
    public static func weakness(of bytes: [UInt8]) -> Weakness? {
        precondition(bytes.count == byteCount, "an Ed25519 key encoding is 32 bytes")
        var masked = bytes
        masked[31] &= 0x7F
        if smallOrderEncodings.contains(masked) { return .smallOrder }
        // y >= p = 2^255 - 19: the low 255 bits are all ones except the lowest byte, which is at least 0xED.
        if masked[31] == 0x7F, masked[1...30].allSatisfy({ $0 == 0xFF }), masked[0] >= 0xED { return .nonCanonical }
        return nil
    }

    /// Every 32-byte string that `weakness(of:)` refuses: each small-order encoding with either
    /// sign bit, and every y from p to 2^255 - 1 with either sign bit (48 strings).
    public static let weakEncodings: [[UInt8]] = {
        var encodings = smallOrderEncodings.flatMap { encoding in
            [encoding, Array(encoding.dropLast()) + [encoding[31] | 0x80]]
        }
        for low in UInt8(0xED)...UInt8(0xFF) {
            for top in [UInt8(0x7F), 0xFF] {
                let encoding = [low] + [UInt8](repeating: 0xFF, count: 30) + [top]
                if !encodings.contains(encoding) { encodings.append(encoding) }
            }
        }
        return encodings
    }()

    /// The y coordinates (sign bit clear) of the small-order points, as libsodium lists them:
    /// 0 (order 4), 1 (order 1), the two of order 8, p - 1 (order 2), and p and p + 1, the
    /// non-canonical encodings of 0 and 1.
    static let smallOrderEncodings: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [1] + [UInt8](repeating: 0, count: 31),
        [
            0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
            0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05,
        ],
        [
            0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
            0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A,
        ],
        [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
    ]

    /// The account this key controls.
    public var accountID: AccountID { AccountID(publicKey: self) }
    public var hex: String { bytes.hexString }
    public var description: String { hex }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    ///
    /// - Complexity: one Ed25519 verification (`Ed25519.isValidSignature`), about 60 µs; callers
    ///   cache the outcome.
    public func isValidSignature(_ signature: Signature, for message: [UInt8]) -> Bool {
        Ed25519.isValidSignature(signature.bytes, for: message, publicKey: bytes)
    }

    /// Hashes the bytes in one call rather than one call per byte, which the
    /// synthesized conformance does; these are the keys of the hottest dictionaries.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: PublicKey, rhs: PublicKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// An Ed25519 signature in its 64-byte raw form.
public struct Signature: Sendable, Hashable {
    public static let byteCount = 64
    public let bytes: [UInt8]

    public init?(validating bytes: [UInt8]) {
        guard bytes.count == Signature.byteCount else { return nil }
        self.bytes = bytes
    }
}

/// An Ed25519 signing key. It never appears in consensus state; only keystores and tests hold one.
public struct PrivateKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A new key from the system's secure random source.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// Restores a key from its 32-byte seed, or returns `nil` for any other length.
    public init?(seed: [UInt8]) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            return nil
        }
        self.key = key
    }

    /// The 32-byte seed; print it only when the owner explicitly asks.
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    public var publicKey: PublicKey {
        PublicKey(validating: Array(key.publicKey.rawRepresentation))!
    }

    public func sign(_ message: [UInt8]) -> Signature {
        // Signing fails only if the platform's random source fails, which no caller can handle.
        guard let signature = try? key.signature(for: message) else {
            preconditionFailure("Ed25519 signing failed")
        }
        return Signature(validating: Array(signature))!
    }
}

/// The one Ed25519 verifier of the chain: libsodium's `crypto_sign_verify_detached`.
///
/// Every node must accept exactly the same signatures, so every verification, of transactions,
/// votes, proposals and evidence alike, goes through here. libsodium refuses small-order and
/// non-canonical public keys and R values and a scalar s not below the group order, so no
/// signature verifies for every message; and it verifies 1.3–1.6x as many signatures per second
/// as swift-crypto's BoringSSL on this project's machine (docs/PERFORMANCE.md). Signing stays
/// with swift-crypto: its signatures are standard, and any standard verifier accepts them.
public enum Ed25519 {
    /// Whether `signature` (R ‖ s, 64 bytes) is a valid signature of `message` under the 32-byte `publicKey`.
    ///
    /// - Complexity: one verification, about 60 µs; safe to call from many threads at once.
    public static func isValidSignature(_ signature: [UInt8], for message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == Signature.byteCount, publicKey.count == PublicKey.byteCount else { return false }
        precondition(isInitialized, "libsodium failed to initialize")
        return signature.withUnsafeBufferPointer { signatureBytes in
            message.withUnsafeBufferPointer { messageBytes in
                publicKey.withUnsafeBufferPointer { keyBytes in
                    crypto_sign_verify_detached(
                        signatureBytes.baseAddress!, messageBytes.baseAddress, UInt64(messageBytes.count),
                        keyBytes.baseAddress!) == 0
                }
            }
        }
    }

    /// `sodium_init` once per process (a global's initializer runs once, thread-safely);
    /// it returns 0, or 1 when already initialized, and -1 only when it cannot run at all.
    private static let isInitialized: Bool = sodium_init() >= 0
}
