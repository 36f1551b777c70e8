import ArgumentParser
import BazaarNode
import Foundation

extension NodeCommand {
    /// `bazaar node repair-wal`: replaces a damaged consensus write-ahead log, after a backup.
    struct RepairWAL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repair-wal",
            abstract: "Repair a damaged consensus write-ahead log of a stopped node, after copying it aside.",
            discussion: """
                When `bazaar node start` stops with "corrupt write-ahead log", stop the node and run this. It \
                copies the log to consensus.wal.damaged-<time> and keeps only the last end-of-height marker and \
                the intact records after it: records of finished heights are never replayed. If the damage is in \
                the height being decided, it may have taken this validator's own latest votes, and the command \
                refuses unless the signer-state file exists and is not older than the log; restore signer-state \
                from a backup of this node first. A log without damage is left as it is.
                """)

        @OptionGroup var location: NodeHomeOptions

        func run() async throws {
            try await Output.reportingErrors {
                let configuration = try location.nodeHome.load().configuration
                let report = try WriteAheadLogRepair.run(configuration: configuration)
                guard let backup = report.backupPath else {
                    return Output.note(
                        "the write-ahead log \(configuration.writeAheadLogPath) has no damage; nothing changed")
                }
                let offsets = report.damagedOffsets.map(String.init).joined(separator: ", ")
                let marker = report.lastEndOfHeight.map { "end of height \($0)" } ?? "no end-of-height marker"
                let lines = [
                    "damaged records at byte \(offsets)",
                    "the damaged log is kept at \(backup)",
                    "the log now holds \(marker) and \(report.keptRecordCount - (report.lastEndOfHeight == nil ? 0 : 1)) record(s) after it",
                    report.lostCurrentHeightRecords
                        ? "records of the height being decided were lost; the signer state keeps the validator from signing twice"
                        : "only records of finished heights were dropped",
                    "start the node again with bazaar node start",
                ]
                try Output.writeAll(lines.joined(separator: "\n") + "\n", to: STDOUT_FILENO)
            }
        }
    }
}
