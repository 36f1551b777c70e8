import BazaarConsensus
import BazaarCore
import Testing

/// A consensus signer whose key is a small-order point: anyone could sign its votes, so none is accepted.
@Suite struct WeakSignerKeyTests {
    /// The eight small-order points, then the non-canonical encodings libsodium's list covers.
    static let weakHexes = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ]

    static let identitySignature = [UInt8](hex: weakHexes[0])! + [UInt8](repeating: 0, count: 32)

    /// A precommit from an honest validator with its key swapped for `weak` and the signature
    /// R = identity, s = 0, as a peer could send it.
    static func forgedVote(signer weak: [UInt8]) -> (bytes: [UInt8], signedPart: [UInt8]) {
        let key = PrivateKey(seed: [UInt8](repeating: 3, count: 32))!
        let vote = Vote(type: .precommit, height: 4, round: 0, value: Hash.sha256([1]), validator: key.publicKey)
        var bytes = SignedVote(signing: vote, with: key, chainID: "weak-test").canonicalBytes
        let keyOffset = bytes.count - 64 - 32
        #expect(Array(bytes[keyOffset..<(keyOffset + 32)]) == key.publicKey.bytes)
        bytes.replaceSubrange(keyOffset..<(keyOffset + 32), with: weak)
        bytes.replaceSubrange((bytes.count - 64)..., with: identitySignature)
        var signed = vote.signingBytes(chainID: "weak-test")
        let signedKeyOffset = signed.count - 32
        #expect(Array(signed[signedKeyOffset...]) == key.publicKey.bytes)
        signed.replaceSubrange(signedKeyOffset..., with: weak)
        return (bytes, signed)
    }

    @Test(arguments: weakHexes)
    func aVoteSignedForAWeakValidatorKeyIsRefused(_ hex: String) {
        let weak = [UInt8](hex: hex)!
        let forged = Self.forgedVote(signer: weak)
        let error = #expect(throws: DecodingError.self) { try SignedVote(canonicalBytes: forged.bytes) }
        if case .weakPublicKey = error?.reason {
        } else {
            Issue.record("not refused as a weak key: \(String(describing: error))")
        }
        #expect(!Ed25519.isValidSignature(Self.identitySignature, for: forged.signedPart, publicKey: weak))
    }

    @Test(arguments: weakHexes)
    func aWeakKeyCannotBeAValidator(_ hex: String) {
        #expect(PublicKey(validating: [UInt8](hex: hex)!) == nil)
    }
}
