import NIOCore
import NIOPosix
import NIOSSL

/// A connection to 127.0.0.1 that sends exactly the bytes a test gives it, over TLS (trusting any
/// certificate: the tests check the server, not the client) or over plain TCP, and reads until the
/// server closes it or a deadline passes.
enum TLSTestConnection {
    struct Reply {
        var bytes: [UInt8]
        /// Whether the server closed the connection before the deadline.
        var closed: Bool

        /// The status of an HTTP response's first line, if the bytes begin with one.
        var status: Int? {
            let text = String(decoding: bytes.prefix(12), as: UTF8.self)
            guard text.hasPrefix("HTTP/1.1 ") else { return nil }
            return Int(text.dropFirst("HTTP/1.1 ".count).prefix(3))
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Connects to `port`, sends `bytes` (nothing when empty) and reads for up to `timeout`.
    ///
    /// - Parameter tls: whether to make a TLS handshake first.
    static func exchange(port: Int, tls: Bool = true, sending bytes: [UInt8], timeout: Duration) async throws -> Reply {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: nil))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
            let received = Received()
            let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    do {
                        for try await chunk in inbound { await received.append(Array(chunk.readableBytesView)) }
                    } catch {
                        // A close without TLS's close_notify is a close all the same.
                    }
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
            return Reply(bytes: await received.bytes, closed: closed)
        }
    }

    private actor Received {
        var bytes: [UInt8] = []
        func append(_ more: [UInt8]) { bytes += more }
    }
}
