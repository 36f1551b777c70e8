public import BazaarAPI
import Foundation
import HummingbirdWSClient
import Logging
import NIOSSL

/// A client of the node's WebSocket stream at `/v1/stream`: new blocks and account events as they commit.
public struct StreamClient: Sendable {
    /// Stream frames are small JSON objects; a larger one is refused.
    static let frameByteCountMax = 1024 * 1024

    /// Sent as the TLS server name when the node's URL names it by address: TLS has no place for
    /// an address there, and the WebSocket client always sends one. Under a pin the name is not
    /// checked; `.invalid` is reserved (RFC 2606), so it can name no real host.
    static let addressServerName = "bazaar-node.invalid"

    /// The `ws://` or `wss://` URL of the stream.
    public let streamURL: String
    private let api: BazaarAPIClient
    private let logger: Logger

    /// - Parameters:
    ///   - baseURL: the node's `http://` or `https://` URL, as for `BazaarAPIClient`.
    ///   - pinnedCertificate: the fingerprint of the node's TLS certificate, as for `BazaarAPIClient`.
    public init(
        baseURL: String = BazaarAPIClient.defaultNodeURL, pinnedCertificate: CertificateFingerprint? = nil
    ) throws(BazaarClientError) {
        api = try BazaarAPIClient(baseURL: baseURL, pinnedCertificate: pinnedCertificate)
        streamURL = StreamClient.webSocketURL(forNode: api.baseURL)
        var logger = Logger(label: "bazaar.stream")
        logger.logLevel = .warning
        self.logger = logger
    }

    /// Connects, sends `subscriptions`, and yields every message the node sends.
    ///
    /// The connection closes when the consumer stops iterating or the task is
    /// cancelled. Messages are JSON objects as in `StreamMessage`; `error`
    /// messages are yielded like the others, for the caller to judge.
    /// - Throws (while iterating): `BazaarClientError` when the node cannot be reached.
    public func messages(subscribing subscriptions: [StreamRequest]) -> AsyncThrowingStream<StreamMessage, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: StreamMessage.self, throwing: (any Error).self)
        let url = streamURL
        let logger = logger
        let api = api
        let connection = Task {
            do {
                let (configuration, tls) = try await StreamClient.connectionSettings(api: api)
                try await WebSocketClient.connect(
                    url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
                ) { inbound, outbound, _ in
                    let encoder = JSONEncoder()
                    for subscription in subscriptions {
                        try await outbound.write(
                            .text(String(decoding: try encoder.encode(subscription), as: UTF8.self)))
                    }
                    let decoder = JSONDecoder()
                    for try await message in inbound.messages(maxSize: StreamClient.frameByteCountMax) {
                        guard case .text(let text) = message else { continue }
                        guard let decoded = try? decoder.decode(StreamMessage.self, from: Data(text.utf8)) else {
                            throw BazaarClientError(
                                .unexpectedResponse,
                                "stream sent a message this client cannot read: \(text.prefix(200))")
                        }
                        continuation.yield(decoded)
                    }
                }
                continuation.finish()
            } catch let error as BazaarClientError {
                continuation.finish(throwing: error)
            } catch {
                continuation.finish(
                    throwing: Task.isCancelled
                        ? error
                        : BazaarClientError(
                            .nodeUnreachable,
                            "cannot reach the stream at \(url): is `bazaar devnet` running? (\(error))"))
            }
        }
        continuation.onTermination = { _ in connection.cancel() }
        return stream
    }

    /// The WebSocket client's settings for `api`'s node, and its TLS settings under a pin.
    ///
    /// - Throws: as `PinnedCertificateTrust`; `invalidInput` for `wss://` to an address without a
    ///   pin (the WebSocket client would check the certificate against a name it cannot send).
    static func connectionSettings(api: BazaarAPIClient) async throws -> (
        WebSocketClientConfiguration, TLSConfiguration?
    ) {
        let endpoint = api.endpoint
        guard endpoint.isSecure, PinnedCertificateTrust.isIPAddress(endpoint.host) else {
            return (WebSocketClientConfiguration(), try await api.pinnedTLSConfiguration())
        }
        guard let tls = try await api.pinnedTLSConfiguration() else {
            throw BazaarClientError(
                .invalidInput,
                "the stream over wss:// to an IP address (\(api.baseURL)) needs the node's certificate pinned "
                    + "(--tls-fingerprint or BAZAAR_TLS_FINGERPRINT), or a URL with the node's DNS name")
        }
        return (WebSocketClientConfiguration(sniHostname: addressServerName), tls)
    }

    static func webSocketURL(forNode baseURL: String) -> String {
        let url: String
        if baseURL.lowercased().hasPrefix("https://") {
            url = "wss://" + baseURL.dropFirst("https://".count)
        } else {
            url = "ws://" + baseURL.dropFirst("http://".count)
        }
        return url + "/v1/stream"
    }
}
