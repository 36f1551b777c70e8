public import BazaarConsensus
public import Foundation

/// `bazaar node repair-wal`: the operator's way forward from a write-ahead log that stops the node.
public enum WriteAheadLogRepair {
    /// Repairs the log of the node `configuration` describes, which must not be running.
    ///
    /// - Parameter now: Names the backup, `consensus.wal.damaged-<unix seconds>`.
    /// - Throws: `NodeError.configuration` when a node holds the data directory; otherwise as
    ///   `WriteAheadLog.repair`.
    public static func run(configuration: NodeConfiguration, now: Date = Date()) throws -> WriteAheadLog.RepairReport {
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let path = configuration.writeAheadLogPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw NodeError(.configuration, "no write-ahead log at \(path)")
        }
        let signer = try SignerState(path: configuration.signerStatePath)
        // The record limit the node opens its log with.
        let genesis = configuration.genesis
        let limits = try ConsensusLimits(parameters: genesis.parameters, validatorCount: genesis.validators.count)
        return try WriteAheadLog.repair(
            path: path, payloadBytesMax: limits.frameBytesMax,
            signer: signer.lastSigned == nil ? nil : signer, ownPosition: ownPosition,
            backupSuffix: ".damaged-\(Int(now.timeIntervalSince1970))")
    }

    /// The signing position of a log record that holds one of this validator's own messages.
    static func ownPosition(_ payload: [UInt8]) -> SignerState.Position? {
        guard case .own(let record) = try? ConsensusLogEntry(canonicalBytes: payload) else { return nil }
        switch record {
        case .proposal(let signed):
            return SignerState.Position(height: signed.proposal.height, round: signed.proposal.round, step: .proposal)
        case .vote(let signed):
            return SignerState.Position(
                height: signed.vote.height, round: signed.vote.round, step: SignerState.Step(signed.vote.type))
        }
    }
}
