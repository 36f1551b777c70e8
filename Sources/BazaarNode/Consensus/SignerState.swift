public import BazaarConsensus
public import BazaarCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Double-sign protection that survives restarts: the last height, round and step this validator
/// signed, and the hash of the bytes it signed there, in a small file replaced atomically.
///
/// The guard sits in front of every signature the driver releases: `checkAndRecord` refuses any
/// position before the last one and, at the last one, any different bytes; it lets the identical
/// bytes through again, as CometBFT's `privval` does, because a restarted validator re-sends what
/// it signed. It is a second line behind the write-ahead log, and cheaper to trust: one record,
/// checked on every signature, with no replay logic in the way.
///
/// ## On disk
///
/// Created at the validator's first start with height 0 ("nothing signed yet": every message has a
/// height of 1 or more); from then on exactly 57 bytes, little-endian:
///
///     "BZSGN001" | height u64 | round u32 | step u8 | SHA-256 of the sign bytes (32) | CRC-32C u32
///
/// where the CRC-32C covers the 53 bytes before it.
///
/// ## Durability
///
/// A new position is written to `<path>.tmp`, synced, renamed over `<path>`, and the directory is
/// synced, all before `checkAndRecord` returns `.sign`: a crash at any point leaves the old state
/// or the new one, and a signature is released only after the new one is on disk. After a failed
/// write the guard refuses everything (the file may hold either state), so the node must stop.
///
/// Not `Sendable`: one owner (the consensus driver) serializes all calls.
public final class SignerState {
    static let fileHeader: [UInt8] = Array("BZSGN001".utf8)
    static let fileBytes = 57

    public let path: String
    /// The last position signed, or `nil` before the first signature.
    public private(set) var lastSigned: Position?
    /// The SHA-256 of the bytes signed at `lastSigned`.
    public private(set) var lastSignBytesHash: Hash?
    private var failure: NodeError?

    /// Loads the state at `path`, or starts empty when the file does not exist.
    ///
    /// - Throws: `NodeError.corruptStore` when the file exists but is not exactly a valid state
    ///   (a rename never leaves a partial one, so this is damage, not a crash); `NodeError.storage`
    ///   when it cannot be read.
    /// - Complexity: O(1).
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            guard errno == ENOENT else {
                throw NodeError(.storage, "cannot open signer state \(path): \(WriteAheadLog.FileIO.lastError())")
            }
            return
        }
        defer { close(descriptor) }
        // One byte more than the format, so a longer file is noticed rather than half-read.
        let bytes = try WriteAheadLog.FileIO.read(descriptor, count: Self.fileBytes + 1, at: 0, path: path)
        (lastSigned, lastSignBytesHash) = try Self.decode(bytes, path: path)
    }

    /// Decides whether the validator may sign at a position, and records the position durably
    /// before allowing a new one.
    ///
    /// - Parameters:
    ///   - signBytesHash: The SHA-256 of the exact bytes to be signed (domain, chain id, message).
    /// - Returns: `.sign` or `.signAgain` when the signature may be released, a refusal otherwise.
    /// - Throws: `NodeError.storage` when the new state cannot be made durable, or an earlier
    ///   attempt failed; the signature must not be released.
    /// - Complexity: O(1); a `.sign` costs a file write and two syncs.
    public func checkAndRecord(height: UInt64, round: UInt32, step: Step, signBytesHash: Hash) throws -> Decision {
        if let failure { throw failure }
        let position = Position(height: height, round: round, step: step)
        if let lastSigned {
            if position < lastSigned { return .refuseRegression(last: lastSigned) }
            if position == lastSigned {
                return signBytesHash == lastSignBytesHash ? .signAgain : .refuseConflict(at: lastSigned)
            }
        }
        do {
            try WriteAheadLog.FileIO.replaceAtomically(path, with: Self.encode(position, signBytesHash))
        } catch {
            let failure = (error as? NodeError) ?? NodeError(.storage, "signer state \(path): \(error)")
            self.failure = failure
            throw failure
        }
        lastSigned = position
        lastSignBytesHash = signBytesHash
        return .sign
    }

    /// `checkAndRecord` for the message a consensus `persist` directive records.
    ///
    /// - Throws: As `checkAndRecord(height:round:step:signBytesHash:)`.
    public func checkAndRecord(_ record: WALRecord, chainID: String) throws -> Decision {
        switch record {
        case .proposal(let signed):
            let proposal = signed.proposal
            return try checkAndRecord(
                height: proposal.height, round: proposal.round, step: .proposal,
                signBytesHash: Hash.sha256(proposal.signingBytes(chainID: chainID)))
        case .vote(let signed):
            let vote = signed.vote
            return try checkAndRecord(
                height: vote.height, round: vote.round, step: Step(vote.type),
                signBytesHash: Hash.sha256(vote.signingBytes(chainID: chainID)))
        }
    }

    /// Creates the file holding "nothing signed yet" (height 0, which no message has), when absent.
    ///
    /// A validator's first start calls this, so that a missing file later means a lost one.
    ///
    /// - Throws: `NodeError.storage` when it cannot be made durable.
    public func recordNothingSigned() throws {
        guard lastSigned == nil else { return }
        let decision = try checkAndRecord(height: 0, round: 0, step: .proposal, signBytesHash: .zero)
        assert(decision == .sign, "an empty signer state records any position")
    }

    static func encode(_ position: Position, _ hash: Hash) -> [UInt8] {
        var bytes = fileHeader
        WriteAheadLog.LittleEndian.append(position.height, to: &bytes)
        WriteAheadLog.LittleEndian.append(position.round, to: &bytes)
        bytes.append(position.step.rawValue)
        bytes.append(contentsOf: hash.bytes)
        WriteAheadLog.LittleEndian.append(WriteAheadLog.CRC32C.checksum(bytes), to: &bytes)
        assert(bytes.count == fileBytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> (Position, Hash) {
        func corrupt(_ reason: String) -> NodeError {
            NodeError(
                .corruptStore,
                "corrupt signer state \(path): \(reason); the validator will not sign without knowing what it signed")
        }
        guard bytes.count == fileBytes else { throw corrupt("\(bytes.count) bytes, expected \(fileBytes)") }
        guard Array(bytes[0..<8]) == fileHeader else { throw corrupt("bad header") }
        let body = Array(bytes[0..<(fileBytes - 4)])
        guard WriteAheadLog.CRC32C.checksum(body) == WriteAheadLog.LittleEndian.uint32(bytes, at: fileBytes - 4) else {
            throw corrupt("checksum mismatch")
        }
        guard let step = Step(rawValue: bytes[20]) else { throw corrupt("unknown step \(bytes[20])") }
        let position = Position(
            height: WriteAheadLog.LittleEndian.uint64(bytes, at: 8),
            round: WriteAheadLog.LittleEndian.uint32(bytes, at: 16), step: step)
        return (position, Hash(validating: Array(bytes[21..<53]))!)
    }
}
