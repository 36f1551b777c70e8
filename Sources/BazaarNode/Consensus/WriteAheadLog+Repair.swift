public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WriteAheadLog {
    /// What `repair` found and did.
    public struct RepairReport: Sendable, Equatable {
        /// The byte offsets of the records that failed their checks.
        public var damagedOffsets: [Int]
        /// The newest end-of-height marker kept, if the log held one before its first unreadable byte.
        public var lastEndOfHeight: UInt64?
        /// The records the repaired log holds: that marker and the intact records after it.
        public var keptRecordCount: Int
        /// Where the damaged log was copied before it was replaced; `nil` when it was intact.
        public var backupPath: String?
        /// Whether records after the kept marker were lost (damage in the current height).
        public var lostCurrentHeightRecords: Bool

        public var wasIntact: Bool { backupPath == nil }
    }

    /// Replaces a damaged log with one holding its newest end-of-height marker and the intact
    /// records after it, after copying the damaged file beside it.
    ///
    /// Records before that marker belong to heights that are decided and stored: nothing replays
    /// them, so losing them loses nothing (compaction drops them too). Damage after the marker may
    /// have taken this validator's own proposals and votes of the height it was deciding, and a
    /// restart then relies on the signer state alone to keep it from signing differently. So the
    /// repair refuses in that case unless the signer state exists (`signer != nil`) and is not
    /// older than any own message the log still holds, which would show it restored from a backup.
    ///
    /// - Parameters:
    ///   - path: The log; no node may have it open (callers hold the data directory lock).
    ///   - payloadBytesMax: As the node opens the log.
    ///   - signer: The validator's signer state, `nil` when its file is missing.
    ///   - ownPosition: The position of an own message in a record's payload, `nil` for other records.
    ///   - backupSuffix: Appended to `path` for the copy of the damaged file.
    /// - Throws: `NodeError.corruptStore` when repairing could let the validator sign twice, or
    ///   the header is not a log's; `NodeError.storage` when reading or writing fails.
    /// - Complexity: O(*n*) in the file's size; holds the file in memory once for the backup.
    public static func repair(
        path: String, payloadBytesMax: Int, signer: SignerState?,
        ownPosition: ([UInt8]) -> SignerState.Position?, backupSuffix: String
    ) throws -> RepairReport {
        let descriptor = try FileIO.openFile(path, O_RDONLY)
        defer { close(descriptor) }
        let size = try FileIO.size(descriptor, path: path)
        let header = try FileIO.read(descriptor, count: fileHeader.count, at: 0, path: path)
        guard header == fileHeader else {
            throw NodeError(.corruptStore, "\(path) is not a Bazaar write-ahead log; nothing was changed")
        }
        let scanned = try scanLeniently(
            descriptor: descriptor, path: path, size: size, bodyBytesMax: payloadBytesMax + 1)
        let markerIndex = scanned.records.lastIndex { record in
            if case .endOfHeight = record.record { return true }
            return false
        }
        let markerOffset = markerIndex.map { scanned.records[$0].offset } ?? 0
        var report = RepairReport(
            damagedOffsets: scanned.damagedOffsets, lastEndOfHeight: nil, keptRecordCount: 0, backupPath: nil,
            lostCurrentHeightRecords: scanned.damagedOffsets.contains { $0 > markerOffset })
        guard !scanned.damagedOffsets.isEmpty else { return report }
        let firstLoss = scanned.damagedOffsets.first { $0 > markerOffset } ?? Int.max
        let kept = scanned.records[(markerIndex ?? 0)...].filter { $0.offset < firstLoss }
        if case .endOfHeight(let height) = kept.first?.record { report.lastEndOfHeight = height }
        report.keptRecordCount = kept.count
        if report.lostCurrentHeightRecords {
            try checkSignerCovers(scanned.records, signer: signer, ownPosition: ownPosition, path: path)
        }
        let backupPath = path + backupSuffix
        let original = try FileIO.read(descriptor, count: size, at: 0, path: path)
        try FileIO.replaceAtomically(backupPath, with: original)
        try FileIO.replaceAtomically(path, with: fileHeader + kept.flatMap { frame($0.record) })
        report.backupPath = backupPath
        return report
    }

    /// Refuses a repair that drops records of the current height unless the signer state can
    /// stand in for them: present, and at or after every own message the log still holds.
    private static func checkSignerCovers(
        _ records: [(offset: Int, record: Record)], signer: SignerState?,
        ownPosition: ([UInt8]) -> SignerState.Position?, path: String
    ) throws {
        guard let signer, let last = signer.lastSigned else {
            throw NodeError(
                .corruptStore,
                "refusing to repair \(path): the damage is after the last finished height, so it may hold "
                    + "this validator's latest proposals and votes, and there is no signer state to remember them; "
                    + "restore signer-state from a backup of this node, or wait until the height is decided without "
                    + "this validator and start it with a new home")
        }
        for case (let offset, .message(let payload)) in records {
            guard let position = ownPosition(payload), position > last else { continue }
            throw NodeError(
                .corruptStore,
                "refusing to repair \(path): the log holds an own message at \(position) (byte \(offset)), after "
                    + "the signer state's \(last); the signer state is older than the log (restored from a backup?) "
                    + "and cannot stand in for the damaged records")
        }
    }

    /// Reads every record it can: past a record whose checksum fails but whose length passed its
    /// check, and up to a length that cannot be trusted (nothing after it can be found) or a torn tail.
    static func scanLeniently(
        descriptor: Int32, path: String, size: Int, bodyBytesMax: Int
    ) throws -> (records: [(offset: Int, record: Record)], damagedOffsets: [Int]) {
        var records: [(offset: Int, record: Record)] = []
        var damaged: [Int] = []
        var offset = fileHeader.count
        while size - offset >= recordHeaderBytes {
            let header = try FileIO.read(descriptor, count: recordHeaderBytes, at: offset, path: path)
            let length = Int(LittleEndian.uint32(header, at: 0) & 0xFF_FFFF)
            guard lengthCheck(UInt32(length)) == header[3], length >= 1, length <= bodyBytesMax else {
                let rest = try FileIO.read(descriptor, count: size - offset, at: offset, path: path)
                if !rest.allSatisfy({ $0 == 0 }) { damaged.append(offset) }
                break
            }
            let recordEnd = offset + recordHeaderBytes + length
            guard recordEnd <= size else { break }  // A torn final append, as `recover` drops it.
            let body = try FileIO.read(descriptor, count: length, at: offset + recordHeaderBytes, path: path)
            if recordChecksum(length: UInt32(length), body: body) == LittleEndian.uint32(header, at: 4),
                let record = Record(body: body)
            {
                records.append((offset, record))
            } else if recordEnd < size {
                damaged.append(offset)
            }
            offset = recordEnd
        }
        return (records, damaged)
    }
}
