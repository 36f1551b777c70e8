import PropertyBased
import Testing

@testable import BazaarCore

@Suite("Account ids and addresses")
struct AccountIDTests {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")

    @Test func addressRoundTrips() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let id = Arbitrary.accountID(&rng)
            #expect(id.address.hasPrefix("bz1"))
            #expect(id.address.count == 41)
            #expect(AccountID(address: id.address) == id)
            #expect(AccountID(address: id.address.uppercased()) == id)
        }
    }

    @Test func anySingleCharacterChangeIsRejected() async {
        await propertyCheck(count: 5, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let address = Array(Arbitrary.accountID(&rng).address)
            var accepted = [String]()
            for index in address.indices {
                let replacements = index < 2 ? Array("abcdefghijklmnopqrstuvwxyz") : Self.charset + ["1"]
                for replacement in replacements where replacement != address[index] {
                    var changed = address
                    changed[index] = replacement
                    if AccountID(address: String(changed)) != nil { accepted.append(String(changed)) }
                }
            }
            #expect(accepted.isEmpty)
        }
    }

    @Test func idIsTheFirstTwentyBytesOfTheKeyHash() {
        let key = TestChain.key(0).publicKey
        #expect(AccountID(publicKey: key).bytes == Array(Hash.sha256(key.bytes).bytes.prefix(20)))
        #expect(key.accountID == AccountID(publicKey: key))
    }

    @Test func knownAddress() {
        let id = AccountID(validating: [UInt8](repeating: 0, count: 20))!
        #expect(id.address == "bz1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqw59j8j")
    }

    @Test func wrongPrefixIsRejected() {
        let id = TestChain.key(1).publicKey.accountID
        let data = Bech32.convertBits(id.bytes, from: 8, to: 5, pad: true)!
        #expect(AccountID(address: Bech32.encode(prefix: "bz", data: data)) == id)
        #expect(AccountID(address: Bech32.encode(prefix: "bc", data: data)) == nil)
        #expect(AccountID(address: Bech32.encode(prefix: "bzz", data: data)) == nil)
    }

    @Test func mixedCaseIsRejected() {
        let address = TestChain.key(1).publicKey.accountID.address
        let mixed = address.prefix(5).uppercased() + address.dropFirst(5)
        #expect(AccountID(address: mixed) == nil)
    }

    @Test func wrongLengthIsRejected() {
        for byteCount in [0, 19, 21, 32] {
            let data = Bech32.convertBits([UInt8](repeating: 7, count: byteCount), from: 8, to: 5, pad: true)!
            #expect(AccountID(address: Bech32.encode(prefix: "bz", data: data)) == nil, "\(byteCount) bytes")
        }
        let address = TestChain.key(1).publicKey.accountID.address
        #expect(AccountID(address: String(address.dropLast())) == nil)
        #expect(AccountID(address: address + "q") == nil)
        #expect(AccountID(address: "") == nil)
        #expect(AccountID(address: "bz1") == nil)
    }

    @Test func idsOrderByBytes() {
        let low = AccountID(validating: [0] + [UInt8](repeating: 0xff, count: 19))!
        let high = AccountID(validating: [1] + [UInt8](repeating: 0, count: 19))!
        #expect(low < high)
        #expect(AccountID(validating: [UInt8](repeating: 0, count: 19)) == nil)
    }

    // MARK: - Bech32, BIP-173 test vectors

    @Test(arguments: [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ])
    func bip173ValidStrings(text: String) {
        let decoded = Bech32.decode(text)
        #expect(decoded != nil)
        if let decoded {
            #expect(Bech32.encode(prefix: decoded.prefix, data: decoded.data) == text.lowercased())
        }
    }

    @Test(arguments: [
        "\u{20}1nwldj5",  // prefix character out of range
        "\u{7F}1axkwrx",  // prefix character out of range
        "\u{80}1eym55h",  // prefix character out of range
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",  // too long
        "pzry9x0s0muk",  // no separator
        "1pzry9x0s0muk",  // empty prefix
        "x1b4n0q5v",  // invalid data character
        "li1dgmt3",  // checksum too short
        "de1lg7wt\u{FF}",  // invalid character in checksum
        "A1G7SGD8",  // checksum computed with the uppercase prefix
        "10a06t8",  // empty prefix
        "1qzzfhee",  // empty prefix
    ])
    func bip173InvalidStrings(text: String) {
        #expect(Bech32.decode(text) == nil)
    }
}
