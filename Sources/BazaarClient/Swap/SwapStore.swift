public import Foundation

/// The swap state files under `<home>/swaps/`, one `<id>.json` per swap, each replaced
/// atomically (written to a temporary file, synced, renamed over the old one, directory synced),
/// readable by the owner only: a maker's file holds its secret.
public struct SwapStore: Sendable {
    public let directory: URL

    public init(home: URL) {
        directory = home.appendingPathComponent("swaps")
    }

    public func url(of id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    /// Writes `state` so that a crash at any moment leaves either the old file or the new one.
    public func save(_ state: SwapState) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(state)
        let final = url(of: state.id)
        let temporary = directory.appendingPathComponent(".\(state.id).json.tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw SwapStoreError("cannot write \(temporary.path): errno \(errno)") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else {
            throw SwapStoreError("cannot write \(temporary.path): errno \(errno)")
        }
        guard rename(temporary.path, final.path) == 0 else {
            throw SwapStoreError("cannot replace \(final.path): errno \(errno)")
        }
        let directoryDescriptor = open(directory.path, O_RDONLY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    public func load(_ id: String) throws -> SwapState {
        let file = url(of: id)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw SwapStoreError("no swap '\(id)' (no file \(file.path))")
        }
        do {
            return try JSONDecoder().decode(SwapState.self, from: data)
        } catch {
            throw SwapStoreError("\(file.path) is not a swap state file: \(error)")
        }
    }

    /// Every swap's state, by id.
    public func list() throws -> [SwapState] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { try load(String($0.dropLast(5))) }
    }
}

public struct SwapStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}
