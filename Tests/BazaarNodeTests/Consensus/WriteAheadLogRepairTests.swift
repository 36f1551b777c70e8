import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// The operator's way forward from a damaged write-ahead log or a lost signer state, on real files
/// written by the real driver.
@Suite(.serialized) struct WriteAheadLogRepairTests {
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Starts consensus on a reopened node and expects it to refuse with `code`.
    static func expectStartFails(
        _ network: TestNetwork, paths: ConsensusPaths, code: NodeError.Code
    ) async throws -> NodeError? {
        let node = try await ConsensusRecoveryTests.reopen(network)
        let error = await #expect(throws: NodeError.self) {
            try await node.startConsensus(transport: nil, settings: ConsensusRecoveryTests.settings, paths: paths)
        }
        #expect(error?.code == code)
        return error
    }

    @Test func aByteFlippedInAFinishedHeightIsRepairedAndTheValidatorGoesOn() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await ConsensusRecoveryTests.run(network, until: 3)
        let path = network.configuration.writeAheadLogPath
        var bytes = try Self.bytes(path)
        // The first record (at byte 8, after the file header) belongs to height 1; flip a byte of its body.
        bytes[8 + 8 + 1] ^= 0x01
        try Self.write(bytes, to: path)
        let stopped = try await Self.expectStartFails(
            network, paths: ConsensusRecoveryTests.paths(network), code: .corruptStore)
        #expect(stopped?.message.contains("byte 8") == true)

        let report = try WriteAheadLogRepair.run(
            configuration: network.configuration, now: Date(timeIntervalSince1970: 7))
        #expect(report.damagedOffsets == [8])
        #expect(!report.lostCurrentHeightRecords)
        #expect(report.backupPath == path + ".damaged-7")
        #expect(try Self.bytes(path + ".damaged-7") == bytes)
        let log = try WriteAheadLog(path: path)
        #expect(log.lastEndOfHeight == report.lastEndOfHeight)
        #expect((report.lastEndOfHeight ?? 0) >= 3)

        let height = try BlockStore(path: network.configuration.storePath).latestHeight()
        try await ConsensusRecoveryTests.run(network, until: height + 2)
        // A second run finds nothing to do.
        #expect(try WriteAheadLogRepair.run(configuration: network.configuration).wasIntact)
    }

    @Test func damageInTheHeightBeingDecidedIsRepairedOnlyWhileTheSignerStateRemembers() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await ConsensusRecoveryTests.run(network, until: 2)
        let path = network.configuration.writeAheadLogPath
        // Two records after the last marker, the first of them damaged: they may have been own votes.
        do {
            let log = try WriteAheadLog(path: path)
            try log.append([0xEE, 1, 2, 3])
            try log.append([0xEE, 4, 5, 6])
        }
        var bytes = try Self.bytes(path)
        let firstLost = bytes.count - 2 * (8 + 5)
        bytes[firstLost + 8 + 2] ^= 0x40
        try Self.write(bytes, to: path)

        let signerPath = network.configuration.signerStatePath
        let signer = try Self.bytes(signerPath)
        try FileManager.default.removeItem(atPath: signerPath)
        let refused = #expect(throws: NodeError.self) {
            try WriteAheadLogRepair.run(configuration: network.configuration)
        }
        #expect(refused?.code == .corruptStore)
        #expect(refused?.message.contains("signer state") == true)
        #expect(try Self.bytes(path) == bytes)  // nothing changed

        try Self.write(signer, to: signerPath)
        let report = try WriteAheadLogRepair.run(configuration: network.configuration)
        #expect(report.damagedOffsets == [firstLost])
        #expect(report.lostCurrentHeightRecords)
        #expect(try WriteAheadLog(path: path).records().count == report.keptRecordCount)
        let height = try BlockStore(path: network.configuration.storePath).latestHeight()
        try await ConsensusRecoveryTests.run(network, until: height + 2)
    }

    @Test func aValidatorThatRanBeforeDoesNotStartWithoutItsSignerStateUnlessAllowed() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try await ConsensusRecoveryTests.run(network, until: 2)
        let signerPath = network.configuration.signerStatePath
        try FileManager.default.removeItem(atPath: signerPath)
        let error = try await Self.expectStartFails(
            network, paths: ConsensusRecoveryTests.paths(network), code: .corruptStore)
        #expect(error?.message.contains("--allow-missing-signer-state") == true)
        #expect(!FileManager.default.fileExists(atPath: signerPath))

        var allowing = ConsensusRecoveryTests.paths(network)
        allowing.allowsMissingSignerState = true
        let node = try await ConsensusRecoveryTests.reopen(network)
        try await node.startConsensus(transport: nil, settings: ConsensusRecoveryTests.settings, paths: allowing)
        let height = await node.height
        let reached = await ConsensusNetworkTests.eventually(within: 20) { await node.height >= height + 2 }
        try await node.stopConsensus()
        #expect(reached)
        #expect(try SignerState(path: signerPath).lastSigned.map { $0.height > height } == true)
    }

    @Test func aFirstStartCreatesTheSignerStateSoThatItsLossShowsLater() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try await ConsensusRecoveryTests.reopen(network)
        // A long block interval: nothing is signed before the check below.
        let slow = ConsensusSettings(blockIntervalMilliseconds: 60_000, idleIntervalMilliseconds: 60_000)
        try await node.startConsensus(transport: nil, settings: slow, paths: ConsensusRecoveryTests.paths(network))
        let state = try SignerState(path: network.configuration.signerStatePath)
        try await node.stopConsensus()
        #expect(state.lastSigned == SignerState.Position(height: 0, round: 0, step: .proposal))
    }
}
