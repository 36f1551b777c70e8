public import BazaarAPI
import BazaarCore
public import Foundation
public import NIOSSL
import SwiftASN1
public import X509

/// The certificate chain and private key the API serves HTTPS and WSS with (docs/WEB.md, HTTPS):
/// files the operator provides, or a `SelfSignedCertificate`.
///
/// Made only through a check that the chain parses, the key is the certificate's and BoringSSL
/// accepts the pair (and, for files, that the certificate is valid now); so a node with a bad pair
/// stops at start with a message naming the fault, not at its first connection.
public struct TLSIdentity: Sendable {
    /// The node's own certificate, first of the chain.
    public let certificate: Certificate
    /// What browsers and `openssl x509 -fingerprint -sha256` show for `certificate`.
    public let fingerprint: CertificateFingerprint
    /// Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// `--ignore-certificate-errors-spki-list` takes to trust this certificate without a prompt.
    public let publicKeySHA256Base64: String
    private let chain: [NIOSSLCertificate]
    private let privateKey: NIOSSLPrivateKey

    /// Checks a PEM certificate chain (the node's certificate first) and its PEM private key.
    ///
    /// - Parameters:
    ///   - source: how the error messages name the two, e.g. their file paths.
    /// - Throws: `NodeError.configuration` when either does not parse or the key is not the
    ///   certificate's.
    public init(
        certificateChainPEM: String, privateKeyPEM: String, source: (certificate: String, key: String)
    ) throws(NodeError) {
        let chain: [NIOSSLCertificate]
        let leafDER: [UInt8]
        let leaf: Certificate
        let publicKeyDER: [UInt8]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8))
            guard let first = chain.first else { throw NodeError(.configuration, "it holds no certificate") }
            leafDER = try first.toDERBytes()
            leaf = try Certificate(derEncoded: leafDER)
            publicKeyDER = try leaf.publicKey.serializeAsPEM().derBytes
        } catch {
            throw NodeError(.configuration, "cannot read the TLS certificate in \(source.certificate): \(error)")
        }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
            privateKey = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw NodeError(
                .configuration,
                "cannot read the TLS private key in \(source.key): \(error) (expected an unencrypted PEM key)")
        }
        guard key.publicKey == leaf.publicKey else {
            throw NodeError(
                .configuration,
                "the TLS private key in \(source.key) is not the key of the certificate in \(source.certificate)")
        }
        certificate = leaf
        self.chain = chain
        fingerprint = CertificateFingerprint(certificateDER: leafDER)
        publicKeySHA256Base64 = Data(Hash.sha256(publicKeyDER).bytes).base64EncodedString()
        do {
            _ = try NIOSSLContext(configuration: serverConfiguration)
        } catch {
            throw NodeError(
                .configuration,
                "the TLS certificate in \(source.certificate) and key in \(source.key) are refused: \(error)")
        }
    }

    /// Reads and checks a PEM certificate chain file and a PEM private key file, and that the
    /// certificate is valid at `now`.
    ///
    /// - Throws: `NodeError.configuration` when a file cannot be read, the certificate is not
    ///   valid at `now`, or as `init`.
    public static func load(certificateFile: URL, keyFile: URL, now: Date = Date()) throws(NodeError) -> TLSIdentity {
        let identity = try read(certificateFile: certificateFile, keyFile: keyFile)
        guard identity.isValid(at: now) else {
            throw NodeError(
                .configuration,
                "the TLS certificate in \(certificateFile.path) is valid from \(identity.certificate.notValidBefore) "
                    + "to \(identity.certificate.notValidAfter), not now (\(now))")
        }
        return identity
    }

    /// Reads and checks the pair as `init` does, whatever the certificate's validity.
    static func read(certificateFile: URL, keyFile: URL) throws(NodeError) -> TLSIdentity {
        func contents(_ url: URL, _ what: String) throws(NodeError) -> String {
            do {
                return try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw NodeError(
                    .configuration, "cannot read the TLS \(what) file \(url.path): \(error.localizedDescription)")
            }
        }
        return try TLSIdentity(
            certificateChainPEM: try contents(certificateFile, "certificate"),
            privateKeyPEM: try contents(keyFile, "key"), source: (certificateFile.path, keyFile.path))
    }

    /// Whether the certificate is valid at `time`.
    public func isValid(at time: Date) -> Bool {
        certificate.notValidBefore <= time && time < certificate.notValidAfter
    }

    /// The server's TLS settings: this chain and key, TLS 1.2 or later, HTTP/1.1 by ALPN.
    public var serverConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }

    /// The names and addresses the certificate is for (its subjectAltName), as text.
    public var subjectAlternativeNames: [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.map(SelfSignedCertificate.text(of:))
    }
}
