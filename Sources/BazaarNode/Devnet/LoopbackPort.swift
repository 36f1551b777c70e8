#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Probes of TCP ports on 127.0.0.1, for a supervisor that starts nodes on fixed ports.
public enum LoopbackPort {
    /// Whether a listener could bind 127.0.0.1:`port` now. Like the node's own listeners it sets
    /// `SO_REUSEADDR`, so connections of a node that just stopped (TIME_WAIT) do not count.
    public static func isFree(_ port: Int) -> Bool {
        withSocket(port: port) { descriptor, address in
            var yes: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            return bind(descriptor, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` (on loopback a refusal is immediate).
    public static func acceptsConnections(_ port: Int) -> Bool {
        withSocket(port: port) { descriptor, address in
            connect(descriptor, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }

    private static func withSocket(
        port: Int, _ body: (Int32, UnsafePointer<sockaddr>) -> Bool
    ) -> Bool {
        guard (1...65_535).contains(port) else { return false }
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(descriptor, $0) }
        }
    }
}
