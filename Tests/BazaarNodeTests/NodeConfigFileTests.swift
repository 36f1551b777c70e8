import BazaarConsensus
import BazaarCore
import Foundation
import Logging
import Testing

@testable import BazaarNode

/// `config.json`: round trips, every refusal with the field it names, and the files it points to.
@Suite struct NodeConfigFileTests {
    /// A config file with `json` as its text; the error message of loading it, or `nil` if it loads.
    static func loadError(_ json: String) throws -> String? {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.file("config.json"))
        try Data(json.utf8).write(to: url)
        do {
            _ = try NodeConfigFile.load(from: url)
            return nil
        } catch let error as NodeError {
            #expect(error.code == .configuration)
            #expect(error.message.hasPrefix(url.path + ": "))
            return String(error.message.dropFirst(url.path.count + 2))
        }
    }

    static func peer(port: Int = 26_656) -> PeerRecord {
        PeerRecord(key: PrivateKey().publicKey, host: "10.0.0.\(port % 200)", port: port)
    }

    static func fullConfig() -> NodeConfigFile {
        var timeouts = NodeConfigFile.Timeouts()
        timeouts.proposeMs = 1_500
        timeouts.precommitDeltaMs = 0
        var config = NodeConfigFile(
            api: .init(host: "0.0.0.0", port: 9_000), p2p: .init(host: "192.168.1.5", port: 9_100),
            peers: [peer(port: 9_101), peer(port: 9_102)], blockIntervalMs: 50, idleIntervalMs: 5_000,
            timeouts: timeouts, logLevel: .debug)
        config.genesisFile = "/etc/bazaar/genesis.json"
        config.dataDirectory = "chain-data"
        return config
    }

    // MARK: - Round trips and defaults

    @Test func aFileWithEveryFieldRoundTripsThroughDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.file("config.json"))
        let config = Self.fullConfig()
        try config.save(to: url)
        #expect(try NodeConfigFile.load(from: url) == config)
    }

    @Test func theDefaultFileRoundTripsAndNamesEveryField() throws {
        let data = try JSONEncoder().encode(NodeConfigFile())
        #expect(try JSONDecoder().decode(NodeConfigFile.self, from: data) == NodeConfigFile())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "version", "genesisFile", "validatorKeyFile", "dataDirectory", "api", "p2p", "peers",
                "blockIntervalMs", "idleIntervalMs", "timeouts", "logLevel",
            ])
    }

    @Test func onlyTheVersionIsRequiredAndEverythingElseTakesItsDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.file("config.json"))
        try Data(#"{"version": 1}"#.utf8).write(to: url)
        let config = try NodeConfigFile.load(from: url)
        #expect(config == NodeConfigFile())
        #expect(config.api == .init(host: "127.0.0.1", port: 8080))
        #expect(config.p2p == .init(host: "0.0.0.0", port: 26_656))
        #expect(config.genesisFile == "genesis.json")
        #expect(config.validatorKeyFile == "validator-key.json")
        #expect(config.timeouts.settings == TimeoutSettings())
        #expect(config.logLevel == .notice)
    }

    @Test func missingTimeoutsTakeTheirDefaultsOneByOne() throws {
        let config = try JSONDecoder().decode(
            NodeConfigFile.self, from: Data(#"{"version": 1, "timeouts": {"prevoteMs": 700}}"#.utf8))
        var expected = NodeConfigFile.Timeouts()
        expected.prevoteMs = 700
        #expect(config.timeouts == expected)
    }

    @Test func theIdleIntervalDefaultsToTheLongerOfOneSecondAndTheBlockInterval() throws {
        let fast = try JSONDecoder().decode(
            NodeConfigFile.self, from: Data(#"{"version":1,"blockIntervalMs":50}"#.utf8))
        #expect(fast.idleIntervalMs == 1_000)
        let slow = try JSONDecoder().decode(
            NodeConfigFile.self, from: Data(#"{"version":1,"blockIntervalMs":2000}"#.utf8))
        #expect(slow.idleIntervalMs == 2_000)
    }

    // MARK: - Refusals while reading

    @Test func aMissingFileSaysHowToCreateOne() throws {
        let error = #expect(throws: NodeError.self) {
            try NodeConfigFile.load(from: URL(fileURLWithPath: "/nonexistent/bazaar/config.json"))
        }
        #expect(error?.message.contains("bazaar node init") == true)
    }

    @Test func textThatIsNotJSONIsRefused() throws {
        #expect(try Self.loadError(#"version = 1"#)?.hasPrefix("not valid JSON") == true)
        #expect(try Self.loadError(#"[1, 2]"#) == "expected a JSON object")
    }

    @Test func theVersionIsRequiredAndMustBeOne() throws {
        #expect(try Self.loadError(#"{}"#) == "version: missing")
        #expect(try Self.loadError(#"{"version": 2}"#)?.hasPrefix("version: 2 is not supported") == true)
    }

    @Test func unknownFieldsAreRefusedAtEveryLevel() throws {
        #expect(
            try Self.loadError(#"{"version":1,"blockIntervalMS":100}"#)?.hasPrefix("blockIntervalMS: unknown field")
                == true)
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"127.0.0.1","port":1,"tls":true}}"#)?.hasPrefix(
                "api.tls: unknown field") == true)
        #expect(
            try Self.loadError(#"{"version":1,"timeouts":{"propose":5}}"#)?.hasPrefix("timeouts.propose: unknown field")
                == true)
        let id = PrivateKey().publicKey.hex
        #expect(
            try Self.loadError(#"{"version":1,"peers":[{"id":"\#(id)","host":"h","port":1,"name":"x"}]}"#)?.hasPrefix(
                "peers[0].name: unknown field") == true)
    }

    @Test func aFieldOfTheWrongTypeIsNamedWithTheTypeExpected() throws {
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"127.0.0.1","port":"8080"}}"#)
                == "api.port: expected a whole number")
        #expect(try Self.loadError(#"{"version":1,"peers":{}}"#) == "peers: expected a list")
        #expect(try Self.loadError(#"{"version":1,"genesisFile":7}"#) == "genesisFile: expected a string")
        #expect(try Self.loadError(#"{"version":1,"api":{"port":1}}"#) == "api.host: missing")
    }

    @Test func portsOutOfRangeAndSharedPortsAreRefused() throws {
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"127.0.0.1","port":70000}}"#)?.hasPrefix(
                "api.port: 70000 is not a port") == true)
        #expect(
            try Self.loadError(#"{"version":1,"p2p":{"host":"0.0.0.0","port":-1}}"#)?.hasPrefix(
                "p2p.port: -1 is not a port") == true)
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"a","port":9000},"p2p":{"host":"b","port":9000}}"#)?
                .hasPrefix("p2p.port: 9000 is also the API port") == true)
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"a","port":0},"p2p":{"host":"b","port":0}}"#) == nil)
    }

    @Test func hostsMustBeNonEmptyWithoutSpaces() throws {
        #expect(
            try Self.loadError(#"{"version":1,"api":{"host":"","port":1}}"#)?.hasPrefix("api.host: must name") == true)
        #expect(
            try Self.loadError(#"{"version":1,"p2p":{"host":"my host","port":1}}"#)?.hasPrefix("p2p.host: 'my host'")
                == true)
    }

    @Test func badPeersAreNamedByTheirPosition() throws {
        let id = PrivateKey().publicKey.hex
        #expect(
            try Self.loadError(#"{"version":1,"peers":[{"id":"abcd","host":"h","port":1}]}"#)?.hasPrefix(
                "peers[0].id: not a 32-byte hex Ed25519 key") == true)
        #expect(
            try Self.loadError(#"{"version":1,"peers":[{"id":"\#(id)","host":"h","port":0}]}"#)?.hasPrefix(
                "peers[0].port: port out of range") == true)
        #expect(
            try Self.loadError(#"{"version":1,"peers":[{"id":"\#(id)","port":1}]}"#) == "peers[0].host: missing")
        #expect(
            try Self.loadError(
                #"{"version":1,"peers":[{"id":"\#(id)","host":"a","port":1},{"id":"\#(id)","host":"b","port":2}]}"#)?
                .hasPrefix("peers[1].id: \(id) is listed twice (also peers[0])") == true)
    }

    @Test func tooManyPeersAreRefused() throws {
        var config = NodeConfigFile()
        config.peers = (0...NodeConfigFile.peerCountMax).map { Self.peer(port: 1_000 + $0) }
        #expect(throws: NodeError.self) { try config.validate() }
        config.peers.removeLast()
        try config.validate()
    }

    @Test func intervalsOutOfRangeAreRefused() throws {
        #expect(
            try Self.loadError(#"{"version":1,"blockIntervalMs":0}"#)?.hasPrefix("blockIntervalMs: 0 is not between")
                == true)
        #expect(try Self.loadError(#"{"version":1,"blockIntervalMs":60001}"#)?.hasPrefix("blockIntervalMs:") == true)
        #expect(
            try Self.loadError(#"{"version":1,"blockIntervalMs":500,"idleIntervalMs":400}"#)?.hasPrefix(
                "idleIntervalMs: 400 is not between blockIntervalMs (500)") == true)
    }

    @Test func timeoutsOutOfRangeAreRefused() throws {
        #expect(
            try Self.loadError(#"{"version":1,"timeouts":{"proposeMs":0}}"#)?.hasPrefix(
                "timeouts.proposeMs: 0 is not between 1") == true)
        #expect(
            try Self.loadError(#"{"version":1,"timeouts":{"prevoteDeltaMs":-5}}"#)?.hasPrefix(
                "timeouts.prevoteDeltaMs: -5") == true)
        #expect(
            try Self.loadError(#"{"version":1,"timeouts":{"proposeMs":5000,"maxMs":4000}}"#)?.hasPrefix(
                "timeouts.maxMs: 4000 is not between the longest base timeout (5000)") == true)
    }

    @Test func anUnknownLogLevelListsTheKnownOnes() throws {
        let message = try #require(try Self.loadError(#"{"version":1,"logLevel":"verbose"}"#))
        #expect(message.hasPrefix("logLevel: 'verbose' is not one of trace, debug, info, notice"))
    }

    @Test func emptyPathsAreRefused() throws {
        #expect(try Self.loadError(#"{"version":1,"dataDirectory":""}"#) == "dataDirectory: must name a path")
    }

    // MARK: - Peer addresses

    @Test func peerAddressesRoundTripIncludingIPv6() throws {
        for host in ["10.1.2.3", "node-1.example.org", "::1"] {
            let peer = PeerRecord(key: PrivateKey().publicKey, host: host, port: 26_656)
            #expect(try PeerRecord(address: peer.address) == peer)
        }
        let key = PrivateKey().publicKey
        #expect(try PeerRecord(address: "\(key.hex)@[fe80::1]:7").host == "fe80::1")
    }

    @Test func badPeerAddressesSayWhatIsWrong() throws {
        let id = PrivateKey().publicKey.hex
        let cases = [
            ("127.0.0.1:26656", "no '@'"), ("abc@127.0.0.1:1", "is not a node id"), ("\(id)@127.0.0.1", "no ':PORT'"),
            ("\(id)@127.0.0.1:0", "'0' is not a port"), ("\(id)@127.0.0.1:x", "'x' is not a port"),
            ("\(id)@:80", "host: must name"), ("\(id)@[::1]80", "IPv6"),
        ]
        for (address, problem) in cases {
            let error = #expect(throws: NodeError.self) { try PeerRecord(address: address) }
            #expect(error?.message.contains(problem) == true, "\(address): \(error?.message ?? "")")
        }
    }
}
