import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

@Suite struct SignerStateTests {
    static let hashA = Hash.sha256(Array("sign bytes A".utf8))
    static let hashB = Hash.sha256(Array("sign bytes B".utf8))

    @Test func aNewStateHasSignedNothingAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = try SignerState(path: directory.file("signer"))
        #expect(state.lastSigned == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.file("signer")))
    }

    @Test func laterPositionsAreSignedAndRecorded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = try SignerState(path: directory.file("signer"))
        #expect(try state.checkAndRecord(height: 5, round: 0, step: .proposal, signBytesHash: Self.hashA) == .sign)
        #expect(try state.checkAndRecord(height: 5, round: 0, step: .prevote, signBytesHash: Self.hashB) == .sign)
        #expect(try state.checkAndRecord(height: 5, round: 1, step: .prevote, signBytesHash: Self.hashA) == .sign)
        #expect(try state.checkAndRecord(height: 6, round: 0, step: .proposal, signBytesHash: Self.hashA) == .sign)
        #expect(state.lastSigned == SignerState.Position(height: 6, round: 0, step: .proposal))
    }

    @Test func earlierPositionsAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = try SignerState(path: directory.file("signer"))
        let last = SignerState.Position(height: 5, round: 2, step: .prevote)
        #expect(try state.checkAndRecord(height: 5, round: 2, step: .prevote, signBytesHash: Self.hashA) == .sign)
        for (height, round, step) in [
            (UInt64(4), UInt32(9), SignerState.Step.precommit), (5, 1, .precommit), (5, 2, .proposal),
        ] {
            #expect(
                try state.checkAndRecord(height: height, round: round, step: step, signBytesHash: Self.hashA)
                    == .refuseRegression(last: last))
        }
        #expect(state.lastSigned == last)
    }

    @Test func differentBytesAtTheSamePositionAreRefusedAndIdenticalOnesAllowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = try SignerState(path: directory.file("signer"))
        let position = SignerState.Position(height: 3, round: 1, step: .precommit)
        #expect(try state.checkAndRecord(height: 3, round: 1, step: .precommit, signBytesHash: Self.hashA) == .sign)
        #expect(
            try state.checkAndRecord(height: 3, round: 1, step: .precommit, signBytesHash: Self.hashB)
                == .refuseConflict(at: position))
        #expect(
            try state.checkAndRecord(height: 3, round: 1, step: .precommit, signBytesHash: Self.hashA) == .signAgain)
        #expect(SignerState.Decision.signAgain.allowsSigning)
        #expect(!SignerState.Decision.refuseConflict(at: position).allowsSigning)
    }

    @Test func theStateSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let state = try SignerState(path: directory.file("signer"))
            _ = try state.checkAndRecord(height: 9, round: 4, step: .prevote, signBytesHash: Self.hashA)
        }
        let reopened = try SignerState(path: directory.file("signer"))
        #expect(reopened.lastSigned == SignerState.Position(height: 9, round: 4, step: .prevote))
        #expect(reopened.lastSignBytesHash == Self.hashA)
        #expect(
            try reopened.checkAndRecord(height: 9, round: 4, step: .prevote, signBytesHash: Self.hashB)
                == .refuseConflict(at: SignerState.Position(height: 9, round: 4, step: .prevote)))
        #expect(
            try reopened.checkAndRecord(height: 9, round: 4, step: .prevote, signBytesHash: Self.hashA) == .signAgain)
        #expect(
            try reopened.checkAndRecord(height: 9, round: 3, step: .precommit, signBytesHash: Self.hashA)
                == .refuseRegression(last: SignerState.Position(height: 9, round: 4, step: .prevote)))
        #expect(!FileManager.default.fileExists(atPath: directory.file("signer.tmp")))
    }

    @Test func aDamagedStateFileStopsTheValidator() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("signer")
        _ = try SignerState(path: path).checkAndRecord(height: 1, round: 0, step: .prevote, signBytesHash: Self.hashA)
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(good.count == SignerState.fileBytes)
        for damaged in [
            Array(good.prefix(40)), good + [0],
            {
                var bytes = good
                bytes[12] ^= 1
                return bytes
            }(),
        ] {
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: NodeError.self) { try SignerState(path: path) }
            #expect(error.code == .corruptStore)
            #expect(error.message.contains(path))
        }
    }

    @Test func consensusRecordsAreCheckedByTheirSignBytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let state = try SignerState(path: directory.file("signer"))
        let key = PrivateKey(seed: [UInt8](repeating: 1, count: 32))!
        func vote(_ value: Hash?) -> WALRecord {
            .vote(
                SignedVote(
                    signing: Vote(type: .prevote, height: 2, round: 0, value: value, validator: key.publicKey),
                    with: key, chainID: "test"))
        }
        #expect(try state.checkAndRecord(vote(Self.hashA), chainID: "test") == .sign)
        #expect(state.lastSigned == SignerState.Position(height: 2, round: 0, step: .prevote))
        #expect(try state.checkAndRecord(vote(Self.hashA), chainID: "test") == .signAgain)
        #expect(try state.checkAndRecord(vote(nil), chainID: "test") == .refuseConflict(at: state.lastSigned!))
    }
}
