import BazaarCore

extension PeerRecord {
    /// Parses a peer address `ID@HOST:PORT`: the peer's node key in hex, then where it listens
    /// (an IPv6 address in brackets, `ID@[::1]:26656`).
    ///
    /// - Throws: `NodeError.configuration` saying which part is wrong.
    public init(address: String) throws {
        func fail(_ problem: String) -> NodeError {
            NodeError(.configuration, "peer '\(address)': \(problem); expected ID@HOST:PORT")
        }
        guard let at = address.firstIndex(of: "@") else { throw fail("no '@'") }
        let hex = address[..<at]
        guard let bytes = [UInt8](hex: hex), let key = PublicKey(validating: bytes) else {
            throw fail("'\(hex)' is not a node id (a 32-byte Ed25519 key in hex)")
        }
        let location = address[address.index(after: at)...]
        let host: Substring
        let portText: Substring
        if location.hasPrefix("[") {
            guard let close = location.firstIndex(of: "]"), location[location.index(after: close)...].hasPrefix(":")
            else { throw fail("an IPv6 address needs the form [ADDRESS]:PORT") }
            host = location[location.index(after: location.startIndex)..<close]
            portText = location[location.index(close, offsetBy: 2)...]
        } else {
            guard let colon = location.lastIndex(of: ":") else { throw fail("no ':PORT'") }
            host = location[..<colon]
            portText = location[location.index(after: colon)...]
        }
        if let problem = NodeConfigFile.hostProblem(String(host)) { throw fail("host: \(problem)") }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw fail("'\(portText)' is not a port (1 to 65535)")
        }
        self.init(key: key, host: String(host), port: port)
    }

    /// `ID@HOST:PORT`, the form `init(address:)` reads.
    public var address: String {
        host.contains(":") ? "\(key.hex)@[\(host)]:\(port)" : "\(key.hex)@\(host):\(port)"
    }
}
