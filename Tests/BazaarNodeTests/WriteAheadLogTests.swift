import Foundation
import Testing

@testable import BazaarNode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-wal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct WriteAheadLogTests {
    static let payloads: [[UInt8]] = (0..<4).map(payload(number:))

    static func payload(number: Int) -> [UInt8] {
        let count: Int = 20 + 7 * number
        return (0..<count).map { (position: Int) -> UInt8 in UInt8(truncatingIfNeeded: position * 31 + number) }
    }

    static func bytes(of path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes the first three payloads, then the fourth, and returns the file after three and after four.
    static func threeThenFour(in directory: TemporaryDirectory) throws -> (three: [UInt8], four: [UInt8]) {
        let path = directory.file("wal")
        let log = try WriteAheadLog(path: path)
        for payload in payloads.prefix(3) { try log.append(payload) }
        let three = try bytes(of: path)
        try log.append(payloads[3])
        return (three, try bytes(of: path))
    }

    @Test func theChecksumIsCRC32CWithItsStandardCheckValue() {
        #expect(WriteAheadLog.CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(WriteAheadLog.CRC32C.checksum([UInt8]()) == 0)
    }

    @Test func appendedRecordsReadBackInOrderAfterReopening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let log = try WriteAheadLog(path: directory.file("wal"))
            for payload in Self.payloads { try log.append(payload) }
            try log.append([])
        }
        let reopened = try WriteAheadLog(path: directory.file("wal"))
        #expect(try reopened.records() == (Self.payloads + [[]]).map { .message($0) })
        #expect(try reopened.recordsSinceLastEndOfHeight() == Self.payloads + [[]])
        #expect(reopened.lastEndOfHeight == nil)
    }

    @Test func aNewLogIsOnlyItsHeader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try WriteAheadLog(path: directory.file("wal"))
        #expect(try Self.bytes(of: directory.file("wal")) == Array("BZWAL001".utf8))
    }

    @Test func theRecordLayoutIsLengthCheckChecksumKindPayload() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try WriteAheadLog(path: directory.file("wal")).append([0xAA, 0xBB])
        let record = Array(try Self.bytes(of: directory.file("wal")).dropFirst(8))
        #expect(record.count == 8 + 3)
        #expect(Array(record[0..<3]) == [3, 0, 0])
        #expect(record[3] == WriteAheadLog.lengthCheck(3))
        let checksum = WriteAheadLog.CRC32C.checksum(Array(record[0..<4]) + [1, 0xAA, 0xBB])
        #expect(WriteAheadLog.LittleEndian.uint32(record, at: 4) == checksum)
        #expect(Array(record[8...]) == [1, 0xAA, 0xBB])
    }

    @Test func replayStartsAfterTheLastEndOfHeight() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let log = try WriteAheadLog(path: directory.file("wal"))
            try log.append(Self.payloads[0])
            try log.appendEndOfHeight(1)
            try log.append(Self.payloads[1])
            try log.appendEndOfHeight(2)
            try log.append(Self.payloads[2])
            try log.append(Self.payloads[3])
            #expect(try log.recordsSinceLastEndOfHeight() == [Self.payloads[2], Self.payloads[3]])
        }
        let reopened = try WriteAheadLog(path: directory.file("wal"))
        #expect(reopened.lastEndOfHeight == 2)
        #expect(try reopened.recordsSinceLastEndOfHeight() == [Self.payloads[2], Self.payloads[3]])
        try reopened.appendEndOfHeight(3)
        #expect(try reopened.recordsSinceLastEndOfHeight() == [])
    }

    @Test func aTornFinalRecordIsRepairedAtEveryCutOffset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (three, four) = try Self.threeThenFour(in: directory)
        let path = directory.file("cut")
        for cut in three.count..<four.count {
            try Self.write(Array(four.prefix(cut)), to: path)
            let log = try WriteAheadLog(path: path)
            #expect(try log.recordsSinceLastEndOfHeight() == Array(Self.payloads.prefix(3)), "cut at \(cut)")
            #expect(try Self.bytes(of: path) == three, "cut at \(cut)")
            // The repaired log takes appends after the last good record.
            try log.append(Self.payloads[3])
            #expect(try Self.bytes(of: path) == four, "cut at \(cut)")
        }
    }

    @Test func aFinalRecordWhosePagesWereNeverWrittenIsRepaired() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (three, four) = try Self.threeThenFour(in: directory)
        let path = directory.file("zeros")
        // The size was updated but no data reached the disk: zeros, wholly or after the header.
        for kept in [0, 4, 8] {
            try Self.write(
                Array(four.prefix(three.count + kept)) + [UInt8](repeating: 0, count: four.count - three.count - kept),
                to: path)
            let log = try WriteAheadLog(path: path)
            #expect(try log.recordsSinceLastEndOfHeight() == Array(Self.payloads.prefix(3)), "kept \(kept)")
            #expect(try Self.bytes(of: path) == three)
        }
    }

    @Test func aFlippedByteInAMiddleRecordStopsTheNodeNamingTheOffset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (three, four) = try Self.threeThenFour(in: directory)
        let path = directory.file("flipped")
        // The second record starts after the header and the first record.
        let secondStart = 8 + 8 + 1 + Self.payloads[0].count
        let secondEnd = secondStart + 8 + 1 + Self.payloads[1].count
        #expect(secondEnd < three.count)
        for index in secondStart..<secondEnd {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = four
                damaged[index] ^= mask
                try Self.write(damaged, to: path)
                let error = try #require(throws: NodeError.self) { try WriteAheadLog(path: path) }
                #expect(error.code == .corruptStore, "byte \(index) mask \(mask)")
                #expect(error.message.contains("at byte \(secondStart)"), "byte \(index): \(error.message)")
                #expect(error.message.contains(path))
                #expect(try Self.bytes(of: path) == damaged, "a corrupt log is left as it was")
            }
        }
    }

    @Test func anOversizedLengthIsRejectedWithoutAllocatingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("wal")
        let (_, four) = try Self.threeThenFour(in: directory)
        // A well-formed length field (its check byte right) claiming 16 MiB - 1 in the first record,
        // followed by the other records: corruption, found before any 16 MiB buffer exists.
        let length: UInt32 = 0xFF_FFFF
        var damaged = four
        let field = length | UInt32(WriteAheadLog.lengthCheck(length)) << 24
        for index in 0..<4 { damaged[8 + index] = UInt8(truncatingIfNeeded: field >> (8 * index)) }
        try Self.write(damaged, to: path)
        let error = try #require(throws: NodeError.self) { try WriteAheadLog(path: path, payloadBytesMax: 1 << 20) }
        #expect(error.code == .corruptStore)
        #expect(error.message.contains("impossible record length field at byte 8"))
    }

    @Test func anOversizedPayloadIsRefusedBeforeWriting() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try WriteAheadLog(path: directory.file("wal"), payloadBytesMax: 64)
        try log.append([UInt8](repeating: 7, count: 64))
        #expect(throws: NodeError.self) { try log.append([UInt8](repeating: 7, count: 65)) }
        #expect(try log.records().count == 1)
    }

    @Test func aFileThatIsNotALogIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.write(Array("SQLite format 3\0".utf8), to: directory.file("wal"))
        let error = try #require(throws: NodeError.self) { try WriteAheadLog(path: directory.file("wal")) }
        #expect(error.code == .corruptStore)
    }

    @Test func compactionKeepsWhatReplayNeeds() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("wal")
        do {
            let log = try WriteAheadLog(path: path, compactionThresholdBytes: 200)
            for height in UInt64(1)...50 {
                for payload in Self.payloads { try log.append(payload) }
                try log.appendEndOfHeight(height)
                #expect(log.sizeBytes <= 200 + Self.payloads.reduce(0) { $0 + 9 + $1.count } + 17)
            }
            try log.append(Self.payloads[0])
            try log.append(Self.payloads[1])
        }
        let reopened = try WriteAheadLog(path: path, compactionThresholdBytes: 200)
        #expect(reopened.lastEndOfHeight == 50)
        #expect(try reopened.recordsSinceLastEndOfHeight() == [Self.payloads[0], Self.payloads[1]])
        #expect(try reopened.records().first.map { if case .endOfHeight = $0 { true } else { false } } == true)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func endOfHeightMarkersOutOfOrderOnDiskAreCorruption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("wal")
        let bytes =
            WriteAheadLog.fileHeader + WriteAheadLog.frame(.endOfHeight(5)) + WriteAheadLog.frame(.endOfHeight(5))
        try Self.write(bytes, to: path)
        let error = try #require(throws: NodeError.self) { try WriteAheadLog(path: path) }
        #expect(error.code == .corruptStore)
        #expect(error.message.contains("at byte 25"))
    }
}

/// A real crash: a child process (this test binary, running only `crashChildAppendsUntilKilled`)
/// appends and acknowledges records until the parent sends it SIGKILL; every acknowledged record
/// must be in the reopened log, and at most one more.
///
/// SIGKILL keeps the page cache, so this proves the ordering (acknowledge only after `append`
/// returned), the repair path on reopen, and crash-safety of compaction's rename; power loss, which
/// is what the syncs are for and what tears records, is covered by the cut-offset tests above.
@Suite struct WriteAheadLogCrashTests {
    static let childDirectoryKey = "BAZAAR_WAL_CRASH_CHILD_DIRECTORY"
    static let messagesPerHeight = 5

    static func payload(height: UInt64, index: Int) -> [UInt8] {
        Array("height \(height) message \(index) ".utf8) + [UInt8](repeating: UInt8(index), count: 40)
    }

    /// Position of a message (`index` below `messagesPerHeight`) or of a height's end (`index` equal to it).
    static func ordinal(height: UInt64, index: Int) -> Int { Int(height) * (messagesPerHeight + 1) + index }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[childDirectoryKey] != nil))
    func crashChildAppendsUntilKilled() throws {
        let directory = ProcessInfo.processInfo.environment[Self.childDirectoryKey]!
        let log = try WriteAheadLog(path: directory + "/wal", compactionThresholdBytes: 2_048)
        let acks = open(directory + "/acks", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        defer { close(acks) }
        var height = (log.lastEndOfHeight ?? 0) + 1
        var index = try log.recordsSinceLastEndOfHeight().count
        let deadline = Date().addingTimeInterval(60)  // Never outlive a parent that failed to kill.
        while Date() < deadline {
            if index < Self.messagesPerHeight {
                try log.append(Self.payload(height: height, index: index))
            } else {
                try log.appendEndOfHeight(height)
            }
            let line = Array("\(height) \(index)\n".utf8)
            #expect(line.withUnsafeBytes { write(acks, $0.baseAddress, $0.count) } == line.count)
            (height, index) = index < Self.messagesPerHeight ? (height, index + 1) : (height + 1, 0)
        }
    }

    #if os(Linux)  // Elsewhere the first argument is the XCTest runner, not this binary.
        @Test(.enabled(if: ProcessInfo.processInfo.environment[childDirectoryKey] == nil))
        func acknowledgedAppendsSurviveKillDashNine() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path
            for acknowledgementsBeforeKill in [7, 40, 101, 523, 2_003] {
                try? FileManager.default.removeItem(atPath: directory.file("acks"))
                // Polling and waiting block, so they run on a Dispatch thread (see `onDispatchThread`).
                let (wasRunning, reason) = try await onDispatchThread {
                    try Self.runChild(in: path, killingAfter: acknowledgementsBeforeKill)
                }
                #expect(wasRunning, "the child stopped by itself; is the --filter right?")
                #expect(reason == .uncaughtSignal)
                try Self.checkLog(in: directory)
            }
        }

        /// Starts a child appending to a log in `path`, SIGKILLs it after `count` acknowledgements,
        /// and returns whether it was still running then and how it ended.
        static func runChild(in path: String, killingAfter count: Int) throws -> (Bool, Process.TerminationReason) {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildAppendsUntilKilled"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childDirectoryKey: path]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            let deadline = Date().addingTimeInterval(60)
            var lines: [Substring] = []
            while lines.count < count, child.isRunning, Date() < deadline {
                usleep(2_000)
                let text = (try? String(contentsOfFile: path + "/acks", encoding: .utf8)) ?? ""
                lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            }
            let wasRunning = child.isRunning
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            return (wasRunning, child.terminationReason)
        }
    #endif

    /// The reopened log holds the acknowledged sequence, or it and the one append that was under way.
    static func checkLog(in directory: TemporaryDirectory) throws {
        let text = try String(contentsOfFile: directory.file("acks"), encoding: .utf8)
        // Only complete lines: the kill may land between the append and the end of its acknowledgement.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // The empty string after the last newline, or a partial line.
        let last = try #require(lines.last)
        let fields = last.split(separator: " ").compactMap { Int($0) }
        let acknowledged = ordinal(height: UInt64(fields[0]), index: fields[1])

        let log = try WriteAheadLog(path: directory.file("wal"), compactionThresholdBytes: 2_048)
        let lastEnd = log.lastEndOfHeight ?? 0
        let replay = try log.recordsSinceLastEndOfHeight()
        #expect(replay.count <= messagesPerHeight)
        #expect(replay == (0..<replay.count).map { payload(height: lastEnd + 1, index: $0) })
        let durable =
            replay.isEmpty
            ? ordinal(height: lastEnd, index: messagesPerHeight) : ordinal(height: lastEnd + 1, index: replay.count - 1)
        #expect(durable >= acknowledged, "an acknowledged append was lost")
        #expect(durable <= acknowledged + 1, "more than one unacknowledged append")
    }
}
