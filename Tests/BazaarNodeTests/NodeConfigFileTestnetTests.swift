import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// The config files and genesis `bazaar testnet` and `bazaar genesis create` write.
@Suite struct NodeConfigFileTestnetTests {
    static let demoAccounts = (0..<3).map { _ in PrivateKey().publicKey.accountID }

    static func prepare(
        _ directory: TemporaryDirectory, validators: Int, basePort: Int = 20_000, reset: Bool = false
    ) throws -> Testnet.Prepared {
        try Testnet.prepare(
            directory: URL(fileURLWithPath: directory.file("testnet")), validatorCount: validators,
            basePort: basePort, blockIntervalMs: 100, logLevel: .info, demoAccounts: demoAccounts, reset: reset,
            clockMilliseconds: 1_700_000_000_000)
    }

    @Test func everyNodeListsTheOthersAsPeersOnFixedLoopbackPorts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prepared = try Self.prepare(directory, validators: 4)
        #expect(prepared.isNew)
        #expect(prepared.genesis.validators == prepared.members.map(\.publicKey))
        for member in prepared.members {
            #expect(member.home.directory.lastPathComponent == "node\(member.index)")
            let loaded = try member.home.load()
            #expect(loaded.file.api == .init(host: "127.0.0.1", port: 20_000 + member.index))
            #expect(loaded.file.p2p == .init(host: "127.0.0.1", port: 20_100 + member.index))
            #expect(loaded.file.blockIntervalMs == 100 && loaded.file.logLevel == .info)
            let others = prepared.members.filter { $0.index != member.index }
            #expect(
                loaded.configuration.peers
                    == others.map { PeerRecord(key: $0.publicKey, host: "127.0.0.1", port: $0.p2pPort) })
            #expect(loaded.configuration.genesis == prepared.genesis)
            #expect(loaded.configuration.validatorKey.publicKey == member.publicKey)
        }
    }

    @Test func theSharedGenesisFundsTheDemoAccountsLikeTheDevnet() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prepared = try Self.prepare(directory, validators: 2)
        #expect(prepared.genesis.parameters.chainID == Testnet.chainID)
        #expect(prepared.genesis.assets.map(\.symbol.text) == ["BZR", "USD", "BTC", "ETH"])
        let state = try prepared.genesis.makeState()
        for account in Self.demoAccounts {
            #expect(state.balance(of: account, asset: "USD") == Amount(baseUnits: 1_000_000 * 1_000_000))
        }
    }

    @Test func aLaterStartResumesTheSameChainWithNewPortsAndSettings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Self.prepare(directory, validators: 3)
        let marker = first.members[0].home.directory.appendingPathComponent("data/marker")
        try Data().write(to: marker)
        let second = try Self.prepare(directory, validators: 3, basePort: 21_000)
        #expect(!second.isNew)
        #expect(second.genesis == first.genesis)
        #expect(second.members.map(\.publicKey) == first.members.map(\.publicKey))
        #expect(FileManager.default.fileExists(atPath: marker.path))
        let config = try second.members[2].home.load().file
        #expect(config.api.port == 21_002)
        #expect(config.peers.map(\.port) == [21_100, 21_101])
    }

    @Test func anotherValidatorCountNeedsAReset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Self.prepare(directory, validators: 2)
        let error = #expect(throws: NodeError.self) { try Self.prepare(directory, validators: 3) }
        #expect(error?.message.contains("has 2 validators; start it with --validators 2, or add --reset") == true)
        let reset = try Self.prepare(directory, validators: 3, reset: true)
        #expect(reset.isNew && reset.members.count == 3)
        #expect(reset.genesis.validators.allSatisfy { !first.genesis.validators.contains($0) })
    }

    @Test func anInterruptedCreationIsStartedAfresh() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Self.prepare(directory, validators: 2)
        try FileManager.default.removeItem(at: first.directory.appendingPathComponent(Testnet.genesisFileName))
        let second = try Self.prepare(directory, validators: 2)
        #expect(second.isNew && second.genesis.validators != first.genesis.validators)
    }

    @Test func portsMustFitBelow65536() throws {
        #expect(Testnet.ports(basePort: 65_426, validatorCount: 10)?.last?.p2p == 65_535)
        #expect(Testnet.ports(basePort: 65_427, validatorCount: 10) == nil)
        #expect(Testnet.ports(basePort: 0, validatorCount: 1) == nil)
    }

    @Test func aGenesisWithoutDemoHasOnlyTheFeeAssetHeldByTheTreasury() throws {
        let validators = (0..<3).map { _ in PrivateKey().publicKey }
        let treasury = PrivateKey().publicKey.accountID
        let genesis = try NetworkGenesis.make(
            chainID: "acme-1", validators: validators, demoAccounts: nil, treasury: treasury, timeMilliseconds: 5)
        #expect(genesis.parameters.chainID == "acme-1")
        #expect(genesis.validators == validators)
        #expect(genesis.assets.map(\.symbol.text) == ["BZR"])
        #expect(genesis.assets.allSatisfy { $0.issuer == treasury })
        #expect(genesis.balances.map(\.account) == [treasury])
    }

    @Test func aGenesisNeedsDistinctValidatorsAndAValidChainID() throws {
        let key = PrivateKey().publicKey
        #expect(throws: NodeError.self) {
            try NetworkGenesis.make(chainID: "x", validators: [], demoAccounts: nil, timeMilliseconds: 0)
        }
        #expect(throws: NodeError.self) {
            try NetworkGenesis.make(chainID: "x", validators: [key, key], demoAccounts: nil, timeMilliseconds: 0)
        }
        #expect(throws: NodeError.self) {
            try NetworkGenesis.make(
                chainID: String(repeating: "x", count: 65), validators: [key], demoAccounts: nil, timeMilliseconds: 0)
        }
    }
}
