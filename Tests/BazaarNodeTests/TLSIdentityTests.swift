import Foundation
import Testing

@testable import BazaarNode

/// `--tls-cert` and `--tls-key`: a pair that does not belong together, a file that is not there
/// or not PEM, and a certificate out of its validity stop the node at start with a message
/// naming the file.
@Suite struct TLSIdentityTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Writes a new self-signed pair into a new directory; returns the directory and the two files.
    static func pair() throws -> (directory: URL, certificate: URL, key: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(names: ["localhost"], now: now)
        let certificate = directory.appendingPathComponent("cert.pem")
        let key = directory.appendingPathComponent("key.pem")
        try certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        try keyPEM.write(to: key, atomically: true, encoding: .utf8)
        return (directory, certificate, key)
    }

    static func expect(
        _ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ load: () throws -> TLSIdentity
    ) {
        let error = #expect(throws: NodeError.self, sourceLocation: sourceLocation) { try load() }
        #expect(
            error?.message.contains(message) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func aMatchingPairLoadsWithTheFingerprintOfItsCertificate() throws {
        let (directory, certificate, key) = try Self.pair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try TLSIdentity.load(certificateFile: certificate, keyFile: key, now: Self.now)
        let again = try TLSIdentity.load(certificateFile: certificate, keyFile: key, now: Self.now)
        #expect(identity.fingerprint == again.fingerprint)
        #expect(identity.subjectAlternativeNames == ["localhost"])
        // Chromium's --ignore-certificate-errors-spki-list takes base64 of 32 bytes.
        #expect(Data(base64Encoded: identity.publicKeySHA256Base64)?.count == 32)
    }

    @Test func aKeyOfAnotherCertificateIsRefused() throws {
        let first = try Self.pair()
        let second = try Self.pair()
        defer {
            try? FileManager.default.removeItem(at: first.directory)
            try? FileManager.default.removeItem(at: second.directory)
        }
        Self.expect(
            "the TLS private key in \(second.key.path) is not the key of the certificate in \(first.certificate.path)"
        ) {
            try TLSIdentity.load(certificateFile: first.certificate, keyFile: second.key, now: Self.now)
        }
    }

    @Test func aMissingOrUnreadableFileIsNamed() throws {
        let (directory, certificate, key) = try Self.pair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.pem")
        Self.expect("cannot read the TLS certificate file \(missing.path)") {
            try TLSIdentity.load(certificateFile: missing, keyFile: key, now: Self.now)
        }
        Self.expect("cannot read the TLS key file \(missing.path)") {
            try TLSIdentity.load(certificateFile: certificate, keyFile: missing, now: Self.now)
        }
        // The key where the certificate should be, and the other way round.
        Self.expect("cannot read the TLS certificate in \(key.path)") {
            try TLSIdentity.load(certificateFile: key, keyFile: key, now: Self.now)
        }
        Self.expect("cannot read the TLS private key in \(certificate.path)") {
            try TLSIdentity.load(certificateFile: certificate, keyFile: certificate, now: Self.now)
        }
    }

    @Test func aCertificateOutsideItsValidityIsRefused() throws {
        let (directory, certificate, key) = try Self.pair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let twoYearsLater = Self.now.addingTimeInterval(2 * 365 * 24 * 3600)
        Self.expect("the TLS certificate in \(certificate.path) is valid from") {
            try TLSIdentity.load(certificateFile: certificate, keyFile: key, now: twoYearsLater)
        }
    }
}
