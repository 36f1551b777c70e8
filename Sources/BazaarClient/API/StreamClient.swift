public import BazaarAPI
import Foundation
import HummingbirdWSClient
import Logging

/// A client of the node's WebSocket stream at `/v1/stream`: new blocks and account events as they commit.
public struct StreamClient: Sendable {
    /// Stream frames are small JSON objects; a larger one is refused.
    static let frameByteCountMax = 1024 * 1024

    /// The `ws://` or `wss://` URL of the stream.
    public let streamURL: String
    private let logger: Logger

    /// - Parameter baseURL: the node's `http://` or `https://` URL, as for `BazaarAPIClient`.
    public init(baseURL: String = BazaarAPIClient.defaultNodeURL) throws(BazaarClientError) {
        let api = try BazaarAPIClient(baseURL: baseURL)
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
        let connection = Task {
            do {
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
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
