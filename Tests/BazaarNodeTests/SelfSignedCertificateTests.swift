import BazaarAPI
import BazaarCore
import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@testable import BazaarNode

/// `--tls-self-signed`: the certificate made with swift-certificates (its names, key, validity and
/// signature), kept in the home across starts, and replaced when the names change.
@Suite struct SelfSignedCertificateTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theCertificateIsForExactlyTheGivenNamesAndAddresses() throws {
        let (certificatePEM, _) = try SelfSignedCertificate.make(
            names: ["127.0.0.1", "localhost", "::1", "Node.Example.com", "10.1.2.3"], now: Self.now)
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        var loopback6 = [UInt8](repeating: 0, count: 16)
        loopback6[15] = 1
        #expect(
            Array(names) == [
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])), .dnsName("localhost"),
                .ipAddress(ASN1OctetString(contentBytes: loopback6[...])), .dnsName("node.example.com"),
                .ipAddress(ASN1OctetString(contentBytes: [10, 1, 2, 3])),
            ])
        #expect(certificate.subject.description.contains("CN=127.0.0.1"))
    }

    @Test func theKeyIsTheCertificatesAndSignsIt() throws {
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(names: ["localhost"], now: Self.now)
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        #expect(key.publicKey == certificate.publicKey)
        #expect(P256.Signing.PublicKey(certificate.publicKey) != nil)
        // Self-signed: its own key verifies its signature, and issuer and subject are one name.
        #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(certificate.issuer == certificate.subject)
        // A server's certificate, not an authority: a browser lets a user accept it.
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(certificate.notValidBefore <= Self.now)
        #expect(certificate.notValidAfter == Self.now.addingTimeInterval(SelfSignedCertificate.validity))
        // Another call makes another key.
        let (_, otherKeyPEM) = try SelfSignedCertificate.make(names: ["localhost"], now: Self.now)
        #expect(try Certificate.PrivateKey(pemEncoded: otherKeyPEM).publicKey != certificate.publicKey)
    }

    @Test(arguments: ["", "bad name", "host_name", "-leading.example", "a..b", "*", "ex*ample.com", "é.example"])
    func aNameThatIsNeitherAnAddressNorADNSNameIsRefused(_ name: String) {
        #expect(throws: NodeError.self) { try SelfSignedCertificate.make(names: [name]) }
    }

    @Test func duplicateOrNoNamesAreRefused() {
        #expect(throws: NodeError.self) { try SelfSignedCertificate.make(names: []) }
        #expect(throws: NodeError.self) { try SelfSignedCertificate.make(names: ["localhost", "LOCALHOST"]) }
    }

    @Test func theFingerprintIsWhatOpensslPrints() throws {
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(names: ["localhost"], now: Self.now)
        let identity = try TLSIdentity(certificateChainPEM: certificatePEM, privateKeyPEM: keyPEM, source: ("c", "k"))
        let der = try Certificate(pemEncoded: certificatePEM).serializeAsPEM().derBytes
        #expect(identity.fingerprint.digest == Hash.sha256(der))
        let openssl = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let openssl else { return }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cert.pem")
        try certificatePEM.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["x509", "-noout", "-fingerprint", "-sha256", "-in", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // "sha256 Fingerprint=AB:CD:…" (OpenSSL 3) or "SHA256 Fingerprint=…" (1.1).
        let printed = try #require(text.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed == identity.fingerprint.description)
        // The public key's hash for Chromium, as docs/WEB.md tells to compute it with openssl.
        let spki = Process()
        spki.executableURL = URL(fileURLWithPath: "/bin/sh")
        spki.arguments = [
            "-c",
            "openssl x509 -in '\(file.path)' -pubkey -noout | openssl pkey -pubin -outform der"
                + " | openssl dgst -sha256 -binary | base64",
        ]
        let spkiOutput = Pipe()
        spki.standardOutput = spkiOutput
        try spki.run()
        let base64 = String(decoding: spkiOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        spki.waitUntilExit()
        #expect(base64.trimmingCharacters(in: .whitespacesAndNewlines) == identity.publicKeySHA256Base64)
    }

    @Test func theCertificateIsKeptAcrossStartsWithTheKeyReadableByItsOwnerOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SelfSignedCertificate.loadOrCreate(
            in: directory, names: ["127.0.0.1", "localhost"], now: Self.now)
        #expect(first.origin == .created)
        let keyFile = directory.appendingPathComponent(SelfSignedCertificate.keyFileName).path
        let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        // Months later, with the names in another order: the same certificate.
        let later = Self.now.addingTimeInterval(200 * 24 * 3600)
        let second = try SelfSignedCertificate.loadOrCreate(
            in: directory, names: ["localhost", "127.0.0.1"], now: later)
        #expect(second.origin == .kept)
        #expect(second.identity.fingerprint == first.identity.fingerprint)
    }

    @Test func otherNamesOrAnExpiringCertificateMakeANewOne() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SelfSignedCertificate.loadOrCreate(in: directory, names: ["localhost"], now: Self.now)
        let renamed = try SelfSignedCertificate.loadOrCreate(
            in: directory, names: ["localhost", "node.example.com"], now: Self.now)
        guard case .replaced(let reason) = renamed.origin else {
            Issue.record("kept a certificate for other names: \(renamed.origin)")
            return
        }
        #expect(reason.contains("it was for localhost, not localhost, node.example.com"))
        #expect(renamed.identity.fingerprint != first.identity.fingerprint)
        #expect(renamed.identity.subjectAlternativeNames == ["localhost", "node.example.com"])
        // Less than a day before it expires: replaced.
        let nearExpiry = Self.now.addingTimeInterval(SelfSignedCertificate.validity - 3600)
        let renewed = try SelfSignedCertificate.loadOrCreate(
            in: directory, names: ["localhost", "node.example.com"], now: nearExpiry)
        #expect(renewed.origin != .kept)
        #expect(renewed.identity.fingerprint != renamed.identity.fingerprint)
        #expect(renewed.identity.isValid(at: nearExpiry.addingTimeInterval(300 * 24 * 3600)))
    }

    @Test func aDamagedKeptKeyIsAnErrorNotAQuietNewCertificate() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try SelfSignedCertificate.loadOrCreate(in: directory, names: ["localhost"], now: Self.now)
        let keyURL = directory.appendingPathComponent(SelfSignedCertificate.keyFileName)
        try "not a key".write(to: keyURL, atomically: true, encoding: .utf8)
        let error = #expect(throws: NodeError.self) {
            try SelfSignedCertificate.loadOrCreate(in: directory, names: ["localhost"], now: Self.now)
        }
        #expect(error?.message.contains("cannot read the TLS private key in \(keyURL.path)") == true)
    }
}
