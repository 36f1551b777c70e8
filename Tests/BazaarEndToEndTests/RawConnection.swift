import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking TCP connection to 127.0.0.1 that sends exactly the bytes a test gives it, for
/// clients no HTTP library would be: malformed requests, half-sent heads, WebSocket clients that
/// never read. Waits poll with short sleeps, so a waiting test never blocks a runner thread.
final class RawConnection {
    private var descriptor: Int32

    /// - Parameter receiveBufferBytes: a small kernel receive buffer, so that a client that does
    ///   not read fills the server's socket quickly.
    init(port: Int, receiveBufferBytes: Int32? = nil) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw E2EError("socket failed: errno \(errno)") }
        if var size = receiveBufferBytes {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            disconnect()
            throw E2EError("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Writes `bytes`, waiting while the socket is full; returns how many were sent before the
    /// deadline or before the server closed the connection.
    @discardableResult
    func write(_ bytes: [UInt8], timeout: Duration = .seconds(10)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var sent = 0
        while sent < bytes.count, descriptor >= 0 {
            let count = bytes[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard ContinuousClock.now < deadline else { break }
                try await Task.sleep(for: .milliseconds(5))
            } else {
                break
            }
        }
        return sent
    }

    func write(_ text: String, timeout: Duration = .seconds(10)) async throws {
        try await write(Array(text.utf8), timeout: timeout)
    }

    /// What the server sent until it closed the connection, or until `timeout`; `closed` tells which.
    func readUntilClosed(timeout: Duration) async throws -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                return (received, true)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard ContinuousClock.now < deadline else { return (received, false) }
                try await Task.sleep(for: .milliseconds(10))
            } else {
                // A reset is a close too.
                return (received, true)
            }
        }
    }

    /// Reads until `bytes` hold `marker` (or the deadline, or a close), returning all read.
    func read(until marker: [UInt8], timeout: Duration) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.containsSequence(marker) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            } else {
                break
            }
        }
        return received
    }

    func disconnect() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { disconnect() }

    /// The status code of an HTTP/1.1 response's first line.
    static func status(of response: [UInt8]) -> Int? {
        let text = String(decoding: response.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// A WebSocket frame as a client sends it: masked (unless told otherwise), FIN set, one frame.
    static func webSocketFrame(text: String, masked: Bool = true) -> [UInt8] {
        let payload = Array(text.utf8)
        precondition(payload.count < 126, "short frames only")
        var frame: [UInt8] = [0x81, UInt8(payload.count) | (masked ? 0x80 : 0)]
        guard masked else { return frame + payload }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }

    static let webSocketUpgrade =
        "GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
