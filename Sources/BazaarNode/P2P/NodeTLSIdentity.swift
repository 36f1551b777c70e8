import BazaarCore
import Crypto
import Foundation
import NIOSSL
import X509

/// A node's TLS 1.3 identity: a self-signed certificate over its Ed25519 node key.
///
/// No certificate authority is involved. Trust comes from pinning: a peer is accepted only if the
/// key in its certificate is the node key expected for it, and TLS itself proves in the handshake
/// (CertificateVerify) that the peer holds the matching private key.
struct NodeTLSIdentity: Sendable {
    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it.
    static let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
    /// The DER prefix of an Ed25519 PKCS #8 private key (RFC 8410); the 32-byte seed follows it.
    static let ed25519PKCS8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    let certificate: NIOSSLCertificate
    let privateKey: NIOSSLPrivateKey

    /// Builds the certificate and the TLS key from `nodeKey`.
    ///
    /// - Throws: `P2PError.identity` if BoringSSL or swift-certificates refuses the key.
    init(nodeKey: PrivateKey) throws {
        do {
            let signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: nodeKey.seed)
            let certificateKey = Certificate.PrivateKey(signingKey)
            let name = try DistinguishedName { CommonName(nodeKey.publicKey.hex) }
            let now = Date()
            // The validity window is not checked by peers (the pinned key is the trust anchor);
            // it is wide so that clock skew can never matter.
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: certificateKey.publicKey,
                notValidBefore: now.addingTimeInterval(-86_400),
                notValidAfter: now.addingTimeInterval(100 * 365 * 86_400),
                issuer: name,
                subject: name,
                signatureAlgorithm: .ed25519,
                extensions: Certificate.Extensions(),
                issuerPrivateKey: certificateKey
            )
            let pem = try certificate.serializeAsPEM().pemString
            self.certificate = try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)
            privateKey = try NIOSSLPrivateKey(bytes: Self.ed25519PKCS8Prefix + nodeKey.seed, format: .der)
        } catch {
            throw P2PError.identity("cannot build the TLS identity for the node key: \(error)")
        }
    }

    /// A TLS 1.3-only context that presents this identity and demands one from the peer.
    ///
    /// Ed25519 is the only signature algorithm offered and accepted. Hostname verification is off
    /// and no trust roots are loaded: the custom verification callback, which pins the peer's node
    /// key, replaces chain verification entirely.
    func makeContext(server: Bool) throws -> NIOSSLContext {
        var configuration =
            server
            ? TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(privateKey))
            : TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = [.certificate(certificate)]
        configuration.privateKey = .privateKey(privateKey)
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([])
        configuration.signingSignatureAlgorithms = [.ed25519]
        configuration.verifySignatureAlgorithms = [.ed25519]
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw P2PError.identity("cannot create the TLS context: \(error)")
        }
    }

    /// The node key in `certificate`, or `nil` if it does not hold an Ed25519 key.
    static func nodeKey(of certificate: NIOSSLCertificate) -> PublicKey? {
        guard let spki = try? certificate.extractPublicKey().toSPKIBytes(),
            spki.count == ed25519SPKIPrefix.count + PublicKey.byteCount,
            spki.starts(with: ed25519SPKIPrefix)
        else { return nil }
        return PublicKey(validating: Array(spki.dropFirst(ed25519SPKIPrefix.count)))
    }
}
