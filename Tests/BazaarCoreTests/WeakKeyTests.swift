import CSodium
import Crypto
import Foundation
import Testing

@testable import BazaarCore

/// Small-order and non-canonical Ed25519 keys and R values: no key may be one anyone can sign for.
@Suite struct WeakKeyTests {
    /// The eight small-order points in their canonical encodings, with their orders.
    static let smallOrderPoints: [(hex: String, order: Int)] = [
        ("0100000000000000000000000000000000000000000000000000000000000000", 1),
        ("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 2),
        ("0000000000000000000000000000000000000000000000000000000000000000", 4),
        ("0000000000000000000000000000000000000000000000000000000000000080", 4),
        ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", 8),
        ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", 8),
        ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", 8),
        ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", 8),
    ]

    /// Non-canonical encodings of small-order points that libsodium's list also covers: x = 0 with
    /// the sign bit set, and y = p and y = p + 1 (0 and 1 again) with either sign bit.
    static let nonCanonicalSmallOrder = [
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ]

    /// Every weak encoding the tests try: the eight points, then the non-canonical ones.
    static let weakHexes = smallOrderPoints.map(\.hex) + nonCanonicalSmallOrder

    static func bytes(_ hex: String) -> [UInt8] { [UInt8](hex: hex)! }

    /// R = identity, s = 0: `[s]B = R + [h]A` holds whenever the order of A divides h.
    static let identitySignature = bytes(smallOrderPoints[0].hex) + [UInt8](repeating: 0, count: 32)

    /// h = SHA-512(R ‖ A ‖ M) reduced modulo the group order, as both verifiers compute it.
    static func challenge(r: [UInt8], key: [UInt8], message: [UInt8]) -> [UInt8] {
        let digest = Array(SHA512.hash(data: r + key + message))
        var reduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&reduced, digest)
        return reduced
    }

    /// A message for which R = identity, s = 0 is a valid signature under a key of this order,
    /// to a verifier that does not refuse small-order keys.
    static func forgeableMessage(key: [UInt8], order: Int) -> [UInt8] {
        for counter in 0..<UInt32(4096) {
            let message = Array("pay the attacker \(counter)".utf8)
            let h = challenge(r: Array(identitySignature.prefix(32)), key: key, message: message)
            // h is little-endian, so h mod 8 is its low three bits.
            if Int(h[0]) % order == 0 { return message }
        }
        preconditionFailure("no forgeable message among 4096")
    }

    @Test(arguments: weakHexes)
    func aWeakEncodingIsNeverAPublicKey(_ hex: String) {
        let key = Self.bytes(hex)
        #expect(PublicKey(validating: key) == nil)
        #expect(PublicKey.weakness(of: key) != nil)
        #expect(PublicKey.weakEncodings.contains(key))
        var reader = CanonicalReader(key)
        #expect(throws: DecodingError.self) { try PublicKey(from: &reader) }
    }

    @Test(arguments: smallOrderPoints.map(\.hex) + nonCanonicalSmallOrder)
    func aWeakEncodingIsRefusedAsASmallOrderPoint(_ hex: String) {
        #expect(PublicKey.weakness(of: Self.bytes(hex)) == .smallOrder)
    }

    @Test func otherEncodingsWithYAtLeastPAreNonCanonical() {
        for low in UInt8(0xEF)...UInt8(0xFF) {
            let encoding = [low] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
            #expect(PublicKey.weakness(of: encoding) == .nonCanonical, "\(encoding.hexString)")
        }
        // y = p - 2 is canonical (it may or may not be on the curve; verification decides).
        let below = [UInt8(0xEB)] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        #expect(PublicKey.weakness(of: below) == nil)
        #expect(PublicKey.weakEncodings.count == 48)
    }

    @Test(arguments: smallOrderPoints)
    func aSignatureForgedUnderASmallOrderKeyDoesNotVerify(_ hex: String, _ order: Int) {
        let key = Self.bytes(hex)
        let message = Self.forgeableMessage(key: key, order: order)
        // BoringSSL (swift-crypto), the node's verifier before, accepts the forgery: the attack is real.
        let boringSSL = try? Curve25519.Signing.PublicKey(rawRepresentation: key)
        #expect(boringSSL?.isValidSignature(Self.identitySignature, for: message) == true)
        #expect(!Ed25519.isValidSignature(Self.identitySignature, for: message, publicKey: key))
    }

    @Test(arguments: nonCanonicalSmallOrder)
    func aSignatureUnderANonCanonicalSmallOrderKeyDoesNotVerify(_ hex: String) {
        let key = Self.bytes(hex)
        for counter in 0..<UInt8(16) {
            #expect(!Ed25519.isValidSignature(Self.identitySignature, for: [counter], publicKey: key))
        }
    }

    /// A genuine key's owner can make R = identity verify with s = h·a; libsodium refuses any small-order R.
    @Test(arguments: weakHexes)
    func aSmallOrderROrANonCanonicalRDoesNotVerify(_ hex: String) {
        let seed = [UInt8](repeating: 7, count: 32)
        let key = PrivateKey(seed: seed)!
        let message = Array("a transfer".utf8)
        let r = Self.bytes(hex)
        var expanded = Array(SHA512.hash(data: seed))
        expanded[0] &= 248
        expanded[31] &= 127
        expanded[31] |= 64
        var a = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&a, Array(expanded.prefix(32)) + [UInt8](repeating: 0, count: 32))
        let h = Self.challenge(r: r, key: key.publicKey.bytes, message: message)
        var s = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_mul(&s, h, a)
        let signature = r + s
        if hex == Self.smallOrderPoints[0].hex {
            let boringSSL = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey.bytes)
            #expect(boringSSL?.isValidSignature(signature, for: message) == true)
        }
        #expect(!Ed25519.isValidSignature(signature, for: message, publicKey: key.publicKey.bytes))
        #expect(!key.publicKey.isValidSignature(Signature(validating: signature)!, for: message))
    }

    @Test func anOrdinarySignatureStillVerifiesAndATamperedOneDoesNot() {
        let key = PrivateKey()
        let message = Array("hello".utf8)
        let signature = key.sign(message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
        var bytes = signature.bytes
        bytes[63] ^= 0x10
        #expect(!key.publicKey.isValidSignature(Signature(validating: bytes)!, for: message))
    }

    /// The attack as it was seen: a transfer from the identity key, signed R = identity, s = 0.
    @Test(arguments: weakHexes)
    func aTransactionFromAWeakKeyIsRefusedAtAdmissionAsWeakKey(_ hex: String) throws {
        let bytes = Self.transaction(fromWeakKey: Self.bytes(hex))
        guard case .failure(let rejection) = Application.admit(bytes, chainID: TestChain.chainID) else {
            Issue.record("a transaction from \(hex) was admitted")
            return
        }
        #expect(rejection.code == .weakKey)
        #expect(rejection.code.name == "weak_key")
    }

    /// The canonical bytes of a transfer whose sender is `key`, signed R = identity, s = 0.
    static func transaction(fromWeakKey key: [UInt8]) -> [UInt8] {
        let chain = TestChain()
        let honest = chain.sign(from: 1, [.transfer(5_000_000, to: chain.id(2))])
        var bytes = honest.canonicalBytes
        // After the chain id (u32 length, then its bytes) comes the sender key.
        let senderOffset = 4 + TestChain.chainID.utf8.count
        #expect(Array(bytes[senderOffset..<(senderOffset + 32)]) == honest.transaction.sender.bytes)
        bytes.replaceSubrange(senderOffset..<(senderOffset + 32), with: key)
        bytes.replaceSubrange((bytes.count - 64)..., with: identitySignature)
        return bytes
    }

    @Test(arguments: weakHexes)
    func genesisRefusesAnAccountOfAWeakKey(_ hex: String) throws {
        let chain = TestChain()
        var genesis = chain.genesis
        let weakAccount = AccountID(validating: Array(Hash.sha256(Self.bytes(hex)).bytes.prefix(20)))!
        #expect(weakAccount.isAccountOfWeakKey)
        genesis.balances.append(
            Genesis.Balance(account: weakAccount, asset: TestChain.feeAsset, amount: Amount(baseUnits: 5)))
        #expect(throws: GenesisError.self) { try genesis.makeState() }
        #expect(!chain.id(1).isAccountOfWeakKey)
        #expect(throws: Never.self) { try chain.genesis.makeState() }
    }
}
