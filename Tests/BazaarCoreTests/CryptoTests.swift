import PropertyBased
import Testing

@testable import BazaarCore

@Suite("Keys, signatures, hashes and hex")
struct CryptoTests {
    // MARK: - SHA-256 (FIPS 180-2 vectors)

    @Test func sha256OfEmptyInput() {
        #expect(Hash.sha256([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256OfABC() {
        #expect(
            Hash.sha256(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256OfTwoBlockMessage() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Hash.sha256(message).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hashRequiresExactly32Bytes() {
        #expect(Hash(validating: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(Hash(validating: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(Hash.zero.bytes == [UInt8](repeating: 0, count: 32))
        #expect(Hash(hex: String(repeating: "ab", count: 32))?.bytes == [UInt8](repeating: 0xab, count: 32))
        #expect(Hash(hex: String(repeating: "ab", count: 31)) == nil)
    }

    // MARK: - Ed25519 (RFC 8032, section 7.1)

    @Test func rfc8032TestOne() throws {
        let key = try #require(
            PrivateKey(seed: [UInt8](hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!))
        #expect(key.publicKey.hex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try #require(
            Signature(
                validating: [UInt8](
                    hex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")!))
        #expect(key.publicKey.isValidSignature(signature, for: []))
        #expect(!key.publicKey.isValidSignature(signature, for: [0]))
    }

    @Test func rfc8032TestTwo() throws {
        let key = try #require(
            PrivateKey(seed: [UInt8](hex: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")!))
        #expect(key.publicKey.hex == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        let signature = try #require(
            Signature(
                validating: [UInt8](
                    hex: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")!))
        #expect(key.publicKey.isValidSignature(signature, for: [0x72]))
    }

    @Test func signaturesVerifyOnlyForTheirMessageAndKey() async {
        await propertyCheck(count: 30, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let key = Arbitrary.privateKey(&rng)
            let message = Arbitrary.bytes(Int.random(in: 0...100, using: &rng), &rng)
            let signature = key.sign(message)
            #expect(key.publicKey.isValidSignature(signature, for: message))
            #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
            #expect(!Arbitrary.publicKey(&rng).isValidSignature(signature, for: message))
            var altered = signature.bytes
            altered[Int.random(in: 0..<64, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            #expect(!key.publicKey.isValidSignature(Signature(validating: altered)!, for: message))
        }
    }

    @Test func privateKeyRestoresFromItsSeed() {
        let key = PrivateKey()
        #expect(PrivateKey(seed: key.seed)?.publicKey == key.publicKey)
        #expect(PrivateKey(seed: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(PrivateKey(seed: [UInt8](repeating: 1, count: 33)) == nil)
    }

    @Test func keysAndSignaturesRequireTheirLength() {
        #expect(PublicKey(validating: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(PublicKey(validating: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Signature(validating: [UInt8](repeating: 1, count: 63)) == nil)
        #expect(Signature(validating: [UInt8](repeating: 1, count: 65)) == nil)
    }

    // MARK: - Hex

    @Test func hexParsesEitherCase() {
        #expect([UInt8](hex: "00ff10Ab") == [0x00, 0xff, 0x10, 0xab])
        #expect([UInt8](hex: "") == [])
    }

    @Test func hexRejectsOddLengthAndNonHexDigits() {
        for text in ["0", "abc", "0g", "  ", "0x00", "ñ1", "+1"] {
            #expect([UInt8](hex: text) == nil, "\(text)")
        }
    }

    @Test func hexRoundTripsInLowercase() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let bytes = Arbitrary.bytes(Int.random(in: 0...64, using: &rng), &rng)
            #expect(bytes.hexString == bytes.hexString.lowercased())
            #expect(bytes.hexString.count == bytes.count * 2)
            #expect([UInt8](hex: bytes.hexString) == bytes)
            #expect([UInt8](hex: bytes.hexString.uppercased()) == bytes)
        }
    }
}
