import BazaarCore
import Foundation

extension NodeConfigFile {
    static let intervalMillisecondsMax = 60_000
    static let idleIntervalMillisecondsMax = 600_000
    static let timeoutMillisecondsMax = 600_000
    static let timeoutCapMillisecondsMax = 3_600_000

    /// Checks every field on its own and against the others; files are not opened.
    ///
    /// - Parameter source: the file's path, for the messages.
    /// - Throws: `NodeError.configuration` as `<source>: <field>: <problem>` for the first bad field.
    public func validate(source: String = fileName) throws {
        func fail(_ field: String, _ problem: String) -> NodeError {
            NodeError(.configuration, "\(source): \(field): \(problem)")
        }
        guard version == Self.currentVersion else {
            throw fail("version", "\(version) is not supported; this bazaar reads version \(Self.currentVersion)")
        }
        for (field, path) in [
            ("genesisFile", genesisFile), ("validatorKeyFile", validatorKeyFile), ("dataDirectory", dataDirectory),
        ] where path.isEmpty {
            throw fail(field, "must name a path")
        }
        for (field, address) in [("api", api), ("p2p", p2p)] {
            if let problem = Self.hostProblem(address.host) { throw fail("\(field).host", problem) }
            guard (0...65_535).contains(address.port) else {
                throw fail("\(field).port", "\(address.port) is not a port (0 to 65535; 0 picks a free one)")
            }
        }
        guard api.port == 0 || api.port != p2p.port else {
            throw fail("p2p.port", "\(p2p.port) is also the API port; give each its own")
        }
        try validatePeers(fail)
        if let oracleSource {
            do {
                _ = try OracleSource(parsing: oracleSource)
            } catch {
                throw fail("oracleSource", error.message)
            }
        }
        if let interval = oracleReportIntervalMs, !(50...600_000).contains(interval) {
            throw fail("oracleReportIntervalMs", "\(interval) is not between 50 and 600000")
        }
        guard (1...Self.intervalMillisecondsMax).contains(blockIntervalMs) else {
            throw fail("blockIntervalMs", "\(blockIntervalMs) is not between 1 and \(Self.intervalMillisecondsMax)")
        }
        guard (blockIntervalMs...Self.idleIntervalMillisecondsMax).contains(idleIntervalMs) else {
            throw fail(
                "idleIntervalMs",
                "\(idleIntervalMs) is not between blockIntervalMs (\(blockIntervalMs)) and \(Self.idleIntervalMillisecondsMax)"
            )
        }
        try validateTimeouts(fail)
    }

    private func validatePeers(_ fail: (String, String) -> NodeError) throws {
        guard peers.count <= Self.peerCountMax else {
            throw fail("peers", "\(peers.count) peers; at most \(Self.peerCountMax)")
        }
        var seen: [PublicKey: Int] = [:]
        for (index, peer) in peers.enumerated() {
            if let problem = Self.hostProblem(peer.host) { throw fail("peers[\(index)].host", problem) }
            guard (1...65_535).contains(peer.port) else {
                throw fail("peers[\(index)].port", "\(peer.port) is not a port (1 to 65535)")
            }
            if let first = seen[peer.key] {
                throw fail("peers[\(index)].id", "\(peer.key.hex) is listed twice (also peers[\(first)])")
            }
            seen[peer.key] = index
        }
    }

    private func validateTimeouts(_ fail: (String, String) -> NodeError) throws {
        let bases = [
            ("proposeMs", timeouts.proposeMs), ("prevoteMs", timeouts.prevoteMs),
            ("precommitMs", timeouts.precommitMs),
        ]
        for (field, value) in bases where !(1...Self.timeoutMillisecondsMax).contains(value) {
            throw fail("timeouts.\(field)", "\(value) is not between 1 and \(Self.timeoutMillisecondsMax)")
        }
        let deltas = [
            ("proposeDeltaMs", timeouts.proposeDeltaMs), ("prevoteDeltaMs", timeouts.prevoteDeltaMs),
            ("precommitDeltaMs", timeouts.precommitDeltaMs),
        ]
        for (field, value) in deltas where !(0...Self.timeoutMillisecondsMax).contains(value) {
            throw fail("timeouts.\(field)", "\(value) is not between 0 and \(Self.timeoutMillisecondsMax)")
        }
        let longestBase = bases.map(\.1).max() ?? 0
        guard (longestBase...Self.timeoutCapMillisecondsMax).contains(timeouts.maxMs) else {
            throw fail(
                "timeouts.maxMs",
                "\(timeouts.maxMs) is not between the longest base timeout (\(longestBase)) and \(Self.timeoutCapMillisecondsMax)"
            )
        }
    }

    /// Why `host` cannot be a host name or address, or `nil` when it can.
    static func hostProblem(_ host: String) -> String? {
        if host.isEmpty { return "must name a host or an IP address" }
        if host.utf8.count > 253 { return "is longer than 253 bytes" }
        if host.contains(where: { $0.isWhitespace || $0 == "/" }) { return "'\(host)' is not a host or an IP address" }
        return nil
    }
}
