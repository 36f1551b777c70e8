public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The consensus write-ahead log: an append-only file of checksummed records, each synced to disk
/// before `append` returns, with end-of-height markers so a restart replays only the current height.
///
/// ## On disk
///
/// The file begins with the 8 ASCII bytes `BZWAL001`; then records, each
///
///     [u32 length field][u32 checksum][body]
///
/// little-endian. The body is a kind byte (`1` message, `2` end of height) and the kind's bytes
/// (see `Record`). The length field's low 24 bits count the body's bytes (1 to
/// `payloadBytesMax + 1`) and its top byte is a CRC-8 of those three bytes, so a damaged length is
/// caught before it is trusted (`lengthCheck`). The checksum is CRC-32C (Castagnoli, not a SHA-256
/// prefix: see `CRC32C`) over the four bytes of the length field followed by the body.
///
/// ## Durability
///
/// - `append` writes the whole record with `pwrite` at the end of the last durable record, then
///   calls `fdatasync` (`F_FULLFSYNC` on Darwin), and returns only after both succeed. So when the
///   driver broadcasts a message after `append` returned, the record of it is on disk: a restart
///   finds every message the validator may have sent.
/// - A record whose `append` did not return may be on disk in part; it was never sent, so
///   dropping it on open (the torn-tail repair) loses nothing that was signed and released. No
///   record after it can exist, because the next write starts only after `append` returned.
/// - A new file is created with its header by write-temp, sync, rename, sync-directory, so the
///   file and its directory entry are durable before the first record is appended to it.
/// - Compaction replaces the file the same way with one holding only the newest end-of-height
///   marker; a crash leaves either the old file (whose marker is already durable) or the new one.
/// - Damage confined to the final record cannot be told from a torn append, so it is repaired
///   too; the record lost that way may have been sent. `SignerState`, checked before every
///   signature, is what keeps a validator from then signing a conflicting message.
/// - After any failed write or sync the log refuses further appends: after a failed `fsync` the
///   kernel may have dropped the dirty pages, so nothing about the file's contents can be assumed
///   and the node must stop.
///
/// Not `Sendable`: one owner (the consensus driver) serializes all calls.
public final class WriteAheadLog {
    /// The largest payload `append` takes by default; a record is bounded before it is allocated.
    public static let payloadBytesMaxDefault = 1 << 20
    /// The size past which an end-of-height marker compacts the file, by default.
    public static let compactionThresholdBytesDefault = 64 << 20

    static let fileHeader: [UInt8] = Array("BZWAL001".utf8)
    static let recordHeaderBytes = 8

    public let path: String
    public let payloadBytesMax: Int
    public let compactionThresholdBytes: Int
    private let logger: Logger
    private var descriptor: Int32
    /// The end of the last durable record; the next append writes here.
    private var endOffset: Int
    /// Where the newest end-of-height marker starts, or the first record when there is none.
    private var replayOffset: Int
    /// The height of the newest end-of-height marker.
    public private(set) var lastEndOfHeight: UInt64?
    /// The error that made the log unusable; every later append rethrows it.
    private var failure: NodeError?

    /// The file's size in bytes, as durable.
    public var sizeBytes: Int { endOffset }

    /// Opens the log at `path`, creating it when absent, and repairs a torn final record.
    ///
    /// - Parameters:
    ///   - path: The log file; its directory must exist.
    ///   - payloadBytesMax: The largest payload a record may hold; longer lengths on disk are corruption.
    ///   - compactionThresholdBytes: An end-of-height marker written past this size compacts the file.
    /// - Throws: `NodeError.corruptStore` with the file and byte offset for anything but a torn final
    ///   record; `NodeError.storage` when the file cannot be created, read, repaired or synced.
    /// - Complexity: O(*n*) in the file's size: every record's checksum is verified.
    public init(
        path: String,
        payloadBytesMax: Int = payloadBytesMaxDefault,
        compactionThresholdBytes: Int = compactionThresholdBytesDefault,
        logger: Logger = Logger(label: "bazaar.wal")
    ) throws {
        precondition(payloadBytesMax >= 8 && payloadBytesMax < 0xFF_FFFF, "payloadBytesMax out of range")
        self.path = path
        self.payloadBytesMax = payloadBytesMax
        self.compactionThresholdBytes = compactionThresholdBytes
        self.logger = logger
        unlink(path + ".tmp")  // A compaction or creation that crashed before its rename.
        descriptor = try Self.openOrCreate(path)
        endOffset = Self.fileHeader.count
        replayOffset = Self.fileHeader.count
        // A throw from here on runs `deinit`, which closes the descriptor.
        try recover()
    }

    deinit {
        close(descriptor)
    }

    /// Appends a message record and makes it durable before returning.
    ///
    /// - Throws: `NodeError.storage` when the payload exceeds `payloadBytesMax`, when the write or
    ///   the sync fails (the log is then unusable), or when an earlier one failed.
    /// - Complexity: O(*n*) in the payload's size, plus one sync.
    public func append(_ payload: [UInt8]) throws {
        guard payload.count <= payloadBytesMax else {
            throw NodeError(
                .storage, "write-ahead log record of \(payload.count) bytes exceeds the limit of \(payloadBytesMax)")
        }
        try write([.message(payload)])
    }

    /// Appends several message records with one write and one sync, in order; durable when it returns.
    ///
    /// - Throws: As `append(_:)`; on a throw none of the records may be assumed durable.
    /// - Complexity: O(*n*) in the payloads' total size, plus one sync.
    public func append(contentsOf payloads: [[UInt8]]) throws {
        guard !payloads.isEmpty else { return }
        for payload in payloads where payload.count > payloadBytesMax {
            throw NodeError(
                .storage, "write-ahead log record of \(payload.count) bytes exceeds the limit of \(payloadBytesMax)")
        }
        try write(payloads.map { Record.message($0) })
    }

    /// Appends the marker that `height` is decided and stored, durably, and compacts the file when
    /// it has grown past `compactionThresholdBytes`.
    ///
    /// - Precondition: `height` is above the last marker's: heights are decided in order.
    /// - Throws: `NodeError.storage` when writing, syncing or compacting fails (the log is then unusable).
    /// - Complexity: O(1) plus one sync; a compaction adds three syncs.
    public func appendEndOfHeight(_ height: UInt64) throws {
        precondition(lastEndOfHeight.map { height > $0 } ?? true, "end-of-height markers must increase")
        let offset = endOffset
        try write([.endOfHeight(height)])
        lastEndOfHeight = height
        replayOffset = offset
        if endOffset > compactionThresholdBytes {
            try compact()
        }
    }

    /// The payloads of the message records after the newest end-of-height marker (all of them when
    /// there is none), in the order they were appended: what a restart replays.
    ///
    /// - Throws: `NodeError.corruptStore` when the file changed under the log; `NodeError.storage` on a read error.
    /// - Complexity: O(*n*) in the bytes after the marker.
    public func recordsSinceLastEndOfHeight() throws -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        try read(from: replayOffset) { record in
            if case .message(let payload) = record { payloads.append(payload) }
        }
        return payloads
    }

    /// Every record in the file, markers included, for tools and tests.
    ///
    /// - Throws: `NodeError.corruptStore` when the file changed under the log; `NodeError.storage` on a read error.
    /// - Complexity: O(*n*) in the file's size.
    public func records() throws -> [Record] {
        var records: [Record] = []
        try read(from: Self.fileHeader.count) { records.append($0) }
        return records
    }

    // MARK: - Internals

    private func write(_ records: [Record]) throws {
        if let failure { throw failure }
        let bytes = records.flatMap(Self.frame)
        do {
            try FileIO.write(descriptor, bytes, at: endOffset, path: path)
            try FileIO.sync(descriptor, path: path)
        } catch {
            let failure = (error as? NodeError) ?? NodeError(.storage, "write-ahead log \(path): \(error)")
            self.failure = failure
            throw failure
        }
        endOffset += bytes.count
    }

    private func read(from start: Int, _ visit: (Record) -> Void) throws {
        let end = try Self.scan(
            descriptor: descriptor, path: path, from: start, to: endOffset, bodyBytesMax: payloadBytesMax + 1
        ) { _, record in visit(record) }
        guard end == .clean else {
            throw NodeError(.corruptStore, "write-ahead log \(path) changed while open: \(end)")
        }
    }

    /// Replaces the file with one holding only the newest end-of-height marker.
    private func compact() throws {
        guard let height = lastEndOfHeight else { return }
        let bytes = Self.fileHeader + Self.frame(.endOfHeight(height))
        let replacement: Int32
        do {
            try FileIO.replaceAtomically(path, with: bytes)
            replacement = try FileIO.openFile(path, O_RDWR)
        } catch {
            // The rename may have happened: the descriptor may name an unlinked file. Stop appending.
            let failure = (error as? NodeError) ?? NodeError(.storage, "write-ahead log \(path): \(error)")
            self.failure = failure
            throw failure
        }
        logger.debug(
            "compacted write-ahead log", metadata: ["path": "\(path)", "bytes": "\(endOffset)", "height": "\(height)"])
        close(descriptor)
        descriptor = replacement
        replayOffset = Self.fileHeader.count
        endOffset = bytes.count
    }

    /// Opens the log file, creating it (durably, with its header) when it does not exist.
    ///
    /// - Throws: `NodeError.storage` when it can be neither opened nor created.
    static func openOrCreate(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        if descriptor >= 0 { return descriptor }
        guard errno == ENOENT else {
            throw NodeError(.storage, "cannot open write-ahead log \(path): \(FileIO.lastError())")
        }
        try FileIO.replaceAtomically(path, with: fileHeader)
        return try FileIO.openFile(path, O_RDWR)
    }

    /// Checks the header and every record, finds the newest end-of-height marker, and cuts off a
    /// torn final record, syncing the cut before anything is appended after it.
    ///
    /// - Throws: `NodeError.corruptStore` for a bad header, corruption before the end, or markers
    ///   out of order; `NodeError.storage` when reading or repairing fails.
    private func recover() throws {
        let size = try FileIO.size(descriptor, path: path)
        let header = try FileIO.read(descriptor, count: Self.fileHeader.count, at: 0, path: path)
        guard header == Self.fileHeader else {
            throw NodeError(
                .corruptStore,
                "\(path) is not a Bazaar write-ahead log (its first \(header.count) bytes are not BZWAL001)")
        }
        var lastEndOfHeight: UInt64?
        var replayOffset = Self.fileHeader.count
        let end = try Self.scan(
            descriptor: descriptor, path: path, from: Self.fileHeader.count, to: size,
            bodyBytesMax: payloadBytesMax + 1
        ) { offset, record in
            guard case .endOfHeight(let height) = record else { return }
            if let previous = lastEndOfHeight, height <= previous {
                throw NodeError(
                    .corruptStore,
                    "corrupt write-ahead log \(path): end of height \(height) at byte \(offset) "
                        + "follows end of height \(previous)")
            }
            lastEndOfHeight = height
            replayOffset = offset
        }
        self.lastEndOfHeight = lastEndOfHeight
        self.replayOffset = replayOffset
        switch end {
        case .clean:
            endOffset = size
        case .torn(let offset, let reason):
            guard ftruncate(descriptor, off_t(offset)) == 0 else {
                throw NodeError(.storage, "cannot repair write-ahead log \(path): \(FileIO.lastError())")
            }
            try FileIO.sync(descriptor, path: path)
            endOffset = offset
            logger.warning(
                "repaired a torn final record of the write-ahead log, left by a crash during an append",
                metadata: [
                    "path": "\(path)", "offset": "\(offset)", "droppedBytes": "\(size - offset)", "reason": "\(reason)",
                ])
        }
    }
}
