import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// The driver's write-ahead log and signer state across restarts, with one validator.
@Suite(.serialized) struct ConsensusRecoveryTests {
    static let settings = ConsensusSettings(blockIntervalMilliseconds: 20, idleIntervalMilliseconds: 50)

    static func paths(_ network: TestNetwork) -> ConsensusPaths {
        ConsensusPaths(
            writeAheadLog: network.configuration.writeAheadLogPath, signerState: network.configuration.signerStatePath)
    }

    /// Opens the node, waiting (at most 10 s) for a stopped one on the same directory to be released:
    /// a timer task may still hold it for a moment after it stopped.
    static func reopen(_ network: TestNetwork) async throws -> Node {
        for _ in 0..<200 {
            if let node = try? network.makeNode() { return node }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try network.makeNode()
    }

    /// Runs consensus on a fresh node until it reaches `height`, then stops it.
    static func run(_ network: TestNetwork, until height: UInt64) async throws {
        let node = try await reopen(network)
        try await node.startConsensus(transport: nil, settings: settings, paths: paths(network))
        let reached = await ConsensusNetworkTests.eventually(within: 20) { await node.height >= height }
        try await node.stopConsensus()
        #expect(reached)
    }

    @Test func aRestartedValidatorResumesAfterItsLastHeightAndSignsOnlyForward() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await Self.run(network, until: 3)
        let signed = try #require(try SignerState(path: network.configuration.signerStatePath).lastSigned)
        let log = try WriteAheadLog(path: network.configuration.writeAheadLogPath)
        let markers = try log.records().compactMap { record -> UInt64? in
            if case .endOfHeight(let height) = record { return height }
            return nil
        }
        // One marker per decided height, in order, after its messages.
        #expect(markers.count >= 3 && markers == Array(1...UInt64(markers.count)))
        #expect(signed.height >= 3)

        try await Self.run(network, until: signed.height + 2)
        let after = try #require(try SignerState(path: network.configuration.signerStatePath).lastSigned)
        #expect(after > signed)
        let store = try BlockStore(path: network.configuration.storePath)
        for height in 1...(signed.height + 2) {
            let stored = try #require(try store.block(at: height))
            let commit = try Commit(canonicalBytes: try #require(stored.commit))
            #expect(commit.value == stored.block.hash)
            #expect(
                commit.isValid(
                    chainID: TestNetwork.chainID,
                    validators: ValidatorSet([
                        Validator(publicKey: network.validator.publicKey, votingPower: 1)
                    ])))
        }
    }

    @Test func aDamagedLogStopsTheNodeWithTheFileAndOffset() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await Self.run(network, until: 3)
        // Flip a byte in the middle of the log: not a torn tail, so the node must refuse to start.
        let path = network.configuration.writeAheadLogPath
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let node = try await Self.reopen(network)
        let error = await #expect(throws: NodeError.self) {
            try await node.startConsensus(transport: nil, settings: Self.settings, paths: Self.paths(network))
        }
        #expect(error?.code == .corruptStore)
        #expect(error?.message.contains(path) == true)
    }

    @Test func aTornFinalRecordIsRepairedAndTheValidatorGoesOn() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await Self.run(network, until: 2)
        let path = network.configuration.writeAheadLogPath
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        // The start of a record whose body never made it to disk.
        try handle.write(contentsOf: Data([0x40, 0x00, 0x00, 0x11, 0xAA, 0xBB]))
        try handle.close()
        let height = try BlockStore(path: network.configuration.storePath).latestHeight()
        try await Self.run(network, until: height + 2)
    }

    @Test func aSignerStateAheadOfTheLogMakesTheValidatorSkipPastItsLastSignedRound() async throws {
        // A validator whose log lost records but whose signer state remembers signing at round 5
        // must not sign anything in rounds 0 to 5 again: it decides height 1 in round 6 or later.
        let network = try TestNetwork()
        defer { network.remove() }
        let signer = try SignerState(path: network.configuration.signerStatePath)
        _ = try signer.checkAndRecord(height: 1, round: 5, step: .precommit, signBytesHash: Hash.sha256([9]))
        let node = try network.makeNode()
        try await node.startConsensus(transport: nil, settings: Self.settings, paths: Self.paths(network))
        #expect(await ConsensusNetworkTests.eventually(within: 20) { await node.height >= 1 })
        try await node.stopConsensus()
        let stored = try #require(try node.store.block(at: 1))
        let commit = try Commit(canonicalBytes: try #require(stored.commit))
        #expect(commit.round >= 6)
    }

    @Test func aSignerStateAtALaterHeightMakesTheValidatorFollowWithoutVoting() async throws {
        // With one validator nothing else can decide, so a follower makes no block at all.
        let network = try TestNetwork()
        defer { network.remove() }
        let signer = try SignerState(path: network.configuration.signerStatePath)
        _ = try signer.checkAndRecord(height: 3, round: 0, step: .prevote, signBytesHash: Hash.sha256([9]))
        let node = try network.makeNode()
        try await node.startConsensus(transport: nil, settings: Self.settings, paths: Self.paths(network))
        try await Task.sleep(for: .milliseconds(500))
        #expect(await node.height == 0)
        try await node.stopConsensus()
        #expect(try SignerState(path: network.configuration.signerStatePath).lastSigned?.height == 3)
    }
}
