import BazaarAPI
import NIOConcurrencyHelpers
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Trust in a node's TLS certificate by its SHA-256 fingerprint instead of a certificate
/// authority: how a client reaches a node serving a self-signed certificate (docs/WEB.md, HTTPS).
///
/// The first time a process uses a pin, a handshake of its own (`PinnedHandshake`) checks that
/// the node presents the pinned certificate; requests then trust that certificate alone, without
/// a name check. A node that presents another certificate later fails the request's handshake.
enum PinnedCertificateTrust {
    /// The certificates checked against their pins, by fingerprint, for the life of the process.
    private static let checked = NIOLockedValueBox<[CertificateFingerprint: NIOSSLCertificate]>([:])

    /// The client TLS settings that trust only the certificate whose fingerprint is `pin`.
    ///
    /// - Throws: as `PinnedHandshake.certificate`, the first time for `pin`.
    static func configuration(pin: CertificateFingerprint, host: String, port: Int, nodeURL: String) async throws
        -> TLSConfiguration
    {
        let certificate: NIOSSLCertificate
        if let known = checked.withLockedValue({ $0[pin] }) {
            certificate = known
        } else {
            certificate = try await PinnedHandshake.certificate(host: host, port: port, pin: pin, nodeURL: nodeURL)
            checked.withLockedValue { $0[pin] = certificate }
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([certificate])
        configuration.certificateVerification = .noHostnameVerification
        return configuration
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name (TLS sends no name for one).
    static func isIPAddress(_ host: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
    }
}
