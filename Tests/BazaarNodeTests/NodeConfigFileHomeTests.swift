import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// A node home as `bazaar node init` makes it, and the checks of the files a config names.
@Suite struct NodeConfigFileHomeTests {
    /// A home in a fresh temporary folder, for a one-validator chain of `key` unless `genesis` says otherwise.
    struct Fixture {
        let directory: TemporaryDirectory
        let home: NodeHome
        let key = PrivateKey()
        let genesis: Genesis

        init(config: NodeConfigFile = NodeConfigFile(), validators: [PublicKey]? = nil, writeGenesis: Bool = true)
            throws
        {
            directory = try TemporaryDirectory()
            home = NodeHome(directory: URL(fileURLWithPath: directory.file("node")))
            genesis = try NetworkGenesis.make(
                chainID: "home-test", validators: validators ?? [key.publicKey], demoAccounts: nil,
                timeMilliseconds: 1_700_000_000_000)
            try home.create(config: config, key: key, genesis: writeGenesis ? GenesisFile(genesis) : nil)
        }

        func file(_ name: String) -> URL { home.directory.appendingPathComponent(name) }

        func loadError() -> String? {
            do {
                _ = try home.load()
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    @Test func aCreatedHomeLoadsIntoTheConfigurationTheNodeRuns() throws {
        var config = NodeConfigFile(
            api: .init(host: "127.0.0.1", port: 0), p2p: .init(host: "127.0.0.1", port: 0),
            peers: [PeerRecord(key: PrivateKey().publicKey, host: "127.0.0.1", port: 26_657)], blockIntervalMs: 50)
        config.timeouts.proposeMs = 1_234
        let fixture = try Fixture(config: config)
        defer { fixture.directory.remove() }
        let loaded = try fixture.home.load()
        let configuration = loaded.configuration
        #expect(loaded.file == config)
        #expect(configuration.genesis == fixture.genesis)
        #expect(configuration.validatorKey.publicKey == fixture.key.publicKey)
        #expect(configuration.dataDirectory.path == fixture.file("data").path)
        #expect(configuration.host == "127.0.0.1" && configuration.port == 0)
        #expect(configuration.p2pHost == "127.0.0.1" && configuration.p2pPort == 0)
        #expect(configuration.peers == config.peers)
        #expect(configuration.blockIntervalMilliseconds == 50)
        #expect(configuration.idleIntervalMilliseconds == 1_000)
        #expect(configuration.timeouts.proposeMilliseconds == 1_234)
        #expect(configuration.storePath == fixture.file("data/node.sqlite").path)
    }

    @Test func theKeyFileIsReadableByItsOwnerOnly() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.file("validator-key.json").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func creatingOverAnExistingHomeIsRefusedAndChangesNothing() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let keyBefore = try Data(contentsOf: fixture.file("validator-key.json"))
        let error = #expect(throws: NodeError.self) {
            try fixture.home.create(config: NodeConfigFile(), key: PrivateKey(), genesis: nil)
        }
        #expect(error?.message.contains("already holds a node") == true)
        #expect(try Data(contentsOf: fixture.file("validator-key.json")) == keyBefore)
    }

    @Test func aMissingGenesisSaysWhereToPutIt() throws {
        let fixture = try Fixture(writeGenesis: false)
        defer { fixture.directory.remove() }
        let message = try #require(fixture.loadError())
        #expect(message.contains("genesis file \(fixture.file("genesis.json").path) does not exist"))
        #expect(message.contains("bazaar genesis create"))
    }

    @Test func anUnreadableGenesisIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try Data("{".utf8).write(to: fixture.file("genesis.json"))
        #expect(fixture.loadError()?.contains("cannot read genesis at \(fixture.file("genesis.json").path)") == true)
    }

    @Test func aGenesisThatCannotStartAChainIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        var file = GenesisFile(fixture.genesis)
        file.feeAsset = "XYZ"
        try file.save(to: fixture.file("genesis.json"))
        #expect(fixture.loadError()?.contains("invalid genesis") == true)
    }

    @Test func aMissingKeyFileIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try FileManager.default.removeItem(at: fixture.file("validator-key.json"))
        #expect(fixture.loadError()?.contains("validator key file") == true)
    }

    @Test func aKeyFileOthersCanReadIsRefusedWithTheFix() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let path = fixture.file("validator-key.json").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let message = try #require(fixture.loadError())
        #expect(message.contains("mode 644") && message.contains("chmod 600 \(path)"))
    }

    @Test func aKeyThatIsNotAGenesisValidatorIsRefused() throws {
        let fixture = try Fixture(validators: [PrivateKey().publicKey])
        defer { fixture.directory.remove() }
        let message = try #require(fixture.loadError())
        #expect(
            message.contains("this node's key \(fixture.key.publicKey.hex) is not a validator of chain 'home-test'"))
    }

    @Test func aPeerWithThisNodesOwnKeyIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        var config = try NodeConfigFile.load(from: fixture.home.configURL)
        config.peers = [PeerRecord(key: fixture.key.publicKey, host: "127.0.0.1", port: 26_656)]
        try config.save(to: fixture.home.configURL)
        #expect(fixture.loadError()?.contains("peers[0] is this node itself") == true)
    }

    @Test func pathsAreRelativeToTheConfigFilesFolderOrAbsolute() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let shared = URL(fileURLWithPath: fixture.directory.file("shared-genesis.json"))
        try FileManager.default.moveItem(at: fixture.file("genesis.json"), to: shared)
        var config = try NodeConfigFile.load(from: fixture.home.configURL)
        config.genesisFile = shared.path
        config.dataDirectory = "../elsewhere/data"
        try config.save(to: fixture.home.configURL)
        let loaded = try fixture.home.load()
        #expect(loaded.configuration.genesis == fixture.genesis)
        #expect(loaded.configuration.dataDirectory.path == fixture.directory.file("elsewhere/data"))
        #expect(FileManager.default.fileExists(atPath: fixture.directory.file("elsewhere/data")))
    }

    @Test func aConfigFileElsewhereTakesItsFolderAsTheHome() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let renamed = fixture.file("mainnet.json")
        try FileManager.default.moveItem(at: fixture.home.configURL, to: renamed)
        let home = NodeHome(configURL: renamed)
        #expect(home.directory == fixture.home.directory)
        #expect(try home.load().configuration.validatorKey.publicKey == fixture.key.publicKey)
    }
}
