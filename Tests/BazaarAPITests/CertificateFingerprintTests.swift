import BazaarAPI
import BazaarCore
import Foundation
import Testing

/// SHA-256 of the three bytes "abc" (FIPS 180-2, appendix B.1), in hex and as a fingerprint.
private let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
private let abcText =
    "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"

/// How certificate fingerprints are written and read: as browsers and openssl show them, and as a
/// user may paste them.
@Suite struct CertificateFingerprintTests {
    @Test func aFingerprintIsTheSHA256OfTheDERInUpperCaseHexWithColons() {
        let fingerprint = CertificateFingerprint(certificateDER: Array("abc".utf8))
        #expect(fingerprint.digest.hex == abcDigest)
        #expect(fingerprint.description == abcText)
    }

    @Test func aLeadingZeroOfAByteIsWritten() throws {
        let digest = try #require(Hash(validating: [0x00, 0x0f] + Array(repeating: 0xa0, count: 30)))
        #expect(CertificateFingerprint(digest: digest).description.hasPrefix("00:0F:A0:"))
    }

    @Test(arguments: [
        abcText, abcText.lowercased(), abcDigest, abcDigest.uppercased(), "  \(abcText)\n",
        "sha256 Fingerprint=\(abcText)", "SHA256 Fingerprint=\(abcText)",
    ])
    func theFormsUsersPasteAreRead(_ text: String) throws {
        let fingerprint = try #require(CertificateFingerprint(parsing: text))
        #expect(fingerprint.digest.hex == abcDigest)
    }

    @Test(arguments: [
        "", "AB", String(abcText.dropLast(3)), abcText + ":00", String(abcDigest.dropLast(2)), abcDigest + "00",
        abcText.replacingOccurrences(of: "BA:78", with: "BA78:"), abcText.replacingOccurrences(of: ":", with: "-"),
        "ZZ" + abcText.dropFirst(2), abcText.replacingOccurrences(of: "BA:", with: "B:A"),
    ])
    func anythingElseIsRefused(_ text: String) {
        #expect(CertificateFingerprint(parsing: text) == nil, "\(text)")
    }

    @Test func writingAndReadingAgreeForAnyDigest() throws {
        for seed in 0..<64 {
            let digest = Hash.sha256(Array("certificate \(seed)".utf8))
            let fingerprint = CertificateFingerprint(digest: digest)
            #expect(CertificateFingerprint(parsing: fingerprint.description) == fingerprint)
        }
    }
}
