import BazaarAPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One TLS handshake with a node that checks its certificate against a pin, then closes: what
/// `PinnedCertificateTrust` does before trusting the certificate for requests.
enum PinnedHandshake {
    /// Connects to `host`:`port`, and returns the certificate the server presents when its SHA-256
    /// fingerprint is `pin`.
    ///
    /// - Parameter nodeURL: how errors name the node.
    /// - Throws: `BazaarClientError.Code.tlsCertificateMismatch` naming both fingerprints when the
    ///   server presents another certificate; `nodeUnreachable` when nothing answers or the
    ///   handshake fails for another reason (such as a plain HTTP server on that port).
    static func certificate(
        host: String, port: Int, pin: CertificateFingerprint, nodeURL: String, timeout: Duration = .seconds(10)
    ) async throws -> NIOSSLCertificate {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // The callback below replaces the chain and name checks: the pin is the whole decision.
        configuration.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: configuration)
        let presented = NIOLockedValueBox<(NIOSSLCertificate, CertificateFingerprint)?>(nil)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let handshake = loop.makePromise(of: Void.self)
        let serverName = PinnedCertificateTrust.isIPAddress(host) ? nil : host
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName) {
                        certificates, verification in
                        let leaf = certificates.first
                        let fingerprint = leaf.flatMap { try? CertificateFingerprint(certificateDER: $0.toDERBytes()) }
                        if let leaf, let fingerprint { presented.withLockedValue { $0 = (leaf, fingerprint) } }
                        verification.succeed(fingerprint == pin ? .certificateVerified : .failed)
                    }
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(TLSHandshakeObserver(promise: handshake))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            handshake.fail(error)
            throw BazaarClientError(
                .nodeUnreachable, "cannot reach node at \(nodeURL): is it running? (\(error))")
        }
        defer { channel.close(promise: nil) }
        let timeoutTask = loop.scheduleTask(in: TimeAmount(timeout)) {
            handshake.fail(ChannelError.connectTimeout(TimeAmount(timeout)))
        }
        defer { timeoutTask.cancel() }
        do {
            try await handshake.futureResult.get()
        } catch {
            if case let (_, seen)? = presented.withLockedValue({ $0 }), seen != pin {
                throw BazaarClientError(
                    .tlsCertificateMismatch,
                    "node at \(nodeURL) presented a TLS certificate with SHA-256 fingerprint \(seen), "
                        + "not the pinned \(pin) (--tls-fingerprint or BAZAAR_TLS_FINGERPRINT): "
                        + "check the fingerprint the node printed at start")
            }
            throw BazaarClientError(
                .nodeUnreachable, "the TLS handshake with node at \(nodeURL) failed: is it serving HTTPS? (\(error))")
        }
        guard case let (certificate, seen)? = presented.withLockedValue({ $0 }), seen == pin else {
            // A completed handshake went through the callback, which admits only the pinned certificate.
            throw BazaarClientError(.unexpectedResponse, "node at \(nodeURL) finished a TLS handshake unverified")
        }
        return certificate
    }
}
