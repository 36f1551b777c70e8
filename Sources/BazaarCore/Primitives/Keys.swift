import Crypto
import Foundation

/// An Ed25519 public key in its 32-byte raw form.
public struct PublicKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let byteCount = 32
    public let bytes: [UInt8]

    /// Wraps exactly 32 bytes, or returns `nil`. Whether they form a usable key
    /// shows at verification, which fails for any signature under a bad key.
    public init?(validating bytes: [UInt8]) {
        guard bytes.count == PublicKey.byteCount,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
        else { return nil }
        self.bytes = bytes
    }

    /// The account this key controls.
    public var accountID: AccountID { AccountID(publicKey: self) }
    public var hex: String { bytes.hexString }
    public var description: String { hex }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    ///
    /// - Complexity: one Ed25519 verification, about 50–100 µs; callers cache the outcome.
    public func isValidSignature(_ signature: Signature, for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature.bytes, for: message)
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
